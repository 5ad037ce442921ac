"""The participant API on both engines: a whole interview, probes, re-asks, idempotency, SSE.

The helpers at the top (seed, answer_for) are shared with test_participant_browser.py.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from jobstory.guides import load_guide
from jobstory.store.db import Store
from jobstory.store.tables import Invitation, InterviewRow, ParticipantRow, Study, TurnRow

SPECIFIC = (
    "Last March, two days before the quarterly close, our invoicing spreadsheet crashed and I "
    "spent six hours on a Sunday with my colleague Maria re-typing 140 invoices by hand."
)
VAGUE = "I don't know, it was fine I guess."


def seed(store: Store, *, name: str | None = "Ada", guide: str = "jtbd-switch",
         fields: dict[str, str] | None = None, expires_at: datetime | None = None,
         revoked_at: datetime | None = None, token: str | None = None) -> str:
    """A study with the guide, one participant and an invitation; returns the token."""
    token = token or secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    with store.session() as session:
        study = Study(title="Switch study", guide=load_guide(guide).model_dump(mode="json"),
                      created_at=now)
        session.add(study)
        session.flush()
        person = ParticipantRow(study_id=study.id, name=name, email=f"{token[:12]}@example.com",
                                fields={"product": "Acme Books"} if fields is None else fields,
                                created_at=now)
        session.add(person)
        session.flush()
        session.add(Invitation(participant_id=person.id, token=token, created_at=now,
                               expires_at=expires_at, revoked_at=revoked_at))
    return token


def answer_for(turn: dict[str, Any], *, open_text: str = SPECIFIC) -> Any:
    """A valid answer for whatever widget the moderator's turn asks for."""
    question = turn.get("question") or {}
    match turn["widget"]:
        case "scale":
            return question["max"]
        case "single_choice":
            return question["options"][1]
        case "multiple_choice":
            return question["options"][:2]
        case "ranking":
            return list(reversed(question["options"]))
        case "yes_no":
            return "yes"
        case _:
            return open_text


# --------------------------------------------------------------------------- tests

PROBLEM = "application/problem+json"


@pytest.fixture
def site(live_server: Callable[..., Any], db_url: str) -> Iterator[tuple[Store, str]]:
    """The real app on 127.0.0.1, on each engine; tests read the database it writes."""
    with live_server(db_url) as server:
        yield server.store, server.url


def post(client: httpx.Client, token: str, answer: Any, key: str | None = None,
         **extra: Any) -> httpx.Response:
    body = {"answer": answer, "idempotency_key": key or secrets.token_hex(8), **extra}
    return client.post(f"/api/interviews/{token}/answers", json=body)


def state(client: httpx.Client, token: str) -> dict[str, Any]:
    response = client.get(f"/api/interviews/{token}")
    assert response.status_code == 200, response.text
    return response.json()


def stored_answers(store: Store, key: str | None = None) -> int:
    with store.read() as session:
        query = select(func.count()).select_from(TurnRow).where(TurnRow.role == "participant")
        if key is not None:
            query = query.where(TurnRow.idempotency_key == key)
        return session.scalar(query) or 0


