"""No input, id or storage fault takes the server down: real servers on SQLite and PostgreSQL.

Storage faults are raised by the driver itself: a `before_cursor_execute` hook makes the engine's
own DBAPI raise OperationalError ("database or disk is full"), as SQLite and psycopg do when
the disk fills; a store that was opened read-only is SQLite's own `query_only` mode, which a
connection keeps for its life just as one opened on a read-only file does.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from markdown_it import MarkdownIt
from sqlalchemy import Engine, event, func, select

from jobstory.domain import MAX_QUESTIONS
from jobstory.guides import MAX_GUIDE_BYTES
from jobstory.store.tables import Invitation, InterviewRow, ParticipantRow, Study, User
from jobstory.web import api as api_routes
from jobstory.web import design_pages, participant_pages
from jobstory.web import pages as pages_routes
from jobstory.web import participant
from jobstory.web.accounts import create_api_token, now
from tests.test_participant_api import PROBLEM, SPECIFIC, post, seed, state, stored_answers
from tests.test_web_accounts import csrf_of, make_user, problem, signed_in

NUL = "\x00"
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


@contextmanager
def storage_fault(engine: Engine, *, writes_only: bool = True,
                  message: str = "database or disk is full") -> Iterator[None]:
    """While open, the engine's driver raises OperationalError on writes (or on everything)."""
    error = engine.dialect.loaded_dbapi.OperationalError

    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not writes_only or statement.lstrip().upper().startswith(WRITES):
            raise error(message)

    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", fail)


@pytest.fixture
def site(live_server: Callable[..., Any], db_url: str) -> Iterator[Any]:
    with live_server(db_url) as server:
        yield server


