"""The analysis job rows: request a run, claim one, report progress, finish or fail it.

One run per study at a time, across every server process sharing the database: a claim
happens in a write transaction that first locks the study's row (`SELECT ... FOR UPDATE` on
PostgreSQL; SQLite's `BEGIN IMMEDIATE` takes the whole database), then checks that no other
run of the study is running with a fresh heartbeat. A running row's heartbeat is renewed by
its worker every few seconds; a row whose heartbeat has gone stale (its process died or was
restarted) is claimed again like a queued one, so the run resumes from the start in whichever
process is free. A worker that finds its row taken over stops.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from jobstory.store.db import Store
from jobstory.store.tables import AnalysisRun, InterviewRow, Study
from jobstory.web.accounts import aware, now

#: A running run whose heartbeat is older than this belonged to a process that stopped.
STALE_AFTER = timedelta(seconds=30)
HEARTBEAT_SECONDS = 5.0
ACTIVE = ("queued", "running")


def worker_id() -> str:
    """Names this process's worker in the rows it claims (host, pid, a random part)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class RunState:
    """What a page or the API shows about a run (never its outputs)."""

    id: int
    study_id: int
    status: str
    trigger: str
    step: str | None
    done: int
    total: int
    error: str | None
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    interviews: int | None

    def progress(self) -> dict[str, Any]:
        return {"step": self.step, "done": self.done, "total": self.total}

    def record(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {"id": self.id, "status": self.status, "trigger": self.trigger,
                "progress": self.progress(), "error": self.error,
                "requested_at": iso(self.requested_at), "started_at": iso(self.started_at),
                "finished_at": iso(self.finished_at), "interviews": self.interviews}


def _state(row: AnalysisRun) -> RunState:
    return RunState(id=row.id, study_id=row.study_id, status=row.status, trigger=row.trigger,
                    step=row.step, done=row.done or 0, total=row.total or 0, error=row.error,
                    requested_at=aware(row.requested_at) or row.requested_at,
                    started_at=aware(row.started_at), finished_at=aware(row.finished_at),
                    interviews=row.interviews)


def request_run(store: Store, study_id: int, *, trigger: str = "request",
                requested_by: str | None = None) -> RunState:
    """Queue a run of the study, or give the run already queued (one is enough)."""
    with store.session() as session:
        session.execute(select(Study.id).where(Study.id == study_id).with_for_update())
        queued = session.scalar(select(AnalysisRun).where(
            AnalysisRun.study_id == study_id, AnalysisRun.status == "queued"))
        if queued is not None:
            return _state(queued)
        row = AnalysisRun(study_id=study_id, status="queued", trigger=trigger,
                          requested_by=requested_by, requested_at=now(), done=0, total=0)
        session.add(row)
        session.flush()
        return _state(row)


def claim(store: Store, worker: str) -> int | None:
    """Take the oldest run that may start (queued, or running with a stale heartbeat) whose
    study has no live run; mark it running for `worker`. None when there is nothing to do."""
    stale = now() - STALE_AFTER
    with store.read() as session:
        candidates = session.execute(
            select(AnalysisRun.id, AnalysisRun.study_id)
            .where(AnalysisRun.status.in_(ACTIVE)).order_by(AnalysisRun.id)).all()
    for run_id, study_id in candidates:
        with store.session() as session:
            session.execute(select(Study.id).where(Study.id == study_id).with_for_update())
            rows = list(session.scalars(select(AnalysisRun).where(
                AnalysisRun.study_id == study_id, AnalysisRun.status == "running")
                .execution_options(populate_existing=True)))
            if any((aware(r.heartbeat_at) or stale) > stale for r in rows):
                continue
            row = session.get(AnalysisRun, run_id, populate_existing=True)
            if row is None or row.status not in ACTIVE:
                continue
            if row.status == "queued" and rows:
                # A dead run of this study goes first: it was asked for earlier.
                row = min(rows, key=lambda r: r.id)
            moment = now()
            row.status, row.worker = "running", worker
            row.started_at = row.heartbeat_at = moment
            row.step, row.done, row.total, row.error = "starting", 0, 0, None
            return row.id
    return None


def heartbeat(store: Store, run_id: int, worker: str, *, step: str | None = None,
              done: int | None = None, total: int | None = None) -> bool:
    """Renew the lease (and record progress); False when the run is no longer ours."""
    values: dict[str, Any] = {"heartbeat_at": now()}
    if step is not None:
        values.update(step=step[:40], done=max(0, done or 0), total=max(0, total or 0))
    with store.session() as session:
        changed = session.execute(
            update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.worker == worker,
                                      AnalysisRun.status == "running").values(**values))
        return bool(changed.rowcount)


