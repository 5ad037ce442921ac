"""The study design pages: the guide's questions, the interview's settings, its titles.

A researcher edits a study's guide here (add, edit, move, delete a question; intro, closing,
probes), names the study and what participants see, and downloads the guide as YAML. Every
form carries the session's CSRF token, checked by the router's dependency.
"""

from __future__ import annotations

import yaml
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from jobstory.domain import Guide
from jobstory.store.tables import InterviewRow
from jobstory.web import studies, titles
from jobstory.web.accounts import Account
from jobstory.web.auth import csrf_protect, page_user
from jobstory.web.deps import RowId
from jobstory.web.pages import error_page, flash, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


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


@router.get("/studies/{study_id}/guide.yaml")
def guide_yaml(request: Request, study_id: RowId,
               account: Account = Depends(page_user)) -> Response:
    study = studies.get_study(request.app.state.store, account, study_id)
    text = yaml.safe_dump(studies.dump_guide(studies.study_guide(study)), sort_keys=False,
                          allow_unicode=True, width=100)
    return Response(text, media_type="application/yaml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{study.guide.get("name", "guide")}.yaml"',
    })
