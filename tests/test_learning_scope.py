"""A study learns from its own decisions, or from its whole workspace's when the server says
so; the next run codes a corrected unit as taught and changes nothing else (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from jobstory.analysis_runs import queue
from jobstory.analysis_runs.results import raw_analysis
from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.learning.events import record
from jobstory.learning.examples import Example
from jobstory.learning.teach import learning_scope, study_examples
from jobstory.store.db import Store
from jobstory.store.tables import AnalysisRun, Study, Workspace
from jobstory.synthesis.code import CODES
from jobstory.web.accounts import now
from tests.analysis_support import fast_embedder, study_with_interviews
from tests.test_learning import analysis


def _studies(store: Store) -> tuple[int, int, int]:
    """Two studies in one workspace and one in another, each with a finished analysis."""
    with store.session() as session:
        ours, theirs = Workspace(name="ours", created_at=now()), Workspace(
            name="theirs", created_at=now())
        session.add_all([ours, theirs])
        session.flush()
        studies = [Study(workspace_id=w.id, title=f"study {i}", guide={}, created_at=now())
                   for i, w in enumerate([ours, ours, theirs])]
        session.add_all(studies)
        session.flush()
        for study in studies:
            session.add(AnalysisRun(study_id=study.id, status="done", trigger="request",
                                    requested_at=now(), finished_at=now(),
                                    result=json.dumps(analysis())))
        session.flush()
        return studies[0].id, studies[1].id, studies[2].id


def test_a_study_learns_from_its_own_decisions_or_its_workspaces(store: Store) -> None:
    first, second, elsewhere = _studies(store)
    record(store, first, analysis(), "move_quote", "b#20-30", "anxiety-1", "ada@example.com",
           now())
    record(store, elsewhere, analysis(), "reject_quote", "c#0-10", None, "bo@example.com",
           now())
    taught = Example("I was afraid to lose history.", ("anxiety",))
    assert study_examples(store, first) == [taught]
    assert study_examples(store, second) == []  # by default a study keeps to itself
    assert study_examples(store, second, "workspace") == [taught]
    assert Example("The bank feed matched everything.", ()) not in study_examples(
        store, second, "workspace")  # another workspace never teaches


def test_the_learning_scope_is_a_server_setting_with_a_one_line_error() -> None:
    assert learning_scope({}) == "study"
    assert learning_scope({"JOBSTORY_LEARN_FROM": " Workspace "}) == "workspace"
    with pytest.raises(ValueError, match="JOBSTORY_LEARN_FROM: 'study' or 'workspace'"):
        learning_scope({"JOBSTORY_LEARN_FROM": "everyone"})


def test_moved_quotes_teach_the_next_run_which_changes_coding_only(store: Store) -> None:
    _account, study_id, _ = study_with_interviews(store, completed=3)
    worker = AnalysisWorker(store, embedder=fast_embedder, quiet=0)
    worker.step()
    first = raw_analysis(store, study_id)
    assert first is not None
    families = {t["id"]: t["family"] for t in first["themes"]}
    segment, theme = next((s, t) for s in first["segments"] for t in first["themes"]
                          if s["themes"] and t["family"] in CODES
                          and t["family"] not in s["codes"]
                          and all(families[k] != t["family"] for k in s["themes"]))
    # the demo's participants say the same words: two of three copies are corrected
    copies = [s for s in first["segments"] if s["text"] == segment["text"]]
    assert len({s["source"] for s in copies}) == 3
    for copy in copies[:2]:
        record(store, study_id, first, "move_quote", copy["id"], theme["id"], "ada@example.com",
               now())
    queue.request_run(store, study_id)
    worker.step()
    second = raw_analysis(store, study_id)
    assert second is not None
    recoded = {s["id"]: s for s in second["segments"]}
    assert all(theme["family"] in recoded[s["id"]]["codes"] for s in copies)  # the third too
    # only coding changed: the same units, said by the same people, counted the same way
    assert [(s["id"], s["text"], s["participant"]) for s in second["segments"]] == [
        (s["id"], s["text"], s["participant"]) for s in first["segments"]]
    assert second["summary"]["participants"] == first["summary"]["participants"]
