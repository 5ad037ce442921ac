"""Migration 0003 (analysis runs, decisions, publications, archiving) on both engines.

A database made by 0002, with a study in it, upgrades without losing anything, ends up
exactly as `tables.py` describes, and downgrades again.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from jobstory.store.db import create_store_engine
from jobstory.store.tables import Base
from tests.test_migration_0002 import _to


def test_0003_upgrades_a_used_0002_database_and_downgrades(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        _to(engine, "0002")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO studies (id, title, guide, created_at) "
                "VALUES (1, 'Kept', '{}', '2024-01-01 00:00:00+00')"))
            connection.execute(text(
                "INSERT INTO participants (id, study_id, name, fields, created_at) "
                "VALUES (1, 1, 'Ada', '{}', '2024-01-01 00:00:00+00')"))

        _to(engine, "0003")
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT title, archived_at FROM studies")).one() == ("Kept", None)
            assert connection.scalar(text("SELECT archived_at FROM participants")) is None
        tables = set(inspect(engine).get_table_names())
        assert {"analysis_runs", "decisions", "publications"} <= tables

        _to(engine, "0002", down=True)
        tables = set(inspect(engine).get_table_names())
        assert not {"analysis_runs", "decisions", "publications"} & tables
        assert "archived_at" not in {c["name"] for c in inspect(engine).get_columns("studies")}
    finally:
        engine.dispose()


def test_head_matches_the_tables(db_url: str) -> None:
    """Whatever revisions come after 0003, the newest one is exactly `tables.py`."""
    engine = create_store_engine(db_url)
    try:
        _to(engine, "head")
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
