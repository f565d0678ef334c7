"""The DuckDB store: migrations, save-replaces, all-or-nothing transactions, read-only opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Claim, Doc, Mention, Sentence, Span
from rashomon.store import StoreError, open_store


def analysed(doc_id: str, text: str, n_claims: int = 1) -> Doc:
    d = Doc(id=doc_id, text=text, source="Test Wire", published="2024-01-01")
    d.sentences = [Sentence(0, len(text), text)]
    d.mentions = [Mention(0, 6, text[:6], "Q159", "Russia", sentence=0)]
    d.claims = [Claim("Russia", "support", "Iran", Span(0, len(text), text), sentence=0)
                for _ in range(n_claims)]
    d.meta["minhash"] = "ab" * 8
    return d


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as s:
        v = s.migrate()
        assert v >= 1
        assert s.migrate() == v
        assert s.count("documents") == 0


def test_save_replaces_earlier_analysis(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as s:
        s.save([analysed("a", "Russia backs Iran.", 2), analysed("b", "Russia and Iran.")])
        assert s.count("claims") == 3
        s.save([analysed("a", "Russia arms Iran now.", 1)])
        assert s.count("documents") == 2
        assert s.count("claims") == 2
        assert s.count("signatures") == 2
        assert s.doc_hashes()["a"] == analysed("a", "Russia arms Iran now.").content_hash


def test_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as s:
        s.save([analysed("keep", "Russia backs Iran.")])
        bad = analysed("bad", "Russia and Iran.")
        bad.claims[0].relation = None  # type: ignore[assignment]  # violates NOT NULL
        with pytest.raises(Exception):  # noqa: B017
            s.save([analysed("good", "Russia helps Syria."), bad])
        assert sorted(s.doc_hashes()) == ["keep"]
        assert s.count("sentences") == 1


def test_read_only_and_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "x.duckdb")
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        open_store(junk)


def test_duckdb_file_gets_a_bounded_buffer_pool(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from rashomon.store.base import StoreError
    from rashomon.store.duckdb_store import DuckDBStore

    monkeypatch.delenv("RASHOMON_DUCKDB_MEMORY", raising=False)
    s = DuckDBStore(tmp_path / "a.duckdb")
    limit = s.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    s.close()
    assert limit.endswith("MiB") and float(limit.split()[0]) < 600  # 512MB, not 80% of RAM
    monkeypatch.setenv("RASHOMON_DUCKDB_MEMORY", "2GiB")
    s = DuckDBStore(tmp_path / "a.duckdb")
    assert "2.0 GiB" == s.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    s.close()
    monkeypatch.setenv("RASHOMON_DUCKDB_MEMORY", "plenty")
    with pytest.raises(StoreError, match="RASHOMON_DUCKDB_MEMORY"):
        DuckDBStore(tmp_path / "a.duckdb")


def test_ctrl_c_during_a_query_is_a_ctrl_c(tmp_path: Path) -> None:
    """DuckDB turns SIGINT into RuntimeError("Query interrupted") and runs on, so the next
    statement hung; the store stops the query, gives the Ctrl-C back as KeyboardInterrupt,
    rolls back the open transaction and keeps the stored data."""
    import os
    import signal
    import threading
    import time

    slow = ("SELECT count(*) AS n FROM range(100000) a, range(100000) b "
            "WHERE (a.range * b.range) % 7 = 3")
    store = open_store(str(tmp_path / "r.duckdb"))
    store.save([analysed("d1", "Russia attacked Ukraine.")])
    for in_transaction in (False, True):
        timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
        t0 = time.monotonic()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            if in_transaction:
                with store.transaction():
                    store.execute("DELETE FROM documents")
                    store.query(slow)
            else:
                store.query(slow)
        timer.join()
        assert time.monotonic() - t0 < 20
        assert [r["id"] for r in store.query("SELECT id FROM documents")] == ["d1"]
    store.close()
