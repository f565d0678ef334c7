"""The embedded default store: one DuckDB file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from rashomon.store.base import COLUMNS, Store, StoreError, migrations, split_sql


def connect_config(path: str | Path) -> dict[str, str]:
    """A file database gets a bounded buffer pool (``RASHOMON_DUCKDB_MEMORY``, default 512MB;
    DuckDB's own default is 80% of RAM): otherwise the process that writes keeps every page
    it touched and its memory grows with the corpus. Pages past the limit are evicted and
    read back from the file; big queries spill to a temporary folder beside it."""
    if str(path) == ":memory:":
        return {}
    limit = os.environ.get("RASHOMON_DUCKDB_MEMORY", "").strip() or "512MB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit, re.IGNORECASE):
        raise StoreError(f"RASHOMON_DUCKDB_MEMORY={limit!r} is not a size like 512MB or 2GB")
    return {"memory_limit": limit}


class DuckDBStore(Store):
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.url = str(path)
        p = Path(path)
        if str(path) != ":memory:":
            if p.is_dir():
                raise StoreError(f"database path {p} is a folder, not a DuckDB file")
            if not read_only and not p.parent.exists():
                raise StoreError(f"folder {p.parent} does not exist")
            if read_only and not p.exists():
                raise StoreError(f"no database at {p} (run `rashomon analyze` first)")
        try:
            self.con = duckdb.connect(str(path), read_only=read_only, config=connect_config(path))
        except duckdb.IOException as e:
            raise StoreError(f"cannot open database {p}: {str(e).splitlines()[0]}") from None
        except duckdb.Error as e:
            raise StoreError(f"{p} is not a usable DuckDB database: {str(e).splitlines()[0]}") from None
        self._depth = 0
        self.read_only = read_only

    def migrate(self) -> int:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"
        ) if not self.read_only else None
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_version").fetchall()}
        for version, sql in migrations():
            if version in done:
                continue
            with self.transaction():
                for stmt in split_sql(sql):
                    self.con.execute(stmt)
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
        return max([0, *done, *(v for v, _ in migrations())])

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def frame(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.con.execute(sql, list(params)).df()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = COLUMNS[table]
        data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
        arrow = pa.table(data)  # noqa: F841  (referenced by name in the SQL below)
        self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM arrow")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:  # nested: join the outer transaction
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")
