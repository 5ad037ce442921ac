"""Researcher accounts over a real server: sign-in, sessions, CSRF, API tokens, workspaces.

The helpers at the top (`make_user`, `csrf_of`, `signed_in`) are shared with the other
test_web_* modules.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from jobstory.store.db import Store, open_store
from jobstory.store.tables import ApiToken, User
from jobstory.web.accounts import (
    AccountError,
    account_for_token,
    authenticate,
    create_api_token,
    create_user,
)
from jobstory.web.admin_cli import admin

PASSWORD = "correct horse battery staple"


def make_user(store: Store, email: str = "ada@example.com", *, workspace: str | None = None,
              password: str = PASSWORD) -> str:
    create_user(store, email, password, workspace=workspace)
    return email


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def signed_in(url: str, email: str, password: str = PASSWORD) -> httpx.Client:
    """An httpx client holding a signed-in session cookie for the server at `url`."""
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_of(page.text), "next": "/studies"})
    assert response.status_code == 303, response.text
    return client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# --- accounts, without a server ----------------------------------------------------------


def test_passwords_are_argon2_and_wrong_ones_fail(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    make_user(store, "Ada@Example.com")
    with store.read() as session:
        stored = session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(store, "ada@example.com", PASSWORD) is not None
    assert authenticate(store, "ADA@example.com ", PASSWORD) is not None
    assert authenticate(store, "ada@example.com", PASSWORD + "x") is None
    assert authenticate(store, "nobody@example.com", PASSWORD) is None
    with pytest.raises(AccountError, match="already exists"):
        make_user(store, "ada@example.com")
    with pytest.raises(AccountError, match="at least 12"):
        create_user(store, "bob@example.com", "short")
    with pytest.raises(AccountError, match="no workspace"):
        create_user(store, "bob@example.com", PASSWORD, workspace="Nope")
    store.close()


def test_api_tokens_are_stored_only_as_sha256(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    make_user(store)
    token = create_api_token(store, "ada@example.com")
    assert len(token) >= 43  # 32 random bytes, url-safe base64
    with store.read() as session:
        hashes = list(session.scalars(select(ApiToken.token_hash)))
    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]
    store.close()


# --- sign in, out, and what a session may do ---------------------------------------------


def test_sign_in_wrong_password_and_sign_out(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = httpx.Client(base_url=server.url, follow_redirects=False)
        assert client.get("/studies").headers["location"] == "/login?next=/studies"

        page = client.get("/login")
        wrong = client.post("/login", data={"email": "ada@example.com", "password": "nope-nope",
                                            "csrf_token": csrf_of(page.text)})
        assert wrong.status_code == 401
        assert "don&#39;t match an account" in wrong.text
        assert client.get("/studies").status_code == 303  # still signed out

        right = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                            "csrf_token": csrf_of(page.text),
                                            "next": "https://evil.example/"})
        assert right.status_code == 303 and right.headers["location"] == "/studies"
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
        studies = client.get("/studies")
        assert studies.status_code == 200 and "ada@example.com" in studies.text

        out = client.post("/logout", data={"csrf_token": csrf_of(studies.text)})
        assert out.status_code == 303
        assert client.get("/studies").status_code == 303


def test_forms_without_the_csrf_token_are_rejected(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)

        for data in ({"guide": "jtbd-switch"}, {"guide": "jtbd-switch", "csrf_token": "forged"}):
            refused = client.post("/studies", data=data)
            assert refused.status_code == 403
            assert "form has expired" in refused.text
        # a login form posted from elsewhere (no token) is refused too
        fresh = httpx.Client(base_url=server.url)
        assert fresh.post("/login", data={"email": "ada@example.com",
                                          "password": PASSWORD}).status_code == 403

        created = client.post("/studies", data={"guide": "jtbd-switch", "csrf_token": token})
        assert created.status_code == 303

        # the JSON API with only the cookie needs the token as a header
        body = {"title": "Via cookie", "guide": "churn"}
        problem(client.post("/api/studies", json=body), 403)
        ok = client.post("/api/studies", json=body, headers={"X-CSRF-Token": token})
        assert ok.status_code == 201


def test_bearer_tokens(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        token = create_api_token(server.store, "ada@example.com")
        with httpx.Client(base_url=server.url) as client:
            me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200 and me.json()["email"] == "ada@example.com"
            # no CSRF header needed with a token
            made = client.post("/api/studies", json={"guide": "onboarding"},
                               headers={"Authorization": f"Bearer {token}"})
            assert made.status_code == 201

            missing = problem(client.get("/api/studies"), 401)
            assert "Bearer" in missing["detail"]
            bad = client.get("/api/studies", headers={"Authorization": "Bearer nope"})
            problem(bad, 401)
            assert bad.headers["www-authenticate"].startswith("Bearer")
            problem(client.get("/api/studies", headers={"Authorization": "Basic abc"}), 401)


def test_another_workspace_sees_404_everywhere(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store, "ada@example.com")
        make_user(server.store, "eve@example.com")
        ada = create_api_token(server.store, "ada@example.com")
        eve = create_api_token(server.store, "eve@example.com")
        api = httpx.Client(base_url=server.url, timeout=30)
        as_ada = {"Authorization": f"Bearer {ada}"}
        as_eve = {"Authorization": f"Bearer {eve}"}
        study = api.post("/api/studies", json={"guide": "jtbd-switch"}, headers=as_ada).json()
        sid = study["id"]
        invited = api.post(f"/api/studies/{sid}/invitations", headers=as_ada, json={
            "participants": [{"name": "Cy Okafor-Lind", "email": "cy@example.com"}]}).json()
        pid = invited["invitations"][0]["participant_id"]
        # an interview, so the transcript URLs exist
        token = invited["invitations"][0]["token"]
        state = api.get(f"/api/interviews/{token}").json()
        api.post(f"/api/interviews/{token}/answers",
                 json={"answer": "Last March I lost a day to it.", "idempotency_key": "k1"})
        iid = api.get(f"/api/studies/{sid}/interviews", headers=as_ada).json()[
            "interviews"][0]["interview_id"]
        assert state["status"] == "not_started"

        for path in (f"/api/studies/{sid}", f"/api/studies/{sid}/progress",
                     f"/api/studies/{sid}/interviews", f"/api/studies/{sid}/interviews/{iid}",
                     f"/api/studies/{sid}/participants"):
            problem(api.get(path, headers=as_eve), 404)
        problem(api.post(f"/api/studies/{sid}/invitations", headers=as_eve,
                         json={"participants": [{"email": "x@example.com"}]}), 404)
        problem(api.post(f"/api/studies/{sid}/participants/{pid}/revoke", headers=as_eve), 404)
        assert api.get("/api/studies", headers=as_eve).json() == {"studies": []}

        eve_pages = signed_in(server.url, "eve@example.com")
        token_eve = csrf_of(eve_pages.get("/studies").text)
        for path in (f"/studies/{sid}", f"/studies/{sid}/design", f"/studies/{sid}/links.csv",
                     f"/studies/{sid}/guide.yaml", f"/studies/{sid}/interviews/{iid}",
                     f"/studies/{sid}/interviews/{iid}/turns",
                     f"/studies/{sid}/interviews/{iid}/transcript.json",
                     f"/studies/{sid}/interviews/{iid}/transcript.md"):
            response = eve_pages.get(path)
            assert response.status_code == 404, path
            # a name with a space and a hyphen cannot occur inside a random CSRF token
            assert "Cy Okafor-Lind" not in response.text
            assert "lost a day" not in response.text
        for path in (f"/studies/{sid}/participants/{pid}/revoke",
                     f"/studies/{sid}/design/questions/push/delete", f"/studies/{sid}/rename"):
            assert eve_pages.post(path, data={"csrf_token": token_eve,
                                              "title": "mine"}).status_code == 404, path
        assert "Cy Okafor-Lind" not in eve_pages.get("/studies").text
        # and nothing changed for Ada
        ada_view = api.get(f"/api/studies/{sid}/participants", headers=as_ada).json()
        assert ada_view["participants"][0]["revoked"] is False
        assert api.get(f"/api/studies/{sid}", headers=as_ada).json()["questions"] == 14


def test_workspace_members_share_studies(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store, "ada@example.com")
        make_user(server.store, "bob@example.com", workspace="ada@example.com")
        ada = create_api_token(server.store, "ada@example.com")
        bob = create_api_token(server.store, "bob@example.com")
        with httpx.Client(base_url=server.url) as api:
            sid = api.post("/api/studies", json={"guide": "churn"},
                           headers={"Authorization": f"Bearer {ada}"}).json()["id"]
            seen = api.get(f"/api/studies/{sid}", headers={"Authorization": f"Bearer {bob}"})
            assert seen.status_code == 200


# --- the admin CLI -----------------------------------------------------------------------


def test_admin_create_user_and_token(sqlite_url: str) -> None:
    runner = CliRunner()
    made = runner.invoke(admin, ["create-user", "ada@example.com", "--password-stdin",
                                 "--db", sqlite_url], input=PASSWORD + "\n")
    assert made.exit_code == 0, made.output
    assert "Created ada@example.com" in made.output
    joined = runner.invoke(admin, ["create-user", "bob@example.com", "--password-stdin",
                                   "--workspace", "ada@example.com", "--db", sqlite_url],
                           input=PASSWORD + "\n")
    assert joined.exit_code == 0, joined.output

    again = runner.invoke(admin, ["create-user", "ada@example.com", "--password-stdin",
                                  "--db", sqlite_url], input=PASSWORD + "\n")
    assert again.exit_code == 1
    assert "already exists" in again.output and "Traceback" not in again.output
    no_workspace = runner.invoke(admin, ["create-user", "cy@example.com", "--password-stdin",
                                         "--workspace", "Nope", "--db", sqlite_url],
                                 input=PASSWORD + "\n")
    assert no_workspace.exit_code == 1 and "no workspace" in no_workspace.output
    no_password = runner.invoke(admin, ["create-user", "cy@example.com", "--db", sqlite_url],
                                input="")
    assert no_password.exit_code == 2 and "--password-stdin" in no_password.output

    issued = runner.invoke(admin, ["token", "ada@example.com", "--db", sqlite_url])
    assert issued.exit_code == 0
    token = issued.stdout.strip().splitlines()[-1]
    store = open_store(sqlite_url)
    account = account_for_token(store, token)
    assert account is not None and account.email == "ada@example.com"
    store.close()
    unknown = runner.invoke(admin, ["token", "zed@example.com", "--db", sqlite_url])
    assert unknown.exit_code == 1 and "no user" in unknown.output
    bad_db = runner.invoke(admin, ["token", "ada@example.com", "--db", "mysql://x/y"])
    assert bad_db.exit_code == 1 and "unsupported database" in bad_db.output


def test_admin_set_password_recovers_an_account(sqlite_url: str) -> None:
    runner = CliRunner()
    runner.invoke(admin, ["create-user", "ada@example.com", "--password-stdin", "--db",
                          sqlite_url], input=PASSWORD + "\n")
    changed = runner.invoke(admin, ["set-password", "ada@example.com", "--password-stdin",
                                    "--db", sqlite_url], input="a brand new passphrase\n")
    assert changed.exit_code == 0, changed.output
    store = open_store(sqlite_url)
    assert authenticate(store, "ada@example.com", PASSWORD) is None
    assert authenticate(store, "ada@example.com", "a brand new passphrase") is not None
    store.close()
    unknown = runner.invoke(admin, ["set-password", "zed@example.com", "--password-stdin",
                                    "--db", sqlite_url], input="another long password\n")
    assert unknown.exit_code == 1 and "no user" in unknown.output
