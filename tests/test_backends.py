"""The storage contract, run against every backend: DuckDB always, PostgreSQL when reachable."""

from __future__ import annotations

import multiprocessing as mp
import os
import uuid
from collections.abc import Iterator

import pytest

from rashomon.doc import Claim, Doc, Label, Mention, Sentence
from rashomon.store import Store, StoreError, open_store

PG_URL = os.environ.get("RASHOMON_TEST_PG", "postgresql://rashomon:rashomon@127.0.0.1:5432/rashomon")


def pg_available() -> bool:
    try:
        open_store(PG_URL, migrate=False).close()
        return True
    except StoreError:
        return False


def fresh_pg_url() -> str:
    """A new, empty schema on the test server, reached through the URL's options."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "duckdb":
        yield str(tmp_path / "t.duckdb")
    else:
        if not pg_available():
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is not reachable at {PG_URL} in CI")
            pytest.skip("PostgreSQL is not reachable")
        yield fresh_pg_url()


def make_doc(doc_id: str, text: str = "Iran arms the Houthis. Russia condemns it.") -> Doc:
    d = Doc(id=doc_id, text=text, source="Wire", published="2024-03-01")
    d.sentences = [Sentence(0, 22, text[0:22]), Sentence(23, len(text), text[23:])]
    d.mentions = [
        Mention(0, 4, "Iran", "Q794", "Iran", sentence=0),
        Mention(14, 21, "Houthis", "rsh:houthis", "Houthis", sentence=0),
    ]
    d.claims = [Claim("Iran", "support", "Houthis", d.span(0, 22), confidence=0.9, sentence=0)]
    d.labels = [Label("narrative", "URW: Other", 0.5, evidence=[d.span(0, 22)])]
    d.meta = {"minhash": "00ff"}
    return d


def counts(store: Store) -> dict[str, int]:
    return {t: store.count(t) for t in ("documents", "sentences", "mentions", "claims", "labels")}


def test_save_is_idempotent_and_replaces(store_url: str) -> None:
    with open_store(store_url) as s:
        s.save([make_doc("a"), make_doc("b")])
        s.save([make_doc("a")])
        assert counts(s) == {"documents": 2, "sentences": 4, "mentions": 4, "claims": 2, "labels": 2}
        changed = make_doc("a", "Iran arms the Houthis. Russia condemns it!")
        changed.claims = []
        s.save([changed])
        assert s.count("claims") == 1
        assert s.doc_hashes()["a"] == changed.content_hash
        row = s.query("SELECT ev_text, ev_start, ev_end FROM claims WHERE doc = ?", ["b"])[0]
        assert row == {"ev_text": "Iran arms the Houthis.", "ev_start": 0, "ev_end": 22}
        assert s.signatures() and all(sig == "00ff" for _, sig in s.signatures())


def test_failed_batch_leaves_earlier_data_intact(store_url: str) -> None:
    with open_store(store_url) as s:
        s.save([make_doc("a")])
        before = counts(s)
        bad = make_doc("b")
        bad.claims.append(bad.claims[0])  # fine
        bad.mentions.append(Mention(0, 4, "Iran", None, "Iran"))  # type: ignore[arg-type]  # NOT NULL
        with pytest.raises(Exception):  # noqa: B017 - backend-specific integrity error
            s.save([make_doc("a2"), bad])
        assert counts(s) == before
        assert "a2" not in s.doc_hashes()


def test_migrate_twice_and_reopen(store_url: str) -> None:
    with open_store(store_url) as s:
        v = s.migrate()
        s.save([make_doc("a")])
    with open_store(store_url) as s:
        assert s.migrate() == v
        assert s.count("documents") == 1
        df = s.frame("SELECT id, source FROM documents")
        assert list(df["id"]) == ["a"] and list(df["source"]) == ["Wire"]


def _writer(url: str, start: int) -> None:
    with open_store(url) as s:
        for i in range(20):
            s.save([make_doc(f"d{(start + i) % 30}")])


@pytest.mark.postgres
def test_concurrent_writers_on_postgres() -> None:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL is not reachable")
    url = fresh_pg_url()
    open_store(url).close()  # migrate once
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(url, k * 7)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with open_store(url) as s:
        n = s.count("documents")
        assert n == len({f"d{(k * 7 + i) % 30}" for k in range(3) for i in range(20)})
        assert s.count("claims") == n and s.count("sentences") == 2 * n


def test_dead_database_is_one_line_error() -> None:
    with pytest.raises(StoreError) as e:
        open_store("postgresql://nobody:x@127.0.0.1:1/none")
    assert "\n" not in str(e.value) and "x@" not in str(e.value)


def test_duckdb_path_errors(tmp_path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "x.duckdb")
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        open_store(junk)
