"""The analysis API over a real server: run, read, correct, publish, take the data out."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from typing import Any

import httpx

from jobstory.web.accounts import create_api_token
from tests.analysis_support import fast_embedder, study_with_interviews
from tests.test_web_accounts import signed_in


def _wait_done(client: httpx.Client, study_id: int, after: int | None = None,
               interviews: int | None = None) -> dict[str, Any]:
    """The analysis once a run after `after` finished, having read `interviews` of them."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = client.get(f"/api/studies/{study_id}/analysis").json()
        if body["status"] in ("done", "failed") and (after is None or body["run"]["id"] > after) \
                and (interviews is None or body["run"]["interviews"] == interviews):
            return body
        time.sleep(0.2)
    raise AssertionError("the analysis did not finish")


def _server(live_server: Any) -> Any:
    server = live_server()
    server.app.state.analysis.embedder = fast_embedder
    server.app.state.analysis.quiet = 0.2
    server.app.state.analysis.poll = 0.2
    return server


def test_analysis_runs_by_itself_and_decisions_hold_through_a_rerun(live_server: Any) -> None:
    with _server(live_server) as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=3)
        token = create_api_token(server.store, "ada@example.com")
        client = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
        # runs start by themselves as interviews complete; the last one read all three
        first = _wait_done(client, study_id, interviews=3)
        assert first["status"] == "done" and first["run"]["trigger"] == "interview"
        result = first["result"]
        assert result["summary"]["participants"] == 3
        themes = result["themes"]
        assert len(themes) >= 2, themes
        keep, gone = themes[0], themes[1]
        quote = keep["quotes"][0]
        segment = f"{quote['source']}#{quote['start']}-{quote['end']}"

        def decide(action: str, target: str, value: Any = None) -> httpx.Response:
            return client.post(f"/api/studies/{study_id}/decisions",
                               json={"action": action, "target": target, "value": value})

        assert decide("merge_themes", keep["id"], gone["id"]).status_code == 201
        assert decide("rename_theme", keep["id"], "Month-end won't reconcile").status_code == 201
        assert decide("reject_quote", segment, keep["id"]).status_code == 201
        story = result["job_stories"][0]
        assert decide("edit_story", story["id"], "When month-end comes, I want it reconciled."
                      ).status_code == 201
        bad = decide("rename_theme", "no-such-theme", "x")
        assert bad.status_code == 422 and "no theme" in bad.json()["detail"]

        started = client.post(f"/api/studies/{study_id}/analysis")
        assert started.status_code == 202 and started.json()["status"] in ("queued", "running")
        again = _wait_done(client, study_id, after=first["run"]["id"])["result"]
        merged = next(t for t in again["themes"] if t["id"] == keep["id"])
        assert merged["label"] == "Month-end won't reconcile"
        assert gone["id"] not in {t["id"] for t in again["themes"]}
        assert merged["merged"] == [{"id": gone["id"], "label": gone["label"]}]
        assert all(f"{q['source']}#{q['start']}-{q['end']}" != segment for q in merged["quotes"])
        edited = next(s for s in again["job_stories"] if s["id"] == story["id"])
        assert edited["text"] == "When month-end comes, I want it reconciled."
        assert edited["edited_from"] == story["text"] and edited["situation"] == story[
            "situation"]  # the wording changed, its evidence stayed
        assert [d["status"] for d in again["decisions"]] == ["applied"] * 4

        listed = client.get(f"/api/studies/{study_id}/decisions").json()["decisions"]
        assert [d["action"] for d in listed] == ["edit_story", "reject_quote", "rename_theme",
                                                 "merge_themes"]
        undo = decide("undo", str(listed[2]["id"]))  # the rename
        assert undo.status_code == 201
        after = client.get(f"/api/studies/{study_id}/analysis").json()["result"]
        # back to the label this run generated (the rerun learned from the decisions, so
        # its label need not be the first run's)
        assert merged["generated_label"] != "Month-end won't reconcile"
        assert next(t for t in after["themes"] if t["id"] == keep["id"])["label"] == \
            merged["generated_label"]
        assert decide("undo", str(listed[2]["id"])).status_code == 422  # already undone
        assert decide("reject_story", story["id"]).status_code == 201
        final = client.get(f"/api/studies/{study_id}/analysis").json()["result"]
        assert story["id"] in {s["id"] for s in final["rejected_job_stories"]}
        assert story["id"] not in {s["id"] for s in final["job_stories"]}


def test_a_published_report_is_read_signed_out_until_it_is_revoked(live_server: Any) -> None:
    with _server(live_server) as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=1)
        token = create_api_token(server.store, "ada@example.com")
        client = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
        assert client.post(f"/api/studies/{study_id}/publication").status_code == 201  # early
        _wait_done(client, study_id, interviews=1)
        page = signed_in(server.url, "ada@example.com").get(f"/studies/{study_id}/analysis")
        assert page.status_code == 200 and "1 participant ·" in page.text
        assert "1 participants" not in page.text
        url = client.post(f"/api/studies/{study_id}/publication").json()["url"]
        secret = url.rsplit("/", 1)[1]
        assert len(secret) >= 43  # 32 random bytes, base64url: 256 bits
        page = httpx.get(url)
        assert page.status_code == 200 and "noindex" in page.headers["x-robots-tag"]
        assert '<meta name="robots" content="noindex' in page.text
        markdown = httpx.get(f"{url}/report.md")
        assert markdown.status_code == 200 and markdown.headers["content-type"].startswith(
            "text/markdown")
        assert httpx.get(f"{url}/report.json").json()["summary"]["participants"] == 1
        assert client.delete(f"/api/studies/{study_id}/publication").status_code == 204
        for gone in (httpx.get(url), httpx.get(f"{server.url}/r/not-a-real-link")):
            # the same styled page as a bad interview link, still 404 and kept out of indexes
            assert gone.status_code == 404 and gone.headers["content-type"].startswith(
                "text/html")
            assert "noindex" in gone.headers["x-robots-tag"]
            assert '<meta name="robots" content="noindex' in gone.text
            assert "<h1>Report not found</h1>" in gone.text and "revoked" in gone.text
            assert 'rel="stylesheet" href="/static/interview.css' in gone.text
        assert httpx.get(f"{url}/report.html").status_code == 404
        assert client.delete(f"/api/studies/{study_id}/publication").status_code == 404


def test_a_studys_data_comes_out_as_transcripts_and_one_answers_csv(live_server: Any) -> None:
    with _server(live_server) as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=2)
        token = create_api_token(server.store, "ada@example.com")
        client = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
        reply = client.get(f"/api/studies/{study_id}/data.zip")
        assert reply.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(reply.content))
        names = archive.namelist()
        assert sum(n.endswith(".md") for n in names) == 2
        assert sum(n.endswith(".json") for n in names) == 2
        rows = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode("utf-8-sig"))))
        assert {r["participant"] for r in rows} == {"Person 1", "Person 2"}
        assert all(r["time"] and r["question_id"] for r in rows)
        assert {r["question_kind"] for r in rows} >= {"open"}
        assert client.get(f"/api/studies/{study_id}/data.zip").content == reply.content
