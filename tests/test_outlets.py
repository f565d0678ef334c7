"""Documents without outlet metadata: the outlet the user names, one per sub-folder, or
each its own source (never one shared outlet); `compare` on plain files."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.doc import Doc
from rashomon.graph.voices import pairs
from rashomon.ingest.outlets import OutletRule, assign
from rashomon.store import open_store

COMPONENTS = "sentences,gazetteer,parse,entities,claims"
RUSSIAN_VIEW = "Britain supports ISIS-Khorasan. Russia fights ISIS-Khorasan.\n"
BRITISH_VIEW = "Britain fights ISIS-Khorasan. Russia fights ISIS-Khorasan.\n"


def test_rule():
    docs = [Doc("rt/a.txt", "x"), Doc("b.txt", "y"), Doc("bbc/c.txt", "z", source="BBC News")]
    named = list(assign(docs, OutletRule("RT")))
    assert [d.source for d in named] == ["RT", "RT", "BBC News"]  # metadata wins
    docs = [Doc("rt/a.txt", "x"), Doc("b.txt", "y")]
    assert [d.source for d in assign(docs, OutletRule(by_folder=True))] == ["rt", None]


def _write(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, t in enumerate(texts):
        (folder / f"{folder.name}-{i}.txt").write_text(t, encoding="utf-8")


def test_compare_plain_files_with_outlet(tmp_path: Path):
    _write(tmp_path / "ru", [RUSSIAN_VIEW])
    _write(tmp_path / "uk", [BRITISH_VIEW])
    db = str(tmp_path / "o.duckdb")
    run = CliRunner().invoke
    for folder, name in (("ru", "Steppe Daily"), ("uk", "Thames Post")):
        r = run(app, ["analyze", str(tmp_path / folder), "--db", db, "--outlet", name, "-q",
                      "-w", "1", "--components", COMPONENTS])
        assert r.exit_code == 0, r.output
    r = run(app, ["compare", "Steppe Daily", "Thames Post", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    import json

    items = {(x["a"], x["b"]): x for x in json.loads(r.output)}
    uk = items[("Islamic State Khorasan Province", "United Kingdom")]
    assert uk["disagree"] and uk["sides"]["Steppe Daily"]["stance"] > 0
    assert items[("Islamic State Khorasan Province", "Russia")]["disagree"] is False


def test_without_outlet_each_document_is_its_own_source(tmp_path: Path):
    _write(tmp_path / "plain", [BRITISH_VIEW, BRITISH_VIEW.replace("fights", "attacks")])
    _write(tmp_path / "by" / "rt", [RUSSIAN_VIEW])
    db = str(tmp_path / "p.duckdb")
    run = CliRunner().invoke
    r = run(app, ["analyze", str(tmp_path / "plain"), "--db", db, "-q", "-w", "1",
                  "--components", COMPONENTS])
    assert r.exit_code == 0, r.output
    r = run(app, ["analyze", str(tmp_path / "by"), "--db", db, "-q", "-w", "1",
                  "--outlet-per-folder", "--components", COMPONENTS])
    assert r.exit_code == 0, r.output
    with open_store(db, read_only=True) as s:
        outlets = {r["id"]: r["source"] for r in s.query("SELECT id, source FROM documents")}
        assert outlets == {"plain-0.txt": None, "plain-1.txt": None, "rt/rt-0.txt": "rt"}
        # two plain files are two independent sources: Russia's fight is agreed
        p = {(r["a"], r["b"]): r for r in pairs(s).to_dict("records")}
    assert p[("Islamic State Khorasan Province", "Russia")]["state"] == "agreed"
    assert p[("Islamic State Khorasan Province", "United Kingdom")]["state"] == "mixed"
