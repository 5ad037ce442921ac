"""The study's Analysis tab: what the interviews say, corrected by the researcher.

Server-rendered from `latest_analysis` (the last good run with decisions applied). A small
script polls the run's status and reloads the page when a newer run finishes, so the tab
updates itself as interviews complete. Every correction is an HTML form posting one decision
event; the audit page lists them with undo. Quotes link to their place in the transcript.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup

from jobstory.analysis_runs import latest_analysis
from jobstory.domain import render_text
from jobstory.learning import events
from jobstory.learning.events import segment_key
from jobstory.plural import plural
from jobstory.synthesis.report import FAMILIES
from jobstory.synthesis.report import charts
from jobstory.web import publications, report_files, studies, study_export
from jobstory.web.accounts import Account
from jobstory.web.analysis_api import decision_records, record_decision, start_run, \
    status_record
from jobstory.web.auth import csrf_protect, page_user, read_session, session_changed
from jobstory.web.deps import RowId
from jobstory.web.pages import flash, public_base, redirect, render, templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
TIMELINE_PARTS = (("struggling_moment", "Struggling moment"), ("alternatives", "Alternatives"),
                  ("push", "Push"), ("pull", "Pull"), ("anxiety", "Anxiety"),
                  ("habit", "Habit"), ("decision", "Decision"), ("first_use", "First use"),
                  ("what_changed", "What changed"), ("results", "Results"))


def quote_link(study_id: int, quote: dict[str, Any]) -> str | None:
    """Where a quote from a stored interview sits in its transcript page (highlighted)."""
    source = str(quote.get("source") or "")
    number = source.removeprefix("interview-")
    if not source.startswith("interview-") or not number.isdigit():
        return None
    return f"/studies/{study_id}/interviews/{number}?at={quote.get('start')}-" \
           f"{quote.get('end')}#quote"


templates.env.globals["quote_link"] = quote_link
# A guide question as the analysis keeps it may hold `{field|fallback}`: shown with fallbacks.
templates.env.filters["fallbacks"] = lambda text: render_text(str(text or ""), {})
templates.env.globals["segment_key"] = segment_key
templates.env.filters["plural"] = plural


def _as_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    return [v for v in value or [] if isinstance(v, dict)]


def _context(analysis: dict[str, Any]) -> dict[str, Any]:
    themes = analysis.get("themes") or []
    families = [{"key": key, "name": name, "blurb": blurb,
                 "themes": [t for t in themes if t.get("family") == key]}
                for key, name, blurb in FAMILIES]
    timelines = [{"participant": t.get("participant"),
                  "parts": [(label, _as_list(t.get(key))) for key, label in TIMELINE_PARTS]}
                 for t in analysis.get("timelines") or []]
    quality = analysis.get("quality") or []
    return {
        "a": analysis, "families": [f for f in families if f["themes"]], "themes": themes,
        "timelines": timelines, "quality": quality,
        "left_out": [q for q in quality if q.get("included") is False],
        "forces_svg": Markup(charts.forces_chart(analysis.get("forces") or {})),
        "structured": [(s, Markup(charts.distribution_chart(s)))
                       for s in analysis.get("structured") or []],
        "stale": [d for d in analysis.get("decisions") or [] if d.get("status") == "stale"],
    }


@router.get("/studies/{study_id}/analysis")
def analysis_page(request: Request, study_id: RowId,
                  account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    status = status_record(store, study_id)
    analysis = status.pop("result")
    publication = publications.published(store, study_id)
    session = read_session(request)
    new_link = session.pop("published_url", None)
    if new_link is not None:
        session_changed(request)
    return render(request, "analysis.html", {
        "study": study, "status": status, "analysis": analysis,
        "published": publication, "new_link": new_link if publication else None,
        **(_context(analysis) if analysis else {}),
    })


@router.get("/studies/{study_id}/analysis/status")
def analysis_status(request: Request, study_id: RowId,
                    account: Account = Depends(page_user)) -> Response:
    """What the page polls: the newest run's status and progress (no result)."""
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    response = JSONResponse(status_record(store, study_id, with_result=False))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/studies/{study_id}/analysis/run")
def analysis_run(request: Request, study_id: RowId,
                 account: Account = Depends(page_user)) -> Response:
    studies.get_study(request.app.state.store, account, study_id)
    start_run(request, study_id, account.email)
    flash(request, "Analysis started. This page updates when it is done.")
    return redirect(request, f"/studies/{study_id}/analysis")


@router.post("/studies/{study_id}/analysis/decisions")
def analysis_decide(request: Request, study_id: RowId, action: str = Form(""),
                    target: str = Form(""), value: str = Form(""),
                    quotes: list[str] = Form([]), back: str = Form(""),
                    account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    given: Any = value or None
    if action == "split_theme":
        given = {"label": value, "quotes": quotes}
    try:
        record_decision(store, study_id, action, target, given, account.email)
    except events.DecisionError as error:
        flash(request, f"Not saved: {error}", "error")
    else:
        flash(request, "Saved. The decision holds through every re-analysis "
                       "(see Decisions to undo it).")
    anchor = back if back.replace("-", "").replace("_", "").isalnum() else ""
    return redirect(request, f"/studies/{study_id}/analysis" + (f"#{anchor}" if anchor else ""))


@router.get("/studies/{study_id}/analysis/decisions")
def decisions_page(request: Request, study_id: RowId,
                   account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    return render(request, "decisions.html", {
        "study": study, "decisions": decision_records(store, study_id),
    })


@router.post("/studies/{study_id}/analysis/decisions/{decision_id}/undo")
def decision_undo(request: Request, study_id: RowId, decision_id: RowId,
                  account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    try:
        record_decision(store, study_id, events.UNDO, str(decision_id), None, account.email)
    except events.DecisionError as error:
        flash(request, f"Not undone: {error}", "error")
    else:
        flash(request, "Undone.")
    return redirect(request, f"/studies/{study_id}/analysis/decisions")


@router.post("/studies/{study_id}/publication")
def publish_page(request: Request, study_id: RowId, unpublish: str = Form(""),
                 account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    studies.get_study(store, account, study_id)
    if unpublish:
        publications.unpublish(store, study_id)
        flash(request, "Unpublished: the link no longer works.")
        return redirect(request, f"/studies/{study_id}/analysis#publish")
    token = publications.publish(store, study_id, account.email)
    # Shown once, on the next page: only the token's hash is stored.
    read_session(request)["published_url"] = f"{public_base(request)}/r/{token}"
    session_changed(request)
    flash(request, "Published. Copy the link now: it is shown only once.")
    return redirect(request, f"/studies/{study_id}/analysis#publish")


@router.get("/studies/{study_id}/analysis/report.{fmt}")
async def report_download(request: Request, study_id: RowId, fmt: str,
                          account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    await run_in_threadpool(studies.get_study, store, account, study_id)
    analysis = await run_in_threadpool(latest_analysis, store, study_id)
    if fmt not in report_files.FORMATS or analysis is None:
        return render(request, "error.html", {"title": "Not found", "message":
                      "There is no analysis to download yet."}, status_code=404)
    return await run_in_threadpool(report_files.download, analysis, fmt, f"study-{study_id}")


@router.get("/studies/{study_id}/data.zip")
def data_zip(request: Request, study_id: RowId,
             account: Account = Depends(page_user)) -> Response:
    store = request.app.state.store
    study = studies.get_study(store, account, study_id)
    return study_export.response(store, request.app.state.service, study)

