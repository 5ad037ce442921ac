"""The participant's side: the personalised interview page `/i/{token}` and its JSON/SSE API.

The invitation token is the participant's only credential (`invitation_access.py` resolves it).
Unknown tokens answer 404, revoked or expired ones 410 (a friendly page for people,
`application/problem+json` for the API).

When does an interview start? Opening the page (or reading the API state) only records
`invitation.opened_at`, the first time; the interview row is created by the participant's
*first answer*, through `InterviewService.start` (idempotent per participant, so racing first
answers still make one interview). The researcher dashboard can therefore tell "opened the link"
from "started answering". Until then the page shows the first question as the guide would ask it.

An answer is acknowledged only after it and the moderator's reply are committed: the service
commits before it returns, and this module sends no byte (not even SSE headers) before that.
With `Accept: text/event-stream` the reply streams as `delta` events (word by word) and ends
with one `turn` event carrying the whole turn JSON. A repeated idempotency key replays the
stored reply, so a client may retry after any network error (the same key with another answer
is a 409). When the store cannot write (disk full, read-only file, database down) an answer is
a 503 with Retry-After, and the page keeps the answer and sends it again; reading the interview
still works, since recording `opened_at` is only best-effort.

Voice answers (see `voice.py` beside this module): the page uploads each spoken answer to
`POST /api/interviews/{token}/recordings` with an `Idempotency-Key`; the transcript (with its
confidence and the words to check) is committed before it is returned, and a retried upload
replays it. The participant checks or fixes the text and sends it as an ordinary answer that
names the recording: the stored turn is then marked as spoken, with its confidence.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from jobstory import __version__
from jobstory.domain import Guide, Question, QuestionKind, Turn, render_text
from jobstory.interview import moderator
from jobstory.interview.session import (
    MAX_ANSWER_CHARS,
    MAX_KEY_CHARS,
    AnswerRejected,
    IdempotencyConflict,
    InterviewBusy,
    InterviewCompleted,
    InterviewNotFound,
    InterviewService,
)
from jobstory.shown import finalize
from jobstory.store.db import Store
from jobstory.untrusted import unsafe_char
from jobstory.web.deps import get_service, get_store
from jobstory.web.invitation_access import (
    API_HEADERS,
    PROBLEM_DOC,
    Access,
    lookup,
    not_found,
    problem,
    problem_json,
    store_unavailable,
)
from jobstory.web.problems import STORAGE_FAULTS, Problem
from jobstory.web.titles import participant_title

log = logging.getLogger("jobstory.web.participant")
router = APIRouter()

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.finalize = finalize

MAX_BODY_BYTES = 256 * 1024
DEFAULT_INTRO = (
    "Hi {name|there}! Thank you for taking part. There are no right or wrong answers: we want "
    "your story, in your own words."
)
#: Words per network write. Each word is its own `delta` event; the reply is complete when it
#: is committed (the embedded moderator does not generate token by token), so writing every
#: word separately would only cost the server and the client a syscall and a chunk apiece.
WORDS_PER_WRITE = 8

# Participant pages hold a credential in their URL: never leak it in a Referer, never cache it,
# never let it be framed, and run only our own scripts (no inline script, no CDN). Recorded
# answers play back from blob: URLs (server text-to-speech), hence media-src.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; media-src 'self' blob:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    # The microphone for spoken answers, on this page only (the site's default denies it).
    "Permissions-Policy": "camera=(), microphone=(self), geolocation=(), payment=(), usb=()",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
# --------------------------------------------------------------------------- turn JSON


def question_json(question: Question) -> dict[str, Any]:
    """What a client needs to draw the question's widget."""
    labels = None
    if question.kind is QuestionKind.SCALE:
        labels = {str(k): v for k, v in sorted((question.labels or {}).items())}
    return {
        "id": question.id,
        "kind": question.kind.value,
        "options": list(question.options) if question.options else None,
        "min": question.scale_min if question.kind is QuestionKind.SCALE else None,
        "max": question.scale_max if question.kind is QuestionKind.SCALE else None,
        "labels": labels,
        "help": question.help,
    }


