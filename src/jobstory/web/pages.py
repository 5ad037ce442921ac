"""The researcher's HTML pages: the helpers every page uses, sign in, studies, transcripts.

Server-rendered with Jinja2 (autoescaped: participant text is never marked safe). Every form
that changes something carries the session's CSRF token, checked by the router's dependency.
A study's own page and its participants are in `participant_pages`, its guide's design in
`design_pages`; they render through the helpers here (`render`, `redirect`, `flash`,
`error_page`, `public_base`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from jobstory import __version__
from jobstory.domain import QuestionKind
from jobstory.guides import GuideError
from jobstory.interview.session import InterviewNotFound, transcript
from jobstory.shown import finalize, markdown_text
from jobstory.store.tables import InterviewRow
from jobstory.untrusted import check_text
from jobstory.web import customers, studies
from jobstory.web.accounts import Account, authenticate, normalise_email
from jobstory.web.auth import (
    commit_session,
    csrf_protect,
    csrf_token,
    login_redirect_target,
    page_user,
    read_session,
    session_account,
    session_changed,
    sign_in,
    sign_out,
)
from jobstory.web.deps import RowId
from jobstory.web.quote_places import find_place
from jobstory.web.throttle import waiting_time

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.finalize = finalize
POLL_SECONDS = 4

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


# --- rendering helpers -------------------------------------------------------------------


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def _day(value: datetime | None) -> str:
    return _when(value)[:11] if value else ""


def _fields(text: str) -> Markup:
    """Question text with its `{field}` placeholders marked up; everything else escaped."""
    parts: list[Markup] = []
    last = 0
    for match in studies.PLACEHOLDER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<span class="ph">{}</span>').format(match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


templates.env.filters["when"] = _when
templates.env.filters["day"] = _day
templates.env.filters["fields"] = _fields
templates.env.globals["KIND_LABELS"] = {k.value: v for k, v in studies.KIND_LABELS.items()}
templates.env.globals["KINDS"] = [k.value for k in QuestionKind]
templates.env.globals["STATUSES"] = customers.STATUSES
templates.env.globals["asset_version"] = __version__


def public_base(request: Request) -> str:
    """Where participants reach this server: the configured base URL, else this request's."""
    configured = getattr(request.app.state, "base_url", None)
    return (configured or str(request.base_url)).rstrip("/")


def flash(request: Request, text: str, level: str = "ok") -> None:
    data = read_session(request)
    data.setdefault("flash", []).append([level, text[:300]])
    session_changed(request)


def _pop_flashes(request: Request) -> list[list[str]]:
    data = read_session(request)
    messages = data.pop("flash", [])
    if messages:
        session_changed(request)
    return messages if isinstance(messages, list) else []


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200, fragment: bool = False) -> HTMLResponse:
    """A page (or, with `fragment`, a polled piece of one, which leaves flash messages be).

    A context that names the `account` itself saves looking it up in the store.
    """
    full = {
        "csrf_token": csrf_token(request),
        "flashes": [] if fragment else _pop_flashes(request),
        "smtp_enabled": bool(getattr(request.app.state, "smtp_url", None)),
        **(context or {}),
    }
    if "account" not in full:
        full["account"] = session_account(request)
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    commit_session(request, response)
    return response


