"""The store's tables, defined once: columns, SQL types, keys and indexes.

``store.base.COLUMNS`` (the insert order) and the rows ``store.base.doc_rows`` writes come
from here; a claim column names the ``doc.Claim`` field it holds (``field``). The numbered
SQL files in ``store/migrations`` create these tables on existing databases, step by step:
a statement ``@create <table>`` in a migration is ``create(table)``, the table as defined
here (every table: 001, and the graph caches, 004-006); ``tests/test_schema.py`` checks that the migrations build
exactly what ``ddl()`` builds. A new column: add it here and in a new migration as
``ALTER TABLE t ADD COLUMN IF NOT EXISTS ...`` (a fresh database already has it).
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT, INT, BIG, REAL, BOOL = "TEXT", "INTEGER", "BIGINT", "DOUBLE PRECISION", "BOOLEAN"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    null: bool = True
    field: str | None = None  # the record attribute it holds ("evidence.start")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()  # one-column indexes, named <table>_<column>
    index_names: tuple[tuple[str, str], ...] = ()  # (column, name): an older name kept

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def fields(self) -> tuple[str, ...]:
        """The record attributes of the columns that name one, in column order."""
        return tuple(c.field for c in self.columns if c.field)

    def ddl(self, if_not_exists: bool = False) -> str:
        cols = [f"{c.name} {c.type}{'' if c.null else ' NOT NULL'}" for c in self.columns]
        if len(self.key) > 1:
            cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        elif self.key:
            cols = [c + " PRIMARY KEY" if c.split()[0] == self.key[0] else c for c in cols]
        guard = "IF NOT EXISTS " if if_not_exists else ""
        return f"CREATE TABLE {guard}{self.name} (\n    " + ",\n    ".join(cols) + "\n)"

    def index_ddl(self, if_not_exists: bool = False) -> list[str]:
        guard = "IF NOT EXISTS " if if_not_exists else ""
        names = dict(self.index_names)
        return [f"CREATE INDEX {guard}{names.get(c, f'{self.name}_{c}')} ON {self.name} ({c})"
                for c in self.indexes]


def _c(name: str, type_: str = TEXT, null: bool = True, field: str | None = None) -> Column:
    return Column(name, type_, null, field)


def _claim(name: str, type_: str = TEXT, null: bool = True, field: str = "") -> Column:
    return Column(name, type_, null, field or name)


# Dates are ISO-8601 text ('YYYY-MM-DD'), so they compare and sort as text.
DOCUMENTS = Table("documents", (
    _c("id", TEXT), _c("title"), _c("source"), _c("published"), _c("url"), _c("author"),
    _c("language"), _c("path"), _c("duplicate_of"), _c("content_hash", null=False),
    _c("text", null=False), _c("meta"), _c("analysed_at"),
), key=("id",), indexes=("content_hash",), index_names=(("content_hash", "documents_hash"),))
# source: the outlet; duplicate_of: a near-duplicate's original; meta: JSON

SENTENCES = Table("sentences", (
    _c("doc", null=False), _c("idx", INT, False), _c("start_char", INT, False),
    _c("end_char", INT, False),
), key=("doc", "idx"))

ACTORS = Table("actors", (
    _c("id"), _c("name", null=False), _c("type"), _c("country"), _c("parent"), _c("aliases"),
    _c("origin", null=False),
), key=("id",))  # aliases: JSON list; origin: kb | user | unknown

MENTIONS = Table("mentions", (
    _c("doc", null=False), _c("idx", INT, False), _c("actor", null=False),
    _c("name", null=False), _c("text", null=False), _c("start_char", INT, False),
    _c("end_char", INT, False), _c("sentence", INT), _c("kind"), _c("score", REAL), _c("type"),
), key=("doc", "idx"), indexes=("actor",))

CLAIMS = Table("claims", (
    _c("doc", null=False), _c("idx", INT, False),
    _claim("subject", null=False), _claim("relation", null=False), _claim("object", null=False),
    _claim("negated", BOOL, False), _claim("hedged", BOOL, False), _claim("source"),
    _claim("confidence", REAL), _claim("subject_id"), _claim("object_id"), _claim("source_id"),
    _claim("subject_text"), _claim("object_text"),
    _claim("ev_start", INT, False, "evidence.start"), _claim("ev_end", INT, False, "evidence.end"),
    _claim("ev_text", TEXT, False, "evidence.text"), _claim("plover"), _claim("time"),
    _claim("extractor"), _claim("sentence", INT),
), key=("doc", "idx"), indexes=("subject", "object"))

LABELS = Table("labels", (
    _c("doc", null=False), _c("idx", INT, False), _c("kind", null=False),
    _c("value", null=False), _c("score", REAL), _c("actor"), _c("target_start", INT),
    _c("target_end", INT), _c("target_text"), _c("fine"), _c("evidence"), _c("model"),
), key=("doc", "idx"), indexes=("kind",))
# kind: narrative | subnarrative | role | explanation; fine: JSON list of fine roles;
# evidence: JSON list of {start, end, text}

SIGNATURES = Table("signatures", (_c("doc"), _c("minhash", null=False)), key=("doc",))  # hex MinHash

# 'data' is bumped by every write of analyses (Store.mark_changed); each cache holds the
# 'data' version it was built from
STORE_VERSION = Table("store_version", (_c("name"), _c("version", BIG, False)), key=("name",))

# graph caches (see ``graph.cache``): lists are chr(31)-joined text
EDGE = (
    _c("subject", null=False), _c("relation", null=False), _c("object", null=False),
    _c("claims", BIG, False), _c("positive", BIG, False), _c("negated", BIG, False),
    _c("hedged", BIG, False), _c("outlets"), _c("speakers"), _c("own_voice", INT, False),
    _c("first_seen"), _c("last_seen"), _c("weight", REAL, False),
)
STANCE = (
    _c("a", null=False), _c("b", null=False), _c("outlets"), _c("first_seen"),
    _c("last_seen"), _c("p", REAL, False), _c("q", REAL, False), _c("relations", null=False),
    _c("voices", BIG), _c("denial", INT),
)
# one actor's view of a pair (see ``graph.voices``): its state and sources
PAIR = (
    _c("a", null=False), _c("b", null=False), _c("stance", REAL, False),
    _c("weight", REAL, False), _c("state", null=False), _c("relations", null=False),
    _c("outlets"), _c("speakers"), _c("sources_for", BIG, False),
    _c("sources_against", BIG, False), _c("denied", INT, False), _c("first_seen"),
    _c("last_seen"),
)
_ENDS = (_c("actor", null=False), _c("other", null=False))

EDGE_CACHE = Table("edge_cache", EDGE, indexes=("subject", "object"))
STANCE_CACHE = Table("stance_cache", STANCE, indexes=("a", "b"))
STANCE_BY_ACTOR = Table("stance_by_actor", _ENDS + STANCE, indexes=("actor",))
EDGE_BY_ACTOR = Table("edge_by_actor", _ENDS + EDGE, indexes=("actor",))
PAIR_BY_ACTOR = Table("pair_by_actor", _ENDS + PAIR, indexes=("actor",))

TABLES: dict[str, Table] = {t.name: t for t in (
    DOCUMENTS, SENTENCES, ACTORS, MENTIONS, CLAIMS, LABELS, SIGNATURES, STORE_VERSION,
    EDGE_CACHE, STANCE_CACHE, STANCE_BY_ACTOR, EDGE_BY_ACTOR, PAIR_BY_ACTOR,
)}


def ddl() -> list[str]:
    """Statements that create every table and index from scratch (what the migrations
    build step by step)."""
    return [s for t in TABLES.values() for s in (t.ddl(), *t.index_ddl())]


def create(name: str) -> str:
    """A migration's statements for table ``name``: the table and its indexes, each
    ``IF NOT EXISTS``, ``;``-terminated."""
    t = TABLES[name]
    return "".join(f"{s};\n" for s in (t.ddl(if_not_exists=True), *t.index_ddl(True)))