def widget_for(turn: Turn, guide: Guide) -> str | None:
    """The input a moderator turn wants: probes take free text, re-asks repeat the question's."""
    if turn.role != "moderator" or turn.kind == "closing" or turn.question_id is None:
        return None
    if turn.kind == "probe":
        return QuestionKind.OPEN.value
    try:
        return guide.question(turn.question_id).kind.value
    except KeyError:
        return QuestionKind.OPEN.value


def turn_json(turn: Turn, seq: int, guide: Guide) -> dict[str, Any]:
    data: dict[str, Any] = {"seq": seq, "role": turn.role, "kind": turn.kind,
                            "question_id": turn.question_id, "text": turn.text}
    if turn.role == "participant":
        data["value"] = turn.value
        data["skipped"] = bool(turn.meta.get("skipped"))
        return data
    question = None
    if turn.question_id is not None:
        try:
            question = question_json(guide.question(turn.question_id))
        except KeyError:
            question = None
    data["question"] = question
    data["widget"] = widget_for(turn, guide)
    return data


def state_json(service: InterviewService, access: Access) -> dict[str, Any]:
    """The whole interview as the participant may see it (no scores, no internal notes)."""
    guide = access.guide()
    values = access.participant.values()
    intro = render_text(guide.intro or DEFAULT_INTRO, values)
    title = participant_title(access.participant_title, guide, values)
    if access.interview_id is None:
        opening = moderator.opening(guide, values)
        return {"status": "not_started", "title": title, "intro": intro, "turns": [],
                "next": turn_json(opening, 1, guide), "max_answer_chars": MAX_ANSWER_CHARS}
    state = service.get(access.interview_id)
    guide = state.interview.guide
    turns = [turn_json(t, i, guide) for i, t in enumerate(state.interview.turns, start=1)]
    pending = turns[-1] if state.pending is not None and turns else None
    return {"status": state.interview.status, "title": title, "intro": intro, "turns": turns,
            "next": pending, "max_answer_chars": MAX_ANSWER_CHARS}


# --------------------------------------------------------------------------- answering


AnswerValue = StrictStr | StrictInt | list[StrictStr]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: AnswerValue
    idempotency_key: Annotated[StrictStr, Field(min_length=1, max_length=MAX_KEY_CHARS)]
    #: Optional: the `seq` of the moderator turn this answers. A stale tab or device whose
    #: question was already answered elsewhere gets 409 instead of answering the next question.
    reply_to: StrictInt | None = None
    #: Optional: the id of the recording this answer was spoken as (after the participant has
    #: checked its transcript); the stored turn is then marked as voice, with its confidence.
    recording: StrictInt | None = None


def _answer_length(answer: Any) -> int:
    if isinstance(answer, list):
        return sum(len(a) for a in answer)
    return len(str(answer))


def _parse_answer(body: bytes) -> AnswerIn:
    if len(body) > MAX_BODY_BYTES:
        raise _too_long()
    try:
        payload = AnswerIn.model_validate_json(body)
    except ValidationError as error:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if not isinstance(p, int))
        detail = "Send JSON like {\"answer\": \"...\", \"idempotency_key\": \"...\"}"
        if first.get("type") == "json_invalid":
            detail = "The request body is not valid JSON. " + detail
        elif where:
            detail = f"{where}: {first.get('msg', 'invalid')}. " + detail
        raise problem(400, "Invalid answer", detail, "invalid-answer") from None
    if isinstance(payload.answer, list) and len(payload.answer) > 100:
        raise problem(400, "Invalid answer", "An answer can list at most 100 items.",
                      "invalid-answer")
    if _answer_length(payload.answer) > MAX_ANSWER_CHARS:
        raise _too_long()
    if not payload.idempotency_key.strip():
        raise problem(400, "Invalid answer", "idempotency_key must not be blank.",
                      "invalid-answer")
    if unsafe_char(payload.idempotency_key) is not None:
        raise problem(400, "Invalid answer", "idempotency_key must not contain control "
                      "characters.", "invalid-answer")
    char = unsafe_char(moderator.answer_text(payload.answer))
    if char is not None:
        raise problem(400, "Invalid answer",
                      f"Your answer contains a control character (U+{ord(char):04X}) that "
                      "cannot be saved. Remove it and send your answer again.", "invalid-answer")
    return payload


