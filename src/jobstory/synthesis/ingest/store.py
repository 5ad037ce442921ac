"""Completed interviews from the store, read like `jobstory interview --json` transcripts.

Each completed interview becomes one source with id "interview-<id>" (format "store"), whose
text is the transcript-JSON rendering (`transcript_json.render`), so quotes from the store
are checkable exactly like quotes from files. Interviews still in progress are left out:
their answers may yet be probed and added to.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, Study, TurnRow
from jobstory.synthesis.ingest.transcript_json import parse_interviews
from jobstory.synthesis.sources import Parsed


def read_store(store: Store, study_id: int | None = None) -> list[Parsed]:
    """Every completed interview (of one study, if given), oldest id first."""
    with store.read() as session:
        query = select(InterviewRow).where(InterviewRow.status == "completed")
        if study_id is not None:
            query = query.where(InterviewRow.study_id == study_id)
        interviews = list(session.scalars(query.order_by(InterviewRow.id)))
        if not interviews:
            return []
        ids = [row.id for row in interviews]
        turns: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for start in range(0, len(ids), 500):  # keep IN lists small for every backend
            chunk = ids[start : start + 500]
            rows = session.scalars(
                select(TurnRow)
                .where(TurnRow.interview_id.in_(chunk))
                .order_by(TurnRow.interview_id, TurnRow.seq)
            )
            for turn in rows:
                turns[turn.interview_id].append(
                    {
                        "role": turn.role,
                        "kind": turn.kind,
                        "question_id": turn.question_id,
                        "text": turn.text,
                        "value": turn.value,
                    }
                )
        transcripts = [
            {
                "interview_id": row.id,
                "guide": row.guide,
                "participant": row.participant,
                "turns": turns[row.id],
            }
            for row in interviews
        ]
    parsed = []
    for transcript in transcripts:
        source_id = f"interview-{transcript['interview_id']}"
        parsed.append(parse_interviews(source_id, source_id, [transcript], format="store"))
    return parsed


def study_goal(store: Store, study_id: int) -> str | None:
    """What the study set out to learn, as its guide's description says (None: not said).
    The stored guide is read as stored data: a description that is not text is no goal."""
    with store.read() as session:
        study = session.get(Study, study_id)
        description = (study.guide or {}).get("description") if study is not None else None
    return description if isinstance(description, str) and description.strip() else None


def study_title(store: Store, study_id: int) -> str | None:
    """The study's title, which heads its report (None: no such study)."""
    with store.read() as session:
        study = session.get(Study, study_id)
        return study.title if study is not None else None
