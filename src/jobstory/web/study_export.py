"""A study's data out: one zip with every transcript (Markdown and JSON) and answers.csv.

answers.csv has one row per participant answer (open or structured): interview, participant,
question id and text, question kind, answer kind (answer, probe reply, ...), the text as
typed, the recorded value, and when it was given. Cells that a spreadsheet would read as a
formula are prefixed with an apostrophe: participant text is untrusted.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from fastapi.responses import Response
from sqlalchemy import select

from jobstory.interview.session import InterviewService, transcript
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, Study, TurnRow
from jobstory.web.accounts import aware

COLUMNS = ["interview", "participant", "email", "question_id", "question", "question_kind",
           "answer_kind", "text", "value", "time"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: Zip entries get a fixed time so the same study gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA) else text


def answers_csv(store: Store, study_id: int) -> str:
    with store.read() as session:
        interviews = {row.id: row for row in session.scalars(
            select(InterviewRow).where(InterviewRow.study_id == study_id))}
        turns = list(session.scalars(
            select(TurnRow).where(TurnRow.interview_id.in_(list(interviews) or [0]),
                                  TurnRow.role == "participant")
            .order_by(TurnRow.interview_id, TurnRow.seq)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for turn in turns:
        interview = interviews[turn.interview_id]
        questions = {q.get("id"): q for q in interview.guide.get("questions", [])}
        question = questions.get(turn.question_id, {})
        person = interview.participant or {}
        moment = aware(turn.created_at)
        writer.writerow([_cell(v) for v in (
            interview.id, person.get("name") or person.get("external_id"), person.get("email"),
            turn.question_id, question.get("text"), question.get("kind"), turn.kind, turn.text,
            turn.value, moment.isoformat(timespec="seconds") if moment else None)])
    return out.getvalue()


def study_zip(store: Store, service: InterviewService, study: Study) -> bytes:
    from jobstory.web.pages import transcript_markdown

    with store.read() as session:
        ids = list(session.scalars(select(InterviewRow.id).where(
            InterviewRow.study_id == study.id).order_by(InterviewRow.id)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text.encode("utf-8"),
                             zipfile.ZIP_DEFLATED)

        for interview_id in ids:
            interview = service.get(interview_id).interview
            add(f"transcripts/interview-{interview_id}.json",
                json.dumps(transcript(interview), ensure_ascii=False, indent=2) + "\n")
            add(f"transcripts/interview-{interview_id}.md",
                transcript_markdown(interview, study.title))
        add("answers.csv", "\ufeff" + answers_csv(store, study.id))
    return buffer.getvalue()


def response(store: Store, service: InterviewService, study: Study) -> Response:
    return Response(study_zip(store, service, study), media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="study-{study.id}-data.zip"',
        "Cache-Control": "no-store",
    })
