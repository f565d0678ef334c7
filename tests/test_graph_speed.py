"""An actor's neighbourhood reaches users by the fast path: the CLI and the HTTP API ask
for the strongest neighbours only, and a hub answers in milliseconds."""

from __future__ import annotations

import importlib.util
import json
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rashomon.api.app import create_app
from rashomon.cli import graph as graph_cli
from rashomon.graph import cache, neighbourhood
from rashomon.graph.synth import story
from rashomon.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def hub_docs(n: int = 8) -> list[Any]:
    """'Hub' allied with n actors (the later ones more often) and at war with n others."""
    docs = []
    for i in range(n):
        for k in range(i + 1):
            docs.append(story(f"a{i}-{k}", "AP", "2022-01-01", [("Hub", "support", f"Friend {i}")]))
            docs.append(story(f"e{i}-{k}", "BBC", "2022-02-01", [("Hub", "attack", f"Foe {i}")]))
    return docs


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "hub.duckdb"
    with open_store(path) as st:
        st.save(hub_docs())
    return str(path)


def cli() -> typer.Typer:
    app = typer.Typer()
    graph_cli.register(app)
    return app


def test_cli_shows_the_strongest_neighbours_unless_all(db, monkeypatch):
    monkeypatch.setattr(graph_cli, "NEIGHBOURS", 3)
    run = CliRunner().invoke
    r = run(cli(), ["graph", "--db", db, "--actor", "Hub", "--format", "json", "--top", "2",
                      "--contested"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [x["actor"] for x in data["allies"]] == ["Friend 7", "Friend 6", "Friend 5"]
    assert [x["actor"] for x in data["enemies"]] == ["Foe 7", "Foe 6", "Foe 5"]
    r = run(cli(), ["graph", "--db", db, "--actor", "Hub", "--format", "json", "--all",
                      "--contested"])
    assert len(json.loads(r.output)["allies"]) == 8
    r = run(cli(), ["graph", "--db", db, "--actor", "Hub", "--top", "2"])
    assert r.exit_code == 0 and "--all for every one" in r.output
    r = run(cli(), ["graph", "--db", db, "--actor", "Hub", "--all"])
    assert r.exit_code == 0 and "--all for every one" not in r.output
    r = run(cli(), ["graph", "--help"])
    assert "--all" in r.output


def test_api_actor_returns_the_strongest_neighbours(db):
    with open_store(db) as st:
        client = TestClient(create_app(st))
        a = client.get("/api/actors/Hub", params={"neighbours": 2, "contested": True}).json()
        assert [x["actor"] for x in a["allies"]] == ["Friend 7", "Friend 6"]
        assert {e["object"] for e in a["edges"]} == {"Friend 7", "Friend 6", "Foe 7", "Foe 6"}
        assert len(client.get("/api/actors/Hub", params={"contested": True}).json()["allies"]) == 8
        assert client.get("/api/actors/Hub", params={"neighbours": 0}).status_code == 422


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_graph", ROOT / "bench" / "graph.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_hub_answers_in_milliseconds_on_200k_claims(tmp_path):
    """Power-law synthetic claims (bench/graph.py): the busiest actor's strongest 50 and
    its depth-2 neighbourhood stay fast; bounds are loose for a shared 2-core machine."""
    st = open_store(tmp_path / "b.duckdb")
    _bench().generate(st, 200_000, 1500)
    assert cache.by_actor_ready(st) and cache.states_ready(st)
    hub = st.query("SELECT subject, COUNT(*) AS n FROM claims GROUP BY subject "
                   "ORDER BY n DESC LIMIT 1")[0]["subject"]

    def ms(**kw: Any) -> float:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            neighbourhood(st, hub, **kw)
            runs.append((time.perf_counter() - t) * 1000)
        return statistics.median(runs)

    assert ms(limit=50) < 150
    assert ms(limit=50, depth=2) < 600
    st.close()
