"""The graph caches: same answers as the live path, and never stale after a write."""

from __future__ import annotations

import importlib
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from rashomon.doc import RELATIONS
from rashomon.graph import actor_claims, cache, contradictions, edges, neighbourhood, stances
from rashomon.graph.sql import edges_sql, stances_sql
from rashomon.graph.synth import story
from rashomon.store import open_store
from test_backends import PG_URL, fresh_pg_url, pg_available

contra_mod = importlib.import_module("rashomon.graph.contradictions")
nb_mod = importlib.import_module("rashomon.graph.neighbourhood")

ACTORS = ["Russia", "Ukraine", "Iran", "Hamas", "Israel", "Qatar", "Turkey", "NATO", "ISIS"]
OUTLETS = ["AP", "BBC", "CNN", "RT", None]


def corpus(seed: int = 3, n_docs: int = 60) -> list[Any]:
    """Random stories: repeats, syndicated copies, negation, hedging, speakers, no dates."""
    rng = random.Random(seed)
    docs = []
    for i in range(n_docs):
        claims = []
        for _ in range(rng.randint(1, 6)):
            s, o = rng.sample(ACTORS, 2)
            opts = {"negated": rng.random() < 0.25, "hedged": rng.random() < 0.2}
            if rng.random() < 0.3:
                opts["source"] = rng.choice(["Kyiv", "Zakharova", "Pentagon"])
            claims.append((s, rng.choice(RELATIONS), o, opts))
        if rng.random() < 0.2:
            claims.append(claims[0])  # the same claim twice in one story
        dup = f"d{rng.randrange(i)}" if i and rng.random() < 0.15 else None
        if dup and rng.random() < 0.5:
            claims = [c for d in docs if d.id == dup for c in _specs(d)]  # a true copy
        date = None if rng.random() < 0.1 else f"202{rng.randint(0, 3)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        docs.append(story(f"d{i}", rng.choice(OUTLETS), date, claims, duplicate_of=dup))
    return docs


def _specs(doc: Any) -> list[tuple[Any, ...]]:
    return [(c.subject, c.relation, c.object,
             {"negated": c.negated, "hedged": c.hedged, "source": c.source}) for c in doc.claims]


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "c.duckdb")
    st.save(corpus())
    yield st
    st.close()


