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


def test_analyze_study_on_the_command_line_codes_as_the_researchers_taught(tmp_path) -> None:
    import subprocess
    import sys

    from jobstory.store.db import open_store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = open_store(url)
    _account, study_id, _ = study_with_interviews(store, completed=2)
    AnalysisWorker(store, embedder=fast_embedder, quiet=0).step()
    first = raw_analysis(store, study_id)
    assert first is not None

    def analyze(out: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "jobstory", "analyze", "--study",
                               str(study_id), "--db", url, "--out", str(tmp_path / out)],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return json.loads((tmp_path / out / "analysis.json").read_text(encoding="utf-8"))

    before = analyze("before")
    coded = {s["id"]: s["codes"] for s in before["segments"]}
    # two people said the same sentence: two agreeing corrections recode it (one is a hint)
    twins = [s for s in first["segments"] if len(s["text"].split()) >= 4 and
             sum(o["text"] == s["text"] for o in first["segments"]) >= 2]
    segment, theme = next((s, t) for s in twins for t in first["themes"]
                          if t["family"] in CODES and t["family"] not in coded[s["id"]]
                          and t["family"] not in s["codes"])
    for twin in (s for s in twins if s["text"] == segment["text"]):
        record(store, study_id, first, "move_quote", twin["id"], theme["id"],
               "ada@example.com", now())
    store.close()
    after = analyze("after")
    # the code the researcher gave is there, the ones they took away (not the force its
    # question asked about) are gone
    now_coded = set({s["id"]: s["codes"] for s in after["segments"]}[segment["id"]])
    taken_away = set(coded[segment["id"]]) - {theme["family"], "push", "pull", "anxiety", "habit"}
    assert theme["family"] in now_coded and taken_away and not taken_away & now_coded
    assert [s["id"] for s in after["segments"]] == [s["id"] for s in before["segments"]]