def mark_inputs(store: Store, run_id: int, interviews: int, through: datetime | None) -> None:
    with store.session() as session:
        session.execute(update(AnalysisRun).where(AnalysisRun.id == run_id).values(
            interviews=interviews, interviews_through=through))


def finish(store: Store, run_id: int, worker: str, *, result: str, report_html: str,
           report_md: str) -> bool:
    """Store the outputs and mark the run done, in one commit; False if it was not ours."""
    with store.session() as session:
        changed = session.execute(
            update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.worker == worker,
                                      AnalysisRun.status == "running")
            .values(status="done", finished_at=now(), heartbeat_at=now(), result=result,
                    report_html=report_html, report_md=report_md, step="done"))
        return bool(changed.rowcount)


def fail(store: Store, run_id: int, worker: str, error: str) -> None:
    with store.session() as session:
        session.execute(
            update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.worker == worker,
                                      AnalysisRun.status == "running")
            .values(status="failed", finished_at=now(), error=error[:2000]))


def release(store: Store, run_id: int, worker: str) -> None:
    """Give a run back to the queue (this process is stopping): another one starts it anew."""
    with store.session() as session:
        session.execute(
            update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.worker == worker,
                                      AnalysisRun.status == "running")
            .values(status="queued", worker=None, heartbeat_at=None, step=None, done=0,
                    total=0))


def current(store: Store, study_id: int) -> RunState | None:
    """The study's newest run, whatever its state."""
    with store.read() as session:
        row = session.scalar(select(AnalysisRun).where(AnalysisRun.study_id == study_id)
                             .order_by(AnalysisRun.id.desc()).limit(1))
        return None if row is None else _state(row)


def runs(store: Store, study_id: int, limit: int = 20) -> list[RunState]:
    with store.read() as session:
        rows = session.scalars(select(AnalysisRun).where(AnalysisRun.study_id == study_id)
                               .order_by(AnalysisRun.id.desc()).limit(limit))
        return [_state(row) for row in rows]


def due_studies(store: Store, quiet: timedelta) -> list[int]:
    """Studies with an interview completed after their last run read its interviews, and no
    completion for `quiet` (a burst of completions makes one run), and no run waiting."""
    moment = now()
    with store.read() as session:
        latest = session.execute(
            select(InterviewRow.study_id, func.max(InterviewRow.completed_at))
            .join(Study, Study.id == InterviewRow.study_id)
            .where(InterviewRow.status == "completed", Study.archived_at.is_(None))
            .group_by(InterviewRow.study_id)).all()
        read = dict(session.execute(
            # A run that failed before reading counts as having read what was there then,
            # so a failure is not retried in a loop; the next completion asks again.
            select(AnalysisRun.study_id, func.max(func.coalesce(
                AnalysisRun.interviews_through, AnalysisRun.requested_at)))
            .group_by(AnalysisRun.study_id)).all())
        waiting = set(session.scalars(select(AnalysisRun.study_id).where(
            AnalysisRun.status == "queued")))
        starting = set(session.scalars(select(AnalysisRun.study_id).where(
            AnalysisRun.status == "running", AnalysisRun.interviews_through.is_(None))))
    due = []
    for study_id, completed in latest:
        completed = aware(completed)
        if completed is None or study_id in waiting or study_id in starting:
            continue
        through = aware(read.get(study_id))
        if (through is None or completed > through) and moment - completed >= quiet:
            due.append(study_id)
    return sorted(due)