@pytest.fixture()
def live(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every graph function takes the live path (no cache)."""
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)


def run_all(store: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "edges": edges(store).to_dict("records"),
        "stances": stances(store).to_dict("records"),
        "contradictions": contradictions(store, limit=None),
        "contra_actor": contradictions(store, actor="Russia", limit=3),
    }
    for a in ("Russia", "Qatar", "ISIS"):
        out[f"nb {a}"] = neighbourhood(store, a, separate=False)
        out[f"nb2 {a}"] = neighbourhood(store, a, depth=2, separate=False)
        out[f"nb limit {a}"] = neighbourhood(store, a, limit=2, separate=False)  # database-side top-N
    return out


def test_cache_answers_equal_live_path(store, monkeypatch):
    cached = run_all(store)
    v = cache.versions(store)
    assert v["edge_cache"] == v["stance_cache"] == v["data"]  # the caches were built and used
    assert len(cached["edges"]) > 30 and cached["contradictions"]
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert run_all(store) == cached


def test_limited_neighbourhood_is_the_strongest_of_the_full_one(store):
    for a in ("Russia", "Qatar", "ISIS"):
        full = neighbourhood(store, a, separate=False)
        for n in (1, 2, 5):
            got = neighbourhood(store, a, limit=n, separate=False)
            assert got["allies"] == full["allies"][:n]
            assert got["enemies"] == full["enemies"][:n]
            kept = {a} | {x["actor"] for k in ("allies", "enemies", "contested", "mixed")
                          for x in got[k]}
            assert got["edges"] == [e for e in full["edges"]
                                    if e["subject"] in kept and e["object"] in kept]
    full = neighbourhood(store, "Russia", separate=False)
    assert len(full["allies"]) + len(full["mixed"]) > 1 and len(full["enemies"]) > 1  # limit=1 cuts


def test_cached_tables_equal_sql_over_claims(store):
    pd.testing.assert_frame_equal(edges(store), edges_sql(store, {}))
    pd.testing.assert_frame_equal(stances(store), stances_sql(store, {}))


def test_filtered_queries_take_live_path(store):
    edges(store)
    # a filter the cache cannot answer: the 2021 edges are a strict subset
    e21 = edges(store, since="2021", until="2021")
    assert 0 < len(e21) < len(edges(store))
    assert e21.to_dict("records") == edges_sql(store, {"since": "2021", "until": "2021"}).to_dict("records")


def test_claims_listing_sql_equals_python(store):
    items = [{"a": x["a"], "b": x["b"]} for x in contradictions(store, limit=None)]
    assert items
    py = [dict(x) for x in items]
    sq = [dict(x) for x in items]
    contra_mod._claims_py(store, py, None, "", [])
    contra_mod._claims_sql(store, sq, "", [])
    assert sq == py


def test_new_docs_make_cache_stale_and_rebuilt(tmp_path):
    st = open_store(tmp_path / "s.duckdb")
    st.save([story("a", "AP", "2021-01-01", [("Russia", "support", "Hamas")])])
    assert len(edges(st)) == 1
    before = cache.versions(st)["data"]
    st.save([story("b", "BBC", "2021-01-02", [("Iran", "attack", "ISIS")])])
    assert cache.versions(st)["data"] == before + 1
    assert cache.versions(st)["edge_cache"] == before  # stale until asked for
    e = edges(st)
    assert {(r.subject, r.relation, r.object) for r in e.itertuples()} == {
        ("Russia", "support", "Hamas"), ("Iran", "attack", "ISIS")}
    assert [x["actor"] for x in neighbourhood(st, "ISIS", separate=False)["enemies"]] == ["Iran"]
    # replacing a document drops its old claims
    st.save([story("b", "BBC", "2021-01-02", [("Iran", "support", "Qatar")])])
    assert ("Iran", "attack", "ISIS") not in {(r.subject, r.relation, r.object) for r in edges(st).itertuples()}
    assert neighbourhood(st, "ISIS", separate=False)["enemies"] == []
    assert [x["actor"] for x in neighbourhood(st, "Iran", separate=False)["allies"]] == ["Qatar"]
    # deleting it too
    st.delete_docs(["b"])
    assert edges(st)["subject"].tolist() == ["Russia"]
    assert len(stances(st)) == 1
    st.close()


def test_contradiction_appears_after_save(tmp_path):
    st = open_store(tmp_path / "s.duckdb")
    st.save([story("a", "AP", "2021-01-01", [("Britain", "support", "ISIS")])])
    assert contradictions(st) == []
    st.save([story("b", "BBC", "2021-01-02", [("Britain", "attack", "ISIS")])])
    [item] = contradictions(st)
    assert (item["a"], item["b"]) == ("Britain", "ISIS")
    st.delete_docs(["a"])
    assert contradictions(st) == []
    st.close()


def test_read_only_store_with_stale_cache_answers_live(tmp_path):
    db = tmp_path / "r.duckdb"
    st = open_store(db)
    st.save([story("a", "AP", "2021-01-01", [("Russia", "support", "Hamas")])])
    edges(st)  # cache built
    st.save([story("b", "AP", "2021-01-02", [("Iran", "support", "Hamas")])])
    st.close()
    ro = open_store(db, read_only=True)
    assert len(edges(ro)) == 2  # stale cache, cannot rebuild: the live path answers
    v = cache.versions(ro)
    assert v["edge_cache"] < v["data"]
    ro.close()


def test_actor_claims_pages_both_sides(tmp_path):
    st = open_store(tmp_path / "a.duckdb")
    st.save([
        story("a", "AP", "2021-01-01", [("Russia", "support", "Hamas"), ("Iran", "attack", "Qatar")]),
        story("b", "BBC", "2021-02-01", [("Hamas", "oppose", "Russia", {"negated": True})]),
        story("c", "CNN", "2022-01-01", [("Russia", "ally", "Iran")]),
    ])
    got = actor_claims(st, "Russia")
    assert [(c["doc"], c["subject"], c["object"]) for c in got] == [
        ("c", "Russia", "Iran"), ("b", "Hamas", "Russia"), ("a", "Russia", "Hamas")]  # newest first
    assert got[1]["negated"] is True and got[0]["outlet"] == "CNN"
    assert [c["doc"] for c in actor_claims(st, "Russia", limit=1, offset=1)] == ["b"]
    assert [c["doc"] for c in actor_claims(st, "Russia", since="2022")] == ["c"]
    assert [c["doc"] for c in actor_claims(st, "Russia", outlet="bbc")] == ["b"]
    assert actor_claims(st, "Nobody") == []
    st.close()


def crowd(seed: int = 5, n_docs: int = 150) -> list[Any]:
    """More actors than the frontier cap, a few hubs (drawn far more often), mixed case
    names (Python's order is not a case-blind one) and weight ties."""
    rng = random.Random(seed)
    names = [f"{w}{i}" for i, w in enumerate(["Hub", "hub", "Alpha", "beta", "Gamma", "delta"] * 5)]
    weights = [30 if i < 3 else 1 for i in range(len(names))]
    docs = []
    for i in range(n_docs):
        claims = []
        for _ in range(rng.randint(1, 4)):
            s, o = rng.choices(names, weights, k=2)
            if s != o:
                opts = {"negated": rng.random() < 0.15, "hedged": rng.random() < 0.2}
                claims.append((s, rng.choice(RELATIONS), o, opts))
        docs.append(story(f"c{i}", rng.choice(OUTLETS), f"2022-0{rng.randint(1, 9)}-01", claims))
    return docs


def deep_answers(store: Any, names: list[str]) -> dict[str, Any]:
    out = {}
    for a in names:
        for depth in (1, 2, 3):
            out[f"{a} {depth}"] = neighbourhood(store, a, depth=depth, separate=False)
            out[f"{a} {depth} limit"] = neighbourhood(store, a, depth=depth, limit=3, separate=False)
    return out


def test_deep_neighbourhoods_equal_live_path_with_a_small_frontier(tmp_path, monkeypatch):
    monkeypatch.setattr(nb_mod, "MAX_FRONTIER", 4)  # the cap bites at every level
    st = open_store(tmp_path / "d.duckdb")
    st.save(crowd())
    names = ["Hub0", "hub1", "Alpha2", "delta29", "Nobody"]
    cached = deep_answers(st, names)
    assert cache.versions(st)["stance_cache"] == cache.versions(st)["data"]
    hub2 = cached["Hub0 2"]
    extra = hub2["edges"][len(cached["Hub0 1"]["edges"]):]  # the edges depth 2 added
    reached = {e["subject"] for e in extra} | {e["object"] for e in extra}
    assert 4 < len(reached - {"Hub0"}) <= 4 + 4  # past the frontier, capped
    assert len(cached["Hub0 3"]["edges"]) > len(hub2["edges"]) > len(cached["Hub0 1"]["edges"])
    assert cached["Nobody 2"] == {"actor": "Nobody", "allies": [], "enemies": [],
                                  "contested": [], "mixed": [], "edges": []}
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert deep_answers(st, names) == cached
    st.close()


def hub_stories() -> list:
    """X attacks Hub; Hub supports four actors in one story and zz in another."""
    return [
        story("a", "AP", "2021-01-01", [("X", "attack", "Hub")]),
        story("b", "AP", "2021-01-02", [("Hub", "support", "b1"), ("Hub", "support", "B2"),
                                        ("Hub", "support", "a3"), ("Hub", "support", "A4")]),
        story("c", "BBC", "2021-01-03", [("Hub", "support", "zz")]),
    ]


def test_expansion_falls_back_to_objects_in_edge_order(tmp_path, monkeypatch):
    """The frontier is only ever a subject of edges to known actors: new actors come from
    the objects, heaviest edge first, then by subject and name."""
    monkeypatch.setattr(nb_mod, "MAX_FRONTIER", 3)
    st = open_store(tmp_path / "o.duckdb")
    st.save([*hub_stories(), story("d", "CNN", "2021-01-04", [("Hub", "support", "zz")])])  # zz: weight 2
    got = neighbourhood(st, "X", depth=2, separate=False)
    ends = {e["object"] for e in got["edges"] if e["subject"] == "Hub"}
    assert ends == {"zz", "A4", "B2"}  # zz weighs most; then code-point order: A4 < B2 < a3
    # equal weights: the subject of the first edge decides before the object's name
    st.save([story("e", "AP", "2021-01-05", [("X", "attack", "Core"), ("Core", "support", "zz2")])])
    st.delete_docs(["b", "c", "d"])
    st.save([story("f", "AP", "2021-01-06", [("Hub", "support", "aa1"), ("Hub", "support", "bb1")])])
    monkeypatch.setattr(nb_mod, "MAX_FRONTIER", 2)
    got2 = neighbourhood(st, "X", depth=2, separate=False)
    assert {e["object"] for e in got2["edges"]} - {"Hub", "Core"} == {"zz2", "aa1"}
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert neighbourhood(st, "X", depth=2, separate=False) == got2
    monkeypatch.setattr(nb_mod, "MAX_FRONTIER", 3)
    assert neighbourhood(st, "X", depth=2, separate=False)["edges"] != got2["edges"]
    st.close()


def test_expansion_by_objects_equals_live(tmp_path, monkeypatch):
    monkeypatch.setattr(nb_mod, "MAX_FRONTIER", 3)
    st = open_store(tmp_path / "o.duckdb")
    st.save(hub_stories())
    got = neighbourhood(st, "X", depth=2, separate=False)
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert neighbourhood(st, "X", depth=2, separate=False) == got
    st.close()


def test_by_actor_tables_hold_each_row_from_both_ends_in_actor_order(store):
    neighbourhood(store, "Russia", separate=False)
    n_st, n_e = (store.query(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]
                 for t in ("stance_cache", "edge_cache"))
    actors = [r["actor"] for r in store.query("SELECT actor FROM stance_by_actor")]
    assert len(actors) == 2 * n_st and actors == sorted(actors)  # stored adjacent, per actor
    assert store.query("SELECT COUNT(*) AS n FROM edge_by_actor")[0]["n"] == 2 * n_e
    mine = store.query("SELECT a, b FROM stance_by_actor WHERE actor = 'Russia'")
    assert mine and all("Russia" in (r["a"], r["b"]) for r in mine)
    assert store.query("SELECT COUNT(*) AS n FROM stance_by_actor WHERE actor = other")[0]["n"] == 0


def test_actor_rows_equal_the_cached_tables(store):
    """``actor_edges``/``actor_stances`` are the cached tables' rows touching the actor."""
    all_edges, all_stances = edges(store), stances(store)
    for a in [*ACTORS, "Nobody"]:
        e = all_edges[(all_edges["subject"] == a) | (all_edges["object"] == a)]
        st = all_stances[(all_stances["a"] == a) | (all_stances["b"] == a)]
        got_e, got_st = cache.actor_edges(store, a), cache.actor_stances(store, a)
        assert got_e == nb_mod.records(e)
        assert got_st == nb_mod.records(st)
        assert (len(got_e) > 0) == (a != "Nobody")


def test_hub_neighbourhood_reads_only_its_own_rows(store, monkeypatch):
    """Unfiltered answers come from the actor-keyed tables, a fixed number of queries."""
    neighbourhood(store, "Russia", separate=False)  # build the caches
    seen: list[str] = []
    query = store.query
    monkeypatch.setattr(store, "query", lambda sql, params=(): (seen.append(sql), query(sql, params))[1])
    for kw in ({}, {"limit": 2}, {"depth": 2}, {"depth": 2, "limit": 2}):
        seen.clear()
        neighbourhood(store, "Russia", **kw, separate=False)
        # the pairs' states (voices) too come from the actor's rows (pair_by_actor)
        reads = [q for q in seen if "store_version" not in q]
        tables = {t for q in reads for t in re.findall(r"(?:FROM|JOIN)\s+(\w+)", q)}
        assert reads and all("by_actor" in q for q in reads)
        assert "pair_by_actor" in tables
        assert not tables & {"claims", "documents", "stance_cache", "edge_cache", "actors"}
        assert len(reads) <= 6
    seen.clear()
    neighbourhood(store, "Russia", since="2021", separate=False)  # a filter: the live path
    assert "claims" in {t for q in seen for t in re.findall(r"(?:FROM|JOIN)\s+(\w+)", q)}


def test_store_without_by_actor_tables_answers_live(tmp_path):
    db = tmp_path / "old.duckdb"
    st = open_store(db)
    st.save(corpus())
    want = {a: neighbourhood(st, a, depth=2, separate=False) for a in ("Russia", "ISIS")}
    # a store as migration 004 left it (the fresh caches of 004, no 005)
    st.execute("DROP TABLE stance_by_actor")
    st.execute("DROP TABLE edge_by_actor")
    st.execute("DELETE FROM store_version WHERE name = 'by_actor'")
    st.execute("DELETE FROM schema_version WHERE version = 5")
    st.close()
    ro = open_store(db, read_only=True)
    assert not cache.by_actor_ready(ro)
    assert {a: neighbourhood(ro, a, depth=2, separate=False) for a in ("Russia", "ISIS")} == want
    ro.close()
    rw = open_store(db)  # migrating adds the tables and marks the caches stale
    assert cache.versions(rw)["stance_cache"] == 0
    assert {a: neighbourhood(rw, a, depth=2, separate=False) for a in ("Russia", "ISIS")} == want
    assert cache.by_actor_ready(rw) and rw.query("SELECT COUNT(*) AS n FROM edge_by_actor")[0]["n"] > 0
    rw.close()


# ---- both backends ----------------------------------------------------------------------
@pytest.fixture()
def pg_store() -> Iterator[Any]:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL} in CI")
        pytest.skip("PostgreSQL is not reachable")
    st = open_store(fresh_pg_url())
    yield st
    st.close()


@pytest.mark.postgres
def test_postgres_answers_equal_duckdb(store, pg_store, monkeypatch):
    pg_store.save(corpus())
    want = run_all(store)
    assert run_all(pg_store) == want  # cached on PostgreSQL
    v = cache.versions(pg_store)
    assert v["edge_cache"] == v["data"]
    assert actor_claims(pg_store, "Russia", limit=7) == actor_claims(store, "Russia", limit=7)
    pg_store.save(crowd())
    store.save(crowd())
    names = ["Hub0", "hub1", "Alpha2"]
    want_deep = deep_answers(store, names)
    assert deep_answers(pg_store, names) == want_deep  # same collation-free ordering
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert deep_answers(pg_store, names) == want_deep
    pg_store.delete_docs([d.id for d in crowd()])
    assert run_all(pg_store) == want  # live on PostgreSQL
