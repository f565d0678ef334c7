"""The graph commands through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rashomon.cli import graph as graph_cli
from rashomon.errors import UserError
from rashomon.graph.synth import story
from rashomon.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()
    graph_cli.register(a)
    return a


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    with open_store(path) as st:
        st.save([
            story("d1", "RT", "2021-01-01", [("Britain", "support", "ISIS", {"source": "Patrushev"}),
                                            ("Russia", "cooperate", "Taliban")]),
            story("d2", "BBC", "2022-01-01", [("Britain", "attack", "ISIS"),
                                             ("Russia", "attack", "Taliban")]),
            story("d3", "BBC", "2023-01-01", [("Russia", "support", "Syria"),
                                             ("Vladimir Putin", "cooperate", "Taliban")]),
        ])
        st.upsert_actors([("Q159", "Russia", "state", None, None, "[]", "kb"),
                          ("Q7747", "Vladimir Putin", "person", "Q159", "Q159", "[]", "kb")])
    return str(path)


def run(app, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=True)


def test_graph_actor_table_and_json(app, db):
    r = run(app, "graph", "--db", db, "--actor", "russia")
    assert r.exit_code == 0, r.output
    assert "Syria" in r.output and "Enemies" not in r.output
    # one outlet says cooperate, one attack: stance 0, shown as mixed (not dropped)
    assert "Mixed" in r.output and "Taliban" in r.output.split("Mixed")[1]
    assert "Allies" not in r.output  # Syria rests on one outlet: contested, not an ally
    r = run(app, "graph", "--db", db, "--actor", "Russia", "--format", "json", "--rollup",
            "--contested")
    data = json.loads(r.output)
    assert data["actor"] == "Russia"
    assert [a["actor"] for a in data["allies"]] == ["Syria"]
    assert [(a["actor"], a["state"]) for a in data["mixed"]] == [("Taliban", "mixed")]
    assert data["enemies"] == []
    r = run(app, "graph", "--db", db, "--actor", "Russia", "--format", "json", "--until", "2021")
    data = json.loads(r.output)
    assert data["allies"] == [] and [a["actor"] for a in data["contested"]] == ["Taliban"]


def test_graph_overview(app, db):
    r = run(app, "graph", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Contested" in r.output and "unbalanced" in r.output
    assert "Strongest alliances" not in r.output  # no pair has two independent sources
    data = json.loads(run(app, "graph", "--db", db, "--format", "json").output)
    assert {"alliances", "enmities", "contested", "mixed", "blocs", "balance"} <= set(data)
    assert {(x["a"], x["b"], x["state"]) for x in data["mixed"]} >= {("Russia", "Taliban", "mixed")}


def test_unknown_actor_is_one_line_error(app, db):
    r = run(app, "graph", "--db", db, "--actor", "Rusia")
    assert isinstance(r.exception, UserError)
    assert "close matches: Russia" in str(r.exception)
    r = run(app, "graph", "--db", db, "--format", "xml")
    assert isinstance(r.exception, UserError)


def test_contradictions_jsonl(app, db):
    r = run(app, "contradictions", "--db", db, "--format", "jsonl")
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [(x["a"], x["b"]) for x in lines] == [("Britain", "ISIS"), ("Russia", "Taliban")]
    assert lines[0]["claims"][0]["source"] == "Patrushev"
    r = run(app, "contradictions", "--db", db, "--actor", "Britain")
    assert r.exit_code == 0 and "Britain / ISIS" in r.output and "Taliban" not in r.output


def test_compare_timeline_blocs_balance(app, db):
    r = run(app, "compare", "rt", "BBC", "--db", db, "--format", "json")
    out = json.loads(r.output)
    assert out[0]["disagree"] and set(out[0]["sides"]) == {"RT", "BBC"}
    r = run(app, "compare", "RT", "CNN", "--db", db)
    assert isinstance(r.exception, UserError)
    r = run(app, "timeline", "Russia", "Taliban", "--db", db)
    assert r.exit_code == 0 and "cooperate until 2021, attack since 2022" in r.output
    assert run(app, "blocs", "--db", db).exit_code == 0
    r = run(app, "balance", "--db", db, "--format", "json")
    assert set(json.loads(r.output)) >= {"balanced", "unbalanced", "surprising"}


def test_help_teaches(app):
    for cmd in ("graph", "contradictions", "compare", "timeline", "blocs", "balance"):
        r = run(app, cmd, "--help")
        assert r.exit_code == 0 and "Examples" in r.output and f"rashomon {cmd}" in r.output


def test_missing_database(app, tmp_path):
    r = run(app, "graph", "--db", str(tmp_path / "none.duckdb"))
    assert r.exception is not None and "no database" in str(r.exception)


def test_graph_actor_says_when_a_table_is_cut(app, tmp_path):
    path = tmp_path / "many.duckdb"
    with open_store(path) as st:
        st.save([story(f"d{i}", "RT", "2021-01-01", [("Russia", "support", f"Group {i}")]) for i in range(4)])
    r = run(app, "graph", "--db", str(path), "--actor", "Russia", "--top", "2", "--contested")
    assert r.exit_code == 0, r.output
    assert "4 allies" in r.output and "the strongest 2; --top N for more" in r.output
    r = run(app, "graph", "--db", str(path), "--actor", "Russia", "--top", "4", "--contested")
    assert "--top N for more" not in r.output and all(f"Group {i}" in r.output for i in range(4))
