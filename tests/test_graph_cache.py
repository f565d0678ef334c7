"""The graph caches: same answers as the live path, and never stale after a write."""

from __future__ import annotations

import importlib
import os
import random
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
        out[f"nb {a}"] = neighbourhood(store, a)
        out[f"nb2 {a}"] = neighbourhood(store, a, depth=2)
        out[f"nb limit {a}"] = neighbourhood(store, a, limit=2)  # database-side top-N
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
        full = neighbourhood(store, a)
        for n in (1, 2, 5):
            got = neighbourhood(store, a, limit=n)
            assert got["allies"] == full["allies"][:n]
            assert got["enemies"] == full["enemies"][:n]
            kept = {a} | {x["actor"] for x in got["allies"] + got["enemies"]}
            assert got["edges"] == [e for e in full["edges"]
                                    if e["subject"] in kept and e["object"] in kept]
    full = neighbourhood(store, "Russia")
    assert len(full["allies"]) > 1 and len(full["enemies"]) > 1  # limit=1 really cuts


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
    assert [x["actor"] for x in neighbourhood(st, "ISIS")["enemies"]] == ["Iran"]
    # replacing a document drops its old claims
    st.save([story("b", "BBC", "2021-01-02", [("Iran", "support", "Qatar")])])
    assert ("Iran", "attack", "ISIS") not in {(r.subject, r.relation, r.object) for r in edges(st).itertuples()}
    assert neighbourhood(st, "ISIS")["enemies"] == []
    assert [x["actor"] for x in neighbourhood(st, "Iran")["allies"]] == ["Qatar"]
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
    monkeypatch.setattr(cache, "ready", lambda store, *names: False)
    assert run_all(pg_store) == want  # live on PostgreSQL
