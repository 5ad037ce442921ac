"""Password rules: at least 12 characters, not a common password, not the account's email.

They hold wherever a password is chosen: `admin create-user`, `admin set-password` and the
account page (tested in test_sessions_tokens.py); the demo account's generated one passes.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jobstory.store.db import open_store
from jobstory.web.accounts import AccountError, authenticate, create_user, set_password
from jobstory.web.admin_cli import admin
from jobstory.web.demo import DEMO_EMAIL, seed_demo
from jobstory.web.passwords import common_passwords, password_problem
from tests.test_web_accounts import PASSWORD


@pytest.mark.parametrize(("password", "reason"), [
    ("password", "at least 12"),
    ("12345678", "at least 12"),
    ("123456789012", "most common"),  # a common one with digits added
    ("Password2024!", "most common"),
    ("!!football-1999", "most common"),
    ("iloveyou123456", "most common"),
    ("1qaz2wsx3edc", "most common"),
    ("ada.lovelace@example.com", "email address"),
    ("Ada.Lovelace2024", "email address"),
    ("adalovelace!!!!", "email address"),
    ("abcabcabcabc", "repeated"),
    ("x" * 1025, "at most 1024"),
])
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    problem = password_problem(password, "Ada.Lovelace@example.com")
    assert problem is not None and reason in problem


@pytest.mark.parametrize("password", [
    PASSWORD, "Tuesday kettle in the garden", "democracy is fragile", "ada's 3 green lamps"])
def test_long_uncommon_passwords_are_accepted(password: str) -> None:
    assert password_problem(password, "ada@example.com") is None


def test_the_common_password_list_ships_with_the_package() -> None:
    common = common_passwords()
    assert len(common) == 1000 and {"password", "123456", "qwerty"} <= common


def test_create_user_and_set_password_apply_the_rules(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    with pytest.raises(AccountError, match="email address"):
        create_user(store, "maya@example.com", "maya@example.com")
    create_user(store, "maya@example.com", PASSWORD)
    with pytest.raises(AccountError, match="most common"):
        set_password(store, "maya@example.com", "password1234")
    assert authenticate(store, "maya@example.com", PASSWORD) is not None
    store.close()


def test_the_admin_cli_refuses_weak_passwords_in_one_line(sqlite_url: str) -> None:
    runner = CliRunner()
    for password in ("password", "12345678", "demo@example.com", "password1234"):
        made = runner.invoke(admin, ["create-user", "demo@example.com", "--password-stdin",
                                     "--db", sqlite_url], input=password + "\n")
        assert made.exit_code == 1 and "error:" in made.output, made.output
        assert "Traceback" not in made.output
    runner.invoke(admin, ["create-user", "demo@example.com", "--password-stdin", "--db",
                          sqlite_url], input=PASSWORD + "\n")
    weak = runner.invoke(admin, ["set-password", "demo@example.com", "--password-stdin",
                                 "--db", sqlite_url], input="demo1234567890\n")
    assert weak.exit_code == 1 and "email address" in weak.output


def test_the_demo_password_meets_the_rules(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    demo = seed_demo(store)
    assert demo is not None
    assert password_problem(demo.password, DEMO_EMAIL) is None
    assert authenticate(store, DEMO_EMAIL, demo.password) is not None
    store.close()
