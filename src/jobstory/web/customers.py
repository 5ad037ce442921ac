"""A study's participants and their personal interview links.

Rows read from a list (`customer_lists.py`) are imported: an email already in the study is
merged, never doubled, and each participant gets one invitation whose token
(`secrets.token_urlsafe(24)`, 192 bits) is their only credential. Links can be revoked and
reissued; `participants` and `study_progress` say who has opened, started and completed; the
links come out as a CSV safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError

from jobstory.store.db import Store
from jobstory.store.tables import Invitation, InterviewRow, ParticipantRow
from jobstory.web.accounts import now
from jobstory.web.customer_lists import Row

MAX_EXPIRY_DAYS = 3650
STATUSES = ("invited", "opened", "started", "completed")


def expiry_in(days: int) -> datetime:
    """When a link made now stops working; ValueError outside 1..MAX_EXPIRY_DAYS days."""
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"expiry must be 1..{MAX_EXPIRY_DAYS} days")
    return now() + timedelta(days=days)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Issued:
    participant_id: int
    email: str
    token: str
    created: bool
    revoked: bool
    expires_at: datetime | None


@dataclass(frozen=True)
class ImportResult:
    issued: list[Issued]
    created: int
    updated: int


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _latest_invitations(session: Any, participant_ids: Iterable[int]) -> dict[int, Invitation]:
    ids = list(participant_ids)
    latest: dict[int, Invitation] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for invitation in session.scalars(
            select(Invitation).where(Invitation.participant_id.in_(chunk)).order_by(Invitation.id)
        ):
            latest[invitation.participant_id] = invitation
    return latest


def import_rows(store: Store, study_id: int, rows: list[Row], *,
                expires_at: datetime | None = None) -> ImportResult:
    """Create or merge participants and give each one without an invitation a new link."""
    for _attempt in range(3):
        try:
            return _import(store, study_id, rows, expires_at)
        except IntegrityError:  # a concurrent import added the same email: merge on retry
            continue
    return _import(store, study_id, rows, expires_at)


def _import(store: Store, study_id: int, rows: list[Row],
            expires_at: datetime | None) -> ImportResult:
    stamp = now()
    created = updated = 0
    with store.session() as session:
        existing = {
            p.email: p for p in session.scalars(
                select(ParticipantRow).where(ParticipantRow.study_id == study_id))
            if p.email
        }
        targets: list[tuple[ParticipantRow, bool]] = []
        for row in rows:
            participant = existing.get(row.email)
            if participant is None:
                participant = ParticipantRow(study_id=study_id, name=row.name, email=row.email,
                                             external_id=row.external_id, fields=row.fields,
                                             created_at=stamp)
                session.add(participant)
                existing[row.email] = participant
                targets.append((participant, True))
                created += 1
            else:
                participant.name = row.name or participant.name
                participant.external_id = row.external_id or participant.external_id
                merged = dict(participant.fields or {})
                merged.update({k: v for k, v in row.fields.items() if v})
                participant.fields = merged
                targets.append((participant, False))
                updated += 1
        session.flush()
        latest = _latest_invitations(session, [p.id for p, is_new in targets if not is_new])
        issued = []
        for participant, is_new in targets:
            invitation = None if is_new else latest.get(participant.id)
            if invitation is None:
                invitation = Invitation(participant_id=participant.id, token=new_token(),
                                        created_at=stamp, expires_at=expires_at)
                session.add(invitation)
            issued.append(Issued(participant_id=participant.id, email=participant.email or "",
                                 token=invitation.token, created=is_new,
                                 revoked=invitation.revoked_at is not None,
                                 expires_at=aware(invitation.expires_at)))
    return ImportResult(issued=issued, created=created, updated=updated)


def _owned_participant(session: Any, study_id: int, participant_id: int) -> ParticipantRow | None:
    participant = session.get(ParticipantRow, participant_id)
    if participant is None or participant.study_id != study_id:
        return None
    return participant


def revoke(store: Store, study_id: int, participant_id: int) -> bool:
    """Revoke the participant's live links; False if there is no such participant here."""
    with store.session() as session:
        if _owned_participant(session, study_id, participant_id) is None:
            return False
        for invitation in session.scalars(select(Invitation).where(
                Invitation.participant_id == participant_id, Invitation.revoked_at.is_(None))):
            invitation.revoked_at = now()
        return True


def reissue(store: Store, study_id: int, participant_id: int, *,
            expires_at: datetime | None = None) -> str | None:
    """Revoke the old link and issue a new one; the new token, or None if no such participant."""
    with store.session() as session:
        if _owned_participant(session, study_id, participant_id) is None:
            return None
        stamp = now()
        for invitation in session.scalars(select(Invitation).where(
                Invitation.participant_id == participant_id, Invitation.revoked_at.is_(None))):
            invitation.revoked_at = stamp
        token = new_token()
        session.add(Invitation(participant_id=participant_id, token=token, created_at=stamp,
                               expires_at=expires_at))
        return token