def test_full_interview_through_all_six_kinds(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        first = state(client, token)
        assert first["status"] == "not_started"
        assert first["turns"] == []
        assert "Ada" in first["intro"] and "AI moderator" in first["intro"]
        assert first["next"]["question"]["id"] == "first-thought"
        assert first["next"]["widget"] == "open"
        with store.read() as session:  # reading the state does not start the interview
            assert session.scalar(select(func.count()).select_from(InterviewRow)) == 0

        answered_kinds: set[str] = set()
        turn = first["next"]
        for _ in range(60):
            if turn["kind"] == "closing":
                break
            if turn["kind"] == "question":
                answered_kinds.add(turn["question"]["kind"])
            response = post(client, token, answer_for(turn), reply_to=turn["seq"])
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["turn"]["seq"] == turn["seq"] + 2
            turn = body["turn"]
        assert turn["kind"] == "closing"
        assert body["status"] == "completed"
        assert answered_kinds == {"open", "scale", "single_choice", "multiple_choice", "ranking",
                                  "yes_no"}

        final = state(client, token)
        assert final["status"] == "completed"
        assert final["next"] is None
        assert [t["seq"] for t in final["turns"]] == list(range(1, len(final["turns"]) + 1))
        values = {t["question_id"]: t["value"] for t in final["turns"]
                  if t["role"] == "participant" and t["value"] is not None}
        guide = load_guide("jtbd-switch")
        assert values["severity"] == 5
        assert values["heard"] == guide.question("heard").options[1]
        assert values["alternatives"] == guide.question("alternatives").options[:2]
        assert values["ranking"] == list(reversed(guide.question("ranking").options))
        assert values["nothing"] == "yes"
        # Participants never see the moderator's internal notes (scores, probe sources).
        assert all("meta" not in t and "specificity" not in t for t in final["turns"])
        moderator_turn = next(t for t in final["turns"] if t["question_id"] == "severity")
        assert moderator_turn["question"] == {
            "id": "severity", "kind": "scale", "options": None, "min": 1, "max": 5,
            "labels": {"1": "barely a problem", "5": "unbearable"}, "help": None}

    with store.read() as session:
        row = session.scalars(select(InterviewRow)).one()
        assert row.status == "completed" and row.completed_at is not None


def test_vague_answer_gets_a_probe_then_moves_on(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        reply = post(client, token, VAGUE).json()["turn"]
        assert reply["kind"] == "probe"
        assert reply["question_id"] == "first-thought"
        assert reply["widget"] == "open"
        assert reply["text"]
        reply = post(client, token, SPECIFIC).json()["turn"]
        assert reply["kind"] == "question" and reply["question_id"] == "push"


def test_bad_structured_answer_is_reasked_with_the_same_widget(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        turn = state(client, token)["next"]
        while turn["question_id"] != "heard":
            turn = post(client, token, answer_for(turn)).json()["turn"]
        reask = post(client, token, "a carrier pigeon").json()["turn"]
        assert reask["kind"] == "reask"
        assert reask["question_id"] == "heard"
        assert reask["widget"] == "single_choice"
        assert reask["question"]["options"] == load_guide("jtbd-switch").question("heard").options
        assert "option" in reask["text"].lower()
        after = post(client, token, 2).json()["turn"]  # by number works too
        assert after["question_id"] != "heard" or after["kind"] == "probe"


def test_same_idempotency_key_twice_stores_once(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        first = post(client, token, SPECIFIC, key="key-1")
        second = post(client, token, SPECIFIC, key="key-1")
        assert first.status_code == second.status_code == 200
        assert first.json() == second.json()
        assert stored_answers(store, "key-1") == 1
        assert stored_answers(store) == 1
        assert len(state(client, token)["turns"]) == 3


def test_concurrent_duplicate_submissions_are_stored_once(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        post(client, token, SPECIFIC)  # start the interview first, then race on answer two
    results: list[httpx.Response] = []
    barrier = threading.Barrier(8)

    def hammer() -> None:
        with httpx.Client(base_url=url, timeout=60) as own:
            barrier.wait()
            results.append(post(own, token, SPECIFIC, key="same-key"))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200] * 8, [r.text for r in results]
    assert len({json.dumps(r.json(), sort_keys=True) for r in results}) == 1
    assert stored_answers(store, "same-key") == 1
    assert stored_answers(store) == 2


def test_concurrent_first_answers_start_one_interview(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    results: list[httpx.Response] = []
    barrier = threading.Barrier(6)

    def first() -> None:
        with httpx.Client(base_url=url, timeout=60) as own:
            barrier.wait()
            results.append(post(own, token, SPECIFIC, key="first-key"))

    threads = [threading.Thread(target=first) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200] * 6, [r.text for r in results]
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(InterviewRow)) == 1
    assert stored_answers(store) == 1


def parse_sse(raw: str) -> list[tuple[str, Any]]:
    events = []
    for block in raw.split("\n\n"):
        if not block.strip():
            continue
        name = next(line[7:] for line in block.split("\n") if line.startswith("event: "))
        data = "\n".join(line[6:] for line in block.split("\n") if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


def test_sse_streams_after_the_commit(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    body = {"answer": VAGUE, "idempotency_key": "sse-key"}
    with httpx.Client(base_url=url, timeout=30) as client:
        with client.stream("POST", f"/api/interviews/{token}/answers", json=body,
                           headers={"Accept": "text/event-stream"}) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert "no-cache" in response.headers["cache-control"]
            chunks = response.iter_raw()
            first_chunk = next(chunks)
            assert first_chunk
            # The first byte is out: the answer (and its reply) must already be durable.
            assert stored_answers(store, "sse-key") == 1
            with store.read() as session:
                assert session.scalar(select(func.max(TurnRow.seq))) == 3
            raw = (first_chunk + b"".join(chunks)).decode()
        events = parse_sse(raw)
        names = [name for name, _ in events]
        assert names[-1] == "turn" and set(names[:-1]) == {"delta"} and len(names) > 3
        final = events[-1][1]
        assert "".join(data["text"] for name, data in events if name == "delta") == \
            final["turn"]["text"]
        assert final["turn"]["kind"] == "probe" and final["turn"]["seq"] == 3
        # A retry of the same key over plain JSON gets the same turn and stores nothing new.
        again = post(client, token, VAGUE, key="sse-key").json()
        assert again == final
        assert stored_answers(store) == 1


def test_sse_errors_are_problem_json(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        response = client.post(f"/api/interviews/{token}/answers",
                               json={"answer": "x" * 10_001, "idempotency_key": "k"},
                               headers={"Accept": "text/event-stream"})
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM


def test_too_long_answer_is_413_and_limit_itself_is_fine(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        response = post(client, token, "x" * 10_001)
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["status"] == 413 and "10,000" in problem["detail"]
        assert set(problem) >= {"type", "title", "status", "detail"}
        assert stored_answers(store) == 0
        huge = client.post(f"/api/interviews/{token}/answers",
                           content=b'{"answer": "' + b"y" * 400_000 + b'", "idempotency_key": "k"}',
                           headers={"Content-Type": "application/json"})
        assert huge.status_code == 413
        assert post(client, token, "z" * 10_000).status_code == 200


@pytest.mark.parametrize("body", [
    b"not json",
    b'{"answer": "hi"}',
    b'{"idempotency_key": "k"}',
    b'{"answer": true, "idempotency_key": "k"}',
    b'{"answer": {"a": 1}, "idempotency_key": "k"}',
    b'{"answer": "hi", "idempotency_key": ""}',
    b'{"answer": "hi", "idempotency_key": "   "}',
    b'{"answer": "hi", "idempotency_key": "k", "admin": true}',
])
def test_bad_input_is_400_problem_json(site: tuple[Store, str], body: bytes) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        response = client.post(f"/api/interviews/{token}/answers", content=body,
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 400
    assert stored_answers(store) == 0


def test_stale_reply_to_is_409(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        assert post(client, token, SPECIFIC, key="a", reply_to=1).status_code == 200
        stale = post(client, token, SPECIFIC, key="b", reply_to=1)  # another tab, same question
        assert stale.status_code == 409
        assert stale.json()["type"].endswith("stale-turn")
        assert post(client, token, SPECIFIC, key="a", reply_to=1).status_code == 200  # replay
        assert stored_answers(store) == 1


@pytest.mark.parametrize("which", ["revoked", "expired"])
def test_revoked_and_expired_tokens_are_410(site: tuple[Store, str], which: str) -> None:
    store, url = site
    past = datetime.now(UTC) - timedelta(minutes=1)
    token = seed(store, **({"revoked_at": past} if which == "revoked" else {"expires_at": past}))
    with httpx.Client(base_url=url, timeout=30) as client:
        for response in (client.get(f"/api/interviews/{token}"), post(client, token, SPECIFIC)):
            assert response.status_code == 410
            assert response.headers["content-type"] == PROBLEM
            assert response.json()["type"].endswith(f"invitation-{which}")
        page = client.get(f"/i/{token}")
        assert page.status_code == 410
        assert page.headers["content-type"].startswith("text/html")
        assert which in page.text
    assert stored_answers(store) == 0


def test_unexpired_token_works_and_unknown_is_404(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store, expires_at=datetime.now(UTC) + timedelta(days=3))
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get(f"/api/interviews/{token}").status_code == 200
        for path in ("/api/interviews/nope", "/i/nope", f"/i/{'x' * 300}"):
            response = client.get(path)
            assert response.status_code == 404
        assert client.get("/api/interviews/nope").headers["content-type"] == PROBLEM
        assert post(client, "nope", SPECIFIC).status_code == 404


def test_opening_the_page_marks_opened_once(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)

    def opened_at() -> Any:
        with store.read() as session:
            return session.scalar(select(Invitation.opened_at).where(Invitation.token == token))

    assert opened_at() is None
    with httpx.Client(base_url=url, timeout=30) as client:
        page = client.get(f"/i/{token}")
        assert page.status_code == 200
        first = opened_at()
        assert first is not None
        client.get(f"/i/{token}")
        assert opened_at() == first
        assert "no-referrer" in page.headers["referrer-policy"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"


def test_completed_interview_is_read_only(site: tuple[Store, str]) -> None:
    store, url = site
    token = seed(store)
    with httpx.Client(base_url=url, timeout=30) as client:
        turn = state(client, token)["next"]
        last_key, last_answer = "", None
        while turn["kind"] != "closing":
            last_key, last_answer = secrets.token_hex(8), answer_for(turn)
            turn = post(client, token, last_answer, key=last_key).json()["turn"]
        count = stored_answers(store)
        late = post(client, token, "one more thing")
        assert late.status_code == 409
        assert late.headers["content-type"] == PROBLEM
        assert late.json()["type"].endswith("interview-completed")
        replay = post(client, token, last_answer, key=last_key)  # a retry of the last answer
        assert replay.status_code == 200 and replay.json()["turn"]["kind"] == "closing"
        assert stored_answers(store) == count
        page = client.get(f"/i/{token}")
        assert "Thank you" in page.text
        assert "<textarea" not in page.text


def test_page_escapes_participant_text(site: tuple[Store, str]) -> None:
    store, url = site
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    token = seed(store, name=evil)
    with httpx.Client(base_url=url, timeout=30) as client:
        post(client, token, evil + " " + SPECIFIC)
        page = client.get(f"/i/{token}").text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
