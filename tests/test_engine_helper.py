"""The helper process of a small `rashomon analyze` from a fresh process: it loads the models
and analyses while the main process opens the store and reads the inputs. Same results as
the one-process engine; if it dies, the main process takes over; its errors are the usual
one-line errors."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rashomon.doc import Doc
from rashomon.engine import HELPER_BYTES, local, run, short_run, small_job, start_helper
from rashomon.engine.parallel import reap, stop
from rashomon.errors import UserError
from rashomon.registry import component
from rashomon.store import open_store

EXAMPLES = Path(__file__).parents[1] / "examples"
TABLES = ("documents", "sentences", "mentions", "claims", "labels", "signatures")


# Test components: registered here, so a spawned helper imports this module to find them.
@component("test_dies_in_helper", reads=("text",), writes=())
def make_dies_in_helper() -> object:
    def step(doc: Doc) -> Doc:
        if multiprocessing.parent_process() is not None:  # in the helper: it dies
            os._exit(3)
        return doc

    return step


@component("test_no_model", reads=("text",), writes=())
def make_no_model() -> object:
    if multiprocessing.parent_process() is not None:
        raise UserError("the test model is not installed")
    return lambda doc: doc


def rows(db: Path) -> dict[str, list[str]]:
    """Every stored row of the analysis tables, without the run's own times."""
    out = {}
    with open_store(db, read_only=True) as s:
        for t in TABLES:
            got = s.query(f"SELECT * FROM {t}")
            out[t] = sorted(json.dumps({k: v for k, v in r.items() if not k.endswith("_at")},
                                       default=str, sort_keys=True) for r in got)
    return out


def analyse(db: Path, paths: list[Path], names: list[str] | None, helper: bool) -> Any:
    with open_store(db, short=True) as store:
        pool = start_helper(paths, names) if helper else None
        if helper:
            assert pool is not None
        return run(paths, store, names=names, helper=pool)


def test_small_job_counts_file_and_folder_sizes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 1000, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("y" * 2000, encoding="utf-8")
    assert small_job([tmp_path / "a.txt"])
    assert small_job([tmp_path])
    assert not small_job([tmp_path], limit=2500)
    assert not small_job([tmp_path / "a.txt", sub], limit=2999)
    assert small_job([tmp_path / "a.txt", sub], limit=3000)
    assert not small_job(["s3://bucket/news/"])
    assert small_job([tmp_path / "missing.txt"])  # reading reports it, as without a helper
    assert HELPER_BYTES >= 64 * 1024


def test_a_helper_only_for_a_small_local_job_with_default_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Chad and Niger met.", encoding="utf-8")
    assert start_helper([f], ["sentences"], engine="ray") is None
    assert start_helper([f], ["sentences"], workers=1) is None
    assert start_helper([f], ["sentences"], workers=2) is None  # asked for: a pool
    big = tmp_path / "big.jsonl"
    big.write_text("x" * (HELPER_BYTES + 1), encoding="utf-8")
    assert start_helper([big], ["sentences"]) is None
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert start_helper([f], ["sentences"]) is None  # one core: nothing to overlap
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pool = start_helper([f], ["sentences"])
    assert pool is not None
    stop(pool)


@pytest.mark.slow
def test_helper_gives_the_same_analysis_as_this_process(tmp_path: Path) -> None:
    """The whole pipeline, in a spawned helper and here: every stored row identical (the
    CLI test below covers a forked helper)."""
    paths = [EXAMPLES / "2024-07-11-nato-ukraine-summit.txt",
             EXAMPLES / "2024-03-23-crocus-attack.txt"]
    here = analyse(tmp_path / "here.duckdb", paths, None, helper=False)
    helped = analyse(tmp_path / "helped.duckdb", paths, None, helper=True)
    assert helped.analysed == here.analysed == 2
    assert (helped.claims, helped.mentions) == (here.claims, here.mentions)
    assert here.claims > 10
    assert rows(tmp_path / "helped.duckdb") == rows(tmp_path / "here.duckdb")


