"""A hard kill (SIGKILL) of `rashomon analyze` mid-run leaves a consistent database; the
next run resumes without duplicates."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.nlp.sentences import split
from rashomon.store import open_store

COUNTRIES = ("Kenya Ghana Peru Chile Norway Poland Egypt Jordan Oman Qatar Chad Mali Niger Laos "
             "Nepal Fiji Cuba Iraq Syria Yemen").split()
VERBS = ("signed an agreement with|held talks with|criticised|welcomed|condemned|supported|"
         "met officials from|sent aid to").split("|")
TOPICS = ("trade energy security border ceasefire summit weapons aid grain oil gas port railway "
          "loan drought flood election").split()


def make_corpus(folder: Path, n: int, sentences: int = 30) -> dict[str, str]:
    rng = random.Random(n)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i in range(n):
        body = " ".join(
            f"{a} {rng.choice(VERBS)} {b} on {rng.choice(TOPICS)} and {rng.choice(TOPICS)}, "
            f"officials said in report {i}-{j}."
            for j in range(sentences)
            for a, b in [rng.sample(COUNTRIES, 2)]
        )
        (folder / f"doc{i:03d}.txt").write_text(f"Title: Report {i}\n\n{body}\n", encoding="utf-8")
        texts[f"doc{i:03d}.txt"] = body + "\n"
    return texts


def analyze_cmd(src: Path, db: Path, components: str, batch: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "rashomon.cli.main", "analyze", str(src), "--db", str(db),
            "--components", components, "--batch-size", str(batch), "--quiet", *extra]


def stored_docs(db: Path) -> int:
    """Documents committed so far, read as `rashomon serve` would (the writer holds the file
    only while it writes a batch); 0 while the file is busy or not there yet."""
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
    except duckdb.Error:
        return 0
    finally:
        con.close()


def kill_mid_run(cmd: list[str], db: Path, min_docs: int, timeout: float = 240) -> None:
    """Start `cmd`, SIGKILL it once at least ``min_docs`` documents are committed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"analyze finished before it could be killed: {proc.stderr.read()!r}")
            if db.exists() and stored_docs(db) >= min_docs:
                break
            time.sleep(0.05)
        else:
            pytest.fail("no batch was committed in time")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def check_db(db: Path, texts: dict[str, str], batch: int, complete: bool) -> int:
    with open_store(db) as s:
        docs = s.query("SELECT id, text FROM documents")
        ids = [d["id"] for d in docs]
        assert len(ids) == len(set(ids))
        for table in ("sentences", "signatures"):
            dup = s.query(f"SELECT doc FROM {table} GROUP BY doc{', idx' if table == 'sentences' else ''} "
                          "HAVING count(*) > 1")
            assert dup == [], table
        n_sent = {r["doc"]: int(r["n"]) for r in s.query("SELECT doc, count(*) AS n FROM sentences GROUP BY doc")}
        orphans = s.query("SELECT count(*) AS n FROM sentences WHERE doc NOT IN (SELECT id FROM documents)")
        assert orphans[0]["n"] == 0
    for d in docs:
        assert d["text"] == texts[d["id"]]
        assert n_sent.get(d["id"], 0) == len(split(d["text"])) > 0, d["id"]
    if complete:
        assert sorted(ids) == sorted(texts)
    else:
        assert 0 < len(ids) < len(texts) and len(ids) % batch == 0, len(ids)
    return len(ids)


def test_sigkill_then_resume(tmp_path: Path) -> None:
    # enough documents that the kill lands mid-run on a quiet machine too (60 could all be
    # committed before the first poll read the database)
    texts = make_corpus(tmp_path / "in", 150, sentences=10)
    db = tmp_path / "k.duckdb"
    cmd = analyze_cmd(tmp_path / "in", db, "sentences,parse", 4, "--workers", "1")
    kill_mid_run(cmd, db, min_docs=4)
    check_db(db, texts, 4, complete=False)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    check_db(db, texts, 4, complete=True)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)  # a third run: nothing to do
    assert r.returncode == 0, r.stderr
    assert check_db(db, texts, 4, complete=True) == 150


@pytest.mark.slow
@pytest.mark.shared
def test_sigkill_then_resume_semeval_english(shared: Path, tmp_path: Path) -> None:
    src = shared / "corpus" / "semeval2025-train" / "EN" / "raw-documents"
    files = sorted(p for p in src.iterdir() if p.suffix == ".txt")
    assert len(files) == 200
    db = tmp_path / "semeval.duckdb"
    cmd = analyze_cmd(src, db, "sentences,parse", 8)
    kill_mid_run(cmd, db, min_docs=16, timeout=600)
    with open_store(db) as s:
        stored = s.count("documents")
    assert 0 < stored < 200
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr
    # every input is a document; exact duplicates (same text under two names) are linked to
    # their original and analysed once
    distinct = {p.read_text(encoding="utf-8") for p in files}
    with open_store(db) as s:
        assert s.count("documents") == 200
        assert s.query("SELECT count(DISTINCT id) AS n FROM documents")[0]["n"] == 200
        stored_texts = {r["text"] for r in s.query("SELECT text FROM documents")}
        unanalysed = s.query("SELECT id, duplicate_of FROM documents "
                             "WHERE id NOT IN (SELECT doc FROM sentences)")
        assert len(unanalysed) == 200 - len(distinct)
        assert all(r["duplicate_of"] for r in unanalysed)
    assert stored_texts == distinct
