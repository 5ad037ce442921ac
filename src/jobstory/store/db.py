"""Opening the store: one place decides engines, pragmas and migrations.

SQLite gets WAL with `synchronous=FULL` so that a committed answer survives power loss, not just
a crashed process: that is what "acknowledged only after it is durably committed" means.
PostgreSQL needs nothing special: its commits are durable by default.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

URL_ENV = "JOBSTORY_DATABASE_URL"


class StoreError(Exception):
    """A database URL or database that cannot be used, with a message fit for the terminal."""


def default_url() -> str:
    """`JOBSTORY_DATABASE_URL`, else a SQLite file in the user's data directory."""
    from_env = os.environ.get(URL_ENV)
    if from_env:
        return from_env
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('jobstory')) / 'jobstory.sqlite'}"


def _normalise(url: str) -> str:
    """Accept plain `postgresql://` URLs and a bare file path, as people type them."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _reopen_when_read_only(context: ExceptionContext) -> None:
    """Treat SQLite's "attempt to write a readonly database" as a lost connection.

    SQLite opens a file it may not write read-only, and the connection stays so after the file
    becomes writable again. A server started in that state kept such connections in its pool
    and never wrote again; marked as a disconnect, the error makes SQLAlchemy invalidate the
    whole pool, so the next request opens the file afresh. This request still fails (a 503).
    """
    if "readonly database" in str(context.original_exception):
        context.is_disconnect = True


#: PostgreSQL's "cannot execute INSERT in a read-only transaction".
_PG_READ_ONLY = "25006"


def _read_only_postgresql_is_a_storage_fault(context: ExceptionContext) -> Exception | None:
    """PostgreSQL refusing a write because it is read-only, as the store's OperationalError.

    A standby after a failover, or `default_transaction_read_only` switched on, refuses each
    write with SQLSTATE 25006, which psycopg raises as an InternalError: unlike a full disk's
    OperationalError, it used to be a 500 instead of a 503 with Retry-After. A connection keeps
    the setting it opened with, so like SQLite's read-only file the error counts as a lost
    connection: the pool is reopened and writes resume once the database may be written.
    """
    original = context.original_exception
    if getattr(original, "sqlstate", None) != _PG_READ_ONLY:
        return None
    context.is_disconnect = True
    return OperationalError(context.statement, context.parameters, original,
                            hide_parameters=context.engine.hide_parameters,
                            connection_invalidated=True)


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(_normalise(url))
    except ArgumentError as error:
        raise StoreError(f"cannot use database URL {url!r}: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20,
            max_overflow=40,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "handle_error", _reopen_when_read_only)
        # pysqlite's own BEGIN handling is switched off so that writers can say BEGIN IMMEDIATE:
        # they then queue on busy_timeout instead of failing on a lock upgrade mid-transaction.
        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(connection):  # type: ignore[no-untyped-def]
            mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
            connection.exec_driver_sql(f"BEGIN {mode}")

        return engine
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, pool_size=20, max_overflow=40, pool_pre_ping=True)
        event.listen(engine, "handle_error", _read_only_postgresql_is_a_storage_fault)
        return engine
    raise StoreError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///PATH or postgresql://..."
    )


class Store:
    """An engine plus a session factory; `session()` commits on success, rolls back on error."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writes = sessionmaker(writer, expire_on_commit=False)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time anyway. Queueing writers of this process on a lock
        # is fair and immediate, where SQLite's busy handler sleeps in growing steps (up to
        # 100 ms) and oversleeps: that sleep was most of the p99 under load.
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read-write transaction; it commits when the block ends without an error."""
        if self._write_lock is None:
            with self._writes() as session, session.begin():
                yield session
            return
        with self._write_lock, self._writes() as session, session.begin():
            yield session

    def read(self) -> Session:
        """A session for reads only; the caller closes it (use as a context manager)."""
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    here = Path(__file__).parent / "migrations"
    config = Config()
    config.set_main_option("script_location", str(here))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and by default migrate) the store at `url`, or the default one."""
    engine = create_store_engine(url or default_url())
    if migrate_schema:
        try:
            migrate(engine)
        except OperationalError as error:
            engine.dispose()
            raise StoreError(f"cannot open database {url or default_url()}: {error.orig}") from None
    return Store(engine)