def _too_long() -> Problem:
    return problem(413, "Answer too long",
                   f"That answer is over {MAX_ANSWER_CHARS:,} characters. Could you shorten it, "
                   "or split it over a few messages?", "answer-too-long")


def _check_reply_to(access: Access, reply_to: int) -> None:
    """409 when the client answers a turn that is no longer the pending one (and not a replay)."""
    if access.replay_seq is None and access.latest_seq is not None \
            and access.latest_seq != reply_to:
        raise problem(409, "Question already answered",
                      "This question was already answered, perhaps in another tab or on another "
                      "device. Reload the page to continue where you left off.",
                      "stale-turn")


def submit(store: Store, service: InterviewService, token: str, payload: AnswerIn
           ) -> dict[str, Any]:
    """Start the interview if needed, store the answer and reply durably, return the reply JSON."""
    access = lookup(store, token, key=payload.idempotency_key)
    interview_id = access.interview_id
    if interview_id is None:
        state = service.start(access.guide(), access.participant, study_id=access.study_id,
                              participant_id=access.participant_id)
        interview_id = state.id
        guide = state.interview.guide
    else:
        guide = access.guide()
    if payload.reply_to is not None:
        _check_reply_to(access, payload.reply_to)
    from jobstory.web import voice  # voice imports this module

    recording = None
    if payload.recording is not None:
        recording = voice.recording_for(store, access.participant_id, payload.recording)
        if recording is None:
            raise problem(400, "Invalid answer", "recording: no such recording for this "
                          "interview. Record your answer again, or type it.", "invalid-answer")
    try:
        reply = service.answer(interview_id, payload.answer, payload.idempotency_key)
    except InterviewCompleted:
        raise problem(409, "Interview completed",
                      "This interview is complete and its answers can no longer change. "
                      "Thank you for taking part!", "interview-completed") from None
    except InterviewNotFound:
        raise not_found() from None
    except IdempotencyConflict as error:
        raise problem(409, "Idempotency key reused", str(error)[:1].upper() + str(error)[1:]
                      + ".", "idempotency-key-reused") from None
    except InterviewBusy:
        raise problem(503, "Busy", "The interview is busy; please try again.", "busy",
                      headers={"Retry-After": "1"}) from None
    except AnswerRejected as error:
        raise problem(400, "Answer rejected", str(error), "answer-rejected") from None
    seq = reply.seq or 0
    if payload.recording is not None:
        voice.mark_spoken(store, interview_id, payload.idempotency_key, recording)
    status = "completed" if reply.kind == "closing" else "started"
    return {"turn": turn_json(reply, seq, guide), "status": status}


_CHUNK = re.compile(r"\s*\S+\s*|\s+")


def _sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


async def _stream(result: dict[str, Any]) -> AsyncIterator[bytes]:
    words = _CHUNK.findall(result["turn"]["text"])
    for start in range(0, len(words), WORDS_PER_WRITE):
        yield b"".join(_sse("delta", {"text": word})
                       for word in words[start:start + WORDS_PER_WRITE])
    yield _sse("turn", result)


def _wants_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


# --------------------------------------------------------------------------- routes


_READ_LATER = ("Your interview cannot be loaded just now. Nothing you have written is lost: "
               "please try again in a minute.")


@router.get("/api/interviews/{token}", tags=["participant"], responses={
    404: {"description": "Unknown token", **PROBLEM_DOC},
    410: {"description": "Invitation revoked or expired", **PROBLEM_DOC}})
