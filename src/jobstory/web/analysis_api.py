"""The JSON API for a study's analysis: run it, read it, correct it, publish it, take the
data out. The same jobs as the Analysis pages, for scripts and the other subsystems.

`GET /api/studies/{id}/analysis` gives the newest run's status and progress beside the
result of the last good run with the decisions applied, so a failed or running run never
hides the analysis already there.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from jobstory.analysis_runs import latest_analysis, queue
from jobstory.learning import events
from jobstory.web import publications, study_export
from jobstory.web.accounts import Account, now
from jobstory.web.api import ERRORS, _study
from jobstory.web.auth import api_user
from jobstory.web.deps import RowId
from jobstory.web.pages import public_base
from jobstory.web.problems import Problem

router = APIRouter(prefix="/api", tags=["analysis"])


class DecisionIn(BaseModel):
    action: Literal["accept_story", "reject_story", "edit_story", "rename_theme",
                    "merge_themes", "split_theme", "move_quote", "reject_quote", "undo"]
    target: str = Field(max_length=200, description="The stable id of the story, theme or "
                        "quote (segment id); for `undo`, the id of the decision to undo")
    value: Any = Field(None, description="The new name or wording (rename_theme, edit_story);"
                       " the other theme's id (merge_themes: merged into `target`; move_quote: "
                       "where the quote goes; reject_quote: the theme it leaves, null for all);"
                       ' {"label", "quotes": [segment ids]} for split_theme')


def status_record(store: Any, study_id: int, *, with_result: bool = True) -> dict[str, Any]:
    """{status, progress, error, run, result}: status is "none" before any run."""
    state = queue.current(store, study_id)
    record: dict[str, Any] = {
        "status": state.status if state else "none",
        "progress": state.progress() if state else {"step": None, "done": 0, "total": 0},
        "error": state.error if state and state.status == "failed" else None,
        "run": state.record() if state else None,
    }
    if with_result:
        record["result"] = latest_analysis(store, study_id)
    return record


def start_run(request: Request, study_id: int, who: str) -> queue.RunState:
    state = queue.request_run(request.app.state.store, study_id, requested_by=who)
    request.app.state.analysis.wake()
    return state


@router.post("/studies/{study_id}/analysis", status_code=202, responses=ERRORS,
             summary="Analyse the study's completed interviews now (in the background)")
def run_analysis(study_id: RowId, request: Request,
                 account: Account = Depends(api_user)) -> JSONResponse:
    _study(request, account, study_id)
    start_run(request, study_id, account.email)
    body = status_record(request.app.state.store, study_id, with_result=False)
    return JSONResponse(body, status_code=202,
                        headers={"Location": f"/api/studies/{study_id}/analysis"})


@router.get("/studies/{study_id}/analysis", responses=ERRORS,
            summary="The analysis: the newest run's status and progress, and the last good "
                    "result with the researcher's decisions applied")
def get_analysis(study_id: RowId, request: Request,
                 account: Account = Depends(api_user)) -> dict[str, Any]:
    _study(request, account, study_id)
    return status_record(request.app.state.store, study_id)


def record_decision(store: Any, study_id: int, action: str, target: str, value: Any,
                    author: str) -> events.Decision:
    """Record one decision (or an undo) against the analysis the researcher sees."""
    if action == events.UNDO:
        if not target.isdigit():
            raise events.DecisionError("target: the id of the decision to undo")
        return events.undo(store, study_id, int(target), author, now())
    analysis = latest_analysis(store, study_id)
    if analysis is None:
        raise events.DecisionError("the study has no analysis yet: run one first")
    return events.record(store, study_id, analysis, action, target, value, author, now())


def decision_records(store: Any, study_id: int) -> list[dict[str, Any]]:
    """Every decision event, newest first, with how it applies to the latest analysis."""
    analysis = latest_analysis(store, study_id)
    outcomes = {d["id"]: d for d in (analysis or {}).get("decisions", [])}
    listed = events.list_decisions(store, study_id)
    undone = {d.undoes: d.id for d in listed if d.undoes}
    records = []
    for decision in reversed(listed):
        record = decision.record()
        outcome = outcomes.get(decision.id)
        if decision.action == events.UNDO:
            record["status"] = "undo"
        elif decision.id in undone:
            record["status"] = "undone"
            record["undone_by"] = undone[decision.id]
        elif outcome is not None:
            record.update({"status": outcome["status"], "note": outcome["note"]})
        else:
            record["status"] = "pending"  # made before any analysis finished
        records.append(record)
    return records


@router.post("/studies/{study_id}/decisions", status_code=201, responses=ERRORS,
             summary="Record a correction (kept as an event and replayed on every "
                     "re-analysis), or undo one")
def post_decision(study_id: RowId, body: DecisionIn, request: Request,
                  account: Account = Depends(api_user)) -> JSONResponse:
    _study(request, account, study_id)
    try:
        decision = record_decision(request.app.state.store, study_id, body.action,
                                   body.target, body.value, account.email)
    except events.DecisionError as error:
        raise Problem(422, str(error)) from None
    return JSONResponse(decision.record(), status_code=201)


@router.get("/studies/{study_id}/decisions", responses=ERRORS,
            summary="The study's decisions, newest first, each with whether it still applies")
def get_decisions(study_id: RowId, request: Request,
                  account: Account = Depends(api_user)) -> dict[str, Any]:
    _study(request, account, study_id)
    return {"decisions": decision_records(request.app.state.store, study_id)}


@router.post("/studies/{study_id}/publication", status_code=201, responses=ERRORS,
             summary="Publish a read-only report link (replaces an earlier link)")
def publish(study_id: RowId, request: Request,
            account: Account = Depends(api_user)) -> dict[str, str]:
    _study(request, account, study_id)
    token = publications.publish(request.app.state.store, study_id, account.email)
    return {"url": f"{public_base(request)}/r/{token}"}


@router.delete("/studies/{study_id}/publication", status_code=204, responses=ERRORS,
               summary="Revoke the study's report link")
def unpublish(study_id: RowId, request: Request,
              account: Account = Depends(api_user)) -> Response:
    _study(request, account, study_id)
    if not publications.unpublish(request.app.state.store, study_id):
        raise Problem(404, "the study's report is not published")
    return Response(status_code=204)


@router.get("/studies/{study_id}/data.zip", responses=ERRORS,
            summary="Every transcript of the study (Markdown and JSON) and answers.csv")
def study_data(study_id: RowId, request: Request,
               account: Account = Depends(api_user)) -> Response:
    study = _study(request, account, study_id)
    return study_export.response(request.app.state.store, request.app.state.service, study)