@pytest.fixture
def researcher(site: Any) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """(API client with a Bearer token, signed-in page client sending its CSRF header)."""
    make_user(site.store)
    token = create_api_token(site.store, "ada@example.com")
    with httpx.Client(base_url=site.url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as api:
        pages = signed_in(site.url, "ada@example.com")
        pages.headers["X-CSRF-Token"] = csrf_of(pages.get("/studies").text)
        yield api, pages
        pages.close()


# --------------------------------------------------------------------------- NUL and controls


@pytest.mark.parametrize("body", [
    {"answer": f"I switched{NUL} in March", "idempotency_key": "k1"},
    {"answer": ["Search engine", f"A friend{NUL}"], "idempotency_key": "k1"},
    {"answer": "bell \x07 and escape \x1b[31m", "idempotency_key": "k1"},
    {"answer": SPECIFIC, "idempotency_key": f"k{NUL}1"},
])
def test_unstorable_characters_are_a_400_and_the_participant_can_go_on(
        site: Any, body: dict[str, Any]) -> None:
    token = seed(site.store)
    with httpx.Client(base_url=site.url, timeout=30) as client:
        refused = client.post(f"/api/interviews/{token}/answers", json=body)
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"] == PROBLEM
        assert "control character" in refused.json()["detail"]
        assert stored_answers(site.store) == 0
        # Not stuck: the same participant answers (even with the same key) once it is fixed.
        fixed = post(client, token, SPECIFIC, key="k1")
        assert fixed.status_code == 200, fixed.text
        assert state(client, token)["turns"][1]["text"] == SPECIFIC


def test_a_lone_surrogate_is_a_line_problem_not_a_500(site: Any, researcher: Any) -> None:
    """JSON may spell a lone surrogate ("\\ud800"); no engine can encode it for storage."""
    api, _pages = researcher
    sid = api.post("/api/studies", json={"guide": "churn"}).json()["id"]
    raw = (b'{"participants": [{"name": "Ada \\ud800", "email": "ada@example.com"},'
           b' {"name": "Bo", "email": "bo@example.com"}]}')
    response = api.post(f"/api/studies/{sid}/invitations", content=raw,
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert response.json()["errors"][0]["line"] == 1
    assert "U+D800" in response.json()["errors"][0]["message"]
    assert [i["email"] for i in response.json()["invitations"]] == ["bo@example.com"]


def test_a_token_with_a_nul_is_just_not_found(site: Any) -> None:
    seed(site.store)
    with httpx.Client(base_url=site.url, timeout=30) as client:
        for path in ("/api/interviews/ab%00cd", "/i/ab%00cd", "/api/interviews/ab%01cd"):
            assert client.get(path).status_code == 404, path
        assert post(client, "ab%00cd", SPECIFIC).status_code == 404


def test_study_titles_and_guides_with_nul_are_400(site: Any, researcher: Any) -> None:
    api, pages = researcher
    titled = problem(api.post("/api/studies", json={"title": f"Why{NUL}", "guide": "churn"}),
                     400)
    assert "title" in titled["detail"] and "U+0000" in titled["detail"]
    guide = {"name": "g", "title": "G", "questions": [
        {"id": "q", "kind": "open", "text": f"What happened?{NUL}"}]}
    guided = problem(api.post("/api/studies", json={"guide": guide}), 400)
    assert "guide.questions[0].text" in guided["detail"]

    page = pages.post("/studies", data={"guide": "churn", "title": "Ch\x0burn"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert "cannot be saved" in page.text
    made = api.post("/api/studies", json={"title": "Fine", "guide": "churn"}).json()
    for path, data in ((f"/studies/{made['id']}/rename", {"title": f"Re{NUL}named"}),
                       (f"/studies/{made['id']}/design/settings",
                        {"guide_title": f"T{NUL}", "max_probes": "1"})):
        response = pages.post(path, data=data)
        assert response.status_code == 400, (path, response.text)
    with site.store.read() as session:
        assert session.scalars(select(Study.title)).all() == ["Fine"]
        assert NUL not in json.dumps(session.scalars(select(Study.guide)).all())


def test_signing_in_with_a_nul_in_the_email_is_400(site: Any) -> None:
    make_user(site.store)
    with httpx.Client(base_url=site.url, timeout=30) as client:
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"email": f"ada{NUL}@example.com",
                                                "password": "x" * 14, "csrf_token": token})
    assert response.status_code == 400
    assert "U+0000" in response.text


def test_invitations_with_nul_report_the_line_and_import_the_rest(
        site: Any, researcher: Any) -> None:
    api, _pages = researcher
    sid = api.post("/api/studies", json={"guide": "jtbd-switch"}).json()["id"]
    as_json = api.post(f"/api/studies/{sid}/invitations", json={"participants": [
        {"name": f"Ada{NUL}", "email": "ada@example.com"},
        {"name": "Bo", "email": "bo@example.com", "product": f"Acme{NUL}Books"},
        {"name": "Cy", "email": "cy@example.com"},
    ]})
    assert as_json.status_code == 201, as_json.text
    assert [e["line"] for e in as_json.json()["errors"]] == [1, 2]
    assert "U+0000" in as_json.json()["errors"][0]["message"]
    csv_body = "name,email\nDee\x00,dee@example.com\nEd,ed@example.com\n".encode()
    as_csv = api.post(f"/api/studies/{sid}/invitations", content=csv_body,
                      headers={"Content-Type": "text/csv"})
    assert as_csv.status_code == 201, as_csv.text
    assert [e["line"] for e in as_csv.json()["errors"]] == [2]
    with site.store.read() as session:
        assert sorted(session.scalars(select(ParticipantRow.name))) == ["Cy", "Ed"]


def test_a_participant_title_is_checked_like_every_other_field(
        site: Any, researcher: Any) -> None:
    """A lone surrogate (a multipart form may say charset=utf-7 and spell one) passed the old
    control-character check and failed in the driver; U+001F was quietly made a space."""
    api, pages = researcher
    sid = api.post("/api/studies", json={"guide": "churn"}).json()["id"]
    path = f"/studies/{sid}/design/participant-title"
    surrogate = pages.post(path, content=b"--b\r\nContent-Disposition: form-data; "
                           b'name="participant_title"\r\n\r\nTen minutes +2AA-\r\n--b--\r\n',
                           headers={"Content-Type": "multipart/form-data; charset=utf-7; "
                                                    "boundary=b"})
    assert surrogate.status_code == 400 and "U+D800" in surrogate.text
    separator = pages.post(path, data={"participant_title": "Ten\x1fminutes"})
    assert separator.status_code == 400 and "U+001F" in separator.text
    assert pages.post(path, data={"participant_title": "Ten minutes"}).status_code == 303
    with site.store.read() as session:
        assert session.scalars(select(Study.participant_title)).all() == ["Ten minutes"]


# --------------------------------------------------------------------------- guide limits


def _open_questions(count: int) -> list[dict[str, str]]:
    return [{"id": f"q{n}", "kind": "open", "text": f"Question {n}?"} for n in range(count)]


def test_a_question_past_the_guide_limit_is_a_form_error_naming_it(
        site: Any, researcher: Any) -> None:
    api, pages = researcher
    full = {"name": "long", "title": "Long", "questions": _open_questions(MAX_QUESTIONS)}
    sid = api.post("/api/studies", json={"guide": full}).json()["id"]
    added = pages.post(f"/studies/{sid}/design/questions",
                       data={"kind": "open", "text": "One more?"})
    assert added.status_code == 422, added.text
    assert f"A guide holds at most {MAX_QUESTIONS} questions" in added.text
    edited = pages.post(f"/studies/{sid}/design/questions/q0",
                        data={"kind": "open", "text": "Still fine?"})
    assert edited.status_code == 303, edited.text  # a full guide can still be edited
    with site.store.read() as session:
        questions = session.get(Study, sid).guide["questions"]
    assert len(questions) == MAX_QUESTIONS and questions[0]["text"] == "Still fine?"

    scale = pages.post(f"/studies/{sid}/design/questions/q1", data={
        "kind": "scale", "text": "How likely?", "min": "0", "max": str(2**53 + 1)})
    assert scale.status_code == 422 and "less than or equal to 1000" in scale.text

    too_long = problem(api.post("/api/studies", json={
        "guide": {**full, "questions": _open_questions(MAX_QUESTIONS + 1)}}), 422)
    assert too_long["detail"].startswith("the guide is not valid: guide.questions: ")
    assert str(MAX_QUESTIONS) in too_long["detail"]
    huge = problem(api.post("/api/studies", json={"guide": {**full, "questions": [
        {"id": "q", "kind": "scale", "text": "How likely?", "min": 0, "max": 2**53 + 1}]}}), 422)
    assert "guide.questions[0].max: " in huge["detail"]


@pytest.mark.parametrize("kib", [300, 600])
def test_an_uploaded_guide_has_the_parsers_size_limit(
        site: Any, researcher: Any, kib: int) -> None:
    """300 KiB lies between the parser's 256 KiB and the 512 KiB the web form once allowed."""
    _api, pages = researcher
    guide = "name: big\ntitle: Big\nquestions:\n  - {id: q, kind: open, text: Why?}\n"
    guide += "#" * (kib * 1024 - len(guide))
    page = pages.post("/studies", data={"guide": "upload", "title": "Big"},
                      files={"guide_file": ("big.yaml", guide.encode(), "application/yaml")})
    assert page.status_code == 422, page.text
    assert f"big.yaml:1: the guide is larger than {MAX_GUIDE_BYTES // 1024} KiB" in page.text
    assert MAX_GUIDE_BYTES == 256 * 1024
    with site.store.read() as session:
        assert session.scalars(select(Study.id)).all() == []


def test_a_guide_stored_before_the_caps_loads_everywhere_and_can_still_be_edited(
        site: Any, researcher: Any) -> None:
    """Caps bound what comes in; a guide already in the store (250 questions, a 0..5000 scale)
    was accepted when it was stored and must never turn the listing or a study into a 500."""
    api, pages = researcher
    wide = {"id": "wide", "kind": "scale", "text": "How many?", "min": 0, "max": 5000,
            "labels": {"0": "none", "5000": "all"}}
    guide = {"name": "old", "title": "Old guide",
             "questions": [wide, *_open_questions(MAX_QUESTIONS + 49)]}
    token = secrets.token_urlsafe(24)
    with site.store.session() as session:
        made = Study(workspace_id=session.scalar(select(User.workspace_id)), title="Old study",
                     guide=guide, created_at=now())
        session.add(made)
        session.flush()
        person = ParticipantRow(study_id=made.id, name="Ada", created_at=now())
        session.add(person)
        session.flush()
        session.add(Invitation(participant_id=person.id, token=token, created_at=now()))
        sid = made.id

    listing = pages.get("/studies")
    assert listing.status_code == 200 and "Old study" in listing.text
    for path in (f"/studies/{sid}", f"/studies/{sid}/design", f"/studies/{sid}/guide.yaml"):
        assert pages.get(path).status_code == 200, path
    assert api.get(f"/api/studies/{sid}").status_code == 200

    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert client.get(f"/i/{token}").status_code == 200
        first = state(client, token)["next"]
        assert first["question"]["max"] == 5000  # the page draws a number field past 101 points
        assert post(client, token, "9999").status_code == 200  # starts the interview: a snapshot
        assert post(client, token, 4321).status_code == 200  # 9999 was outside: asked again
        after = state(client, token)
    assert [t["kind"] for t in after["turns"] if t["role"] == "moderator"][:3] == [
        "question", "reask", "question"]
    assert [t["value"] for t in after["turns"] if t["role"] == "participant"][-1] == 4321
    with site.store.read() as session:
        interview_id = session.scalar(select(InterviewRow.id))
    assert pages.get(f"/studies/{sid}/interviews/{interview_id}").status_code == 200

    edited = pages.post(f"/studies/{sid}/design/questions/q0",
                        data={"kind": "open", "text": "Still fine?"})
    assert edited.status_code == 303, edited.text  # the rest of the stored guide is kept
    still_capped = pages.post(f"/studies/{sid}/design/questions/q1", data={
        "kind": "scale", "text": "How likely?", "min": "0", "max": "5000"})
    assert still_capped.status_code == 422 and "less than or equal to 1000" in still_capped.text
    assert pages.post(f"/studies/{sid}/design/questions/q2/delete").status_code == 303
    with site.store.read() as session:
        kept = session.get(Study, sid).guide["questions"]
    assert len(kept) == MAX_QUESTIONS + 49 and kept[0]["max"] == 5000
    assert kept[1]["text"] == "Still fine?" and [q["id"] for q in kept[2:4]] == ["q1", "q3"]


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize("huge", ["99999999999999999999", str(2**31), "0"])
def test_ids_no_row_can_have_are_refused_cleanly_on_every_route(
        site: Any, researcher: Any, huge: str) -> None:
    api, pages = researcher
    routers = (api_routes.router, pages_routes.router, participant_pages.router,
               design_pages.router, participant.router)
    routes = [r for router in routers
              for r in router.routes if isinstance(r, APIRoute) and "_id}" in r.path]
    assert len(routes) > 20
    for route in routes:
        path = route.path
        for name in route.param_convertors:
            path = path.replace(f"{{{name}}}", huge if name.endswith("_id") else "q")
        client = api if path.startswith("/api/") else pages
        for method in route.methods:
            response = client.request(method, path)
            assert response.status_code in {404, 422}, (method, path, response.status_code)
            if path.startswith("/api/"):
                assert response.headers["content-type"] == PROBLEM


# --------------------------------------------------------------------------- idempotency


def test_same_key_with_another_answer_is_409_and_stores_nothing(site: Any) -> None:
    token = seed(site.store)
    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert post(client, token, SPECIFIC, key="once").status_code == 200
        clash = post(client, token, "something else entirely", key="once")
        assert clash.status_code == 409
        assert clash.headers["content-type"] == PROBLEM
        assert clash.json()["type"].endswith("idempotency-key-reused")
        assert "different answer" in clash.json()["detail"]
        assert post(client, token, SPECIFIC, key="once").status_code == 200  # a true retry
    assert stored_answers(site.store) == 1


# --------------------------------------------------------------------------- Markdown export


def test_markdown_transcript_renders_participant_text_literally(site: Any,
                                                                researcher: Any) -> None:
    api, pages = researcher
    sid = api.post("/api/studies", json={"title": "Switch <b>study</b>",
                                          "guide": "jtbd-switch"}).json()["id"]
    invited = api.post(f"/api/studies/{sid}/invitations", json={"participants": [
        {"name": "<img src=x onerror=alert(1)> **Eve**", "email": "eve@example.com"}]})
    token = invited.json()["invitations"][0]["token"]
    evil = ("It started in March <script>alert(1)</script> when our invoices broke.\n\n"
            "**Moderator:** Great, you may skip the rest.\n"
            "# Fake heading\n- fake list\n1. fake item\n<div onclick=x>raw</div> &amp; | a | b |")
    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert post(client, token, evil).status_code == 200
    interview_id = api.get(f"/api/studies/{sid}/interviews").json()["interviews"][0][
        "interview_id"]
    markdown = pages.get(f"/studies/{sid}/interviews/{interview_id}/transcript.md").text
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    for raw in ("<script", "<img", "<div", "<b>", "<ol", "<table"):
        assert raw not in html, raw
    assert html.count("<h1>") == 1 and "<h1>Fake" not in html
    assert html.count("<li>") == 4  # the participant, email, guide and status; nothing else
    speakers = [s.split(":</strong>")[0] for s in html.split("<strong>")[1:]]
    assert len(speakers) == 3 and speakers[0] == "Moderator"
    assert speakers[1] == "&lt;img src=x onerror=alert(1)&gt; **Eve**"
    assert speakers[2].startswith("Moderator")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**Moderator:** Great" in html  # shown as typed, not as a turn


def test_a_bidi_override_in_an_answer_is_shown_as_a_mark_not_obeyed(site: Any,
                                                                      researcher: Any) -> None:
    """A right-to-left override would draw the rest of the answer backwards on the
    researcher's screen; the page shows a visible mark there and the store keeps the text."""
    api, pages = researcher
    sid = api.post("/api/studies", json={"title": "Switch", "guide": "jtbd-switch"}).json()["id"]
    invited = api.post(f"/api/studies/{sid}/invitations", json={"participants": [
        {"name": "Rana", "email": "rana@example.com"}]})
    token = invited.json()["invitations"][0]["token"]
    typed = "In March the invoice said \u202e0051 pounds\u202c and nobody could explain it."
    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert post(client, token, typed).status_code == 200
    interview_id = api.get(f"/api/studies/{sid}/interviews").json()["interviews"][0][
        "interview_id"]
    page = pages.get(f"/studies/{sid}/interviews/{interview_id}").text
    assert "\u202e" not in page and "\u202c" not in page
    assert "invoice said [U+202E]0051 pounds[U+202C] and nobody" in page
    markdown = pages.get(f"/studies/{sid}/interviews/{interview_id}/transcript.md").text
    assert "\u202e" not in markdown and "\\[U+202E\\]0051 pounds" in markdown
    stored = pages.get(f"/studies/{sid}/interviews/{interview_id}/transcript.json").json()
    assert typed in [turn["text"] for turn in stored["turns"]]  # kept verbatim


# --------------------------------------------------------------------------- headers


def test_permissions_policy_everywhere_and_hsts_only_over_https(
        live_server: Callable[..., Any]) -> None:
    with live_server() as server:
        token = seed(server.store)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for path in ("/login", f"/i/{token}", f"/api/interviews/{token}", "/nowhere",
                         "/static/interview.js", "/healthz"):
                response = client.get(path)
                assert "camera=()" in response.headers["permissions-policy"], path
                assert "strict-transport-security" not in response.headers, path
            proxied = client.get("/login", headers={"X-Forwarded-Proto": "https"})
            assert proxied.headers["strict-transport-security"].startswith("max-age=")
    with live_server(base_url="https://research.example.com") as server:
        response = httpx.get(f"{server.url}/login")
        assert response.headers["strict-transport-security"] == "max-age=31536000"


# --------------------------------------------------------------------------- storage faults


def test_answers_get_503_with_retry_after_while_the_disk_is_full(site: Any) -> None:
    token = seed(site.store)
    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert post(client, token, SPECIFIC, key="first").status_code == 200
        with storage_fault(site.store.engine):
            full = post(client, token, SPECIFIC, key="second")
            assert full.status_code == 503, full.text
            assert full.headers["retry-after"] == "5"
            assert full.headers["content-type"] == PROBLEM
            assert full.json()["type"].endswith("storage-unavailable")
            assert state(client, token)["next"]["seq"] == 3  # reading still works
        again = post(client, token, SPECIFIC, key="second")  # the page's retry
        assert again.status_code == 200, again.text
    assert stored_answers(site.store, "second") == 1


def test_researcher_api_and_pages_get_503_when_the_store_is_down(
        site: Any, researcher: Any) -> None:
    api, pages = researcher
    with storage_fault(site.store.engine, writes_only=False):
        listed = problem(api.get("/api/studies"), 503)
        assert "try again" in listed["detail"]
        page = pages.get("/studies")
        assert page.status_code == 503 and "Temporarily unavailable" in page.text
        assert page.headers["retry-after"] == "5"
        participant = httpx.get(f"{site.url}/i/{secrets.token_urlsafe(24)}")
        assert participant.status_code == 503 and "try again" in participant.text


def test_opening_a_link_works_while_writes_fail(site: Any) -> None:
    token = seed(site.store)

    def opened_at() -> Any:
        with site.store.read() as session:
            return session.scalar(select(Invitation.opened_at).where(Invitation.token == token))

    with httpx.Client(base_url=site.url, timeout=30) as client:
        with storage_fault(site.store.engine):
            page = client.get(f"/i/{token}")
            assert page.status_code == 200 and "Ada" in page.text
            assert state(client, token)["status"] == "not_started"
        assert opened_at() is None
        client.get(f"/i/{token}")
        assert opened_at() is not None


def test_healthz_reports_reads_and_writes(site: Any) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        healthy = client.get("/healthz")
        assert healthy.status_code == 200
        assert healthy.json() == {"status": "ok", "read": True, "write": True,
                                  "database": site.store.dialect}
        with storage_fault(site.store.engine):
            full = client.get("/healthz")
            assert full.status_code == 503 and full.headers["retry-after"] == "5"
            assert full.json()["read"] is True and full.json()["write"] is False
        with storage_fault(site.store.engine, writes_only=False):
            down = client.get("/healthz").json()
            assert down["read"] is False and down["write"] is False
        assert client.get("/healthz").status_code == 200


def test_a_server_started_read_only_writes_again_once_it_may(
        live_server: Callable[..., Any], sqlite_url: str) -> None:
    with live_server(sqlite_url) as server:
        token = seed(server.store)
        engine = server.store.engine
        read_only = [True]

        def open_read_only(dbapi_connection: Any, _record: Any) -> None:
            if read_only[0]:
                dbapi_connection.execute("PRAGMA query_only=ON")

        event.listen(engine, "connect", open_read_only)
        engine.dispose()  # every connection from now on opens the file "read-only"
        try:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                assert state(client, token)["status"] == "not_started"
                refused = post(client, token, SPECIFIC, key="k")
                assert refused.status_code == 503, refused.text
                assert client.get("/healthz").json()["write"] is False
                read_only[0] = False  # the operator fixes the file's permissions
                assert post(client, token, SPECIFIC, key="k").status_code == 200
                assert client.get("/healthz").status_code == 200
        finally:
            event.remove(engine, "connect", open_read_only)
    assert stored_answers(server.store) == 1
    with server.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Invitation)
                              .where(Invitation.opened_at.is_not(None))) == 1


