"""The embedded default store: one DuckDB file.

A DuckDB file admits one writing process, or readers, at a time. So that ``analyze`` can
add documents while ``serve`` reads the same file, a store opened with ``short=True``
holds its connection only as long as it needs it: it closes after every write
transaction (which checkpoints it: the file is whole between batches) and on
``release()``, reopens on the next use, and waits (with retries, up to
``RASHOMON_LOCK_WAIT`` seconds, default 30) while another process holds the file.
A damaged file (a block that fails its checksum) is a one-line ``StoreError``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from rashomon.store.base import COLUMNS, Store, StoreError, migrations, split_sql

if TYPE_CHECKING:
    import duckdb


def _duckdb() -> ModuleType:
    """The DuckDB driver, imported when a database is first opened (start-up)."""
    import duckdb  # noqa: PLC0415 - heavy: the driver loads on first use

    return duckdb


def connect_config(path: str | Path) -> dict[str, Any]:
    """A file database gets a bounded buffer pool (``RASHOMON_DUCKDB_MEMORY``, default 512MB;
    DuckDB's own default is 80% of RAM): otherwise the process that writes keeps every page
    it touched and its memory grows with the corpus. Pages past the limit are evicted and
    read back from the file; big queries spill to a temporary folder beside it.

    An index lookup is used only when it fetches under 0.1% of a table's rows (DuckDB's
    default also allows up to 2048 rows): fetching rows one by one through the index costs
    far more than scanning an actor's adjacent rows (a hub's 1,500 rows of
    ``pair_by_actor``: about 0.8 s against 20 ms)."""
    if str(path) == ":memory:":
        return {"index_scan_max_count": 0}
    limit = os.environ.get("RASHOMON_DUCKDB_MEMORY", "").strip() or "512MB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit, re.IGNORECASE):
        raise StoreError(f"RASHOMON_DUCKDB_MEMORY={limit!r} is not a size like 512MB or 2GB")
    return {"memory_limit": limit, "index_scan_max_count": 0}


def lock_wait() -> float:
    """Seconds to wait for a DuckDB file another process holds (RASHOMON_LOCK_WAIT)."""
    try:
        return max(0.0, float(os.environ.get("RASHOMON_LOCK_WAIT", "") or 30))
    except ValueError:
        raise StoreError("RASHOMON_LOCK_WAIT must be a number of seconds") from None


def _locked(e: duckdb.Error) -> bool:
    """Another process holds the file ("Could not set lock on file ...: Conflicting lock")."""
    text = str(e).lower()
    return isinstance(e, _duckdb().IOException) and ("set lock" in text or "conflicting lock" in text)


def _damaged(e: BaseException) -> bool:
    text = str(e).lower()
    return isinstance(e, _duckdb().IOException) and ("corrupt" in text or "checksum" in text)


def _first(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


class DuckDBStore(Store):
    def __init__(self, path: str | Path, read_only: bool = False, short: bool = False) -> None:
        self.url = str(path)
        self.path = p = Path(path)
        if str(path) != ":memory:":
            if p.is_dir():
                raise StoreError(f"database path {p} is a folder, not a DuckDB file")
            if not read_only and not p.parent.exists():
                raise StoreError(f"folder {p.parent} does not exist")
            if read_only and not p.exists():
                raise StoreError(f"no database at {p} (run `rashomon analyze` first)")
        self.read_only = read_only
        self.short = short and str(path) != ":memory:"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        self._held = 0  # inside held(): release() waits for its end
        self._con = self._connect()  # now: a bad path or a busy file is reported at once

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection, opened (again) when needed."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + lock_wait()
        pause = 0.02
        while True:
            try:
                return _duckdb().connect(self.url, read_only=self.read_only,
                                      config=connect_config(self.url))
            except _duckdb().Error as e:
                if _locked(e) and time.monotonic() < deadline:
                    time.sleep(pause)
                    pause = min(0.5, pause * 2)
                    continue
                if _locked(e):
                    raise StoreError(f"database {self.path} is in use by another process "
                                     f"(waited {lock_wait():g}s; see RASHOMON_LOCK_WAIT)") from None
                if _damaged(e):
                    raise self._damage(e) from None
                if isinstance(e, _duckdb().IOException):
                    raise StoreError(f"cannot open database {self.path}: {_first(e)}") from None
                raise StoreError(f"{self.path} is not a usable DuckDB database: {_first(e)}") from None

    def release(self) -> None:
        """With ``short=True``: close the connection (outside a transaction) so other
        processes can open the file; the next use reopens it."""
        if self.short and self._con is not None and not self._depth and not self._held:
            con, self._con = self._con, None
            try:
                con.close()
            except _duckdb().Error:
                pass

    @contextmanager
    def held(self) -> Iterator[None]:
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            self.release()

    def warm(self) -> None:
        """DuckDB imports pandas on its first query with parameters and pyarrow.dataset on
        the first bulk write (``insert`` registers an Arrow table): a few tenths of a
        second, loaded here."""
        import pyarrow as pa  # noqa: PLC0415 - heavy: loads with the first bulk write

        self.query("SELECT 1 AS one WHERE 1 = ?", [1])
        table = pa.table({"one": [1]})

        def run() -> None:
            self.con.register("rashomon_warm", table)
            self.con.unregister("rashomon_warm")

        self._run(run)

    def _damage(self, e: BaseException) -> StoreError:
        return StoreError(f"database {self.path} is damaged ({_first(e).removeprefix('IO Error: ')}); "
                          "restore it from a backup, or analyse into a new file")

    def _run(self, call: Callable[[], Any]) -> Any:
        """Run ``call``; a damaged or unreadable file becomes a one-line ``StoreError``, and
        a Ctrl-C that DuckDB turned into an error ("Query interrupted") is a Ctrl-C again."""
        try:
            return call()
        except (_duckdb().InterruptException, RuntimeError) as e:
            if isinstance(e, _duckdb().InterruptException) or str(e) == "Query interrupted":
                if self._con is not None:  # its threads run on: stop them, or the
                    self._con.interrupt()  # next statement (a ROLLBACK) hangs
                raise KeyboardInterrupt from None
            raise
        except _duckdb().IOException as e:
            if _damaged(e):
                raise self._damage(e) from None
            raise StoreError(f"cannot read or write database {self.path}: {_first(e)}") from None
        except _duckdb().FatalException as e:
            raise StoreError(f"database {self.path} failed: {_first(e)}") from None

    def migrate(self) -> int:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"
        ) if not self.read_only else None
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_version").fetchall()}
        with self.held():  # one opening for all of them (a fresh file gets every migration)
            for version, sql in migrations():
                if version in done:
                    continue
                with self.transaction():
                    for stmt in split_sql(sql):
                        self.con.execute(stmt)
                    self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
        return max([0, *done, *(v for v, _ in migrations())])

    def close(self) -> None:
        self._depth = 0
        con, self._con = self._con, None
        if con is not None:
            try:
                con.close()
            except _duckdb().Error:
                pass

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        def run() -> list[dict[str, Any]]:
            cur = self.con.execute(sql, list(params))
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

        return self._run(run)

    def frame(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._run(lambda: self.con.execute(sql, list(params)).df())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(lambda: self.con.execute(sql, list(params)))

    def insert(self, table: str, rows: list[tuple[Any, ...]], replace: str = "") -> None:
        """Bulk-insert ``rows`` (through an Arrow table); ``replace``: a key column, whose
        values' earlier rows are deleted first (``upsert_actors``)."""
        if not rows:
            return
        cols = COLUMNS[table]
        data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
        import pyarrow as pa  # noqa: PLC0415 - heavy: loads with the first bulk write

        arrow = pa.table(data)

        def run() -> None:
            con = self.con
            con.register("rashomon_rows", arrow)
            try:
                if replace:
                    con.execute(f"DELETE FROM {table} WHERE {replace} IN "
                                f"(SELECT {replace} FROM rashomon_rows)")
                con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM rashomon_rows")
            finally:
                con.unregister("rashomon_rows")

        self._run(run)

    def upsert_actors(self, rows: list[tuple[Any, ...]]) -> None:
        """As ``Store.upsert_actors``, the ids deleted in one statement (not 500 parameters
        at a time: a tenth of a second less for the KB's 4,000 actors)."""
        with self.transaction():
            self.insert("actors", rows, replace="id")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:  # nested: join the outer transaction
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._run(lambda: self.con.execute("BEGIN TRANSACTION"))
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            try:
                self.con.execute("ROLLBACK")
            except _duckdb().Error:
                pass  # a failed commit or a dead connection: nothing to roll back
            self.release()
            raise
        self._depth = 0
        self._run(lambda: self.con.execute("COMMIT"))
        self.release()
