"""The researcher JSON API end to end, on SQLite and PostgreSQL, against a real server.

A study is created, people are invited, participants answer through their own API, and
progress and transcripts come back exactly as `transcript()` writes them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from jobstory.interview.session import InterviewService, transcript
from jobstory.web.accounts import create_api_token
from tests.conftest import free_port
from tests.test_web_accounts import csrf_of, make_user, problem, signed_in

STORY = ("Last March, the day before our quarterly close, the spreadsheet crashed and I spent "
         "six hours on a Sunday with Maria re-typing 140 invoices.")

SMALL_GUIDE = {
    "name": "pricing-check",
    "title": "How {company|your team} chose a plan",
    "questions": [
        {"id": "why", "kind": "open", "text": "What made {company|you} look at plans?",
         "probe": False},
        {"id": "fit", "kind": "scale", "text": "How well does the plan fit?", "min": 1,
         "max": 5, "labels": {"1": "poorly", "5": "perfectly"}},
    ],
}


def answer_for(turn: dict[str, Any]) -> Any:
    """A valid answer for the widget a moderator turn asks for."""
    question = turn.get("question") or {}
    widget = turn["widget"]
    if widget == "scale":
        return question["max"]
    if widget == "single_choice":
        return question["options"][0]
    if widget in {"multiple_choice", "ranking"}:
        return list(question["options"])
    if widget == "yes_no":
        return "yes"
    return STORY


def finish_interview(client: httpx.Client, token: str) -> None:
    turn = client.get(f"/api/interviews/{token}").json()["next"]
    for step in range(80):
        reply = client.post(f"/api/interviews/{token}/answers",
                            json={"answer": answer_for(turn), "idempotency_key": f"k{step}"})
        assert reply.status_code == 200, reply.text
        if reply.json()["status"] == "completed":
            return
        turn = reply.json()["turn"]
    raise AssertionError("the interview did not finish")


def test_api_flow_end_to_end(db_url: str, live_server: Any) -> None:
    with live_server(db_url) as server:
        make_user(server.store)
        auth = {"Authorization": f"Bearer {create_api_token(server.store, 'ada@example.com')}"}
        api = httpx.Client(base_url=server.url, headers=auth, timeout=60)

        created = api.post("/api/studies", json={"title": "Why teams switch",
                                                 "guide": "jtbd-switch"})
        assert created.status_code == 201, created.text
        study = created.json()
        sid = study["id"]
        assert created.headers["location"] == f"/api/studies/{sid}"
        assert study["title"] == "Why teams switch"
        assert study["guide"]["name"] == "jtbd-switch" and study["questions"] == 14
        assert study["progress"]["total"] == 0

        custom = api.post("/api/studies", json={"guide": SMALL_GUIDE})
        assert custom.status_code == 201
        assert custom.json()["title"] == "How your team chose a plan"
        assert custom.json()["guide"]["questions"][1]["labels"] == {"1": "poorly",
                                                                    "5": "perfectly"}
        listed = api.get("/api/studies").json()["studies"]
        assert [s["id"] for s in listed] == [custom.json()["id"], sid]

        invited = api.post(f"/api/studies/{sid}/invitations", json={"participants": [
            {"name": "Ada", "email": "ada@example.com", "product": "Acme Books"},
            {"name": "Bo", "email": "bo@example.com", "external_id": "c-2"},
            {"name": "Cy", "email": "cy@example.com", "plan": "Team"},
        ]})
        assert invited.status_code == 201, invited.text
        body = invited.json()
        assert body["errors"] == [] and body["fields"] == ["product", "plan"]
        tokens = {i["email"]: i["token"] for i in body["invitations"]}
        assert all(i["url"] == f"{server.url}/i/{i['token']}" for i in body["invitations"])
        assert api.get(f"/api/studies/{sid}/progress").json() == {
            "invited": 3, "opened": 0, "started": 0, "completed": 0, "total": 3}

        participant = httpx.Client(base_url=server.url, timeout=60)  # no researcher credentials
        assert participant.get(f"/api/interviews/{tokens['ada@example.com']}").status_code == 200
        first = participant.get(f"/api/interviews/{tokens['bo@example.com']}").json()["next"]
        participant.post(f"/api/interviews/{tokens['bo@example.com']}/answers",
                         json={"answer": answer_for(first), "idempotency_key": "bo-1"})
        finish_interview(participant, tokens["cy@example.com"])

        assert api.get(f"/api/studies/{sid}/progress").json() == {
            "invited": 0, "opened": 1, "started": 1, "completed": 1, "total": 3}
        people = {p["email"]: p for p in api.get(f"/api/studies/{sid}/participants").json()[
            "participants"]}
        assert [people[e]["status"] for e in ("ada@example.com", "bo@example.com",
                                              "cy@example.com")] == ["opened", "started",
                                                                     "completed"]

        interviews = api.get(f"/api/studies/{sid}/interviews").json()["interviews"]
        assert [i["participant"]["email"] for i in interviews] == ["bo@example.com",
                                                                   "cy@example.com"]
        done = api.get(f"/api/studies/{sid}/interviews", params={"status": "completed"}).json()
        assert [i["status"] for i in done["interviews"]] == ["completed"]
        cy_id = done["interviews"][0]["interview_id"]
        one = api.get(f"/api/studies/{sid}/interviews/{cy_id}").json()
        with_service = InterviewService(server.store).get(cy_id).interview
        assert one == transcript(with_service)
        assert one["participant"]["fields"] == {"plan": "Team"}
        assert one["turns"][-1]["kind"] == "closing"
        assert STORY in [t["text"] for t in one["turns"] if t["role"] == "participant"]

        # the pages offer the same transcript as a download, and as Markdown
        pages = signed_in(server.url, "ada@example.com")
        download = pages.get(f"/studies/{sid}/interviews/{cy_id}/transcript.json")
        assert download.json() == one
        assert "attachment" in download.headers["content-disposition"]
        markdown = pages.get(f"/studies/{sid}/interviews/{cy_id}/transcript.md").text
        assert markdown.startswith(f"# Interview {cy_id}: Why teams switch")
        assert f"**Cy:** {STORY}" in markdown

        problem(api.get(f"/api/studies/{sid}/interviews/999999"), 404)
        problem(api.get("/api/studies/999999/progress"), 404)
        problem(api.get("/api/studies/not-a-number"), 422)


def test_api_errors_are_problem_json(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        auth = {"Authorization": f"Bearer {create_api_token(server.store, 'ada@example.com')}"}
        api = httpx.Client(base_url=server.url, headers=auth)

        unknown = problem(api.post("/api/studies", json={"guide": "no-such-guide"}), 422)
        assert "jtbd-switch" in unknown["detail"]
        broken = dict(SMALL_GUIDE, questions=[
            {"id": "fit", "kind": "scale", "text": "Fit?", "min": 5, "max": 1}])
        invalid = problem(api.post("/api/studies", json={"guide": broken}), 422)
        assert invalid["errors"] == ["guide.questions[0]: scale max must be greater than min"]
        missing = problem(api.post("/api/studies", json={"title": "no guide"}), 422)
        assert "guide" in missing["detail"] and missing["errors"]
        problem(api.post("/api/studies", content=b"{not json",
                         headers={"Content-Type": "application/json"}), 422)
        problem(api.get("/api/nothing-here"), 404)
        problem(api.delete("/api/studies"), 405)


def test_openapi_describes_the_jobs(live_server: Any) -> None:
    with live_server() as server:
        spec = httpx.get(f"{server.url}/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/studies", "/api/studies/{study_id}/invitations",
                 "/api/studies/{study_id}/progress", "/api/studies/{study_id}/interviews",
                 "/api/studies/{study_id}/interviews/{interview_id}",
                 "/api/interviews/{token}", "/api/interviews/{token}/answers"):
        assert path in paths, path
    body = paths["/api/studies/{study_id}/invitations"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/csv"} <= set(body)
    assert "Problem" in spec["components"]["schemas"]
    assert not any(p.startswith("/studies") or p == "/login" for p in paths)


def test_session_cookie_api_needs_the_csrf_header(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        pages = signed_in(server.url, "ada@example.com")
        token = csrf_of(pages.get("/studies").text)
        assert pages.get("/api/studies").status_code == 200  # reads need no header
        problem(pages.post("/api/studies", json={"guide": "churn"}), 403)
        made = pages.post("/api/studies", json={"guide": "churn"},
                          headers={"X-CSRF-Token": token})
        assert made.status_code == 201


def test_sessions_survive_a_restart_with_the_same_secret(sqlite_url: str, live_server: Any) -> None:
    """`serve` keeps the secret on disk so a restart signs nobody out; another secret does."""
    with live_server(sqlite_url, secret="s" * 40) as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        cookies = client.cookies
    with live_server(sqlite_url, secret="s" * 40) as again:
        carried = httpx.Client(base_url=again.url, cookies=cookies, follow_redirects=False)
        assert carried.get("/studies").status_code == 200
    with live_server(sqlite_url, secret="t" * 40) as other:
        carried = httpx.Client(base_url=other.url, cookies=cookies, follow_redirects=False)
        assert carried.get("/studies").status_code == 303


def test_serve_seeds_a_demo_and_prints_how_to_sign_in(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "JOBSTORY_SMTP_URL": ""}
    command = [sys.executable, "-c",
               "import typer; from jobstory.web.admin_cli import serve; typer.run(serve)",
               "--port", str(port), "--db", f"sqlite:///{tmp_path / 'serve.sqlite'}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    try:
        lines: list[str] = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Ctrl+C" in line:
                break
        printed = "".join(lines)
        assert f"http://127.0.0.1:{port}" in printed, printed
        password = re.search(r"with password (\S+) ", printed)
        link = re.search(r"participant link: (\S+)", printed)
        assert password and link, printed
        deadline = time.monotonic() + 20
        while True:
            try:
                opened = httpx.get(link.group(1))
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert opened.status_code == 200 and "Sara" in opened.text
        client = signed_in(f"http://127.0.0.1:{port}", "demo@example.com", password.group(1))
        dashboard = client.get("/studies/1")
        assert "Maya Chen" in dashboard.text and "Completed" in dashboard.text
        assert (tmp_path / "data" / "jobstory" / "session-secret").stat().st_mode & 0o077 == 0
    finally:
        process.terminate()
        process.wait(timeout=20)


BROKEN_YAML = """\
name: pricing
title: Pricing check
questions:
  - id: why
    kind: open
    text: Why did you look at plans?
  - id: fit
    kind: scale
    text: How well does it fit?
    min: 5
    max: 1
  - id: pick
    kind: single_choice
    text: Which plan?
    options: [Team]
