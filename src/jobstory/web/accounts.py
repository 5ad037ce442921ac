"""Researcher accounts: users, their workspaces, passwords and API tokens.

Passwords are hashed with Argon2id (argon2-cffi). API tokens are `secrets.token_urlsafe(32)`
(256 bits) and only their SHA-256 is stored, so a copy of the database holds no usable token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from jobstory.store.db import Store
from jobstory.store.tables import ApiToken, User, Workspace

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
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


def now() -> datetime:
    """Aware UTC: the web modules stamp every row with this."""
    return datetime.now(UTC)


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


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password must be at most {MAX_PASSWORD} characters")


def create_user(store: Store, email: str, password: str, *, workspace: str | None = None
                ) -> Account:
    """A new user. Without `workspace` they get their own; with it, it must already exist."""
    email = normalise_email(email)
    if not valid_email(email):
        raise AccountError(f"{email!r} is not a valid email address")
    _check_password(password)
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


def set_password(store: Store, email: str, password: str) -> None:
    """Replace a user's password: how an operator recovers an account (or the demo sign-in)."""
    email = normalise_email(email)
    _check_password(password)
    password_hash = hash_password(password)
    with store.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            raise AccountError(f"there is no user {email}")
        user.password_hash = password_hash


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


def create_api_token(store: Store, email: str) -> str:
    """A new API token for the user; shown once, stored only as its SHA-256."""
    token = secrets.token_urlsafe(32)
    with store.session() as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise AccountError(f"there is no user {normalise_email(email)}")
        session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), created_at=now()))
    return token


def account_for_token(store: Store, token: str) -> Account | None:
    if not token or len(token) > 200:
        return None
    with store.read() as session:
        user_id = session.scalar(
            select(ApiToken.user_id).where(ApiToken.token_hash == hash_token(token))
        )
    return None if user_id is None else get_account(store, user_id)


def user_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(User.id))) or 0)