def test_a_helper_that_dies_is_taken_over_with_the_same_results(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(f"Chad and Niger met on day {i}. Mali watched.",
                                       encoding="utf-8")
    names = ["sentences", "gazetteer", "test_dies_in_helper"]
    here = analyse(tmp_path / "here.duckdb", [src], names, helper=False)
    helped = analyse(tmp_path / "helped.duckdb", [src], names, helper=True)
    assert helped.analysed == here.analysed == 3 and helped.ok
    assert rows(tmp_path / "helped.duckdb") == rows(tmp_path / "here.duckdb")


def test_an_error_in_the_helper_is_the_usual_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Chad and Niger met.", encoding="utf-8")
    with pytest.raises(UserError, match="^the test model is not installed$"):
        analyse(tmp_path / "e.duckdb", [f], ["sentences", "test_no_model"], helper=True)


def test_cli_analyze_with_a_helper_matches_one_process(tmp_path: Path) -> None:
    """`rashomon analyze` from a fresh process (a forked helper) and with --workers 1 (no
    helper), both with the collector off and ending with os._exit, and ``engine.run`` in
    this process (none of that): the same claims export and stored rows; a bad file is
    still one line on stderr, and the exit status 1."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text((EXAMPLES / "2024-03-28-britain-denies.txt").read_text("utf-8"),
                               encoding="utf-8")
    (src / "bad.txt").write_bytes(b"")
    out = {}
    for label, extra in (("helped", []), ("here", ["--workers", "1"])):
        db = tmp_path / f"{label}.duckdb"
        r = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "analyze", str(src),
                            "--db", str(db), "--quiet", *extra],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 1, r.stderr
        assert [ln for ln in r.stderr.splitlines() if ln.strip()] == [
            f"{src / 'bad.txt'}: empty document (no text)"], r.stderr
        exp = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "export", "claims",
                              "--db", str(db)], capture_output=True, text=True, timeout=120,
                             check=True)
        out[label] = exp.stdout
    assert out["helped"] == out["here"] and out["here"].count("\n") >= 3
    assert rows(tmp_path / "helped.duckdb") == rows(tmp_path / "here.duckdb")
    inside = analyse(tmp_path / "inside.duckdb", [src], None, helper=False)
    assert inside.analysed == 1 and len(inside.rejected) == 1
    assert rows(tmp_path / "inside.duckdb") == rows(tmp_path / "here.duckdb")


def test_prepare_finish_loads_ahead_and_writes_nothing(tmp_path: Path) -> None:
    """What the main process does while its helper analyses: the KB and DuckDB's parameter
    binding are loaded, nothing is stored; then ``finish`` writes the actors as before."""
    store = open_store(tmp_path / "p.duckdb", short=True)
    try:
        local.prepare_finish(store)
        assert store.query("SELECT COUNT(*) AS n FROM actors")[0]["n"] == 0
        local.finish(store)
        assert store.query("SELECT COUNT(*) AS n FROM actors")[0]["n"] > 1000
    finally:
        store.close()


def test_a_fresh_analyze_ends_with_everything_written(tmp_path: Path) -> None:
    """`rashomon analyze` from main() ends its process at once after closing the store
    (cli.main.exit_now): the summary table is on stderr, the exit status kept, every
    document and the actors stored and readable by the next process."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(2):
        (src / f"d{i}.txt").write_text(f"Chad and Niger met on day {i}.", encoding="utf-8")
    db = tmp_path / "e.duckdb"
    r = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "analyze", str(src), "--db",
                        str(db), "--components", "sentences,gazetteer"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "documents read" in r.stderr and "mentions stored" in r.stderr
    with open_store(db, read_only=True) as s:
        assert s.count("documents") == 2 and s.count("mentions") == 4
        assert s.count("actors") > 1000
    (src / "bad.txt").write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "analyze", str(src), "--db",
                        str(db), "--components", "sentences", "-q"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and r.stderr.strip() == f"{src / 'bad.txt'}: empty document (no text)"


def test_short_run_only_for_a_few_local_documents(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Chad and Niger met.", encoding="utf-8")
    big = tmp_path / "big.jsonl"
    big.write_text("x" * (HELPER_BYTES + 1), encoding="utf-8")
    assert short_run([f])
    assert not short_run([f], engine="ray")
    assert not short_run([big])


def test_a_stopped_helper_is_reaped_later(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Chad and Niger met.", encoding="utf-8")
    pool = start_helper([f], ["sentences"])
    assert pool is not None
    assert pool.submit(abs, -3).result(timeout=60) == 3  # the process is up
    procs = stop(pool, wait=False)
    assert len(procs) == 1
    for _ in range(15):  # reap waits 2 s a time; a loaded machine may need longer to stop it
        reap(procs)
        if procs[0].exitcode is not None:
            break
    assert procs[0].exitcode is not None  # ended and waited for: no zombie


def test_a_held_duckdb_file_stays_open_between_transactions(tmp_path: Path) -> None:
    """``Store.held``: the last save and ``finish`` share one opening of the file; it is
    closed (released to other processes) when the block ends."""
    db = tmp_path / "h.duckdb"
    probe = [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True)",
             str(db)]
    store = open_store(db, short=True)
    try:
        with store.held():
            store.save([Doc(id="a", text="Chad and Niger met.")])
            with store.transaction():
                store.execute("UPDATE documents SET title = 'T' WHERE id = 'a'")
            busy = subprocess.run(probe, capture_output=True, text=True, timeout=120)
        free = subprocess.run(probe, capture_output=True, text=True, timeout=120)
    finally:
        store.close()
    assert busy.returncode != 0 and "lock" in busy.stderr.lower()  # held: other processes wait
    assert free.returncode == 0, free.stderr  # released at the end
    with open_store(db, read_only=True) as s:
        assert s.query("SELECT title FROM documents") == [{"title": "T"}]


def _deaf() -> None:
    import signal
    import time

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(120)


def test_reap_kills_a_worker_that_outlives_its_sigterm() -> None:
    import time

    proc = multiprocessing.get_context("spawn").Process(target=_deaf)
    proc.start()
    time.sleep(3)  # up, with SIGTERM ignored
    proc.terminate()
    t0 = time.monotonic()
    reap([proc])
    assert proc.exitcode is not None and time.monotonic() - t0 < 10
