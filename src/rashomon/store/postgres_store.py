"""PostgreSQL backend for shared deployments (psycopg 3).

Safe with several writers: each ``save`` takes transaction-scoped advisory locks on
the ids it replaces (in sorted order, so writers never deadlock), and migrations run
under a session advisory lock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rashomon.store.base import COLUMNS, Store, StoreError, migrations, split_sql

_MIGRATION_LOCK = 72_657_011  # any constant: serialises concurrent migrations


def _pg_sql(sql: str, params: Sequence[Any]) -> tuple[str, Sequence[Any] | None]:
    if not params:
        return sql, None
    return sql.replace("%", "%%").replace("?", "%s"), list(params)


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


class PostgresStore(Store):
    def __init__(self, url: str) -> None:
        import psycopg  # noqa: PLC0415 (the driver loads on first use)

        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise StoreError(f"cannot connect to {_redact(url)}: {msg}") from None
        self._tx: Any = None

    def migrate(self) -> int:
        with self.con.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
            try:
                cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
                cur.execute("SELECT version FROM schema_version")
                done = {r[0] for r in cur.fetchall()}
                for version, sql in migrations():
                    if version in done:
                        continue
                    with self.con.transaction():
                        for stmt in split_sql(sql):
                            cur.execute(stmt)
                        cur.execute("INSERT INTO schema_version VALUES (%s)", [version])
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])
        return max([0, *done, *(v for v, _ in migrations())])

    def close(self) -> None:
        self.con.close()

    def broken(self, error: Exception) -> bool:
        import psycopg  # noqa: PLC0415 (the driver loads on first use)

        return super().broken(error) or isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        q, p = _pg_sql(sql, params)
        with self.con.cursor() as cur:
            cur.execute(q, p)
            if cur.description is None:
                return []
            cols = [d.name for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def frame(self, sql: str, params: Sequence[Any] = ()) -> Any:
        import pandas as pd  # noqa: PLC0415 (heavy)

        q, p = _pg_sql(sql, params)
        with self.con.cursor() as cur:
            cur.execute(q, p)
            cols = [d.name for d in cur.description or []]
            return pd.DataFrame(cur.fetchall(), columns=cols)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        q, p = _pg_sql(sql, params)
        with self.con.cursor() as cur:
            cur.execute(q, p)

    def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = ", ".join(COLUMNS[table])
        with self.con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _delete_docs(self, ids: Sequence[str]) -> None:
        with self.con.cursor() as cur:
            for doc_id in sorted(set(ids)):
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [doc_id])
        super()._delete_docs(ids)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:  # nested: join the outer transaction
            yield
            return
        with self.con.transaction() as tx:
            self._tx = tx
            try:
                yield
            finally:
                self._tx = None
