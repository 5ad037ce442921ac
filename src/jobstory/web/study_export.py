"""A study's data out: one zip with every transcript (Markdown and JSON) and answers.csv.

answers.csv has one row per participant answer (open or structured): interview, participant,
question id and text, question kind, answer kind (answer, probe reply, ...), the text as
typed, the recorded value, and when it was given. Cells that a spreadsheet would read as a
formula are prefixed with an apostrophe: participant text is untrusted.

Where participants answered aloud, recordings/manifest.csv lists every recording: which
interview, participant, question and answer it belongs to, what was heard, its confidence,
and its audio file in recordings/ when the study kept audio (otherwise it says the audio was
deleted after transcription). A recording never sent as an answer (recorded again, or typed
instead) is listed as such: it was said, so it is not hidden.
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
from jobstory.store.tables import InterviewRow, ParticipantRow, Recording, Study, TurnRow
from jobstory.web.accounts import aware
from jobstory.web.voice import extension

COLUMNS = ["interview", "participant", "email", "question_id", "question", "question_kind",
           "answer_kind", "text", "value", "time"]
RECORDING_COLUMNS = ["recording", "audio_file", "interview", "participant", "question_id",
                     "question", "answer_turn", "sent_as_answer", "heard", "confidence",
                     "seconds", "recorded_at"]
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


def recordings(store: Store, study_id: int) -> tuple[str, dict[str, bytes]]:
    """The manifest (CSV, empty when nobody answered aloud) and the kept audio by file name."""
    with store.read() as session:
        rows = list(session.execute(
            select(Recording, ParticipantRow)
            .join(ParticipantRow, ParticipantRow.id == Recording.participant_id)
            .where(ParticipantRow.study_id == study_id).order_by(Recording.id)).all())
        if not rows:
            return "", {}
        interviews = {row.id: row for row in session.scalars(
            select(InterviewRow).where(InterviewRow.study_id == study_id))}
        answered: dict[int, TurnRow] = {}
        for turn in session.scalars(select(TurnRow).where(
                TurnRow.interview_id.in_(list(interviews) or [0]),
                TurnRow.role == "participant").order_by(TurnRow.id)):
            voice = (turn.meta or {}).get("voice") or {}
            if isinstance(voice.get("recording"), int):
                answered.setdefault(voice["recording"], turn)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORDING_COLUMNS)
    files: dict[str, bytes] = {}
    for recording, person in rows:
        turn = answered.get(recording.id)
        interview = interviews.get(turn.interview_id) if turn is not None else None
        question: dict[str, Any] = {}
        if interview is not None and turn is not None:
            question = next((q for q in interview.guide.get("questions", [])
                             if q.get("id") == turn.question_id), {})
        name = None
        if recording.audio is not None:
            name = f"recordings/recording-{recording.id}.{extension(recording.media_type)}"
            files[name] = recording.audio
        moment = aware(recording.created_at)
        writer.writerow([_cell(v) for v in (
            recording.id, name or "(deleted after transcription)",
            interview.id if interview is not None else None,
            person.name or person.external_id, turn.question_id if turn else None,
            question.get("text"), turn.seq if turn else None, "yes" if turn else
            "no (recorded again, or typed instead)", recording.transcript.get("text", ""),
            recording.confidence, round(recording.duration, 2),
            moment.isoformat(timespec="seconds") if moment else None)])
    return out.getvalue(), files


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
        manifest, audio = recordings(store, study.id)
        if manifest:
            add("recordings/manifest.csv", "\ufeff" + manifest)
        for name, data in audio.items():  # already compressed: stored as they are
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_STORED)
    return buffer.getvalue()


def response(store: Store, service: InterviewService, study: Study) -> Response:
    return Response(study_zip(store, service, study), media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="study-{study.id}-data.zip"',
        "Cache-Control": "no-store",
    })