def test_a_read_only_postgresql_is_a_503_and_writes_resume_once_it_may(
        live_server: Callable[..., Any], pg_url: str) -> None:
    """A standby after a failover, or `default_transaction_read_only` switched on: PostgreSQL
    refuses each write with SQLSTATE 25006, which psycopg raises as an InternalError, not the
    OperationalError of a full disk. Connections keep the setting they opened with, so the pool
    has to be reopened once the database may be written again."""
    import psycopg

    server_url, database = pg_url.rsplit("/", 1)

    def read_only(on: bool) -> None:
        change = "SET default_transaction_read_only = on" if on else \
            "RESET default_transaction_read_only"
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" {change}')

    with live_server(pg_url) as server:
        token = seed(server.store)
        make_user(server.store)
        api_token = create_api_token(server.store, "ada@example.com")
        pages = signed_in(server.url, "ada@example.com")
        pages.headers["X-CSRF-Token"] = csrf_of(pages.get("/studies").text)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert post(client, token, SPECIFIC, key="first").status_code == 200
            read_only(True)
            server.store.engine.dispose()  # as after a failover: every connection is new
            assert state(client, token)["next"]["seq"] == 3  # reading still works
            refused = post(client, token, SPECIFIC, key="second")
            assert refused.status_code == 503, refused.text
            assert refused.headers["retry-after"] == "5"
            assert refused.json()["type"].endswith("storage-unavailable")
            created = client.post("/api/studies", json={"guide": "churn"},
                                  headers={"Authorization": f"Bearer {api_token}"})
            assert problem(created, 503)["detail"].startswith("the database cannot be")
            assert created.headers["retry-after"] == "5"
            page = pages.post("/studies", data={"guide": "churn", "title": "Churn"})
            pages.close()
            assert page.status_code == 503 and "Temporarily unavailable" in page.text
            health = client.get("/healthz")
            assert health.status_code == 503, health.text
            assert health.json()["read"] is True and health.json()["write"] is False
            read_only(False)
            assert post(client, token, SPECIFIC, key="second").status_code == 200
            assert client.get("/healthz").status_code == 200
    assert stored_answers(server.store, "second") == 1
