"""Background analysis runs: durable rows, one run per study at a time, leases that outlive
a dead process, a failed run that keeps the last good analysis (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from jobstory.analysis_runs import latest_analysis, queue
from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.store.db import Store
from jobstory.store.tables import AnalysisRun
from jobstory.web.accounts import now
from tests.analysis_support import fast_embedder, study_with_interviews


def test_completed_interviews_are_analysed_once_things_are_quiet(store: Store) -> None:
    _account, study_id, _ = study_with_interviews(store, completed=2)
    waiting = AnalysisWorker(store, embedder=fast_embedder, quiet=3600)
    assert waiting.step() is None  # the last completion is too recent
    worker = AnalysisWorker(store, embedder=fast_embedder, quiet=0)
    run_id = worker.step()
    assert run_id is not None
    state = queue.current(store, study_id)
    assert state is not None and state.status == "done" and state.interviews == 2
    analysis = latest_analysis(store, study_id)
    assert analysis is not None and analysis["summary"]["participants"] == 2
    assert analysis["run"]["id"] == run_id and analysis["decisions"] == []
    assert worker.step() is None  # nothing new completed: no second run


def test_one_run_per_study_and_a_dead_workers_run_is_taken_over(store: Store) -> None:
    _account, study_id, _ = study_with_interviews(store, completed=1)
    first = queue.request_run(store, study_id)
    assert queue.request_run(store, study_id).id == first.id  # one queued run is enough
    assert queue.claim(store, "a") == first.id
    second = queue.request_run(store, study_id)
    assert second.id != first.id
    assert queue.claim(store, "b") is None  # a's lease is fresh: the study is busy
    with store.session() as session:  # a's process died: its heartbeat goes stale
        session.execute(update(AnalysisRun).where(AnalysisRun.id == first.id).values(
            heartbeat_at=now() - queue.STALE_AFTER - timedelta(seconds=1)))
    assert queue.claim(store, "b") == first.id  # resumed (from the start) by b
    assert not queue.heartbeat(store, first.id, "a")  # a, should it wake, finds it lost
    assert queue.heartbeat(store, first.id, "b", step="embedding", done=3, total=9)
    state = queue.current(store, study_id)
    assert state is not None and state.id == second.id and state.status == "queued"


def test_a_failed_run_shows_its_error_and_keeps_the_last_good_analysis(store: Store) -> None:
    _account, study_id, _ = study_with_interviews(store, completed=1)
    AnalysisWorker(store, embedder=fast_embedder, quiet=0).step()
    good = latest_analysis(store, study_id)
    assert good is not None

    def broken() -> object:
        raise RuntimeError("the model file is damaged")

    queue.request_run(store, study_id)
    AnalysisWorker(store, embedder=broken, quiet=0).step()
    state = queue.current(store, study_id)
    assert state is not None and state.status == "failed"
    assert state.error == "RuntimeError: the model file is damaged"
    assert latest_analysis(store, study_id) == good


def test_a_stopping_server_gives_its_run_back_to_the_queue(store: Store) -> None:
    _account, study_id, _ = study_with_interviews(store, completed=1)
    worker = AnalysisWorker(store, embedder=fast_embedder, quiet=0)
    worker._stop.set()  # the server is shutting down as the run starts
    worker.step()
    state = queue.current(store, study_id)
    assert state is not None and state.status == "queued" and latest_analysis(
        store, study_id) is None
