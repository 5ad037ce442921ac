"""Customer lists in, personal interview links out.

A CSV (UTF-8 with or without a BOM, or Windows-1252 as Excel saves it) whose header names
`name` and `email` ("E-mail", "Email address" and "Full name" are read as those too),
optionally `external_id`; every other column becomes a participant field usable in question
text as `{column}`. Good rows are imported even when others are bad; bad rows are reported by
the line they start on. An email already in the study (or earlier in the file) is merged,
never doubled. Each participant gets one invitation whose token (`secrets.token_urlsafe(24)`,
192 bits) is their only credential.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError

from jobstory.store.db import Store
from jobstory.store.tables import Invitation, InterviewRow, ParticipantRow
from jobstory.text_files import NotText, decode_text
from jobstory.untrusted import UnsafeText, check_text
from jobstory.web.accounts import normalise_email, now, valid_email

MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024
MAX_FIELD_CHARS = 2000
MAX_EXPIRY_DAYS = 3650
STATUSES = ("invited", "opened", "started", "completed")
RESERVED = ("name", "email", "external_id")
#: Other headers spreadsheets and CRM exports use for the two columns every list needs.
HEADER_ALIASES = {"e_mail": "email", "email_address": "email", "e_mail_address": "email",
                  "full_name": "name"}
_LIMITS = {"name": 300, "email": 320, "external_id": 200}


class CsvError(Exception):
    """The list as a whole cannot be read (bad header, not UTF-8, too many rows)."""


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Row:
    line: int
    email: str
    name: str | None = None
    external_id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedList:
    rows: list[Row]
    errors: list[LineProblem]
    merged: list[LineProblem]
    fields: list[str]


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


def field_key(header: str) -> str:
    """A column header as a `{field}` name: 'Company Name' -> 'company_name'."""
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    if key and key[0].isdigit():
        key = "f_" + key
    return key


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise CsvError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return decode_text(data).text  # Excel's plain "CSV" on Windows is Windows-1252
    except NotText as error:
        raise CsvError(f"line {error.line}: the file is not text ({error}); save it as "
                       "'CSV UTF-8'") from None


def _dialect(text: str) -> str:
    """Comma, unless the header clearly uses semicolons or tabs (as some spreadsheets save)."""
    first = text.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def _check(row: Row, seen: dict[str, Row], parsed: ParsedList) -> None:
    """Validate a row's values, then add it or merge it into an earlier one."""
    values = {"name": row.name, "email": row.email, "external_id": row.external_id,
              **row.fields}
    for key, value in values.items():
        try:  # field values reach question texts, and so every turn of the interview
            check_text(value, key)
        except UnsafeText as error:
            parsed.errors.append(LineProblem(row.line, str(error)))
            return
    email = normalise_email(row.email)
    if not email:
        parsed.errors.append(LineProblem(row.line, "missing email"))
        return
    if not valid_email(email):
        parsed.errors.append(LineProblem(row.line, f"invalid email {row.email.strip()!r}"))
        return
    for key, limit in _LIMITS.items():
        value = email if key == "email" else getattr(row, key)
        if value and len(value) > limit:
            parsed.errors.append(LineProblem(row.line, f"{key} is longer than {limit} characters"))
            return
    for key, value in row.fields.items():
        if len(value) > MAX_FIELD_CHARS:
            parsed.errors.append(
                LineProblem(row.line, f"{key} is longer than {MAX_FIELD_CHARS} characters"))
            return
    row.email = email
    earlier = seen.get(email)
    if earlier is None:
        seen[email] = row
        parsed.rows.append(row)
        return
    _merge_into(earlier, row)
    parsed.merged.append(LineProblem(row.line, f"same email as line {earlier.line}; merged"))


def _merge_into(earlier: Row, later: Row) -> None:
    earlier.name = later.name or earlier.name
    earlier.external_id = later.external_id or earlier.external_id
    earlier.fields.update({k: v for k, v in later.fields.items() if v})


def parse_csv(data: bytes | str) -> ParsedList:
    text = _decode(data)
    if not text.strip():
        raise CsvError("the file is empty: the first line must be a header with name and email")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=False)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvError(f"line 1: cannot read the header: {error}") from None
    keys = [field_key(h) for h in header]
    while keys and not keys[-1]:  # trailing empty header cells, as spreadsheets write them
        keys.pop()
    for index, key in enumerate(keys, start=1):
        if not key:
            raise CsvError(f"line 1: column {index} has no name")
    for alias, key in HEADER_ALIASES.items():
        if alias in keys and key not in keys:
            keys[keys.index(alias)] = key
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise CsvError(f"line 1: column {duplicates[0]!r} appears more than once")
    missing = [k for k in ("name", "email") if k not in keys]
    if missing:
        raise CsvError("line 1: the header must name the columns 'name' and 'email' "
                       f"(missing: {', '.join(missing)}; found: {', '.join(keys) or 'nothing'})")
    parsed = ParsedList(rows=[], errors=[], merged=[],
                        fields=[k for k in keys if k not in RESERVED])
    seen: dict[str, Row] = {}
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            parsed.errors.append(LineProblem(start, f"cannot read this row: {error}"))
            continue
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise CsvError(f"the list has more than {MAX_ROWS:,} rows; split it into smaller files")
        if len(cells) > len(keys) and not any(c.strip() for c in cells[len(keys):]):
            cells = cells[: len(keys)]
        if len(cells) != len(keys):
            many = "too many" if len(cells) > len(keys) else "too few"
            parsed.errors.append(LineProblem(
                start, f"{many} cells: expected {len(keys)}, found {len(cells)}"))
            continue
        values = {k: c.strip() for k, c in zip(keys, cells, strict=True)}
        _check(Row(line=start, email=values["email"], name=values["name"] or None,
                   external_id=values.get("external_id") or None,
                   fields={k: v for k, v in values.items() if k not in RESERVED}),
               seen, parsed)
    if count == 0 and not parsed.errors:
        # "0 imported" alone reads as a fault of the product; say what the file lacks
        raise CsvError("line 2: the file has a header but no rows: add one participant per "
                       "line under the header")
    return parsed


def parse_items(items: Any) -> ParsedList:
    """The JSON form: a list of objects; `line` in problems is the item's 1-based position."""
    if not isinstance(items, list):
        raise CsvError("'participants' must be a list of objects")
    if len(items) > MAX_ROWS:
        raise CsvError(f"more than {MAX_ROWS:,} participants; send them in smaller batches")
    parsed = ParsedList(rows=[], errors=[], merged=[], fields=[])
    seen: dict[str, Row] = {}
    fields: dict[str, None] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.errors.append(LineProblem(position, "not an object"))
            continue
        custom: dict[str, str] = {}
        bad = None
        for raw_key, value in item.items():
            key = field_key(str(raw_key))
            if key in RESERVED:
                continue
            if not key:
                bad = f"field name {raw_key!r} is not usable"
                break
            if isinstance(value, (dict, list)):
                bad = f"field {raw_key!r} must be text or a number"
                break
            custom[key] = "" if value is None else str(value).strip()
            fields.setdefault(key, None)
        if bad:
            parsed.errors.append(LineProblem(position, bad))
            continue

        def text(key: str, item: dict[str, Any] = item) -> str | None:
            value = item.get(key)
            return None if value is None or str(value).strip() == "" else str(value).strip()

        _check(Row(line=position, email=text("email") or "", name=text("name"),
                   external_id=text("external_id"), fields=custom), seen, parsed)
    parsed.fields = list(fields)
    return parsed


# --- the store side ----------------------------------------------------------------------


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
