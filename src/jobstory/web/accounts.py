"""Researcher accounts: users, their workspaces, passwords, sign-in sessions and API tokens.

Passwords are hashed with Argon2id (argon2-cffi) and must pass `passwords.password_problem`.
API tokens and session ids are `secrets.token_urlsafe(32)` (256 bits) and only their SHA-256
is stored, so a copy of the database holds no usable credential. Sessions and tokens live in
the database so that they can be ended: signing out ends one session; a password change ends
all of the user's sessions and revokes all of their API tokens, since whoever knew the old
password may have made either.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from jobstory.store.db import Store
from jobstory.store.tables import ApiToken, User, UserSession, Workspace
from jobstory.web.passwords import MAX_PASSWORD, password_problem

#: How long a sign-in lasts, whatever the browser does with its cookie.
SESSION_LIFETIME = timedelta(days=14)
#: `last_used_at` of an API token is written at most this often: a write per API call is not
#: worth knowing the second.
LAST_USED_EVERY = timedelta(minutes=1)
MAX_TOKEN_NAME = 100
MAX_TOKEN_DAYS = 3650
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+$")

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown: a wrong email costs what a wrong password does.

    Made on first use, not at import, so commands that never sign anyone in stay quick.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(Exception):
    """A one-line reason an account operation cannot be done."""


@dataclass(frozen=True)
class Account:
    """The signed-in researcher, as handlers see it."""

    id: int
    email: str
    workspace_id: int
    workspace: str


@dataclass(frozen=True)
class TokenInfo:
    """An API token as listed: never the token itself, which only its creator saw once."""

    id: int
    name: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= now()


@dataclass(frozen=True)
class PasswordChanged:
    """What a password change ended, so the operator can be told."""

    sessions_ended: int
    tokens_revoked: int


def now() -> datetime:
    """Aware UTC: the web modules stamp every row with this."""
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every one stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def valid_email(email: str) -> bool:
    return len(email) <= 320 and bool(_EMAIL.match(email))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(user: User, workspace: Workspace) -> Account:
    return Account(id=user.id, email=user.email, workspace_id=workspace.id,
                   workspace=workspace.name)


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem is not None:
        raise AccountError(problem)


def create_user(store: Store, email: str, password: str, *, workspace: str | None = None
                ) -> Account:
    """A new user. Without `workspace` they get their own; with it, it must already exist."""
    email = normalise_email(email)
    if not valid_email(email):
        raise AccountError(f"{email!r} is not a valid email address")
    _check_password(password, email)
    password_hash = hash_password(password)
    try:
        with store.session() as session:
            if session.scalar(select(User.id).where(User.email == email)) is not None:
                raise AccountError(f"a user {email} already exists")
            if workspace is not None:
                space = session.scalar(select(Workspace).where(Workspace.name == workspace))
                if space is None:
                    raise AccountError(f"there is no workspace named {workspace!r}")
            else:
                space = Workspace(name=_free_workspace_name(session, email), created_at=now())
                session.add(space)
                session.flush()
            user = User(email=email, password_hash=password_hash, workspace_id=space.id,
                        created_at=now())
            session.add(user)
            session.flush()
            return _account(user, space)
    except IntegrityError:
        raise AccountError(f"a user {email} already exists") from None


def set_password(store: Store, email: str, password: str) -> PasswordChanged:
    """Replace a user's password, ending all their sessions and revoking all their API tokens.

    How an operator recovers an account (or the demo sign-in), and how a researcher changes
    theirs: either way, whoever had the old password must not keep a way in.
    """
    email = normalise_email(email)
    _check_password(password, email)
    password_hash = hash_password(password)
    with store.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            raise AccountError(f"there is no user {email}")
        user.password_hash = password_hash
        sessions = session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        tokens = session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        return PasswordChanged(sessions_ended=sessions.rowcount, tokens_revoked=tokens.rowcount)


def _free_workspace_name(session, email: str) -> str:  # type: ignore[no-untyped-def]
    base = email
    name = base
    counter = 2
    while session.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
        name = f"{base} ({counter})"
        counter += 1
    return name


def get_account(store: Store, user_id: int) -> Account | None:
    with store.read() as session:
        user = session.get(User, user_id)
        if user is None:
            return None
        workspace = session.get(Workspace, user.workspace_id)
        assert workspace is not None
        return _account(user, workspace)


def authenticate(store: Store, email: str, password: str) -> Account | None:
    """The account for these credentials, or None (in about the same time either way)."""
    email = normalise_email(email)
    with store.read() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None or len(password) > MAX_PASSWORD:
            verify_password(_dummy_hash(), password[:MAX_PASSWORD])
            return None
        stored_hash = user.password_hash
        user_id = user.id
    if not verify_password(stored_hash, password):
        return None
    if _hasher.check_needs_rehash(stored_hash):
        with store.session() as session:
            row = session.get(User, user_id)
            if row is not None:
                row.password_hash = hash_password(password)
    return get_account(store, user_id)


def _user_id(session, email: str) -> int:  # type: ignore[no-untyped-def]
    email = normalise_email(email)
    user_id = session.scalar(select(User.id).where(User.email == email))
    if user_id is None:
        raise AccountError(f"there is no user {email}")
    return int(user_id)


def create_api_token(store: Store, email: str, *, name: str | None = None,
                     expires_days: int | None = None) -> str:
    """A new API token for the user; shown once, stored only as its SHA-256.

    `name` says what it is for (shown when tokens are listed); with `expires_days` it stops
    working that many days from now.
    """
    name = " ".join((name or "").split()) or None
    if name is not None and len(name) > MAX_TOKEN_NAME:
        raise AccountError(f"the token name must be at most {MAX_TOKEN_NAME} characters")
    if expires_days is not None and not 1 <= expires_days <= MAX_TOKEN_DAYS:
        raise AccountError(f"a token expires after 1 to {MAX_TOKEN_DAYS} days")
    token = secrets.token_urlsafe(32)
    created = now()
    expires = created + timedelta(days=expires_days) if expires_days is not None else None
    with store.session() as session:
        session.add(ApiToken(user_id=_user_id(session, email), token_hash=hash_token(token),
                             name=name, created_at=created, expires_at=expires))
    return token


def list_api_tokens(store: Store, email: str) -> list[TokenInfo]:
    """The user's API tokens, oldest first (expired ones too, until they are revoked)."""
    with store.read() as session:
        user_id = _user_id(session, email)
        rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                               .order_by(ApiToken.id))
        return [TokenInfo(id=row.id, name=row.name, created_at=aware(row.created_at),
                          expires_at=aware(row.expires_at),
                          last_used_at=aware(row.last_used_at))  # type: ignore[arg-type]
                for row in rows]