"""


def test_study_from_an_uploaded_guide(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)

        def upload(text: str) -> httpx.Response:
            return client.post("/studies", data={"guide": "upload", "title": "Pricing",
                                                 "csrf_token": token},
                               files={"guide_file": ("pricing.yaml", text.encode(),
                                                     "application/yaml")})

        refused = upload(BROKEN_YAML)
        assert refused.status_code == 422
        assert "pricing.yaml:7: questions[fit]: scale max must be greater than min" in refused.text
        assert "pricing.yaml:12: questions[pick]: a single_choice question needs at least 2 " \
            "options" in refused.text
        assert "not valid YAML" in upload("name: [unclosed\n").text
        missing = client.post("/studies", data={"guide": "upload", "csrf_token": token})
        assert "Choose a YAML file" in missing.text

        fixed = BROKEN_YAML.replace("min: 5\n    max: 1", "min: 1\n    max: 5").replace(
            "[Team]", "[Team, Starter]")
        made = upload(fixed)
        assert made.status_code == 303
        design = client.get(made.headers["location"])
        assert "Which plan?" in design.text and "Pricing" in design.text

        sid = int(made.headers["location"].split("/")[2])
        bad = client.post(f"/studies/{sid}/design/settings", data={
            "csrf_token": token, "guide_title": "", "max_probes": "9"})
        assert bad.status_code == 422
        assert "Choose between 0 and 3 follow-up probes." in bad.text
        assert "Write the title participants see." in bad.text
        good = client.post(f"/studies/{sid}/design/settings", data={
            "csrf_token": token, "guide_title": "Choosing a plan", "intro": "Hi {name}!",
            "closing": "", "max_probes": "1"})
        assert good.status_code == 303
        yaml_text = client.get(f"/studies/{sid}/guide.yaml").text
        assert "title: Choosing a plan" in yaml_text and "max_probes: 1" in yaml_text
        assert "intro: Hi {name}!" in yaml_text
