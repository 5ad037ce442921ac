"""The durable schema. Alembic migrations in `migrations/` create exactly these tables.

Every answer a participant gives is a row in `turns`; the moderator's reply to it is the
next row, written in the same transaction, so an acknowledged answer is never without its
reply and a replayed idempotency key finds both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """Only a SHA-256 of the token is kept: a leaked database leaks no usable token.

    Revoking a token deletes its row; a password change revokes all of the user's tokens.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserSession(Base):
    """A signed-in browser. The cookie names it by a random id; only its SHA-256 is kept.

    Kept on the server so that signing out, or a password change, ends it for good: a signed
    cookie alone stays valid until it expires, whatever happens to the account.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginAttempts(Base):
    """Failed sign-ins per account or per client address, shared by every server process.

    `key` is a SHA-256 of what is counted ("account:EMAIL" or "ip:ADDRESS"), so the table
    holds no typed-in email addresses.
    """

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Study(Base):
    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    #: What participants see (invitation subject, interview page); None: the guide's title.
    #: `title` is the team's own name for the study and is never shown to participants.
    participant_title: Mapped[str | None] = mapped_column(String(300))
    guide: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Archived studies leave the studies list; everything in them is kept.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Keep what participants said aloud after it is transcribed (default: delete it).
    keep_audio: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ParticipantRow(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("study_id", "email", name="uq_participant_email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    external_id: Mapped[str | None] = mapped_column(String(200))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Archived participants leave the study's list and its analysis; their transcript is kept.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Invitation(Base):
    """A personalised link. The token is the participant's only credential."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InterviewRow(Base):
    """One interview. The guide is snapshotted so later edits to a study never rewrite history."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), unique=True
    )
    guide: Mapped[dict[str, Any]] = mapped_column(JSON)
    participant: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="started")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("interview_id", "seq", name="uq_turn_seq"),
        UniqueConstraint("interview_id", "idempotency_key", name="uq_turn_idempotency"),
        Index("ix_turns_interview", "interview_id", "seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    question_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnalysisRun(Base):
    """One synthesis of a study's completed interviews, run in the background.

    A durable row, so a run outlives the request that asked for it and the process that ran
    it: `status` goes queued -> running -> done | failed. A running row carries the id of the
    process running it and a heartbeat; a row whose heartbeat has gone stale belonged to a
    process that died and is queued again. The outputs (`result`: analysis.json as written,
    `report_html`, `report_md`) are filled in the same commit that marks the run done, so a
    reader only ever sees a finished run's files.
    """

    __tablename__ = "analysis_runs"
    __table_args__ = (Index("ix_analysis_runs_study_status", "study_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    #: "interview" (an interview completed) or "request" (someone asked).
    trigger: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str | None] = mapped_column(String(320))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(100))
    step: Mapped[str | None] = mapped_column(String(40))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: How many completed interviews the run read, and the latest completion among them:
    #: an interview completed after it asks for the next run.
    interviews: Mapped[int | None] = mapped_column(Integer)
    interviews_through: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    report_html: Mapped[str | None] = mapped_column(Text)
    report_md: Mapped[str | None] = mapped_column(Text)


class DecisionRow(Base):
    """A researcher's correction to an analysis, as an event: never updated, never deleted.

    Undoing one is another event (`undoes` names it). `target` is the stable id the decision
    is about (a theme, story or segment id); `anchor` holds what finds it again when ids move
    (a quote's source, start, end and text; a theme's member segments); `before`/`after` are
    what the researcher saw and what they made of it.
    """

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    anchor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    undoes: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))


class Publication(Base):
    """A read-only report link. Only a SHA-256 of its token is kept; revoking sets
    `revoked_at`, after which the link finds nothing."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Recording(Base):
    """One spoken answer as uploaded: its transcript and confidence, its audio only if kept.

    Uploads are idempotent per participant and key, like answers: a retried upload finds its
    row and is not transcribed twice. `audio` is NULL unless the study keeps audio.
    """

    __tablename__ = "recordings"
    __table_args__ = (
        UniqueConstraint("participant_id", "idempotency_key", name="uq_recording_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    transcript: Mapped[dict[str, Any]] = mapped_column(JSON)
    confidence: Mapped[float | None] = mapped_column(Float)
    duration: Mapped[float] = mapped_column(Float)
    transcriber: Mapped[str] = mapped_column(String(50))
    media_type: Mapped[str | None] = mapped_column(String(100))
    audio: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
