"""The researcher's HTML pages: sign in, studies, study design, participants, transcripts.

Server-rendered with Jinja2 (autoescaped: participant text is never marked safe). Every form
that changes something carries the session's CSRF token, checked by the router's dependency.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy import func, select

from jobstory import __version__
from jobstory.domain import Guide, QuestionKind
from jobstory.guides import GuideError
from jobstory.interview.session import InterviewNotFound, transcript
from jobstory.store.tables import InterviewRow
from jobstory.untrusted import check_text
from jobstory.web import customers, studies, titles
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
from jobstory.web.mail import MailError, send_invitations
from jobstory.web.quote_places import find_place
from jobstory.web.throttle import waiting_time

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
PAGE_SIZE = 100
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


def _study_page(request: Request, account: Account, study_id: int, *,
                imported: dict[str, Any] | None = None, status_code: int = 200,
                status: str | None = None, page: int = 1) -> HTMLResponse:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    guide = studies.study_guide(study)
    views = customers.participants(store, study_id)
    counts = customers.progress(views)
    shown = [v for v in views if status is None or v.status == status]
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    fields = {k for v in views for k in v.fields}
    placeholders = [p for p in studies.placeholders(guide) if p not in customers.RESERVED]
    return render(request, "study.html", {
        "study": study, "guide": guide, "progress": counts,
        "participants": shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "shown_total": len(shown), "page": page, "pages": pages, "status": status,
        "base": public_base(request), "imported": imported,
        "placeholders": placeholders,
        "missing_fields": [p for p in placeholders if p not in fields],
    }, status_code=status_code)


@router.get("/studies/{study_id}")
def study_page(request: Request, study_id: RowId, status: str | None = None, page: int = 1,
               account: Account = Depends(page_user)) -> Response:
    if status not in customers.STATUSES:
        status = None
    return _study_page(request, account, study_id, status=status, page=page)


@router.post("/studies/{study_id}/rename")
def rename_study(request: Request, study_id: RowId, title: str = Form(""),
                 account: Account = Depends(page_user)) -> Response:
    try:
        studies.rename_study(request.app.state.store, account, study_id, title)
    except studies.FormErrors as error:
        flash(request, error.errors["title"], "error")
    return redirect(request, f"/studies/{study_id}/design")


@router.post("/studies/{study_id}/design/participant-title")
def save_participant_title(request: Request, study_id: RowId, participant_title: str = Form(""),
                           account: Account = Depends(page_user)) -> Response:
    try:
        titles.set_participant_title(request.app.state.store, account, study_id,
                                     participant_title)
    except studies.FormErrors as error:
        flash(request, error.errors["participant_title"], "error")
    else:
        flash(request, "Saved the title participants see.")
    return redirect(request, f"/studies/{study_id}/design")


@router.post("/studies/{study_id}/participants")
def upload_participants(request: Request, study_id: RowId,
                        customer_file: UploadFile | None = File(None),
                        expires_in_days: str = Form(""),
                        account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    result: dict[str, Any] = {"errors": [], "merged": []}
    try:
        expires_at = customers.expiry_in(int(expires_in_days)) if expires_in_days.strip() \
            else None
    except ValueError:
        result["problem"] = (f"Link expiry must be a number of days between 1 and "
                             f"{customers.MAX_EXPIRY_DAYS}.")
        return _study_page(request, account, study_id, imported=result, status_code=422)
    if customer_file is None or not customer_file.filename:
        result["problem"] = "Choose a CSV file to upload."
        return _study_page(request, account, study_id, imported=result, status_code=422)
    data = customer_file.file.read(customers.MAX_BYTES + 1)
    try:
        parsed = customers.parse_csv(data)
    except customers.CsvError as error:
        result["problem"] = f"{Path(customer_file.filename).name[:100]}: {error}"
        return _study_page(request, account, study_id, imported=result, status_code=422)
    outcome = customers.import_rows(store, study_id, parsed.rows, expires_at=expires_at)
    # The result gets its own address (post, redirect, get), so a reload shows it again
    # instead of uploading the file again. It travels in the session cookie: capped.
    read_session(request)["imported"] = {
        "study": study_id, "filename": Path(customer_file.filename).name[:100],
        "created": outcome.created, "updated": outcome.updated,
        "errors": [{"line": e.line, "message": e.message[:120]} for e in parsed.errors[:20]],
        "more_errors": max(0, len(parsed.errors) - 20), "error_count": len(parsed.errors),
        "merged": [{"line": m.line, "message": m.message[:120]} for m in parsed.merged[:10]],
        "more_merged": max(0, len(parsed.merged) - 10),
    }
    session_changed(request)
    return redirect(request, f"/studies/{study_id}/imported#import-result")


@router.get("/studies/{study_id}/imported")
def import_result(request: Request, study_id: RowId,
                  account: Account = Depends(page_user)) -> Response:
    """The last upload's result, at its own address (a reload does not upload again)."""
    imported = read_session(request).get("imported")
    if not isinstance(imported, dict) or imported.get("study") != study_id:
        return redirect(request, f"/studies/{study_id}")
    return _study_page(request, account, study_id, imported=imported)


