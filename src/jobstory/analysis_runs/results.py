"""Reading a study's analysis: the last good run's outputs, with decisions applied.

A failed or unfinished run never hides the last good one: readers always get the newest run
that finished (`status == "done"`), whose outputs were stored in the commit that finished it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from jobstory.learning.events import active, list_decisions
from jobstory.learning.replay import apply_decisions
from jobstory.store.db import Store
from jobstory.store.tables import AnalysisRun


def last_good_run(store: Store, study_id: int) -> AnalysisRun | None:
    with store.read() as session:
        return session.scalar(select(AnalysisRun).where(
            AnalysisRun.study_id == study_id, AnalysisRun.status == "done")
            .order_by(AnalysisRun.id.desc()).limit(1))


def raw_analysis(store: Store, study_id: int) -> dict[str, Any] | None:
    """The last good run's analysis.json exactly as computed (no decisions applied)."""
    run = last_good_run(store, study_id)
    return None if run is None or not run.result else json.loads(run.result)


def latest_analysis(store: Store, study_id: int) -> dict[str, Any] | None:
    """The last good run's analysis of the study with the researcher's decisions applied;
    None when no run has finished yet.

    The dict is analysis.json's (see `jobstory.synthesis.pipeline.analyse`) plus `run`
    (id, finished_at), `decisions` (each with status "applied" or "stale" and why),
    `rejected_job_stories` and `rejected_quotes`. It does not check that `study_id` is in
    the caller's workspace: callers do that first.
    """
    run = last_good_run(store, study_id)
    if run is None or not run.result:
        return None
    corrected = apply_decisions(json.loads(run.result), active(list_decisions(store, study_id)))
    corrected["run"] = {"id": run.id, "finished_at": run.finished_at.isoformat()
                        if run.finished_at else None, "interviews": run.interviews}
    return corrected
