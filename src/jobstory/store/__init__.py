"""Durable storage: SQLite (WAL, synchronous=FULL) by default, PostgreSQL by URL."""

from jobstory.store.db import Store, StoreError, default_url, open_store

__all__ = ["Store", "StoreError", "default_url", "open_store"]
