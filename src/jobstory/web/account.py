"""The researcher's own account page: change the password, create, list and revoke API tokens.

A new token is shown once, in the response to the form that made it, and never stored in the
session cookie (which is signed, not encrypted). Changing the password here does what
`jobstory admin set-password` does: every session and API token of the account ends; this
browser then gets a fresh session so the researcher stays signed in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from jobstory.web.accounts import (
    MAX_TOKEN_DAYS,
    Account,
    AccountError,
    authenticate,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
    set_password,
)
from jobstory.web.auth import csrf_protect, page_user, sign_in
from jobstory.web.pages import error_page, flash, redirect, render
from jobstory.web.passwords import password_problem
from jobstory.web.throttle import waiting_time

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
#: What the token form suggests: a token that is forgotten somewhere should not work forever.
DEFAULT_TOKEN_DAYS = 90
#: Ids are 32-bit on PostgreSQL; a larger one names no token and must not reach the driver.
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _page(request: Request, account: Account, *, status_code: int = 200,
          **context: Any) -> HTMLResponse:
    defaults: dict[str, Any] = {
        "nav": "account", "tokens": list_api_tokens(request.app.state.store, account.email),
        "token_form": {"name": "", "expires_days": str(DEFAULT_TOKEN_DAYS)},
        "max_token_days": MAX_TOKEN_DAYS, "new_token": None, "token_error": None,
        "password_error": None,
    }
    return render(request, "account.html", {**defaults, **context}, status_code=status_code)


@router.get("/account")
def account_page(request: Request, account: Account = Depends(page_user)) -> Response:
    return _page(request, account)


@router.post("/account/tokens")
def create_token(request: Request, name: str = Form(""), expires_days: str = Form(""),
                 account: Account = Depends(page_user)) -> Response:
    form = {"name": name, "expires_days": expires_days}
    try:
        days = int(expires_days) if expires_days.strip() else None
    except ValueError:
        return _page(request, account, token_form=form, status_code=422,
                     token_error=f"Expiry must be a number of days from 1 to {MAX_TOKEN_DAYS}, "
                     "or empty for a token that works until it is revoked.")
    try:
        token = create_api_token(request.app.state.store, account.email, name=name,
                                 expires_days=days)
    except AccountError as error:
        return _page(request, account, token_form=form, status_code=422,
                     token_error=str(error)[:1].upper() + str(error)[1:] + ".")
    return _page(request, account, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: TokenId,
                 account: Account = Depends(page_user)) -> Response:
    if not revoke_api_token(request.app.state.store, token_id, user_id=account.id):
        return error_page(request, 404, "Not found", "You have no such API token.")
    flash(request, "API token revoked: it no longer works.")
    return redirect(request, "/account#tokens")


def _password_form_problem(account: Account, current: str, new: str, confirm: str) -> str | None:
    """The one line to show for a password form that cannot work whatever the account holds."""
    if not current:
        return "Enter your current password to change it."
    if new != confirm:
        return "The new password and its confirmation differ."
    problem = password_problem(new, account.email)
    return None if problem is None else problem[:1].upper() + problem[1:] + "."


@router.post("/account/password")
def change_password(request: Request, current_password: str = Form(""),
                    new_password: str = Form(""), confirm_password: str = Form(""),
                    account: Account = Depends(page_user)) -> Response:
    """The current password is checked (and throttled) like a sign-in: a session left open on
    someone else's screen must not be enough to take the account over. What is wrong with the
    form itself (no current password, a new one that differs or may not be used) is said
    first and costs no try: it tells nothing about the account, and a wrong-password message
    must not hide it."""
    store = request.app.state.store
    throttle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    wait = throttle.blocked(client, account.email)
    if wait:
        return _page(request, account, status_code=429, password_error=(
            f"Too many wrong passwords. Try again in {waiting_time(wait)}."))
    form_problem = _password_form_problem(account, current_password, new_password,
                                          confirm_password)
    if form_problem:
        return _page(request, account, status_code=422, password_error=form_problem)
    if authenticate(store, account.email, current_password) is None:
        throttle.failed(client, account.email)
        return _page(request, account, status_code=422,
                     password_error="Your current password is not right.")
    throttle.succeeded(client, account.email)
    try:
        changed = set_password(store, account.email, new_password)
    except AccountError as error:
        return _page(request, account, status_code=422,
                     password_error=str(error)[:1].upper() + str(error)[1:] + ".")
    sign_in(request, account)
    others = changed.sessions_ended - 1
    message = "Password changed."
    if others > 0:
        message += f" Signed out {others} other session{'s' if others != 1 else ''}."
    if changed.tokens_revoked:
        message += (f" Revoked {changed.tokens_revoked} API token"
                    f"{'s' if changed.tokens_revoked != 1 else ''}: create new ones below.")
    flash(request, message)
    return redirect(request, "/account")
