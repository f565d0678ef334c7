"""The storage interface. Backends: DuckDB (embedded default) and PostgreSQL.

SQL passed to ``query``/``frame`` uses ``?`` placeholders; backends translate.
Writes of analysed documents go through ``save``: one transaction per batch, which
first deletes any earlier analysis of the same document ids, so a re-run replaces and a
killed run leaves either the whole batch or none of it.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from operator import attrgetter
from typing import Any

from rashomon import schema
from rashomon.doc import Doc
from rashomon.schema import CLAIMS, TABLES

_CREATE = re.compile(r"^@create (\w+);[ \t]*$", re.M)  # a migration line: a table from schema.py
DOC_TABLES = ("sentences", "mentions", "claims", "labels", "signatures")

# insert order of every table (``rashomon.schema`` defines them)
COLUMNS: dict[str, tuple[str, ...]] = {name: t.names for name, t in TABLES.items()}
_claim_row = attrgetter(*CLAIMS.fields)  # a Claim's values in column order (after doc, idx)


class StoreError(Exception):
    """A storage problem worth one clear line to the user (dead database, bad path...)."""


def migrations() -> list[tuple[int, str]]:
    """(version, sql) for every migration shipped in ``store/migrations``, in order; a line
    ``@create <table>;`` is that table as ``rashomon.schema`` defines it (``schema.create``)."""
    out = []
    for f in resources.files("rashomon.store").joinpath("migrations").iterdir():
        if f.name.endswith(".sql"):
            sql = _CREATE.sub(lambda m: schema.create(m[1]), f.read_text("utf-8"))
            out.append((int(f.name.split("_", 1)[0]), sql))
    return sorted(out)


def split_sql(script: str) -> list[str]:
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def doc_rows(doc: Doc) -> dict[str, list[tuple[Any, ...]]]:
    """The rows that one analysed document writes, per table."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows: dict[str, list[tuple[Any, ...]]] = {
        "documents": [(
            doc.id, doc.title, doc.source, doc.published, doc.url, doc.author, doc.language,
            doc.path, doc.duplicate_of, doc.content_hash, doc.text,
            json.dumps(doc.meta, ensure_ascii=False, default=str) if doc.meta else None, now,
        )],
        "sentences": [(doc.id, i, s.start, s.end) for i, s in enumerate(doc.sentences)],
        "mentions": [
            (doc.id, i, m.actor, m.name, m.text, m.start, m.end, m.sentence, m.kind, m.score,
             m.type)
            for i, m in enumerate(doc.mentions)
        ],
        "claims": [(doc.id, i, *_claim_row(c)) for i, c in enumerate(doc.claims)],
        "labels": [
            (doc.id, i, lb.kind, lb.value, lb.score, lb.actor,
             lb.target.start if lb.target else None, lb.target.end if lb.target else None,
             lb.target.text if lb.target else None, json.dumps(lb.fine, ensure_ascii=False),
             json.dumps([{"start": e.start, "end": e.end, "text": e.text} for e in lb.evidence],
                        ensure_ascii=False),
             lb.model)
            for i, lb in enumerate(doc.labels)
        ],
    }
    sig = doc.meta.get("minhash") if doc.meta else None
    rows["signatures"] = [(doc.id, sig)] if sig else []
    return rows


class Store(ABC):
    """What every backend offers. Open one with :func:`rashomon.store.open_store`."""

    url: str

    # -- lifecycle ---------------------------------------------------------------------
    @abstractmethod
    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""

    @abstractmethod
    def close(self) -> None: ...

    def release(self) -> None:
        """Let other processes at the database until the next use (DuckDB closes its file;
        a server database needs nothing)."""
        return None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Keep the database open across the transactions within (``release`` waits for the
        end): a short run's last save and ``finish`` then share one opening of a DuckDB
        file instead of closing (a checkpoint) and reopening it between them."""
        yield

    def warm(self) -> None:
        """Load now what the first reads and writes of a run load on first use (a driver's
        libraries), writing nothing: see ``engine.local.prepare_finish``."""
        return None

    def broken(self, error: Exception) -> bool:
        """True when ``error`` means the database itself failed (connection lost, disk,
        damage), not one document's data: the run stops instead of skipping a document."""
        return isinstance(error, StoreError)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- generic access ----------------------------------------------------------------
    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query (``?`` placeholders); rows as dicts."""

    @abstractmethod
    def frame(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run a read query; a pandas DataFrame."""

    @abstractmethod
    def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Bulk-insert rows (tuples in ``COLUMNS[table]`` order) inside the open transaction."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one write statement inside the open transaction."""

    @abstractmethod
    def transaction(self) -> Any:
        """Context manager: commit on success, roll back on error."""

    # -- documents ---------------------------------------------------------------------
    def save(self, docs: Iterable[Doc]) -> int:
        """Store analysed docs in one transaction, replacing earlier analyses of the same ids."""
        docs = list(docs)
        if not docs:
            return 0
        per_table: dict[str, list[tuple[Any, ...]]] = {}
        for d in docs:
            for table, rows in doc_rows(d).items():
                per_table.setdefault(table, []).extend(rows)
        ids = [d.id for d in docs]
        with self.transaction():
            self._delete_docs(ids)
            for table in ("documents", *DOC_TABLES):
                if per_table.get(table):
                    self.insert(table, per_table[table])
            self.mark_changed()
        return len(docs)

    def delete_docs(self, ids: Sequence[str]) -> None:
        with self.transaction():
            self._delete_docs(ids)
            self.mark_changed()

    def mark_changed(self) -> None:
        """Bump the data version (graph caches go stale). Call inside the write's transaction,
        last: writes that bypass ``save``/``delete_docs`` (bulk ``insert``) must call it too."""
        self.execute("UPDATE store_version SET version = version + 1 WHERE name = 'data'")

    def _delete_docs(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for table in DOC_TABLES:
                self.execute(f"DELETE FROM {table} WHERE doc IN ({marks})", chunk)
            self.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)

    def has_table(self, name: str) -> bool:
        """Whether the database has table ``name`` (an old schema opened without migrating
        may lack the newer ones)."""
        known: set[str] = self.__dict__.setdefault("_tables_seen", set())
        if name not in known and self.query(
                "SELECT 1 AS x FROM information_schema.tables WHERE table_name = ?", [name]):
            known.add(name)  # tables are never dropped: remember the ones found
        return name in known

    def doc_hashes(self) -> dict[str, str]:
        """id -> content hash of every stored document."""
        return {r["id"]: r["content_hash"] for r in self.query("SELECT id, content_hash FROM documents")}

    def count(self, table: str) -> int:
        assert table in COLUMNS, table
        return int(self.query(f"SELECT count(*) AS n FROM {table}")[0]["n"])

    def signatures(self) -> list[tuple[str, str]]:
        return [(r["doc"], r["minhash"]) for r in self.query("SELECT doc, minhash FROM signatures")]

    # -- actors ------------------------------------------------------------------------
    def upsert_actors(self, rows: list[tuple[Any, ...]]) -> None:
        """Replace actor rows (``COLUMNS['actors']`` order) by id."""
        if not rows:
            return
        with self.transaction():
            ids = [r[0] for r in rows]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                self.execute(f"DELETE FROM actors WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            self.insert("actors", rows)