def redirect(request: Request, url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    commit_session(request, response)
    return response


def error_page(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", {"title": title, "message": message},
                  status_code=status_code)


def unavailable_page(request: Request) -> HTMLResponse:
    """503 for a store that cannot serve; it looks up no account, as that would fail too."""
    return render(request, "error.html", {
        "account": None, "title": "Temporarily unavailable",
        "message": "The database cannot be read or written right now (the disk may be full). "
                   "Nothing saved has been lost; please try again in a minute.",
    }, status_code=503)


# --- sign in / out -----------------------------------------------------------------------


@router.get("/")
def home(request: Request) -> Response:
    return redirect(request, "/studies" if session_account(request) else "/login")


@router.get("/login")
def login_form(request: Request, next: str = "/studies") -> Response:
    if session_account(request) is not None:
        return redirect(request, login_redirect_target(next))
    return render(request, "login.html", {"next": login_redirect_target(next), "email": ""})


@router.post("/login")
def login(request: Request, email: str = Form(""), password: str = Form(""),
          next: str = Form("/studies")) -> Response:
    throttle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    check_text(email, "email")  # it is looked up and throttled by: PostgreSQL refuses a NUL
    who = normalise_email(email)
    target = login_redirect_target(next)
    wait = throttle.blocked(client, who)
    if wait:
        response = render(request, "login.html", {
            "next": target, "email": email,
            "error": f"Too many failed attempts. Try again in {waiting_time(wait)}.",
        }, status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    account = authenticate(request.app.state.store, email, password) if who and password \
        else None
    if account is None:
        throttle.failed(client, who)
        return render(request, "login.html", {
            "next": target, "email": email,
            "error": "That email and password don't match an account.",
        }, status_code=401)
    throttle.succeeded(client, who)
    sign_in(request, account)
    return redirect(request, target)


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    sign_out(request, response)
    return response


# --- studies -----------------------------------------------------------------------------


def _studies_page(request: Request, account: Account, *, form: dict[str, Any] | None = None,
                  status_code: int = 200) -> HTMLResponse:
    store = request.app.state.store
    rows = studies.list_studies(store, account)
    counts = customers.study_progress(store, [s.id for s in rows])
    listing = []
    for study in rows:
        guide = studies.study_guide(study)
        listing.append({"study": study, "guide": guide, "progress": counts[study.id]})
    return render(request, "studies.html", {
        "listing": listing, "archived": studies.list_studies(store, account, archived=True),
        "builtins": studies.builtin_catalogue(),
        "form": form or {"guide": "jtbd-switch", "title": ""},
    }, status_code=status_code)


@router.get("/studies")
def studies_page(request: Request, account: Account = Depends(page_user)) -> Response:
    return _studies_page(request, account)


@router.post("/studies")
def create_study(request: Request, account: Account = Depends(page_user),
                 title: str = Form(""), guide: str = Form("jtbd-switch"),
                 guide_file: UploadFile | None = File(None)) -> Response:
    """`guide` is a built-in guide's name, or `upload` for the YAML in `guide_file`."""
    form: dict[str, Any] = {"guide": guide, "title": title}
    try:
        if guide == "upload":
            if guide_file is None or not guide_file.filename:
                form["errors"] = {"guide_file": ["Choose a YAML file to upload."]}
                return _studies_page(request, account, form=form, status_code=422)
            data = guide_file.file.read(studies.MAX_GUIDE_BYTES + 1)
            chosen = studies.guide_from_upload(data, Path(guide_file.filename).name)
        else:
            chosen = studies.guide_from_json(guide)
        study_id = studies.create_study(request.app.state.store, account, title, chosen)
    except GuideError as error:
        form["errors"] = {"guide_file" if guide == "upload" else "guide": error.problems}
        return _studies_page(request, account, form=form, status_code=422)
    except studies.FormErrors as error:
        form["errors"] = {k: [v] for k, v in error.errors.items()}
        return _studies_page(request, account, form=form, status_code=422)
    flash(request, "Study created. Review the questions, then invite participants.")
    return redirect(request, f"/studies/{study_id}/design")


# --- transcripts -------------------------------------------------------------------------


def _interview(request: Request, account: Account, study_id: int, interview_id: int
               ) -> tuple[Any, Any]:
    """(study, Interview) if the interview belongs to this workspace's study; else 404s."""
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    with store.read() as session:
        row = session.get(InterviewRow, interview_id)
        if row is None or row.study_id != study.id:
            raise InterviewNotFound(interview_id)
        meta = {"created_at": row.created_at, "updated_at": row.updated_at,
                "completed_at": row.completed_at, "participant_id": row.participant_id}
    state = request.app.state.service.get(interview_id)
    return study, (state.interview, meta)


def _transcript_context(interview: Any) -> dict[str, Any]:
    guide = interview.guide
    texts = {q.id: q for q in guide.questions}
    return {"interview": interview, "questions": texts, "turn_count": len(interview.turns)}


@router.get("/studies/{study_id}/interviews/{interview_id}")
def interview_page(request: Request, study_id: RowId, interview_id: RowId,
                   at: str | None = None, account: Account = Depends(page_user)) -> Response:
    """`at` ("START-END", from a quote in the analysis) highlights that quote."""
    study, (interview, meta) = _interview(request, account, study_id, interview_id)
    place = find_place(request.app.state.store, interview_id, at) if at else None
    return render(request, "interview.html", {
        "study": study, "meta": meta, "poll_seconds": POLL_SECONDS, "place": place,
        **_transcript_context(interview),
    })


@router.get("/studies/{study_id}/interviews/{interview_id}/turns")
def interview_turns(request: Request, study_id: RowId, interview_id: RowId,
                    account: Account = Depends(page_user)) -> Response:
    """The transcript fragment the page polls for while the interview is live."""
    study, (interview, meta) = _interview(request, account, study_id, interview_id)
    response = render(request, "_transcript.html", {
        "study": study, "meta": meta, **_transcript_context(interview),
    }, fragment=True)
    response.headers["X-Interview-Status"] = interview.status
    response.headers["X-Turn-Count"] = str(len(interview.turns))
    return response


@router.get("/studies/{study_id}/interviews/{interview_id}/transcript.json")
def transcript_json(request: Request, study_id: RowId, interview_id: RowId,
                    account: Account = Depends(page_user)) -> Response:
    _study, (interview, _meta) = _interview(request, account, study_id, interview_id)
    body = json.dumps(transcript(interview), ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="interview-{interview_id}.json"',
    })


def transcript_markdown(interview: Any, study_title: str) -> str:
    """A readable transcript: one section per question, moderator and participant turns.

    Everything that came from people (names, answers, titles, questions) is escaped.
    """
    data = transcript(interview)
    participant = data["participant"]
    who = markdown_text(participant.get("name") or participant.get("email") or "Participant",
                        one_line=True)
    lines = [f"# Interview {data['interview_id']}: {markdown_text(study_title, one_line=True)}",
             "", f"- Participant: {who}"]
    if participant.get("email") and participant.get("name"):
        lines.append(f"- Email: {markdown_text(participant['email'], one_line=True)}")
    if participant.get("external_id"):
        lines.append(f"- External id: {markdown_text(participant['external_id'], one_line=True)}")
    lines += [f"- Guide: {markdown_text(data['guide'], one_line=True)}",
              f"- Status: {data['status']}", ""]
    titles = {q["id"]: q["text"] for q in data["questions"]}
    current = object()
    for turn in data["turns"]:
        if turn["question_id"] != current and turn["question_id"] is not None:
            current = turn["question_id"]
            lines += [f"## {markdown_text(titles.get(current, current), one_line=True)}", ""]
        speaker = "Moderator" if turn["role"] == "moderator" else who
        label = f" ({turn['kind']})" if turn["kind"] in {"probe", "reask"} else ""
        lines += [f"**{speaker}{label}:** {markdown_text(turn['text'])}", ""]
    return "\n".join(lines).rstrip() + "\n"


@router.get("/studies/{study_id}/interviews/{interview_id}/transcript.md")
def transcript_md(request: Request, study_id: RowId, interview_id: RowId,
                  account: Account = Depends(page_user)) -> Response:
    study, (interview, _meta) = _interview(request, account, study_id, interview_id)
    return Response(transcript_markdown(interview, study.title),
                    media_type="text/markdown; charset=utf-8", headers={
                        "Content-Disposition":
                        f'attachment; filename="interview-{interview_id}.md"',
                    })
