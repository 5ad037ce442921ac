"""Spoken answers on the participant's page: upload, transcribe, check, send; and kept audio.

`POST /api/interviews/{token}/recordings` takes one answer's recording (the raw body, with an
`Idempotency-Key` header). The transcript is committed (one `recordings` row) before a byte
of it goes back, and the same key replays that row without transcribing again, so the page
may retry an upload after any network error, as it does answers. Audio is kept in that row
only when the study's `keep_audio` is set; otherwise it never touches the disk: it is decoded
in memory and dropped once transcribed.

With the embedded transcriber the page also sends the recording in pieces while the
participant speaks (`POST /api/interviews/{token}/recordings/pieces`, the answer's key and a
`Piece` index): each is transcribed in the background (`voice/streaming.py`), so when the
whole recording arrives only its last seconds remain to transcribe. Pieces are a head start
held in memory, never the record: the whole recording is still what is uploaded, committed
and (when kept) stored, and a lost piece only costs time.

The participant then checks the text (low-confidence words are marked) and sends it as an
ordinary answer naming the recording; `mark_spoken` stamps that turn's `meta["voice"]` with
the recording and its confidence. It runs after the answer's own commit and before the reply
is sent, and again on a replayed key, so an acknowledged spoken answer is always marked.

Optional server text-to-speech (`JOBSTORY_TTS_BASE_URL`): `POST /api/interviews/{token}/speech`
speaks only words the moderator said in this interview, so the link is no open TTS proxy.
Researchers hear kept audio at `/studies/{study_id}/recordings/{recording_id}`, list it at
`GET /api/studies/{study_id}/recordings`, and set the study's `keep_audio` with
`PUT /api/studies/{study_id}/voice`, or with the form on the study's design page
(`POST /studies/{study_id}/voice`).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, StrictBool
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from jobstory.interview.session import MAX_KEY_CHARS
from jobstory.interview.voice import Transcriber, TranscriptionError
from jobstory.interview.voice.config import SpeechConfig, transcriber_from_env, unavailable
from jobstory.interview.voice.embedded import EmbeddedTranscriber, decode
from jobstory.interview.voice.streaming import Draft, Drafts
from jobstory.store.db import Store
from jobstory.store.tables import ParticipantRow, Recording, Study, TurnRow
from jobstory.untrusted import unsafe_char
from jobstory.web.accounts import Account
from jobstory.web.auth import api_user, csrf_protect, page_user
from jobstory.web.deps import RowId, get_store
from jobstory.web.invitation_access import (
    API_HEADERS,
    PROBLEM_DOC,
    Access,
    lookup,
    problem,
    problem_json,
    store_unavailable,
)
from jobstory.web.problems import STORAGE_FAULTS, Problem
from jobstory.web.studies import StudyNotFound, get_study

log = logging.getLogger("jobstory.web.voice")
router = APIRouter()

#: One answer's recording: 20 MiB is over an hour of Opus at the browser's usual bitrate.
MAX_RECORDING_BYTES = 20 * 1024 * 1024
#: Seconds of silence before hands-free mode ends a turn; the participant can change it.
DEFAULT_PATIENCE_SECONDS = 2.0
#: How often the page sends the recording so far while the participant speaks.
PIECE_SECONDS = 3.0
MAX_SPEECH_CHARS = 2000
_LOCK = threading.Lock()


# --------------------------------------------------------------------------- configuration


def transcriber(request: Request) -> Transcriber | None:
    """The app's transcriber, made from the environment on first use (tests may set it)."""
    state = request.app.state
    if not hasattr(state, "transcriber"):
        with _LOCK:
            if not hasattr(state, "transcriber"):
                try:
                    state.transcriber = transcriber_from_env()
                except ValueError:
                    log.exception("voice answers are off: bad transcriber configuration")
                    state.transcriber = None
    return state.transcriber


def drafts(request: Request) -> tuple[Drafts, ThreadPoolExecutor]:
    """The answers being spoken now, and the one worker that transcribes their pieces (one
    at a time: the model runs one transcription at a time anyway)."""
    state = request.app.state
    if not hasattr(state, "drafts"):
        with _LOCK:
            if not hasattr(state, "drafts"):
                state.piece_worker = ThreadPoolExecutor(1, thread_name_prefix="voice-piece")
                state.drafts = Drafts()
    return state.drafts, state.piece_worker


