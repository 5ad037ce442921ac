"""The researcher's JSON API: create a study, invite people, follow progress, read transcripts.

Authentication: `Authorization: Bearer <token>` (create one with `jobstory admin token EMAIL`),
or the browser's session cookie plus an `X-CSRF-Token` header for requests that change things.
Errors are `application/problem+json`. A study of another workspace is a 404, like a missing one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from jobstory.guides import GuideError
from jobstory.interview.session import transcript
from jobstory.store.tables import InterviewRow, Study
from jobstory.web import customer_lists, customers, studies, titles
from jobstory.web.accounts import Account
from jobstory.web.auth import api_user
from jobstory.web.deps import RowId
from jobstory.web.pages import public_base
from jobstory.web.problems import PROBLEM_JSON, Problem

router = APIRouter(prefix="/api", tags=["researcher"])

_PROBLEM = {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or invalid credentials", **_PROBLEM},
    404: {"description": "No such study in your workspace", **_PROBLEM},
    422: {"description": "The request cannot be used", **_PROBLEM},
}


class StudyIn(BaseModel):
    title: str | None = Field(None, max_length=300,
                              description="For your team only; defaults to the guide's title")
    participant_title: str | None = Field(
        None, max_length=300, description="What participants see (invitation subject, "
        "interview page); defaults to the guide's title, never to `title`")
    guide: str | dict[str, Any] = Field(
        description="A built-in guide's name (e.g. 'jtbd-switch') or a guide object")


class StudyOut(BaseModel):
    id: int
    title: str
    participant_title: str | None = Field(description="null: participants see the guide's title")
    guide: dict[str, Any]
    questions: int
    created_at: str
    progress: dict[str, int]
    links: dict[str, str]


class IssuedOut(BaseModel):
    participant_id: int
    email: str
    token: str
    url: str
    created: bool = Field(description="False when the email was already in the study (merged)")
    revoked: bool
    expires_at: str | None


class LineProblemOut(BaseModel):
    line: int
    message: str


class InvitationsOut(BaseModel):
    study_id: int
    invitations: list[IssuedOut]
    errors: list[LineProblemOut]
    merged: list[LineProblemOut] = Field(description="Rows merged into an earlier row")
    created: int
    updated: int
    fields: list[str] = Field(description="Custom fields, usable in questions as {field}")


class ProgressOut(BaseModel):
    invited: int
    opened: int
    started: int
    completed: int
    total: int


class ParticipantOut(BaseModel):
    id: int
    name: str | None
    email: str | None
    external_id: str | None
    fields: dict[str, Any]
    status: str
    url: str | None
    revoked: bool
    expired: bool
    sent_at: str | None
    interview_id: int | None


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _study(request: Request, account: Account, study_id: int) -> Study:
    try:
        return studies.get_study(request.app.state.store, account, study_id)
    except studies.StudyNotFound:
        raise Problem(404, f"there is no study {study_id} in your workspace") from None


def _study_out(request: Request, study: Study, progress: dict[str, int]) -> dict[str, Any]:
    return {
        "id": study.id, "title": study.title, "participant_title": study.participant_title,
        "guide": study.guide,
        "questions": len(study.guide.get("questions", [])),
        "created_at": _iso(study.created_at), "progress": progress,
        "links": {
            "self": f"/api/studies/{study.id}",
            "invitations": f"/api/studies/{study.id}/invitations",
            "progress": f"/api/studies/{study.id}/progress",
            "interviews": f"/api/studies/{study.id}/interviews",
            "dashboard": f"{public_base(request)}/studies/{study.id}",
        },
    }


@router.post("/studies", status_code=201, response_model=StudyOut, responses=ERRORS,
             summary="Create a study from a built-in guide or a guide object")
def create_study(body: StudyIn, request: Request,
                 account: Account = Depends(api_user)) -> JSONResponse:
    try:
        guide = studies.guide_from_json(body.guide)
        study_id = studies.create_study(
            request.app.state.store, account, body.title or "", guide,
            participant_title=titles.clean_participant_title(body.participant_title))
    except GuideError as error:
        raise Problem(422, "the guide is not valid: " + "; ".join(error.problems[:3]),
                      errors=error.problems) from None
    except studies.FormErrors as error:
        raise Problem(422, "; ".join(error.errors.values())) from None
    study = _study(request, account, study_id)
    return JSONResponse(_study_out(request, study, customers.progress([])), status_code=201,
                        headers={"Location": f"/api/studies/{study_id}"})


@router.get("/studies", summary="The studies of your workspace, newest first")
def list_studies(request: Request, account: Account = Depends(api_user)) -> dict[str, Any]:
    store = request.app.state.store
    rows = studies.list_studies(store, account)
    counts = customers.study_progress(store, [s.id for s in rows])
    return {"studies": [_study_out(request, s, counts[s.id]) for s in rows]}


@router.get("/studies/{study_id}", response_model=StudyOut, responses=ERRORS)
def get_study(study_id: RowId, request: Request,
              account: Account = Depends(api_user)) -> dict[str, Any]:
    study = _study(request, account, study_id)
    counts = customers.study_progress(request.app.state.store, [study.id])
    return _study_out(request, study, counts[study.id])


_INVITATIONS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {
                "type": "object",
                "required": ["participants"],
                "properties": {
                    "participants": {"type": "array", "items": {
                        "type": "object", "required": ["email"],
                        "properties": {"name": {"type": "string"},
                                       "email": {"type": "string"},
                                       "external_id": {"type": "string"}},
                        "additionalProperties": {"type": "string"},
                    }},
                    "expires_at": {"type": "string", "format": "date-time"},
                    "expires_in_days": {"type": "integer", "minimum": 1,
                                        "maximum": customers.MAX_EXPIRY_DAYS},
                },
            }},
            "text/csv": {"schema": {"type": "string"},
                         "example": "name,email,external_id,product\n"
                                    "Ada,ada@example.com,c-1,Acme Books\n"},
        },
    }
}


def _expiry(expires_at: Any, days: Any) -> datetime | None:
    if expires_at not in (None, ""):
        try:
            moment = datetime.fromisoformat(str(expires_at))
        except ValueError:
            raise Problem(422, "expires_at must be an ISO 8601 date-time") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if moment <= datetime.now(UTC):
            raise Problem(422, "expires_at is in the past")
        return moment
    if days not in (None, ""):
        try:
            return customers.expiry_in(int(days))
        except (TypeError, ValueError):
            raise Problem(422, "expires_in_days must be a whole number of days between 1 and "
                          f"{customers.MAX_EXPIRY_DAYS}") from None
    return None


def _read_participants(body: bytes, content_type: str, expires_in_days: int | None
                       ) -> tuple[customer_lists.ParsedList, datetime | None]:
    """The participants of a CSV or JSON body, and when their links expire."""
    try:
        if content_type in {"text/csv", "application/csv", "text/plain"}:
            return customer_lists.parse_csv(body), _expiry(None, expires_in_days)
        if content_type not in {"application/json", ""}:
            raise Problem(415, "send application/json or text/csv")
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            raise Problem(400, "the body is not valid JSON") from None
        if not isinstance(payload, dict) or "participants" not in payload:
            raise Problem(422, 'send {"participants": [{"name", "email", ...}]} '
                          "or a text/csv body")
        return (customer_lists.parse_items(payload["participants"]),
                _expiry(payload.get("expires_at"),
                        payload.get("expires_in_days", expires_in_days)))
    except customer_lists.CsvError as error:
        raise Problem(422, str(error)) from None


@router.post("/studies/{study_id}/invitations", status_code=201, response_model=InvitationsOut,
             responses=ERRORS, openapi_extra=_INVITATIONS_BODY,
             summary="Add participants (JSON or CSV) and get a personal link for each")
async def invite(study_id: RowId, request: Request,
                 expires_in_days: int | None = Query(None, ge=1, le=customers.MAX_EXPIRY_DAYS),
                 account: Account = Depends(api_user)) -> JSONResponse:
    study = await run_in_threadpool(_study, request, account, study_id)
    declared = request.headers.get("content-length", "")
    too_large = f"the body is larger than {customer_lists.MAX_BYTES // (1024 * 1024)} MB"
    if declared.isdigit() and int(declared) > customer_lists.MAX_BYTES:
        raise Problem(413, too_large)
    body = await request.body()
    if len(body) > customer_lists.MAX_BYTES:
        raise Problem(413, too_large)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    parsed, expires_at = await run_in_threadpool(_read_participants, body, content_type,
                                                 expires_in_days)
    outcome = await run_in_threadpool(customers.import_rows, request.app.state.store, study.id,
                                      parsed.rows, expires_at=expires_at)
    base = public_base(request)
    return JSONResponse({
        "study_id": study.id,
        "invitations": [
            {"participant_id": i.participant_id, "email": i.email, "token": i.token,
             "url": customers.link(base, i.token), "created": i.created, "revoked": i.revoked,
             "expires_at": _iso(i.expires_at)}
            for i in outcome.issued
        ],
        "errors": [p.as_dict() for p in parsed.errors],
        "merged": [p.as_dict() for p in parsed.merged],
        "created": outcome.created,
        "updated": outcome.updated,
        "fields": parsed.fields,
    }, status_code=201)


@router.get("/studies/{study_id}/progress", response_model=ProgressOut, responses=ERRORS,
            summary="How many participants are invited, opened, started and completed")
def progress(study_id: RowId, request: Request,
             account: Account = Depends(api_user)) -> dict[str, int]:
    study = _study(request, account, study_id)
    return customers.study_progress(request.app.state.store, [study.id])[study.id]


@router.get("/studies/{study_id}/participants", responses=ERRORS,
            summary="Participants with their status and personal link")
def list_participants(study_id: RowId, request: Request,
                      account: Account = Depends(api_user)) -> dict[str, Any]:
    study = _study(request, account, study_id)
    base = public_base(request)
    return {"participants": [
        {"id": v.id, "name": v.name, "email": v.email, "external_id": v.external_id,
         "fields": v.fields, "status": v.status,
         "url": customers.link(base, v.token) if v.token else None,
         "revoked": v.revoked, "expired": v.expired, "sent_at": _iso(v.sent_at),
         "interview_id": v.interview_id}
        for v in customers.participants(request.app.state.store, study.id)
    ]}


@router.post("/studies/{study_id}/participants/{participant_id}/revoke", responses=ERRORS,
             summary="Revoke a participant's link")
def revoke(study_id: RowId, participant_id: RowId, request: Request,
           account: Account = Depends(api_user)) -> dict[str, Any]:
    study = _study(request, account, study_id)
    if not customers.revoke(request.app.state.store, study.id, participant_id):
        raise Problem(404, f"there is no participant {participant_id} in study {study_id}")
    return {"participant_id": participant_id, "revoked": True}


def _interview_ids(request: Request, study_id: int, status: str | None) -> list[int]:
    query = select(InterviewRow.id).where(InterviewRow.study_id == study_id)
    if status:
        query = query.where(InterviewRow.status == status)
    with request.app.state.store.read() as session:
        return list(session.scalars(query.order_by(InterviewRow.id)))


@router.get("/studies/{study_id}/interviews", responses=ERRORS,
            summary="Every interview of the study as a transcript")
def interviews(study_id: RowId, request: Request,
               status: str | None = Query(None, pattern="^(started|completed)$"),
               account: Account = Depends(api_user)) -> dict[str, Any]:
    study = _study(request, account, study_id)
    service = request.app.state.service
    return {"interviews": [transcript(service.get(i).interview)
                           for i in _interview_ids(request, study.id, status)]}


@router.get("/studies/{study_id}/interviews/{interview_id}", responses=ERRORS,
            summary="One interview's transcript")
def interview(study_id: RowId, interview_id: RowId, request: Request,
              account: Account = Depends(api_user)) -> dict[str, Any]:
    study = _study(request, account, study_id)
    with request.app.state.store.read() as session:
        row = session.get(InterviewRow, interview_id)
        owned = row is not None and row.study_id == study.id
    if not owned:
        raise Problem(404, f"there is no interview {interview_id} in study {study_id}")
    return transcript(request.app.state.service.get(interview_id).interview)


@router.get("/me", summary="Who the credentials belong to")
def me(account: Account = Depends(api_user)) -> dict[str, Any]:
    return {"id": account.id, "email": account.email, "workspace": account.workspace}
