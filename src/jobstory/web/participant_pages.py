"""The study's page: its participants, their interview links and their invitations.

Upload a participant list (CSV), see each one's progress, download everyone's links, revoke
or reissue a link, email the invitations. (The participant's own interview pages are in
`participant.py`.) Every form carries the session's CSRF token, checked by the router's
dependency.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from jobstory.web import customer_lists, customers, studies
from jobstory.web.accounts import Account
from jobstory.web.auth import csrf_protect, page_user, read_session, session_changed
from jobstory.web.deps import RowId
from jobstory.web.mail import MailError, send_invitations
from jobstory.web.pages import error_page, flash, public_base, redirect, render

PAGE_SIZE = 100

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


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
    placeholders = [p for p in studies.placeholders(guide) if p not in customer_lists.RESERVED]
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
    data = customer_file.file.read(customer_lists.MAX_BYTES + 1)
    try:
        parsed = customer_lists.parse_csv(data)
    except customer_lists.CsvError as error:
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
