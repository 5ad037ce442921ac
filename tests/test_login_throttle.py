"""Sign-in throttling: per account with exponential backoff, per address, shared by processes.

And the address it counts is the real peer's unless `jobstory serve --forwarded-allow-ips`
names the proxy: a forged X-Forwarded-For must not give a guesser a fresh allowance.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from jobstory.store.db import Store, open_store
from jobstory.store.tables import LoginAttempts
from jobstory.web.accounts import now
from jobstory.web.admin_cli import uvicorn_options
from jobstory.web.app import create_app
from jobstory.web.throttle import LoginThrottle
from tests.conftest import free_port
from tests.test_web_accounts import PASSWORD, csrf_of, make_user


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.moment = now()

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def _fail(throttle: LoginThrottle, times: int, client: str = "10.0.0.1",
          email: str = "ada@example.com") -> None:
    for _ in range(times):
        throttle.failed(client, email)


def test_failures_on_an_account_back_off_exponentially(store: Store) -> None:
    clock = Clock()
    throttle = LoginThrottle(store, clock=clock)
    _fail(throttle, 4)
    assert throttle.blocked("10.0.0.1", "ada@example.com") == 0  # a few typos cost nothing
    waits = []
    for _ in range(6):
        _fail(throttle, 1)
        waits.append(throttle.blocked("10.0.0.1", "ada@example.com"))
        clock.advance(waits[-1])
        assert throttle.blocked("10.0.0.1", "ada@example.com") == 0
    assert waits == [1, 2, 4, 8, 16, 32]
    _fail(throttle, 20)
    assert throttle.blocked("10.0.0.1", "ada@example.com") == 15 * 60  # capped

    # rotating addresses gains nothing: the account itself waits
    assert throttle.blocked("203.0.113.9", "ada@example.com") == 15 * 60
    # and other accounts from the same (shared proxy) address are not locked out
    assert throttle.blocked("10.0.0.1", "bob@example.com") == 0

    throttle.succeeded("10.0.0.1", "ada@example.com")
    assert throttle.blocked("10.0.0.1", "ada@example.com") == 0


def test_one_address_trying_many_accounts_is_stopped(store: Store) -> None:
    clock = Clock()
    throttle = LoginThrottle(store, clock=clock, address_limit=30)
    for number in range(30):
        throttle.failed("10.0.0.1", f"user{number}@example.com")
    assert throttle.blocked("10.0.0.1", "new@example.com") == 15 * 60
    assert throttle.blocked("10.0.0.2", "new@example.com") == 0
    clock.advance(15 * 60)
    assert throttle.blocked("10.0.0.1", "new@example.com") == 0
    throttle.failed("10.0.0.1", "new@example.com")  # a new window starts counting afresh
    assert throttle.blocked("10.0.0.1", "other@example.com") == 0


def test_a_day_without_failures_forgets_them(store: Store) -> None:
    clock = Clock()
    throttle = LoginThrottle(store, clock=clock)
    _fail(throttle, 4)
    clock.advance(24 * 3600 + 1)
    _fail(throttle, 4)
    assert throttle.blocked("10.0.0.1", "ada@example.com") == 0
    with store.read() as session:
        assert session.scalar(select(LoginAttempts.failures)
                              .order_by(LoginAttempts.failures.desc())) == 4


def test_processes_share_the_counters(db_url: str) -> None:
    """Two stores on one database are two server processes: neither gets its own allowance.

    Failures from many threads at once are all counted (no lost update on PostgreSQL).
    """
    first, second = open_store(db_url), open_store(db_url)
    try:
        clock = Clock()
        one = LoginThrottle(first, clock=clock, free_failures=40)
        two = LoginThrottle(second, clock=clock, free_failures=40)
        threads = [threading.Thread(target=_fail, args=(throttle, 5))
                   for throttle in (one, two) * 4]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert one.blocked("10.0.0.1", "ada@example.com") == 1
        assert two.blocked("10.0.0.1", "ada@example.com") == 1
    finally:
        first.close()
        second.close()


def test_the_sign_in_page_says_how_long_to_wait(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = httpx.Client(base_url=server.url)
        token = csrf_of(client.get("/login").text)
        attempt = {"email": "ada@example.com", "password": "wrong-one", "csrf_token": token}
        codes = [client.post("/login", data=attempt).status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        waiting = client.post("/login", data={**attempt, "password": PASSWORD})
        assert waiting.status_code == 429  # even the right password waits now
        assert "Try again in 1 second." in waiting.text
        assert waiting.headers["retry-after"] == "1"


@contextmanager
def _serving(store: Store, forwarded_allow_ips: str | None) -> Iterator[str]:
    """The app run by uvicorn with exactly the options `jobstory serve` uses."""
    port = free_port()
    app = create_app(store)
    app.state.login_throttle = LoginThrottle(store, free_failures=100, address_limit=3)
    config = uvicorn.Config(app, **uvicorn_options("127.0.0.1", port, forwarded_allow_ips))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _codes_with_forged_addresses(url: str) -> list[int]:
    client = httpx.Client(base_url=url)
    token = csrf_of(client.get("/login").text)
    return [client.post("/login", data={"email": f"user{n}@example.com", "password": "wrong",
                                        "csrf_token": token},
                        headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(4)]


@pytest.mark.parametrize("trusted", [None, "", "10.9.9.9"])
def test_a_forged_x_forwarded_for_is_ignored(sqlite_url: str, trusted: str | None) -> None:
    store = open_store(sqlite_url)
    with _serving(store, trusted) as url:
        assert _codes_with_forged_addresses(url) == [401, 401, 401, 429]
    store.close()


def test_x_forwarded_for_counts_from_a_configured_proxy(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    with _serving(store, "127.0.0.1") as url:
        assert _codes_with_forged_addresses(url) == [401] * 4
    store.close()
