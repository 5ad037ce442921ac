"""Where a quote from a stored interview sits in its transcript page.

Synthesis reads a stored interview as one text (`transcript_json.render`) and cites quotes
as (start, end) offsets into it. The transcript page shows turns, so a link carries the
offsets and this module finds the turn and the span inside it that the page highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, TurnRow
from jobstory.synthesis.ingest.transcript_json import render

_AT = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@dataclass(frozen=True)
class Place:
    turn: int  # index into the interview's turns, in order
    start: int  # offsets inside that turn's text
    end: int


def find_place(store: Store, interview_id: int, at: str | None) -> Place | None:
    """The turn and span of offsets `at` ("START-END"), or None if they name no answer."""
    match = _AT.match(at or "")
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    with store.read() as session:
        row = session.get(InterviewRow, interview_id)
        if row is None:
            return None
        turns = [{"role": t.role, "kind": t.kind, "question_id": t.question_id,
                  "text": t.text, "value": t.value}
                 for t in session.scalars(select(TurnRow).where(
                     TurnRow.interview_id == interview_id).order_by(TurnRow.seq))]
        rendered = {"interview_id": row.id, "guide": row.guide, "participant": row.participant,
                    "turns": turns}
    _text, [spans] = render([rendered])
    for index, (low, high) in enumerate(spans):
        if low <= start < end <= high:
            return Place(turn=index, start=start - low, end=end - low)
    return None
