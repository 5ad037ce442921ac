"""Slowing password guessing down: per account with exponential backoff, and per client address.

Per account, because that is what a guesser attacks: rotating addresses (or a forged
`X-Forwarded-For`) gains nothing, and the owner's account is slowed only by failures on it,
not by other people's behind the same proxy. After `free_failures` failed sign-ins each
further one makes the account wait twice as long as the one before (1 s, 2 s, 4 s, ... up to
`max_delay`); a correct password then resets it, and a day without failures forgets them.
Per address, a looser limit stops one client trying many accounts.

The counters are rows of `login_attempts`, so every server process, and a restarted one,
sees the same: in-memory counters gave each process its own allowance.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jobstory.store.db import Store
from jobstory.store.tables import LoginAttempts
from jobstory.web.accounts import aware, now


def waiting_time(seconds: int) -> str:
    """'1 second', '40 seconds', '3 minutes': how long, as the sign-in page says it."""
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return f"{math.ceil(seconds / 60)} minutes"


def _key(kind: str, value: str) -> str:
    """What a row counts, hashed: the table never holds a typed-in email address."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


class LoginThrottle:
    """Failed sign-ins counted in the store; `blocked` says how long a sign-in must wait."""

    def __init__(self, store: Store, *, free_failures: int = 5,
                 base_delay: timedelta = timedelta(seconds=1),
                 max_delay: timedelta = timedelta(minutes=15),
                 forget_after: timedelta = timedelta(days=1), address_limit: int = 100,
                 address_window: timedelta = timedelta(minutes=15),
                 clock: Callable[[], datetime] = now) -> None:
        self.store = store
        self.free_failures = free_failures
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self.address_limit = address_limit
        self.address_window = address_window
        self.clock = clock

    def blocked(self, client: str, email: str) -> int:
        """Seconds until `email` may try signing in from `client` again; 0 when it may now."""
        moment = self.clock()
        keys = [_key("account", email), _key("ip", client)]
        with self.store.read() as session:
            until = session.scalars(select(LoginAttempts.blocked_until)
                                    .where(LoginAttempts.key.in_(keys)))
            wait = max(((aware(u) - moment).total_seconds() for u in until if u is not None),
                       default=0.0)
        return max(0, math.ceil(wait))

    def failed(self, client: str, email: str) -> None:
        """Count a wrong password (or unknown email) against the account and the address."""
        moment = self.clock()
        with self.store.session() as session:
            # Forgetting: a counter with no failure for a day starts again from nothing.
            session.execute(delete(LoginAttempts)
                            .where(LoginAttempts.last_failure_at < moment - self.forget_after))
            account = self._row(session, _key("account", email), moment)
            account.failures += 1
            account.last_failure_at = moment
            beyond = account.failures - self.free_failures
            if beyond >= 0:
                delay = min(self.base_delay * 2 ** min(beyond, 30), self.max_delay)
                account.blocked_until = moment + delay

            address = self._row(session, _key("ip", client), moment)
            started = aware(address.started_at)
            assert started is not None
            if moment - started >= self.address_window:
                address.failures, address.started_at, started = 0, moment, moment
            address.failures += 1
            address.last_failure_at = moment
            if address.failures >= self.address_limit:
                address.blocked_until = started + self.address_window

    def succeeded(self, client: str, email: str) -> None:
        """The right password: the account's failures are forgiven (the address's are not)."""
        with self.store.session() as session:
            session.execute(delete(LoginAttempts)
                            .where(LoginAttempts.key == _key("account", email)))

    def _row(self, session: Session, key: str, moment: datetime) -> LoginAttempts:
        """The counter for `key`, created if missing, locked until the transaction ends.

        Insert-or-nothing first, so two processes failing at once both count on one row.
        """
        dialect = postgresql if self.store.dialect == "postgresql" else sqlite
        session.execute(dialect.insert(LoginAttempts)
                        .values(key=key, failures=0, started_at=moment, last_failure_at=moment)
                        .on_conflict_do_nothing())
        return session.scalars(select(LoginAttempts).where(LoginAttempts.key == key)
                               .with_for_update()).one()
