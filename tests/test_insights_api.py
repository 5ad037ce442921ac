"""POST /api/studies/{id}/insights/ask against a real server: the answer of the study's latest
analysis, quotes linked to their place, and the usual 401/404/409/422 problems."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from jobstory.store.tables import AnalysisRun
from jobstory.web.accounts import create_api_token
from tests.ask_support import examples_dir
from tests.test_web_accounts import make_user, problem


def finished_run(store: Any, study_id: int, analysis: dict[str, Any]) -> None:
    """A done analysis run holding `analysis`, as the background worker leaves one."""
    now = datetime.now(UTC)
    with store.session() as session:
        session.add(AnalysisRun(study_id=study_id, status="done", trigger="request",
                                requested_at=now, started_at=now, finished_at=now,
                                result=json.dumps(analysis), interviews=13))


@pytest.fixture(scope="module")
def examples_analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = examples_dir(tmp_path_factory)
    return json.loads((folder / "analysis.json").read_text(encoding="utf-8"))


def _client(server: Any, email: str) -> httpx.Client:
    make_user(server.store, email)  # each new user gets a workspace of their own
    token = create_api_token(server.store, email)
    return httpx.Client(base_url=server.url, timeout=60,
                        headers={"Authorization": f"Bearer {token}"})


def test_a_question_is_answered_from_the_studys_latest_analysis(
        live_server, examples_analysis) -> None:
    with live_server() as server, _client(server, "ada@example.com") as client:
        study = client.post("/api/studies", json={"guide": "jtbd-switch"}).json()
        problem(client.post(f"/api/studies/{study['id']}/insights/ask",
                            json={"question": "who worried about their data?"}), 409)
        finished_run(server.store, study["id"], examples_analysis)
        reply = client.post(f"/api/studies/{study['id']}/insights/ask",
                            json={"question": "Who worried about moving their data?"})
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert answer["study_id"] == study["id"] and answer["intent"]["kind"] == "who"
        assert answer["counts"]["participants"] == len(answer["participants"]) > 0
        texts = {s["id"]: s.get("text") for s in examples_analysis["sources"]}
        segments = {(s["source"], s["start"], s["end"]): s["text"]
                    for s in examples_analysis["segments"]}
        for quote in answer["quotes"]:
            assert segments[(quote["source"], quote["start"], quote["end"])] == quote["text"]
            assert quote["link"].startswith(f"/studies/{study['id']}/")
        assert texts  # the sources were there to check against
        nothing = client.post(f"/api/studies/{study['id']}/insights/ask",
                              json={"question": "Who owns a sailing yacht?"}).json()
        assert nothing["text"] == "I found nothing on that in these interviews."
        assert nothing["quotes"] == []


def test_another_workspaces_study_and_bad_questions_are_refused(
        live_server, examples_analysis) -> None:
    with live_server() as server, _client(server, "ada@example.com") as ada, \
            _client(server, "bob@example.com") as bob:
        study = ada.post("/api/studies", json={"guide": "jtbd-switch"}).json()
        finished_run(server.store, study["id"], examples_analysis)
        url = f"/api/studies/{study['id']}/insights/ask"
        problem(bob.post(url, json={"question": "who?"}), 404)
        problem(httpx.post(server.url + url, json={"question": "who?"}), 401)
        problem(ada.post(url, json={"question": ""}), 422)
        problem(ada.post(url, json={"question": "x" * 501}), 422)
