"""Migration 0002 (sessions, token details, login counters, participant title) on both engines.

A database made by 0001, with data in it, upgrades without losing anything, ends up exactly
as `tables.py` describes, and downgrades again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from jobstory.store.db import Store, create_store_engine
from jobstory.store.tables import Base
from jobstory.web.accounts import account_for_token, hash_token, list_api_tokens

MIGRATIONS = Path(__file__).parent.parent / "src" / "jobstory" / "store" / "migrations"


def _to(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_0002_upgrades_a_used_0001_database_and_downgrades(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        _to(engine, "0001")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO workspaces (id, name, created_at) "
                "VALUES (1, 'ada', '2024-01-01 00:00:00+00')"))
            connection.execute(text(
                "INSERT INTO users (id, email, password_hash, workspace_id, created_at) "
                "VALUES (1, 'ada@example.com', 'x', 1, '2024-01-01 00:00:00+00')"))
            connection.execute(text(
                "INSERT INTO api_tokens (id, user_id, token_hash, created_at) "
                "VALUES (1, 1, :hash, '2024-01-01 00:00:00+00')"), {"hash": hash_token("old")})
            connection.execute(text(
                "INSERT INTO studies (id, workspace_id, title, guide, created_at) "
                "VALUES (1, 1, 'Internal', '{}', '2024-01-01 00:00:00+00')"))
            connection.execute(text(  # a participant points at the study
                "INSERT INTO participants (id, study_id, name, fields, created_at) "
                "VALUES (1, 1, 'Ana', '{}', '2024-01-01 00:00:00+00')"))

        _to(engine, "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
            assert connection.scalar(text("SELECT participant_title FROM studies")) is None
        store = Store(engine)
        account = account_for_token(store, "old")  # tokens made before 0002 keep working
        assert account is not None and account.email == "ada@example.com"
        [token] = list_api_tokens(store, "ada@example.com")
        assert token.name is None and token.expires_at is None and token.last_used_at

        _to(engine, "0001", down=True)
        tables = set(inspect(engine).get_table_names())
        assert "user_sessions" not in tables and "login_attempts" not in tables
        assert "participant_title" not in {c["name"] for c in inspect(engine).get_columns(
            "studies")}
    finally:
        engine.dispose()
