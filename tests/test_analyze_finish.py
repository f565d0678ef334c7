"""After `analyze`: actors (KB, user file, unknown) are in the store and the graph cache is fresh."""

from __future__ import annotations

from pathlib import Path

from rashomon.api import analyze
from rashomon.engine.local import kb_config
from rashomon.graph import cache
from rashomon.store import open_store

USER_KB = """\
- id: user:zaria_front
  name: Zaria Front
  type: armed_group
  aliases: [Zaria Liberation Front]
"""


def test_analyze_syncs_actors_and_refreshes_cache(tmp_path: Path) -> None:
    kb = tmp_path / "mine.yaml"
    kb.write_text(USER_KB, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "The Zaria Liberation Front attacked Russia. Moscow condemned the attack.", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    s = analyze(tmp_path / "in", db, components=["sentences", "gazetteer"],
                config=kb_config([kb]))
    assert s.analysed == 1
    with open_store(db) as store:
        origins = {r["origin"]: r["n"] for r in store.query(
            "SELECT origin, count(*) AS n FROM actors GROUP BY origin")}
        assert origins["user"] == 1 and origins["kb"] > 500
        row = store.query("SELECT name, type FROM actors WHERE id = 'user:zaria_front'")
        assert row == [{"name": "Zaria Front", "type": "armed_group"}]
        mentioned = {r["actor"] for r in store.query("SELECT actor FROM mentions")}
        assert {"user:zaria_front", "Q159"} <= mentioned
        v = cache.versions(store)
        assert v is not None and v["edge_cache"] == v["stance_cache"] == v["data"] > 0


def test_nothing_new_leaves_store_alone(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Iran supports the Houthis.", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    analyze(tmp_path / "a.txt", db, components=["sentences"])
    with open_store(db) as store:
        n = store.count("actors")
        assert n > 500
        store.execute("DELETE FROM actors")
    s = analyze(tmp_path / "a.txt", db, components=["sentences"])
    assert s.analysed == 0 and s.unchanged == 1
    with open_store(db) as store:
        assert store.count("actors") == 0  # no work, no rewrite
