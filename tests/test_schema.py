"""One schema source: the migrations build exactly the tables ``rashomon.schema`` defines,
the store inserts in its column order, and every Claim field has its column."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import duckdb

from rashomon import schema
from rashomon.doc import Claim
from rashomon.graph.synth import story
from rashomon.store import COLUMNS, open_store
from rashomon.store.base import doc_rows, migrations, split_sql


def layout(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], set[tuple[str, str]]]:
    """(columns: table, position, name, type, nullable; indexes: table, column)."""
    cols = con.execute(
        "SELECT table_name, ordinal_position, column_name, data_type, is_nullable "
        "FROM information_schema.columns WHERE table_name <> 'schema_version' "
        "ORDER BY table_name, ordinal_position").fetchall()
    idx = {(t, e.strip("[]")) for t, e in con.execute(
        "SELECT table_name, expressions FROM duckdb_indexes()").fetchall()}
    keys = con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY' AND table_name <> 'schema_version' "
        "ORDER BY table_name").fetchall()
    return cols + keys, idx


def test_migrations_build_the_defined_tables(tmp_path: Path) -> None:
    open_store(tmp_path / "m.duckdb").close()
    migrated = duckdb.connect(str(tmp_path / "m.duckdb"))
    fresh = duckdb.connect()
    for stmt in schema.ddl():
        fresh.execute(stmt)
    got, want = layout(migrated), layout(fresh)
    assert got[0] == want[0]
    assert got[1] == want[1]
    assert {t for t, *_ in got[0]} == set(schema.TABLES)


def test_a_table_the_migrations_lack_is_caught() -> None:
    fresh, short = duckdb.connect(), duckdb.connect()
    for stmt in schema.ddl():
        fresh.execute(stmt)
        short.execute(stmt.replace("    plover TEXT,\n", ""))
    assert layout(fresh)[0] != layout(short)[0]


def test_store_columns_and_claim_fields_come_from_the_definition() -> None:
    assert COLUMNS["claims"] == schema.CLAIMS.names
    assert COLUMNS["edge_cache"][0] == "subject"
    claim_fields = {f.name for f in dataclasses.fields(Claim)} - {"evidence"}
    mapped = {f.split(".")[0] for f in schema.CLAIMS.fields}
    assert claim_fields | {"evidence"} == mapped
    doc = story("d1", "AP", "2024-01-01", [("Russia", "support", "Hamas", {"hedged": True})])
    row = doc_rows(doc)["claims"][0]
    assert len(row) == len(COLUMNS["claims"])
    rec = dict(zip(COLUMNS["claims"], row, strict=True))
    c = doc.claims[0]
    assert (rec["doc"], rec["idx"], rec["subject"], rec["hedged"]) == ("d1", 0, "Russia", True)
    assert (rec["ev_start"], rec["ev_end"], rec["ev_text"]) == (
        c.evidence.start, c.evidence.end, c.evidence.text)


def test_migrations_take_every_table_from_the_definition() -> None:
    """001 and 004-006 say ``@create <table>``: the table and indexes as schema.py defines
    them; no migration spells a CREATE TABLE of its own."""
    sql = dict(migrations())
    for f in resources.files("rashomon.store").joinpath("migrations").iterdir():
        assert "CREATE TABLE" not in f.read_text("utf-8").upper(), f.name
    for version, tables in ((1, ("documents", "sentences", "actors", "mentions", "claims",
                                 "labels", "signatures")),
                            (4, ("store_version", "edge_cache", "stance_cache")),
                            (5, ("stance_by_actor", "edge_by_actor")), (6, ("pair_by_actor",))):
        assert "@create" not in sql[version]
        for t in tables:
            assert schema.create(t) in sql[version]
    assert "CREATE TABLE IF NOT EXISTS edge_by_actor (\n    actor TEXT NOT NULL,\n    other TEXT" \
        in schema.create("edge_by_actor")
    assert "CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);" \
        in schema.create("documents")  # the index keeps the name it always had
    assert schema.create("pair_by_actor").endswith(
        "CREATE INDEX IF NOT EXISTS pair_by_actor_actor ON pair_by_actor (actor);\n")


def test_a_database_of_the_first_schema_migrates_to_the_defined_tables(tmp_path: Path) -> None:
    """A database that only migration 001 built (an early version) ends with the same
    tables as a fresh one."""
    old = duckdb.connect(str(tmp_path / "old.duckdb"))
    old.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
    for stmt in split_sql(dict(migrations())[1]):
        old.execute(stmt)
    old.execute("INSERT INTO schema_version VALUES (1)")
    old.close()
    with open_store(tmp_path / "old.duckdb") as st:
        assert st.migrate() == 6
    fresh = duckdb.connect()
    for stmt in schema.ddl():
        fresh.execute(stmt)
    assert layout(duckdb.connect(str(tmp_path / "old.duckdb"))) == layout(fresh)
