"""What an invitation token opens, and the problems a participant is told about.

The token is the participant's only credential: `lookup` resolves it in one query (with an
idempotency key, also where the interview stands and whether that key was already answered),
records the first opening of the link, and refuses an unknown token (404) or a revoked or
expired one (410). The participant's page and API (`participant.py`) and spoken answers
(`voice.py`) share these, and the same problem shapes and headers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy import JSON, Select, bindparam, case, func, null, select, type_coerce, update

from jobstory.domain import Guide, Participant
from jobstory.store.db import Store
from jobstory.store.tables import Invitation, InterviewRow, ParticipantRow, Study, TurnRow
from jobstory.untrusted import unsafe_char
from jobstory.web.problems import RETRY_AFTER_SECONDS, STORAGE_FAULTS, Problem, from_problem

log = logging.getLogger("jobstory.web.participant")

MAX_TOKEN_CHARS = 64
#: What the OpenAPI document says a problem response holds.
PROBLEM_DOC = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
API_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
               "X-Content-Type-Options": "nosniff"}


# --------------------------------------------------------------------------- problems


def problem(status: int, title: str, detail: str, slug: str,
            headers: dict[str, str] | None = None) -> Problem:
    """A problem response a participant reads: its title, a plain detail, a type slug."""
    return Problem(status, detail, title=title, type=f"/problems/{slug}", headers=headers)


def problem_json(refused: Problem) -> JSONResponse:
    """The Problem as `application/problem+json` with the participant API's headers."""
    response = from_problem(refused)
    response.headers.update(API_HEADERS)
    return response


def not_found() -> Problem:
    return problem(404, "Invitation not found",
                   "This interview link is not valid. Please check that you copied the whole "
                   "link from your invitation.", "invitation-not-found")


def store_unavailable(detail: str) -> Problem:
    """The store cannot serve right now; the page retries answers after Retry-After."""
    log.warning("storage unavailable for a participant", exc_info=True)
    return problem(503, "Temporarily unavailable", detail, "storage-unavailable",
                   headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def gone(reason: str) -> Problem:
    if reason == "revoked":
        detail = ("This interview link has been withdrawn by the research team, so it can no "
                  "longer be used. Nothing more is needed from you.")
    else:
        detail = ("This interview link has expired. If you would still like to take part, "
                  "please reply to your invitation and ask for a new link.")
    return problem(410, f"Invitation {reason}", detail, f"invitation-{reason}")


# --------------------------------------------------------------------------- access by token


@dataclass(frozen=True)
class Access:
    """What a token opens: its invitation, participant, study guide and interview, if any."""

    invitation_id: int
    participant_id: int
    study_id: int | None
    participant: Participant
    guide_json: dict[str, Any] | None  # the interview's snapshot if started, else the study's
    interview_id: int | None
    interview_status: str | None
    latest_seq: int | None = None  # the interview's last turn
    replay_seq: int | None = None  # the seq of an answer already stored under the asked key
    participant_title: str | None = None  # the study's title for participants, if set

    def guide(self) -> Guide:
        if self.guide_json is None:
            raise problem(404, "Interview not available",
                          "This invitation is not linked to a study yet.", "study-not-found")
        return Guide.from_store(self.guide_json)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:  # SQLite hands back naive UTC
        return moment.replace(tzinfo=UTC)
    return moment


def _lookup_query(with_key: bool) -> Select[Any]:
    """Built once: constructing this statement per request cost more than running it."""
    guide = case((InterviewRow.id.is_(None), Study.guide), else_=InterviewRow.guide)
    latest = (select(func.max(TurnRow.seq)).where(TurnRow.interview_id == InterviewRow.id)
              .scalar_subquery())
    replay = (select(TurnRow.seq).where(TurnRow.interview_id == InterviewRow.id,
                                        TurnRow.idempotency_key == bindparam("key"))
              .scalar_subquery())
    return (
        select(Invitation.id, Invitation.expires_at, Invitation.revoked_at, Invitation.opened_at,
               ParticipantRow.id, ParticipantRow.study_id, ParticipantRow.name,
               ParticipantRow.email, ParticipantRow.external_id, ParticipantRow.fields,
               type_coerce(guide, JSON), InterviewRow.id, InterviewRow.status,
               latest if with_key else null(), replay if with_key else null(),
               Study.participant_title)
        .join(ParticipantRow, ParticipantRow.id == Invitation.participant_id)
        .outerjoin(Study, Study.id == ParticipantRow.study_id)
        .outerjoin(InterviewRow, InterviewRow.participant_id == ParticipantRow.id)
        .where(Invitation.token == bindparam("token"))
    )


_LOOKUP = _lookup_query(with_key=False)
_LOOKUP_WITH_KEY = _lookup_query(with_key=True)


def lookup(store: Store, token: str, *, key: str | None = None) -> Access:
    """Resolve a token, or raise a 404/410 Problem; records the first opening of the link.

    With an idempotency `key` the same single query also says where the interview stands and
    whether that key was already answered, so answering costs no extra round trip.
    """
    if not token or len(token) > MAX_TOKEN_CHARS or unsafe_char(token) is not None:
        raise not_found()
    # Plain Core on a bare connection: this runs on every request, and an ORM session per
    # lookup cost more than the query itself.
    with store.engine.connect() as connection:
        if key is None:
            found = connection.execute(_LOOKUP, {"token": token}).first()
        else:
            found = connection.execute(_LOOKUP_WITH_KEY,
                                       {"token": token, "key": key.strip()}).first()
    if found is None:
        raise not_found()
    (invitation_id, expires_at, revoked_at, opened_at, participant_id, study_id, name, email,
     external_id, fields, guide_json, interview_id, interview_status, latest_seq,
     replay_seq, own_title) = found
    if revoked_at is not None:
        raise gone("revoked")
    expires = _aware(expires_at)
    if expires is not None and expires <= datetime.now(UTC):
        raise gone("expired")
    if opened_at is None:
        _record_opening(store, invitation_id)
    participant = Participant(
        name=name, email=email, external_id=external_id,
        fields={str(k): "" if v is None else str(v) for k, v in (fields or {}).items()})
    return Access(invitation_id=invitation_id, participant_id=participant_id,
                  study_id=study_id, participant=participant, guide_json=guide_json,
                  interview_id=interview_id, interview_status=interview_status,
                  latest_seq=latest_seq, replay_seq=replay_seq, participant_title=own_title)


def _record_opening(store: Store, invitation_id: int) -> None:
    """Note the first opening of a link; a store that cannot write must not stop the reading."""
    try:
        with store.session() as session:
            session.execute(update(Invitation)
                            .where(Invitation.id == invitation_id, Invitation.opened_at.is_(None))
                            .values(opened_at=datetime.now(UTC)))
    except STORAGE_FAULTS:
        log.warning("could not record that invitation %s was opened", invitation_id,
                    exc_info=True)