@dataclass(frozen=True)
class ParticipantView:
    id: int
    name: str | None
    email: str | None
    external_id: str | None
    fields: dict[str, Any]
    status: str
    invitation_id: int | None
    token: str | None
    revoked: bool
    expired: bool
    sent_at: datetime | None
    opened_at: datetime | None
    interview_id: int | None

    @property
    def active(self) -> bool:
        return self.token is not None and not self.revoked and not self.expired


def status_of(invitation: Invitation | None, interview_status: str | None) -> str:
    if interview_status == "completed":
        return "completed"
    if interview_status is not None:
        return "started"
    if invitation is not None and invitation.opened_at is not None:
        return "opened"
    return "invited"


def participants(store: Store, study_id: int) -> list[ParticipantView]:
    """Every participant of the study (archived ones left out) with their derived status, in
    the order they were added."""
    with store.read() as session:
        rows = list(session.scalars(select(ParticipantRow).where(
            ParticipantRow.study_id == study_id, ParticipantRow.archived_at.is_(None))
            .order_by(ParticipantRow.id)))
        latest = _latest_invitations(session, [p.id for p in rows])
        opened: dict[int, datetime] = {}
        for start in range(0, len(rows), 500):
            chunk = [p.id for p in rows[start : start + 500]]
            for participant_id, opened_at in session.execute(
                select(Invitation.participant_id, Invitation.opened_at).where(
                    Invitation.participant_id.in_(chunk), Invitation.opened_at.is_not(None))
            ):
                opened[participant_id] = opened_at
        interviews = {
            participant_id: (interview_id, status)
            for interview_id, participant_id, status in session.execute(
                select(InterviewRow.id, InterviewRow.participant_id, InterviewRow.status)
                .where(InterviewRow.study_id == study_id)
            )
        }
    moment = now()
    views = []
    for participant in rows:
        invitation = latest.get(participant.id)
        interview_id, interview_status = interviews.get(participant.id, (None, None))
        expires = aware(invitation.expires_at) if invitation else None
        was_opened = aware(opened.get(participant.id))
        status = status_of(invitation, interview_status)
        if status == "invited" and was_opened is not None:  # an older link was opened
            status = "opened"
        views.append(ParticipantView(
            id=participant.id, name=participant.name, email=participant.email,
            external_id=participant.external_id, fields=dict(participant.fields or {}),
            status=status, invitation_id=invitation.id if invitation else None,
            token=invitation.token if invitation else None,
            revoked=bool(invitation and invitation.revoked_at is not None),
            expired=bool(expires is not None and expires <= moment),
            sent_at=aware(invitation.sent_at) if invitation else None,
            opened_at=was_opened, interview_id=interview_id,
        ))
    return views


def study_progress(store: Store, study_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Counts by status for each study, computed in the database (one query)."""
    ids = list(study_ids)
    result = {study_id: {**dict.fromkeys(STATUSES, 0), "total": 0} for study_id in ids}
    if not ids:
        return result
    opened = exists().where(Invitation.participant_id == ParticipantRow.id,
                            Invitation.opened_at.is_not(None))
    status = case(
        (InterviewRow.status == "completed", "completed"),
        (InterviewRow.id.is_not(None), "started"),
        (opened, "opened"),
        else_="invited",
    ).label("status")
    query = (select(ParticipantRow.study_id, status, func.count(ParticipantRow.id))
             .outerjoin(InterviewRow, InterviewRow.participant_id == ParticipantRow.id)
             .where(ParticipantRow.study_id.in_(ids), ParticipantRow.archived_at.is_(None))
             .group_by(ParticipantRow.study_id, status))
    with store.read() as session:
        for study_id, name, count in session.execute(query):
            result[study_id][name] += count
            result[study_id]["total"] += count
    return result


def progress(views: Iterable[ParticipantView]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    total = 0
    for view in views:
        counts[view.status] += 1
        total += 1
    return {**counts, "total": total}


def link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/i/{token}"


def _safe_cell(value: str) -> str:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def links_csv(views: Iterable[ParticipantView], base_url: str) -> str:
    """name,email,external_id,url for a mail merge; revoked and expired links left out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["name", "email", "external_id", "url"])
    for view in views:
        if not view.active or view.token is None:
            continue
        writer.writerow([_safe_cell(view.name or ""), _safe_cell(view.email or ""),
                         _safe_cell(view.external_id or ""), link(base_url, view.token)])
    return out.getvalue()