def speech(request: Request) -> SpeechConfig | None:
    state = request.app.state
    if not hasattr(state, "speech"):
        try:
            state.speech = SpeechConfig.from_env()
        except ValueError:
            log.exception("server speech is off: bad text-to-speech configuration")
            state.speech = None
    return state.speech


def offer(request: Request, study_id: int | None) -> dict[str, Any]:
    """What the page needs to offer voice: whether it can, why not, how it speaks, and
    whether the study keeps recordings (the participant is told before choosing)."""
    found = transcriber(request)
    why = unavailable(found)
    if why is None and isinstance(found, EmbeddedTranscriber) and not found.loaded:
        # Load the model while the participant reads the intro, not on their first answer.
        threading.Thread(target=_warm, args=(found,), daemon=True).start()
    return {"available": why is None, "why": why,
            "tts": "server" if speech(request) is not None else "browser",
            "patience": DEFAULT_PATIENCE_SECONDS, "max_bytes": MAX_RECORDING_BYTES,
            "pieces": PIECE_SECONDS if why is None and isinstance(found, EmbeddedTranscriber)
            else None,
            "keeps_audio": _keeps_audio(get_store(request), study_id)}


def _warm(found: EmbeddedTranscriber) -> None:
    try:
        found.warm()
    except TranscriptionError:
        log.warning("the embedded transcriber could not load", exc_info=True)


# --------------------------------------------------------------------------- store


def recording_for(store: Store, participant_id: int, recording_id: int) -> Recording | None:
    with store.read() as session:
        row = session.get(Recording, recording_id)
        if row is None or row.participant_id != participant_id:
            return None
        session.expunge(row)
        return row


def mark_spoken(store: Store, interview_id: int, key: str, recording: Recording | None) -> None:
    """Stamp the answer stored under `key` as spoken (idempotent: a replay stamps it again)."""
    if recording is None:
        return
    voice = {"recording": recording.id, "confidence": recording.confidence,
             "transcriber": recording.transcriber, "duration": recording.duration,
             "transcript": recording.transcript.get("text", "")}
    with store.session() as session:
        row = session.scalars(select(TurnRow).where(TurnRow.interview_id == interview_id,
                                                    TurnRow.idempotency_key == key.strip())
                              ).first()
        if row is not None and (row.meta or {}).get("voice") != voice:
            session.execute(update(TurnRow).where(TurnRow.id == row.id)
                            .values(meta={**(row.meta or {}), "voice": voice}))


