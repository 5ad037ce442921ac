"""Sessions and API tokens can be ended: sign-out, password changes, token expiry and revoking.

Over a real server and the real admin CLI: a cookie kept after signing out, or after a
password change, must no longer sign anyone in, and a revoked or expired token must stop
working at once.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update
from typer.testing import CliRunner

from jobstory.store.db import open_store
from jobstory.store.tables import ApiToken, UserSession
from jobstory.web.accounts import account_for_token, create_api_token, now
from jobstory.web.admin_cli import admin
from tests.test_web_accounts import PASSWORD, csrf_of, make_user, problem, signed_in

NEW_PASSWORD = "a completely different passphrase"


def _cookie_copy(client: httpx.Client, url: str) -> httpx.Client:
    """Another client holding the same session cookie, as a thief or a kept tab would."""
    return httpx.Client(base_url=url, cookies=dict(client.cookies), follow_redirects=False,
                        timeout=30)


def _signed_out(client: httpx.Client) -> bool:
    return client.get("/studies").status_code == 303 and \
        client.get("/api/me").status_code == 401


def test_signing_out_ends_the_session_even_for_a_kept_cookie(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        browser = signed_in(server.url, "ada@example.com")
        kept = _cookie_copy(browser, server.url)
        assert kept.get("/studies").status_code == 200

        token = csrf_of(browser.get("/studies").text)
        assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
        assert _signed_out(kept)


def test_other_sessions_outlive_one_sign_out(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        laptop = signed_in(server.url, "ada@example.com")
        phone = signed_in(server.url, "ada@example.com")
        laptop.post("/logout", data={"csrf_token": csrf_of(laptop.get("/studies").text)})
        assert phone.get("/studies").status_code == 200


def test_a_session_ends_when_its_lifetime_is_over(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        browser = signed_in(server.url, "ada@example.com")
        with server.store.session() as session:
            session.execute(update(UserSession).values(expires_at=now() - timedelta(seconds=1)))
        assert _signed_out(browser)


def test_admin_set_password_ends_sessions_and_revokes_api_tokens(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        laptop = signed_in(server.url, "ada@example.com")
        phone = signed_in(server.url, "ada@example.com")
        token = create_api_token(server.store, "ada@example.com")
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{server.url}/api/me", headers=bearer).status_code == 200

        changed = CliRunner().invoke(admin, [
            "set-password", "ada@example.com", "--password-stdin", "--db",
            server.store.url], input=NEW_PASSWORD + "\n")
        assert changed.exit_code == 0, changed.output
        assert "Ended 2 sign-in sessions and revoked 1 API token." in changed.output

        assert _signed_out(laptop) and _signed_out(phone)
        problem(httpx.get(f"{server.url}/api/me", headers=bearer), 401)
        signed_in(server.url, "ada@example.com", NEW_PASSWORD)


def test_admin_tokens_lists_and_revoke_token_revokes(sqlite_url: str) -> None:
    runner = CliRunner()
    store = open_store(sqlite_url)
    make_user(store)
    make_user(store, "bob@example.com")
    assert "has no API tokens" in runner.invoke(
        admin, ["tokens", "ada@example.com", "--db", sqlite_url]).output

    made = runner.invoke(admin, ["token", "ada@example.com", "--name", "CI pipeline",
                                 "--expires-days", "30", "--db", sqlite_url])
    assert made.exit_code == 0, made.output
    ci = made.stdout.strip().splitlines()[-1]
    plain = runner.invoke(admin, ["token", "ada@example.com", "--db", sqlite_url])
    other = runner.invoke(admin, ["token", "bob@example.com", "--db", sqlite_url])
    assert account_for_token(store, ci) is not None  # used once: "last used" is known

    listed = runner.invoke(admin, ["tokens", "ada@example.com", "--db", sqlite_url])
    assert listed.exit_code == 0, listed.output
    lines = [line.split() for line in listed.output.splitlines()[1:]]
    assert [line[0] for line in lines] == ["1", "2"]  # Bob's token 3 is not Ada's
    today = now().strftime("%Y-%m-%d")
    in_30_days = (now() + timedelta(days=30)).strftime("%Y-%m-%d")
    ci_row = listed.output.splitlines()[1]
    assert ci_row.endswith("CI pipeline") and ci_row.count(today) == 2 and in_30_days in ci_row
    assert ci_row.count("never") == 0
    assert listed.output.splitlines()[2].count("never") == 2  # never used, never expires
    assert ci not in listed.output

    revoked = runner.invoke(admin, ["revoke-token", "1", "--db", sqlite_url])
    assert revoked.exit_code == 0 and "Revoked API token 1." in revoked.output
    assert account_for_token(store, ci) is None
    assert account_for_token(store, plain.stdout.strip().splitlines()[-1]) is not None
    assert account_for_token(store, other.stdout.strip().splitlines()[-1]) is not None
    again = runner.invoke(admin, ["revoke-token", "1", "--db", sqlite_url])
    assert again.exit_code == 1 and "no API token 1" in again.output
    refused = runner.invoke(admin, ["token", "ada@example.com", "--expires-days", "0",
                                    "--db", sqlite_url])
    assert refused.exit_code == 2
    store.close()


def test_an_expired_token_stops_working_and_is_listed_as_expired(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    make_user(store)
    token = create_api_token(store, "ada@example.com", expires_days=1)
    assert account_for_token(store, token) is not None
    with store.session() as session:
        session.execute(update(ApiToken).values(expires_at=now() - timedelta(seconds=1)))
    assert account_for_token(store, token) is None
    listed = CliRunner().invoke(admin, ["tokens", "ada@example.com", "--db", sqlite_url])
    assert "(expired)" in listed.output
    store.close()


def test_the_account_page_creates_lists_and_revokes_tokens(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        make_user(server.store, "eve@example.com")
        eves = create_api_token(server.store, "eve@example.com")
        browser = signed_in(server.url, "ada@example.com")
        page = browser.get("/account")
        assert page.status_code == 200 and "No API tokens yet" in page.text
        assert 'href="/account" aria-current="page"' in page.text
        csrf = csrf_of(page.text)

        refused = browser.post("/account/tokens", data={"name": "Zapier"})
        assert refused.status_code == 403
        bad = browser.post("/account/tokens", data={"name": "Zapier", "expires_days": "soon",
                                                    "csrf_token": csrf})
        assert bad.status_code == 422 and "number of days" in bad.text

        made = browser.post("/account/tokens", data={"name": "Zapier", "expires_days": "90",
                                                     "csrf_token": csrf})
        assert made.status_code == 200 and "shown only this once" in made.text
        token = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', made.text)
        assert token
        bearer = {"Authorization": f"Bearer {token.group(1)}"}
        assert httpx.get(f"{server.url}/api/me", headers=bearer).json()["email"] == \
            "ada@example.com"

        listing = browser.get("/account").text
        assert "Zapier" in listing and token.group(1) not in listing
        token_id = int(re.search(r'id="token-(\d+)"', listing).group(1))  # type: ignore[union-attr]

        # Eve's token is not Ada's to revoke
        eve_id = token_id - 1
        assert browser.post(f"/account/tokens/{eve_id}/revoke",
                            data={"csrf_token": csrf}).status_code == 404
        assert account_for_token(server.store, eves) is not None
        assert browser.post(f"/account/tokens/{token_id}/revoke").status_code == 403
        revoked = browser.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})
        assert revoked.status_code == 303
        assert "API token revoked" in browser.get("/account").text
        problem(httpx.get(f"{server.url}/api/me", headers=bearer), 401)


def test_changing_the_password_on_the_account_page(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        browser = signed_in(server.url, "ada@example.com")
        elsewhere = signed_in(server.url, "ada@example.com")
        token = create_api_token(server.store, "ada@example.com")
        csrf = csrf_of(browser.get("/account").text)

        def change(current: str, new: str, confirm: str | None = None) -> httpx.Response:
            return browser.post("/account/password", data={
                "current_password": current, "new_password": new,
                "confirm_password": new if confirm is None else confirm, "csrf_token": csrf})

        wrong = change("not my password", NEW_PASSWORD)
        assert wrong.status_code == 422 and "current password is not right" in wrong.text
        empty = change("", NEW_PASSWORD)
        assert empty.status_code == 422 and "Enter your current password" in empty.text
        assert "not right" not in empty.text
        # a weak new password is named even when the current one is wrong
        weak_too = change("not my password", "password12345")
        assert weak_too.status_code == 422 and "most common passwords" in weak_too.text
        assert "not right" not in weak_too.text
        differ = change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")
        assert differ.status_code == 422 and "differ" in differ.text
        weak = change(PASSWORD, "password1234")
        assert weak.status_code == 422 and "most common passwords" in weak.text
        mine = change(PASSWORD, "ada@example.com")
        assert mine.status_code == 422 and "email address" in mine.text

        done = change(PASSWORD, NEW_PASSWORD)
        assert done.status_code == 303
        page = browser.get(done.headers["location"])
        assert page.status_code == 200  # this browser stays signed in, on a new session
        assert "Signed out 1 other session. Revoked 1 API token" in page.text
        assert _signed_out(elsewhere)
        assert account_for_token(server.store, token) is None
        signed_in(server.url, "ada@example.com", NEW_PASSWORD)