def revoke_api_token(store: Store, token_id: int, *, user_id: int | None = None) -> bool:
    """Delete a token so it stops working at once; `user_id` limits it to that user's own.

    False when there is no such token (or it belongs to someone else).
    """
    query = delete(ApiToken).where(ApiToken.id == token_id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    with store.session() as session:
        return session.execute(query).rowcount > 0


def account_for_token(store: Store, token: str) -> Account | None:
    """The account an unexpired API token belongs to; notes when the token was last used."""
    if not token or len(token) > 200:
        return None
    moment = now()
    with store.read() as session:
        found = session.execute(
            select(ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at, User, Workspace)
            .join(User, User.id == ApiToken.user_id)
            .join(Workspace, Workspace.id == User.workspace_id)
            .where(ApiToken.token_hash == hash_token(token))
        ).first()
    if found is None:
        return None
    token_id, expires_at, last_used_at, user, workspace = found
    expires = aware(expires_at)
    if expires is not None and expires <= moment:
        return None
    last_used = aware(last_used_at)
    if last_used is None or moment - last_used >= LAST_USED_EVERY:
        with store.session() as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id)
                            .values(last_used_at=moment))
    return _account(user, workspace)


# --- sign-in sessions ----------------------------------------------------------------------


def start_session(store: Store, user_id: int) -> str:
    """A new session for the user; the returned id goes (signed) into their cookie only."""
    session_id = secrets.token_urlsafe(32)
    moment = now()
    with store.session() as session:
        session.execute(delete(UserSession).where(UserSession.expires_at <= moment))
        session.add(UserSession(user_id=user_id, token_hash=hash_token(session_id),
                                created_at=moment, expires_at=moment + SESSION_LIFETIME))
    return session_id


def account_for_session(store: Store, session_id: str) -> Account | None:
    """The account of a live session: None once it was ended, or has expired."""
    if not session_id or len(session_id) > 200:
        return None
    with store.read() as session:
        found = session.execute(
            select(UserSession.expires_at, User, Workspace)
            .join(User, User.id == UserSession.user_id)
            .join(Workspace, Workspace.id == User.workspace_id)
            .where(UserSession.token_hash == hash_token(session_id))
        ).first()
    if found is None:
        return None
    expires_at, user, workspace = found
    expires = aware(expires_at)
    if expires is None or expires <= now():
        return None
    return _account(user, workspace)


def end_session(store: Store, session_id: str) -> None:
    """Sign a session out for good: its cookie, even if kept, no longer signs anyone in."""
    with store.session() as session:
        session.execute(delete(UserSession)
                        .where(UserSession.token_hash == hash_token(session_id)))


def user_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(User.id))) or 0)