def _stored(store: Store, participant_id: int, key: str) -> Recording | None:
    with store.read() as session:
        row = session.scalars(select(Recording).where(
            Recording.participant_id == participant_id, Recording.idempotency_key == key)
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def _keeps_audio(store: Store, study_id: int | None) -> bool:
    if study_id is None:
        return False
    with store.read() as session:
        return bool(session.scalar(select(Study.keep_audio).where(Study.id == study_id)))


def _reply(row: Recording) -> dict[str, Any]:
    return {"recording": row.id, **row.transcript}


def _save(store: Store, access: Access, key: str, media_type: str | None, audio: bytes,
          found: Transcriber, draft: Draft | None) -> dict[str, Any]:
    """Transcribe (finishing the draft made from its pieces, if any) and commit, or replay
    what the same key stored before."""
    stored = _stored(store, access.participant_id, key)
    if stored is not None:
        return _reply(stored)
    try:
        if draft is not None and isinstance(found, EmbeddedTranscriber):
            transcript = draft.finish(found, decode(audio), audio, found.name)
        else:
            transcript = found.transcribe(audio, filename=_filename(media_type))
    except TranscriptionError as error:
        log.info("recording not transcribed: %s", error)
        raise problem(422, "Recording not understood",
                      "We could not make out any words in that recording. Please record "
                      "it again, or type your answer.", "recording-unreadable") from None
    body = transcript.as_json()
    row = Recording(participant_id=access.participant_id, idempotency_key=key, transcript=body,
                    confidence=body["confidence"], duration=transcript.duration,
                    transcriber=found.name, media_type=media_type,
                    audio=audio if _keeps_audio(store, access.study_id) else None,
                    created_at=datetime.now(UTC))
    try:
        with store.session() as session:
            session.add(row)
            session.flush()
            recording_id = row.id
    except IntegrityError:  # the same key raced in from another tab: replay the winner
        stored = _stored(store, access.participant_id, key)
        assert stored is not None
        return _reply(stored)
    return {"recording": recording_id, **body}


def extension(media_type: str | None) -> str:
    """The file extension of a recording's media type (WebM, the browsers' usual, if unknown)."""
    kind = (media_type or "").split(";")[0].strip().lower()
    return {"audio/webm": "webm", "audio/ogg": "ogg", "audio/wav": "wav", "audio/x-wav": "wav",
            "audio/mp4": "m4a", "audio/mpeg": "mp3"}.get(kind, "webm")


def _filename(media_type: str | None) -> str:
    return f"answer.{extension(media_type)}"


def _key(request: Request) -> str:
    key = request.headers.get("idempotency-key", "").strip()
    if not key or len(key) > MAX_KEY_CHARS or unsafe_char(key) is not None:
        raise problem(400, "Invalid recording", f"Send an Idempotency-Key header of 1 to "
                      f"{MAX_KEY_CHARS} printable characters.", "invalid-recording")
    return key


# --------------------------------------------------------------------------- routes


@router.post("/api/interviews/{token}/recordings", tags=["participant"], openapi_extra={
    "requestBody": {"required": True, "content": {"audio/webm": {}, "audio/ogg": {},
                                                  "audio/wav": {}, "audio/mp4": {}}}},
    responses={
        200: {"description": "The transcript, committed: `recording` (its id, to name in the "
                             "answer), `text`, `confidence`, `words` (each with `low` when "
                             "the participant should check it)"},
        400: {"description": "No Idempotency-Key, or an empty body", **PROBLEM_DOC},
        409: {"description": "Interview completed", **PROBLEM_DOC},
        413: {"description": "Recording over 20 MiB", **PROBLEM_DOC},
        422: {"description": "No words could be made out", **PROBLEM_DOC},
        503: {"description": "Voice unavailable, or the store cannot write now; retry with "
                             "the same key after Retry-After", **PROBLEM_DOC}})
async def upload_recording(token: str, request: Request) -> Response:
    """Transcribe one spoken answer for the participant to check; retry with the same key."""
    store = get_store(request)
    try:
        key = _key(request)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_RECORDING_BYTES:
            raise _too_big()
        found = transcriber(request)
        why = unavailable(found)
        if why is not None or found is None:
            raise problem(503, "Voice unavailable", f"Voice answers cannot be used here "
                          f"({why}). Please type your answer.", "voice-unavailable")
        audio = await request.body()
        if len(audio) > MAX_RECORDING_BYTES:
            raise _too_big()
        if not audio:
            raise problem(400, "Invalid recording", "The recording is empty.",
                          "invalid-recording")
        access = await run_in_threadpool(lookup, store, token)
        if access.interview_status == "completed":
            raise problem(409, "Interview completed", "This interview is complete. Thank "
                          "you for taking part!", "interview-completed")
        draft = drafts(request)[0].pop(access.participant_id, key)
        result = await run_in_threadpool(_save, store, access, key,
                                         request.headers.get("content-type"), audio, found,
                                         draft)
    except Problem as refused:
        return problem_json(refused)
    except STORAGE_FAULTS:
        return problem_json(store_unavailable(
            "Your recording could not be saved just now. It is kept on this device and will "
            "be sent again in a moment."))
    return JSONResponse(result, headers=API_HEADERS)


@router.post("/api/interviews/{token}/recordings/pieces", tags=["participant"],
             status_code=202, responses={
                 202: {"description": "The piece is held and being transcribed"},
                 400: {"description": "No Idempotency-Key or Piece header, or an empty body",
                       **PROBLEM_DOC},
                 413: {"description": "The pieces pass 20 MiB", **PROBLEM_DOC}})
async def upload_piece(token: str, request: Request) -> Response:
    """One piece of an answer still being spoken (`Idempotency-Key`: the answer's key, `Piece`:
    0, 1, 2... in recording order), to be transcribed while the participant goes on. A head
    start only: the answer is saved by uploading the whole recording under the same key."""
    found = transcriber(request)
    try:
        key = _key(request)
        index = request.headers.get("piece", "").strip()
        if not index.isdigit() or int(index) > MAX_RECORDING_BYTES:
            raise problem(400, "Invalid recording", "Send a Piece header: 0 for the first "
                          "piece of an answer, then 1, 2...", "invalid-recording")
        piece = await request.body()
        if not piece:
            raise problem(400, "Invalid recording", "The piece is empty.",
                          "invalid-recording")
        access = await run_in_threadpool(lookup, get_store(request), token)
        if access.interview_status == "completed":
            raise problem(409, "Interview completed", "This interview is complete.",
                          "interview-completed")
    except Problem as refused:
        return problem_json(refused)
    except STORAGE_FAULTS:
        return Response(status_code=202, headers=API_HEADERS)  # the whole upload will do
    if not isinstance(found, EmbeddedTranscriber) or unavailable(found) is not None:
        return Response(status_code=202, headers=API_HEADERS)  # nothing to get ahead on
    held, worker = drafts(request)
    draft = held.get(access.participant_id, key)
    if draft is None:  # the whole recording is already in
        return Response(status_code=202, headers=API_HEADERS)
    if not draft.add(int(index), piece, MAX_RECORDING_BYTES):
        held.pop(access.participant_id, key)
        return problem_json(_too_big())
    worker.submit(draft.advance, found, decode)
    return Response(status_code=202, headers=API_HEADERS)


def _too_big() -> Problem:
    return problem(413, "Recording too long", "That recording is too long to send in "
                   "one piece. Please answer in shorter parts.", "recording-too-long")


def _spoken_here(store: Store, access: Access, text: str) -> bool:
    """Whether the moderator said `text` in this interview (or will, as its first question)."""
    if access.interview_id is None:
        from jobstory.interview import moderator

        said = [moderator.opening(access.guide(), access.participant.values()).text]
    else:
        with store.read() as session:
            said = list(session.scalars(select(TurnRow.text).where(
                TurnRow.interview_id == access.interview_id, TurnRow.role == "moderator")))
    return any(text in turn for turn in said)


@router.post("/api/interviews/{token}/speech", tags=["participant"],
             responses={200: {"content": {"audio/mpeg": {}}}})
async def speak(token: str, request: Request) -> Response:
    """The moderator's words as audio from the configured speech server (if any)."""
    store, config = get_store(request), speech(request)
    try:
        if config is None:
            raise problem(404, "No speech server", "Text to speech runs in your browser.",
                          "no-speech-server")
        body = await request.body()
        text = body.decode("utf-8", "replace").strip()[:MAX_SPEECH_CHARS]
        access = await run_in_threadpool(lookup, store, token)
        if not text or not await run_in_threadpool(_spoken_here, store, access, text):
            raise problem(400, "Not the moderator's words", "Only what the moderator "
                          "said in this interview can be spoken.", "not-spoken-here")
    except Problem as refused:
        return problem_json(refused)
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.post(
                config.base_url + "/audio/speech",
                json={"model": config.model, "voice": config.voice, "input": text,
                      "response_format": "mp3"},
                headers={"Authorization": f"Bearer {config.api_key}"})
    except httpx.HTTPError:
        answer = None
    if answer is None or answer.status_code != 200:
        return problem_json(problem(502, "Speech unavailable", "The voice could not be "
                                    "fetched; the page will use the browser's own voice.",
                                    "speech-unavailable"))
    return Response(answer.content, media_type=answer.headers.get("content-type", "audio/mpeg"),
                    headers=API_HEADERS)


@router.get("/studies/{study_id}/recordings/{recording_id}", include_in_schema=False)
def kept_audio(request: Request, study_id: RowId, recording_id: RowId,
               account: Account = Depends(page_user)) -> Response:
    """A kept recording, for the study's own researchers only (404 for anyone else)."""
    store = get_store(request)
    study = get_study(store, account, study_id)
    with store.read() as session:
        found = session.execute(
            select(Recording.audio, Recording.media_type)
            .join(ParticipantRow, ParticipantRow.id == Recording.participant_id)
            .where(Recording.id == recording_id, ParticipantRow.study_id == study.id)).first()
    if found is None or found.audio is None:
        return Response("No such recording (audio is kept only when the study keeps it).",
                        status_code=404, media_type="text/plain")
    return Response(found.audio, media_type=found.media_type or "application/octet-stream",
                    headers={"Cache-Control": "private, no-store",
                             "Content-Disposition": f'inline; filename="recording-'
                                                    f'{recording_id}"'})


# --------------------------------------------------------------------------- researchers' API


class VoiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Keep what participants say aloud after transcription (default false: delete it).
    keep_audio: StrictBool


def _own_study(request: Request, account: Account, study_id: int) -> Study:
    try:
        return get_study(get_store(request), account, study_id)
    except StudyNotFound:
        raise Problem(404, f"there is no study {study_id} in your workspace") from None


def _settings(request: Request, study: Study) -> dict[str, Any]:
    found = transcriber(request)
    why = unavailable(found)
    return {"keep_audio": bool(study.keep_audio), "voice_available": why is None,
            "why_not": why, "transcriber": None if found is None else found.name}


@router.get("/api/studies/{study_id}/voice", tags=["voice"])
def voice_settings(request: Request, study_id: RowId,
                   account: Account = Depends(api_user)) -> dict[str, Any]:
    """Whether participants can answer aloud here, and whether the study keeps their audio."""
    return _settings(request, _own_study(request, account, study_id))


@router.put("/api/studies/{study_id}/voice", tags=["voice"])
def keep_audio(request: Request, study_id: RowId, settings: VoiceSettings,
               account: Account = Depends(api_user)) -> dict[str, Any]:
    """Keep (or stop keeping) participants' recordings; recordings made before stay as they
    were: what was deleted is gone, what was kept stays until the study is deleted."""
    study = _own_study(request, account, study_id)
    with get_store(request).session() as session:
        session.execute(update(Study).where(Study.id == study.id)
                        .values(keep_audio=settings.keep_audio))
    return _settings(request, _own_study(request, account, study_id))


@router.get("/api/studies/{study_id}/recordings", tags=["voice"])
def list_recordings(request: Request, study_id: RowId,
                    account: Account = Depends(api_user)) -> list[dict[str, Any]]:
    """Every spoken answer's recording in the study: its transcript, confidence, and the URL
    of its audio where the study kept it."""
    study = _own_study(request, account, study_id)
    with get_store(request).read() as session:
        rows = session.execute(
            select(Recording.id, Recording.participant_id, Recording.created_at,
                   Recording.duration, Recording.confidence, Recording.transcriber,
                   Recording.transcript, Recording.audio.is_not(None).label("kept"))
            .join(ParticipantRow, ParticipantRow.id == Recording.participant_id)
            .where(ParticipantRow.study_id == study.id).order_by(Recording.id)).all()
    return [{"id": r.id, "participant_id": r.participant_id,
             "created_at": r.created_at.isoformat(), "duration": r.duration,
             "confidence": r.confidence, "transcriber": r.transcriber,
             "text": r.transcript.get("text", ""),
             "audio_url": f"/studies/{study.id}/recordings/{r.id}" if r.kept else None}
            for r in rows]


@router.post("/studies/{study_id}/voice", include_in_schema=False,
             dependencies=[Depends(csrf_protect)])
def keep_audio_form(request: Request, study_id: RowId, keep_audio: str = Form(""),
                    account: Account = Depends(page_user)) -> Response:
    """The design page's switch: a ticked box keeps recordings from now on."""
    from jobstory.web.pages import flash, redirect

    study = get_study(get_store(request), account, study_id)
    keep = keep_audio == "on"
    with get_store(request).session() as session:
        session.execute(update(Study).where(Study.id == study.id).values(keep_audio=keep))
    flash(request, "Recordings will be kept for your team from now on." if keep else
          "Recordings will be deleted once they are written down, from now on.")
    return redirect(request, f"/studies/{study.id}/design")
