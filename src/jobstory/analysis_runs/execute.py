"""One analysis run: a study's completed interviews -> analysis.json and the report files.

The same pipeline as `jobstory analyze --study ID`, over the interviews committed when the
run starts (archived participants left out). Theme ids stay stable from the last good run,
and the researcher's accepted and corrected units are handed to the coder as labelled
examples (`jobstory.learning.teach`, through `jobstory.synthesis.code.LEARNED`). Nothing is
written here: the caller stores the outputs with the run's row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from jobstory.learning.teach import study_coder, taught
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, ParticipantRow
from jobstory.synthesis.embed import Embedder
from jobstory.web.accounts import aware

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Outputs:
    analysis: dict[str, Any]
    result: str
    report_html: str
    report_md: str


def included_interviews(store: Store, study_id: int) -> tuple[set[int], datetime | None]:
    """Ids of the study's completed interviews whose participant is not archived, and the
    latest completion among all completed ones (what the run has seen)."""
    with store.read() as session:
        rows = session.execute(
            select(InterviewRow.id, ParticipantRow.archived_at)
            .outerjoin(ParticipantRow, ParticipantRow.id == InterviewRow.participant_id)
            .where(InterviewRow.study_id == study_id, InterviewRow.status == "completed")).all()
        through = session.scalar(select(func.max(InterviewRow.completed_at)).where(
            InterviewRow.study_id == study_id, InterviewRow.status == "completed"))
    return {row_id for row_id, archived in rows if archived is None}, aware(through)


def previous_members(result: str | None) -> dict[str, list[str]]:
    """Theme id -> member segment ids of an earlier result, to keep theme ids stable."""
    if not result:
        return {}
    try:
        earlier = json.loads(result)
    except ValueError:
        return {}
    members: dict[str, list[str]] = defaultdict(list)
    for segment in earlier.get("segments", []):
        for theme_id in segment.get("themes", []):
            members[theme_id].append(segment["id"])
    return dict(members)


def run_analysis(store: Store, study_id: int, *, interviews: set[int],
                 previous: str | None, embedder: Embedder | None,
                 progress: Progress) -> Outputs:
    from jobstory.synthesis.ingest.store import read_store, study_goal, study_title
    from jobstory.synthesis.pipeline import Inputs, analyse
    from jobstory.synthesis.report import analysis_json, render_html, render_markdown

    from jobstory.synthesis.embed import default_embedder

    progress("reading", 0, 1)
    parsed = [p for p in read_store(store, study_id)
              if int(p.source.id.removeprefix("interview-")) in interviews]
    progress("reading", 1, 1)
    encoder = embedder or default_embedder()
    with taught(study_coder(store, study_id, encoder)):
        analysis = analyse(Inputs(parsed, []), paths=[f"study:{study_id}"], embedder=encoder,
                           previous=previous_members(previous), progress=progress,
                           goal=study_goal(store, study_id),
                           title=study_title(store, study_id))
    progress("report", 0, 1)
    outputs = Outputs(analysis=analysis, result=analysis_json(analysis),
                      report_html=render_html(analysis), report_md=render_markdown(analysis))
    progress("report", 1, 1)
    return outputs
