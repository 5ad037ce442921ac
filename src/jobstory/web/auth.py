"""Who is asking: a signed session cookie for pages, a Bearer token (or the cookie) for the API.

The session cookie is signed with itsdangerous and carries a random session id, a per-session
CSRF token and flash messages; it is HttpOnly, SameSite=Lax, and Secure when the site is served
over https. The session id only counts while its row in `user_sessions` lives: signing out
deletes it, and a password change deletes all of the user's, so a copied or kept cookie stops
working then, not when its signature expires.
Every form that changes something carries the CSRF token in a hidden field; JSON requests
authenticated by the cookie (not by a Bearer token) must send it as `X-CSRF-Token`.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from jobstory.web.accounts import (
    SESSION_LIFETIME,
    Account,
    account_for_session,
    account_for_token,
    end_session,
    start_session,
)
from jobstory.web.problems import Problem

COOKIE = "jobstory_session"
SESSION_MAX_AGE = int(SESSION_LIFETIME.total_seconds())
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """Raised by `page_user`; the app answers with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfFailed(Exception):
    """A form without the right CSRF token; the app answers 403."""


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return request.app.state.session_serializer


def make_serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="jobstory.session")


def read_session(request: Request) -> dict[str, Any]:
    """The session's data (a fresh empty one when the cookie is missing, forged or stale)."""
    cached = getattr(request.state, "session", None)
    if cached is not None:
        return cached
    data: dict[str, Any] = {}
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            loaded = _serializer(request).loads(raw, max_age=SESSION_MAX_AGE)
            if isinstance(loaded, dict):
                data = loaded
        except BadSignature:
            data = {}
    request.state.session = data
    request.state.session_dirty = False
    return data


def session_changed(request: Request) -> None:
    """Have `commit_session` write the cookie for this response."""
    request.state.session_dirty = True


def csrf_token(request: Request) -> str:
    """This session's CSRF token, creating one (and a cookie for it) when there is none."""
    data = read_session(request)
    token = data.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        data["csrf"] = token
        session_changed(request)
    return token


def _secure(request: Request) -> bool:
    base_url = getattr(request.app.state, "base_url", None) or ""
    return request.url.scheme == "https" or base_url.startswith("https://")


def commit_session(request: Request, response: Response) -> None:
    """Write the cookie if this request changed the session."""
    if not getattr(request.state, "session_dirty", False):
        return
    data = read_session(request)
    response.set_cookie(
        COOKIE, _serializer(request).dumps(data), max_age=SESSION_MAX_AGE, httponly=True,
        samesite="lax", secure=_secure(request), path="/",
    )


def sign_in(request: Request, account: Account) -> None:
    """A new server-side session and a fresh CSRF token, so a planted session is worthless."""
    data = read_session(request)
    data.clear()
    data.update({"sid": start_session(request.app.state.store, account.id),
                 "csrf": secrets.token_urlsafe(32)})
    request.state.account = account
    session_changed(request)


def sign_out(request: Request, response: Response) -> None:
    """End this session on the server (a kept copy of the cookie is then worthless too)."""
    session_id = read_session(request).get("sid")
    if isinstance(session_id, str):
        end_session(request.app.state.store, session_id)
    request.state.session = {}
    request.state.session_dirty = False
    request.state.account = None
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax",
                           secure=_secure(request))


def session_account(request: Request) -> Account | None:
    """The account of this request's session, if the session is still live on the server."""
    cached = getattr(request.state, "account", None)
    if cached is not None:
        return cached
    session_id = read_session(request).get("sid")
    if not isinstance(session_id, str):
        return None
    account = account_for_session(request.app.state.store, session_id)
    request.state.account = account
    return account


def _matches(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


async def csrf_protect(request: Request) -> None:
    """Router dependency for HTML forms: unsafe methods need the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    expected = read_session(request).get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not _matches(expected, given):
        raise CsrfFailed()


def page_user(request: Request) -> Account:
    """Dependency for researcher pages: the signed-in account, else a redirect to /login."""
    account = session_account(request)
    if account is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        raise LoginRequired(path if request.method == "GET" else "/studies")
    return account


def api_user(request: Request) -> Account:
    """Dependency for the JSON API: a Bearer token, or the session cookie plus X-CSRF-Token."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem(401, "use 'Authorization: Bearer <token>'",
                          headers={"WWW-Authenticate": 'Bearer realm="jobstory"'})
        account = account_for_token(request.app.state.store, token.strip())
        if account is None:
            raise Problem(401, "the API token is not valid",
                          headers={"WWW-Authenticate":
                                   'Bearer realm="jobstory", error="invalid_token"'})
        return account
    account = session_account(request)
    if account is None:
        raise Problem(401, "sign in, or send an API token as 'Authorization: Bearer <token>' "
                      "(create one with `jobstory admin token EMAIL`)",
                      headers={"WWW-Authenticate": 'Bearer realm="jobstory"'})
    if request.method not in SAFE_METHODS:
        expected = read_session(request).get("csrf")
        if not _matches(expected, request.headers.get(CSRF_HEADER)):
            raise Problem(403, f"a request authenticated by the session cookie needs the "
                          f"{CSRF_HEADER} header (or use a Bearer token)")
    return account


def login_redirect_target(next_path: str | None) -> str:
    """Only local paths: `next` must never send a researcher to another site."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//") \
            or "\\" in next_path:
        return "/studies"
    return next_path


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")