@router.get("/studies/{study_id}/links.csv")
def links_csv(request: Request, study_id: RowId,
              account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    body = customers.links_csv(customers.participants(store, study_id), public_base(request))
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="study-{study.id}-links.csv"',
        "Cache-Control": "no-store",
    })


@router.post("/studies/{study_id}/participants/{participant_id}/revoke")
def revoke(request: Request, study_id: RowId, participant_id: RowId,
           account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    if not customers.revoke(store, study_id, participant_id):
        return error_page(request, 404, "Not found", "There is no such participant here.")
    flash(request, "Link revoked: it no longer opens the interview.")
    return redirect(request, f"/studies/{study_id}#participant-{participant_id}")


@router.post("/studies/{study_id}/participants/{participant_id}/reissue")
def reissue(request: Request, study_id: RowId, participant_id: RowId,
            account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    if customers.reissue(store, study_id, participant_id) is None:
        return error_page(request, 404, "Not found", "There is no such participant here.")
    flash(request, "New link issued; the old one no longer works.")
    return redirect(request, f"/studies/{study_id}#participant-{participant_id}")


@router.post("/studies/{study_id}/send")
def send(request: Request, study_id: RowId, resend: str = Form(""),
         account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    smtp_url = getattr(request.app.state, "smtp_url", None)
    if not smtp_url:
        flash(request, "Email is not set up: start the server with JOBSTORY_SMTP_URL.", "error")
        return redirect(request, f"/studies/{study_id}")
    try:
        result = send_invitations(store, study_id, smtp_url=smtp_url,
                                  base_url=public_base(request), resend=bool(resend))
    except MailError as error:
        flash(request, str(error), "error")
        return redirect(request, f"/studies/{study_id}")
    message = f"Sent {result.sent} invitation{'s' if result.sent != 1 else ''}."
    if result.skipped:
        message += f" {result.skipped} skipped (already sent, revoked or expired)."
    if result.failed:
        message += f" {len(result.failed)} failed: {', '.join(result.failed[:5])}."
    flash(request, message, "error" if result.failed else "ok")
    return redirect(request, f"/studies/{study_id}")


# --- study design ------------------------------------------------------------------------


def _design_page(request: Request, account: Account, study_id: int, *,
                 editing: str | None = None, edit_form: studies.QuestionForm | None = None,
                 new_form: studies.QuestionForm | None = None,
                 settings_errors: dict[str, str] | None = None,
                 settings_values: dict[str, str] | None = None,
                 delete_error: tuple[str, str] | None = None,
                 status_code: int = 200) -> HTMLResponse:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    guide = studies.study_guide(study)
    forms = {q.id: studies.QuestionForm.from_question(q) for q in guide.questions}
    if editing is not None and edit_form is not None:
        forms[editing] = edit_form
    with store.read() as session:
        interviews = session.scalar(select(func.count(InterviewRow.id))
                                    .where(InterviewRow.study_id == study_id)) or 0
    settings = settings_values or {
        "guide_title": guide.title, "intro": guide.intro or "", "closing": guide.closing or "",
        "max_probes": str(guide.max_probes),
    }
    return render(request, "study_design.html", {
        "study": study, "guide": guide, "forms": forms, "editing": editing,
        "new_form": new_form or studies.QuestionForm(),
        "settings": settings, "settings_errors": settings_errors or {},
        "delete_error": delete_error, "interviews": interviews,
        "placeholders": studies.placeholders(guide),
    }, status_code=status_code)


@router.get("/studies/{study_id}/design")
def design_page(request: Request, study_id: RowId,
                account: Account = Depends(page_user)) -> Response:
    return _design_page(request, account, study_id)


def _question_form(kind: str, text: str, options: str, min: str, max: str, labels: str,
                   probe: str, help: str) -> studies.QuestionForm:
    return studies.QuestionForm(kind=kind, text=text, options=options, min=min, max=max,
                                labels=labels, probe=bool(probe), help=help)


@router.post("/studies/{study_id}/design/questions")
def add_question(request: Request, study_id: RowId, kind: str = Form("open"),
                 text: str = Form(""), options: str = Form(""), min: str = Form(""),
                 max: str = Form(""), labels: str = Form(""), probe: str = Form(""),
                 help: str = Form(""), account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    guide = studies.study_guide(studies.get_study(store, account, study_id))
    form = _question_form(kind, text, options, min, max, labels, probe, help)
    try:
        updated = studies.add_question(guide, form)
    except studies.FormErrors as error:
        form.errors = error.errors
        return _design_page(request, account, study_id, new_form=form, status_code=422)
    studies.save_guide(store, account, study_id, updated)
    flash(request, "Question added.")
    return redirect(request, f"/studies/{study_id}/design#q-{updated.questions[-1].id}")


def _guide_with(request: Request, account: Account, study_id: int,
                question_id: str) -> Guide | None:
    guide = studies.study_guide(studies.get_study(request.app.state.store, account, study_id))
    return guide if any(q.id == question_id for q in guide.questions) else None


@router.post("/studies/{study_id}/design/questions/{question_id}")
def edit_question(request: Request, study_id: RowId, question_id: str,
                  kind: str = Form("open"), text: str = Form(""), options: str = Form(""),
                  min: str = Form(""), max: str = Form(""), labels: str = Form(""),
                  probe: str = Form(""), help: str = Form(""),
                  account: Account = Depends(page_user)) -> Response:
    guide = _guide_with(request, account, study_id, question_id)
    if guide is None:
        return error_page(request, 404, "Not found", "That question is no longer in the guide.")
    form = _question_form(kind, text, options, min, max, labels, probe, help)
    try:
        updated = studies.replace_question(guide, question_id, form)
    except studies.FormErrors as error:
        form.errors = error.errors
        return _design_page(request, account, study_id, editing=question_id, edit_form=form,
                            status_code=422)
    studies.save_guide(request.app.state.store, account, study_id, updated)
    flash(request, "Question saved.")
    return redirect(request, f"/studies/{study_id}/design#q-{question_id}")


@router.post("/studies/{study_id}/design/questions/{question_id}/move")
def move_question(request: Request, study_id: RowId, question_id: str,
                  direction: str = Form("up"), account: Account = Depends(page_user)
                  ) -> Response:
    guide = _guide_with(request, account, study_id, question_id)
    if guide is None:
        return error_page(request, 404, "Not found", "That question is no longer in the guide.")
    updated = studies.move_question(guide, question_id, "down" if direction == "down" else "up")
    studies.save_guide(request.app.state.store, account, study_id, updated)
    return redirect(request, f"/studies/{study_id}/design#q-{question_id}")


@router.post("/studies/{study_id}/design/questions/{question_id}/delete")
def delete_question(request: Request, study_id: RowId, question_id: str,
                    account: Account = Depends(page_user)) -> Response:
    guide = _guide_with(request, account, study_id, question_id)
    if guide is None:
        return error_page(request, 404, "Not found", "That question is no longer in the guide.")
    try:
        updated = studies.delete_question(guide, question_id)
    except studies.FormErrors as error:
        return _design_page(request, account, study_id,
                            delete_error=(question_id, error.errors["delete"]), status_code=422)
    studies.save_guide(request.app.state.store, account, study_id, updated)
    flash(request, "Question deleted.")
    return redirect(request, f"/studies/{study_id}/design")


@router.post("/studies/{study_id}/design/settings")
def design_settings(request: Request, study_id: RowId, guide_title: str = Form(""),
                    intro: str = Form(""), closing: str = Form(""), max_probes: str = Form(""),
                    account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    guide = studies.study_guide(studies.get_study(store, account, study_id))
    values = {"guide_title": guide_title, "intro": intro, "closing": closing,
              "max_probes": max_probes}
    try:
        updated = studies.update_settings(guide, title=guide_title, intro=intro,
                                          closing=closing, max_probes=max_probes)
    except studies.FormErrors as error:
        return _design_page(request, account, study_id, settings_errors=error.errors,
                            settings_values=values, status_code=422)
    studies.save_guide(store, account, study_id, updated)
    flash(request, "Interview settings saved.")
    return redirect(request, f"/studies/{study_id}/design")


@router.get("/studies/{study_id}/guide.yaml")
def guide_yaml(request: Request, study_id: RowId,
               account: Account = Depends(page_user)) -> Response:
    study = studies.get_study(request.app.state.store, account, study_id)
    text = yaml.safe_dump(studies.dump_guide(studies.study_guide(study)), sort_keys=False,
                          allow_unicode=True, width=100)
    return Response(text, media_type="application/yaml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{study.guide.get("name", "guide")}.yaml"',
    })


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


#: What starts Markdown (CommonMark and GitHub's) anywhere in a line: emphasis, code, links,
#: raw HTML, entities, tables, strikethrough, and the backslash itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
#: What starts a block at the beginning of a line: headings, lists, setext underlines.
_MD_BLOCK = re.compile(r"^([#+=-])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)


def markdown_text(text: str, *, one_line: bool = False) -> str:
    """`text` as literal Markdown: it renders as the characters typed, never as HTML or markup.

    Participants write what they like; in an export a line of theirs must not become raw HTML,
    a heading or a fake `**Moderator:**` turn. Every line is stripped and blank lines dropped,
    so a turn stays one paragraph (lines end in hard breaks) and no indented code block starts.
    """
    if one_line:
        lines = [" ".join(text.split())]
    else:
        lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
                 .split("\n")]
    escaped = _MD_INLINE.sub(r"\\\1", "\n".join(line for line in lines if line))
    escaped = _MD_ORDERED.sub(r"\1\\\2", _MD_BLOCK.sub(r"\\\1", escaped))
    return escaped.replace("\n", "  \n")


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
