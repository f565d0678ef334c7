"""The Python API (the HTTP API lives in this package's other modules).

    import rashomon.api as rsh
    summary = rsh.analyze(["examples/"], db="news.duckdb")
    store = rsh.open_db("news.duckdb")
    store.frame("SELECT subject, relation, object FROM claims")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lazy_loader

from rashomon.engine import run
from rashomon.ingest import DEFAULT_MAX_BYTES
from rashomon.store import open_store

if TYPE_CHECKING:
    from rashomon.api import report as report
    from rashomon.api import server as server
    from rashomon.engine.local import Summary
    from rashomon.store import Store

# the HTTP server and the report load FastAPI and pandas: on first use
__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["report", "server"])
__all__ = ["analyze", "open_db"]


def analyze(paths: str | Path | Sequence[str | Path], db: str | Path = "rashomon.duckdb",
            *, components: Sequence[str] | None = None, batch_size: int = 16,
            max_bytes: int | None = None, config: dict[str, dict[str, Any]] | None = None) -> Summary:
    """Ingest, analyse and store ``paths`` (files or folders) in ``db``; what was done.

    Rejected inputs are listed in ``summary.rejected`` (one line each); nothing is raised
    for them. Unknown components raise ``rashomon.errors.UserError``.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    with open_store(db) as store:
        return run(list(paths), store, workers=1, names=components, batch_size=batch_size,
                   max_bytes=max_bytes or DEFAULT_MAX_BYTES, config=config)


def open_db(db: str | Path = "rashomon.duckdb", read_only: bool = False) -> Store:
    """An open store (DuckDB file or ``postgresql://`` URL); use it as a context manager."""
    return open_store(db, read_only=read_only)