async def interview_state(token: str, request: Request) -> Response:
    """The participant's interview: status, intro, every turn so far, and the pending turn.

    Reading does not start the interview; the first answer does.
    """
    store, service = get_store(request), get_service(request)

    def read() -> dict[str, Any]:
        try:
            return state_json(service, lookup(store, token))
        except STORAGE_FAULTS:
            raise store_unavailable(_READ_LATER) from None

    try:
        state = await run_in_threadpool(read)
    except Problem as refused:
        return problem_json(refused)
    return JSONResponse(state, headers=API_HEADERS)


@router.post("/api/interviews/{token}/answers", tags=["participant"], openapi_extra={
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": AnswerIn.model_json_schema()}}}},
    responses={
        200: {"description": "The moderator's next turn, after the answer is durably stored; "
                             "with `Accept: text/event-stream`, `delta` events then a `turn` "
                             "event", "content": {"text/event-stream": {}}},
        400: {"description": "Invalid body", **PROBLEM_DOC},
        409: {"description": "Interview completed, the turn was already answered, or the "
                             "idempotency key was used for another answer", **PROBLEM_DOC},
        410: {"description": "Invitation revoked or expired", **PROBLEM_DOC},
        413: {"description": "Answer over 10,000 characters", **PROBLEM_DOC},
        503: {"description": "The answer cannot be stored right now (disk full, read-only or "
                             "unreachable database); send it again with the same key after "
                             "Retry-After", **PROBLEM_DOC}})
async def post_answer(token: str, request: Request) -> Response:
    """Answer the pending turn. Retrying with the same `idempotency_key` replays the reply."""
    store, service = get_store(request), get_service(request)
    length = request.headers.get("content-length")
    try:
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise _too_long()
        payload = _parse_answer(await request.body())
        result = await run_in_threadpool(submit, store, service, token, payload)
    except Problem as refused:
        return problem_json(refused)
    except STORAGE_FAULTS:
        return problem_json(store_unavailable(
            "Your answer could not be saved just now. It is kept on this device and will be "
            "sent again in a moment."))
    # Everything above has committed: only now does the first byte go out.
    if _wants_stream(request):
        return StreamingResponse(
            _stream(result), media_type="text/event-stream",
            headers={**API_HEADERS, "Cache-Control": "no-cache, no-store",
                     "X-Accel-Buffering": "no"},
        )
    return JSONResponse(result, headers=API_HEADERS)


def _asset(request: Request, name: str) -> str:
    """A static file's URL with the release in its query (as on the researcher's pages): the
    page's scripts share one namespace, so a browser must never mix two releases' files."""
    try:
        path = str(request.url_for("static", path=name).path)
    except Exception:  # noqa: BLE001 - an app without a `static` mount still gets a sane URL
        path = f"/static/{name}"
    return f"{path}?v={__version__}"


@router.get("/i/{token}", response_class=HTMLResponse, include_in_schema=False)
async def interview_page(token: str, request: Request) -> Response:
    store, service = get_store(request), get_service(request)

    def read() -> tuple[Access, dict[str, Any]]:
        try:
            access = lookup(store, token)
            return access, state_json(service, access)
        except STORAGE_FAULTS:
            raise store_unavailable(_READ_LATER) from None

    try:
        access, state = await run_in_threadpool(read)
    except Problem as refused:
        return templates.TemplateResponse(
            request, "participant_error.html",
            {"problem": refused, "css": _asset(request, "interview.css")},
            status_code=refused.status, headers={**PAGE_HEADERS, **refused.headers},
        )
    from jobstory.web import voice  # voice imports this module

    offer = await run_in_threadpool(voice.offer, request, access.study_id)
    boot = {"token": token, "api": f"/api/interviews/{token}", **state, "voice": offer}
    return templates.TemplateResponse(
        request, "participant.html",
        {"state": state, "boot": boot, "name": access.participant.name,
         "css": _asset(request, "interview.css"), "js": _asset(request, "interview.js"),
         "common_js": _asset(request, "common.js"), "widgets_js": _asset(request, "widgets.js"),
         "voice_js": _asset(request, "voice.js"), "talk_js": _asset(request, "talk.js")},
        headers=PAGE_HEADERS,
    )
