"""Researcher pages that look after a study: archive or delete it or its participants, and
preview the interview as participants will see it before inviting anyone."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from jobstory.analysis_runs import queue
from jobstory.domain import render_text
from jobstory.web import retention, studies
from jobstory.web.accounts import Account
from jobstory.web.auth import csrf_protect, page_user
from jobstory.web.deps import RowId
from jobstory.web.pages import error_page, flash, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _reanalyse(request: Request, study_id: int, who: str) -> None:
    """An analysed study is analysed again without the participant who left it."""
    store = request.app.state.store
    if queue.current(store, study_id) is not None:
        queue.request_run(store, study_id, trigger="participants", requested_by=who)
        request.app.state.analysis.wake()


@router.post("/studies/{study_id}/archive")
def archive_study(request: Request, study_id: RowId, restore: str = Form(""),
                  account: Account = Depends(page_user)) -> Response:
    retention.archive_study(request.app.state.store, account, study_id, archived=not restore)
    flash(request, "Study restored to your list." if restore else
          "Study archived: it left your list; everything in it is kept.")
    return redirect(request, "/studies" if not restore else f"/studies/{study_id}")


@router.post("/studies/{study_id}/delete")
def delete_study(request: Request, study_id: RowId, confirm: str = Form(""),
                 account: Account = Depends(page_user)) -> Response:
    study = studies.get_study(request.app.state.store, account, study_id)
    if confirm.strip() != study.title:
        flash(request, "Not deleted: type the study's title exactly to confirm.", "error")
        return redirect(request, f"/studies/{study_id}#study-admin")
    retention.delete_study(request.app.state.store, account, study_id)
    flash(request, f"Deleted “{study.title[:200]}” with its participants, transcripts and "
                   "analyses.")
    return redirect(request, "/studies")


@router.post("/studies/{study_id}/participants/{participant_id}/archive")
def archive_participant(request: Request, study_id: RowId, participant_id: RowId,
                        account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    if not retention.archive_participant(store, study_id, participant_id):
        return error_page(request, 404, "Not found", "There is no such participant here.")
    _reanalyse(request, study_id, account.email)
    flash(request, "Participant archived: their link no longer works and they leave the next "
                   "analysis; their transcript is kept.")
    return redirect(request, f"/studies/{study_id}#participants")


@router.post("/studies/{study_id}/participants/{participant_id}/delete")
def delete_participant(request: Request, study_id: RowId, participant_id: RowId,
                       account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    if not retention.delete_participant(store, study_id, participant_id):
        return error_page(request, 404, "Not found", "There is no such participant here.")
    _reanalyse(request, study_id, account.email)
    flash(request, "Participant deleted, with their link and transcript.")
    return redirect(request, f"/studies/{study_id}#participants")


@router.get("/studies/{study_id}/preview")
def preview(request: Request, study_id: RowId,
            account: Account = Depends(page_user)) -> Response:
    """The interview as a participant meets it (fields shown with their fallback text)."""
    study = studies.get_study(request.app.state.store, account, study_id)
    guide = studies.study_guide(study)
    return render(request, "preview.html", {
        "study": study, "guide": guide, "tab": "design",
        "title": render_text(study.participant_title or guide.title, {}),
        "intro": render_text(guide.intro or "", {}),
        "closing": render_text(guide.closing or "", {}),
        "questions": [(q, render_text(q.text, {})) for q in guide.questions],
    })
