"""Storage: ``open_store(url)`` picks the backend from the URL."""

from __future__ import annotations

from pathlib import Path

from rashomon.store.base import COLUMNS, Store, StoreError
from rashomon.store.duckdb_store import DuckDBStore
from rashomon.store.postgres_store import PostgresStore

DEFAULT_DB = "rashomon.duckdb"

__all__ = ["COLUMNS", "DEFAULT_DB", "Store", "StoreError", "open_store"]


def open_store(url: str | Path = DEFAULT_DB, read_only: bool = False, migrate: bool = True,
               short: bool = False) -> Store:
    """A DuckDB file path, or a ``postgresql://`` URL. ``short``: a DuckDB file is held only
    while in use, so other processes (``serve``, another ``analyze``) can open it between
    uses (see ``duckdb_store``)."""
    url = str(url)
    if url.startswith(("postgresql://", "postgres://")):
        store: Store = PostgresStore(url)
    else:
        store = DuckDBStore(url, read_only=read_only, short=short)
    if migrate and not read_only:
        store.migrate()
    if short:
        store.release()
    return store
