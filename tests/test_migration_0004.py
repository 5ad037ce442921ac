"""Migration 0004 (recordings, studies.keep_audio) on both engines: a used 0003 database
upgrades without losing anything, matches `tables.py` exactly, and downgrades again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from jobstory.store.db import create_store_engine
from jobstory.store.tables import Base
from tests.test_migration_0002 import _to


def test_0004_upgrades_a_used_0003_database_and_downgrades(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        _to(engine, "0003")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO studies (id, title, guide, created_at) "
                "VALUES (1, 'Month end', '{}', '2024-01-01 00:00:00+00')"))
            # a participant points at the study: SQLite's foreign keys must not stop the upgrade
            connection.execute(text(
                "INSERT INTO participants (id, study_id, name, fields, created_at) "
                "VALUES (1, 1, 'Ana', '{}', '2024-01-01 00:00:00+00')"))
        _to(engine, "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
            assert connection.scalar(text("SELECT keep_audio FROM studies")) in (False, 0)
            assert connection.scalar(text("SELECT count(*) FROM recordings")) == 0
        _to(engine, "0003", down=True)
        assert "recordings" not in set(inspect(engine).get_table_names())
        assert "keep_audio" not in {c["name"] for c in inspect(engine).get_columns("studies")}
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT title FROM studies")) == "Month end"
            assert connection.scalar(text("SELECT study_id FROM participants")) == 1
    finally:
        engine.dispose()
