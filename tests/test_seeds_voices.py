"""The seeds (plain files, no outlet) plus examples/: according to whom, measured.

The seeds carry no metadata: each is analysed with the outlet `--outlet` names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.engine.local import finish, make_pipeline, plan, process
from rashomon.graph import blocs, neighbourhood, pairs
from rashomon.ingest.outlets import OutletRule
from rashomon.store import open_store

ROOT = Path(__file__).resolve().parents[1]
UK, ISK = "United Kingdom", "Islamic State Khorasan Province"


@pytest.fixture(scope="module")
def db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    if len(seeds) < 2:
        pytest.skip("fewer than two seed articles")
    path = str(tmp_path_factory.mktemp("seeds") / "s.duckdb")
    pipeline = make_pipeline(None)  # loaded once for the three inputs
    with open_store(path) as store:
        inputs = [(seed, OutletRule(f"Seed {i}")) for i, seed in enumerate(seeds[:2])]
        for src, rule in [*inputs, (ROOT / "examples", None)]:
            p = plan([src], store, outlets=rule)  # as `analyze --outlet "Seed 0"`
            assert p.summary.rejected == []
            process(p, store, pipeline)
        finish(store, [])
    return path


@pytest.mark.shared
def test_no_ally_drawn_from_the_accusation(db: str) -> None:
    with open_store(db, read_only=True, migrate=False) as s:
        nb = neighbourhood(s, UK)
        assert ISK not in {x["actor"] for x in nb["allies"]}
        contested = {x["actor"]: x for x in nb["contested"]}
        assert contested[ISK]["state"] == "contested"
        assert "Nikolai Patrushev" in contested  # the accuser's stance toward the accused
        for b in blocs(s):
            assert not {UK, ISK} <= set(b["actors"])
        # the accusation is the titled person's, not Russia's
        speakers = {r["source"] for r in s.query(
            "SELECT source FROM claims WHERE subject = ? AND object = ? AND NOT negated", [UK, ISK])}
        assert "Nikolai Patrushev" in speakers and "Russia" not in speakers


@pytest.mark.shared
def test_russia_taliban_mixed(db: str) -> None:
    with open_store(db, read_only=True, migrate=False) as s:
        p = {(r["a"], r["b"]): r for r in pairs(s).to_dict("records")}
        assert p[("Russia", "Taliban")]["state"] == "mixed"
        assert "Taliban" in {x["actor"] for x in neighbourhood(s, "Russia")["mixed"]}


@pytest.mark.shared
def test_compare_plain_files_and_dated_claims(db: str) -> None:
    r = CliRunner().invoke(app, ["compare", "Seed 1", "Caspian Herald", "--db", db,
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    pairs_ = {(x["a"], x["b"]) for x in json.loads(r.output)}
    assert (ISK, UK) in pairs_
    with open_store(db, read_only=True, migrate=False) as s:
        times = [r["time"] for r in s.query("SELECT time FROM claims WHERE time IS NOT NULL")]
    assert times and all(t[:4].isdigit() for t in times)  # normalised dates only
    r = CliRunner().invoke(app, ["timeline", UK, "Islamic State", "--db", db, "--format", "json"])
    assert [p["period"] for p in json.loads(r.output)["periods"]][0] == "2014"  # "since 2014"
