"""Graph benchmark: a million synthetic claims in DuckDB, then aggregation and queries.

    python bench/graph.py                 # 1,000,000 claims, 3,000 actors
    python bench/graph.py --claims 200000 --db /tmp/g.duckdb --keep
    python bench/graph.py --db /tmp/g.duckdb --keep --only-neighbourhood  # a minute

Actors are drawn with a power law (a few appear in a large share of claims) and belong
to camps, so relations inside a camp are mostly positive and across camps mostly
negative. Prints a table of timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from rashomon.doc import RELATIONS
from rashomon.store import open_store

POSITIVE = ["ally", "cooperate", "support"]
NEGATIVE = ["oppose", "attack"]


def generate(store, n_claims: int, n_actors: int, seed: int = 7) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    names = np.array([f"Actor {i:05d}" for i in range(n_actors)])
    camps = rng.integers(0, 8, n_actors)
    n_docs = max(1, n_claims // 5)
    outlets = np.array([f"Outlet {i:02d}" for i in range(40)])
    days = rng.integers(0, 3650, n_docs)
    dates = (np.datetime64("2015-01-01") + days).astype(str)
    doc_outlet = outlets[np.minimum(rng.zipf(1.6, n_docs) - 1, len(outlets) - 1)]
    dup = np.where(rng.random(n_docs) < 0.05, rng.integers(0, n_docs, n_docs), -1)
    doc_ids = np.array([f"doc{i:07d}" for i in range(n_docs)])
    # power-law actor draws (ranks), shuffled so ids carry no order
    perm = rng.permutation(n_actors)

    def draw(k: int) -> np.ndarray:
        return perm[np.minimum(rng.zipf(1.3, k) - 1, n_actors - 1)]

    subj, obj = draw(n_claims), draw(n_claims)
    same = subj == obj
    obj[same] = (obj[same] + 1) % n_actors
    friendly = (camps[subj] == camps[obj]) ^ (rng.random(n_claims) < 0.15)
    rel = np.where(friendly, rng.choice(POSITIVE, n_claims), rng.choice(NEGATIVE, n_claims))
    rel = np.where(rng.random(n_claims) < 0.03, "part_of", rel)
    negated = rng.random(n_claims) < 0.08
    hedged = rng.random(n_claims) < 0.10
    speaker = np.where(rng.random(n_claims) < 0.2, names[draw(n_claims)], None)
    doc_of = rng.integers(0, n_docs, n_claims)
    order = np.argsort(doc_of, kind="stable")
    doc_of = doc_of[order]
    idx = np.zeros(n_claims, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(doc_of)) + 1]
    for s, e in zip(starts, np.r_[starts[1:], n_claims], strict=True):
        idx[s:e] = np.arange(e - s)

    t0 = time.perf_counter()
    docs = [
        (doc_ids[i], None, str(doc_outlet[i]), str(dates[i]), None, None, "en", None,
         (doc_ids[dup[i]] if dup[i] >= 0 and dup[i] != i else None), f"h{i}", "", None, None)
        for i in range(n_docs)
    ]
    sname = names[subj[order]]
    oname = names[obj[order]]
    rel, negated, hedged, speaker = rel[order], negated[order], hedged[order], speaker[order]
    claims = [
        (doc_ids[doc_of[k]], int(idx[k]), str(sname[k]), str(rel[k]), str(oname[k]),
         bool(negated[k]), bool(hedged[k]), speaker[k], 0.7, None, None, None, None, None,
         0, 10, "synthetic.", None, None, "bench", 0)
        for k in range(n_claims)
    ]
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    with store.transaction():
        store.insert("documents", docs)
        for i in range(0, len(claims), 250_000):
            store.insert("claims", claims[i:i + 250_000])
        store.mark_changed()  # bulk inserts bypass save(): the graph caches must know
    t_load = time.perf_counter() - t0
    return {"generate tuples (s)": t_gen, "bulk load (s)": t_load, "documents": n_docs,
            "actors": n_actors, "names": names}


def spread(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"


def timed(fn, *a, **k):
    t0 = time.perf_counter()
    out = fn(*a, **k)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=3000)
    ap.add_argument("--db", default=None, help="DuckDB file (default: a temporary file)")
    ap.add_argument("--keep", action="store_true", help="Reuse --db when it already holds claims")
    ap.add_argument("--queries", type=int, default=50, help="Random neighbourhood queries")
    ap.add_argument("--only-neighbourhood", action="store_true",
                    help="Only the cache rebuilds and the neighbourhood queries")
    args = ap.parse_args()

    from rashomon import graph as g

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db or Path(tmp.name) / "bench.duckdb")
    if db.exists() and not args.keep:
        db.unlink()
    store = open_store(db)
    rows: list[tuple[str, str]] = []
    if store.count("claims") == 0:
        info = generate(store, args.claims, args.actors)
        rows += [("claims", f"{args.claims:,}"), ("documents", f"{info['documents']:,}"),
                 ("actors", f"{info['actors']:,}"),
                 ("generate rows", f"{info['generate tuples (s)']:.1f} s"),
                 ("bulk load (store.insert)", f"{info['bulk load (s)']:.1f} s")]
    else:
        rows.append(("claims (reused)", f"{store.count('claims'):,}"))
    assert set(r["relation"] for r in store.query("SELECT DISTINCT relation FROM claims")) <= set(RELATIONS)

    from rashomon.graph import cache

    for name in cache.TABLES:
        store.execute("UPDATE store_version SET version = -1 WHERE name = ?", [name])
        _, t = timed(cache.ready, store, name)
        rows.append((f"rebuild {name} (with its by-actor table)", f"{t:.2f} s"))
        with store.transaction():
            _, t = timed(cache._fill_by_actor, store, name)
        rows.append((f"  of which {cache.BY_ACTOR[name][0]}", f"{t:.2f} s"))
    store.execute("UPDATE store_version SET version = -1 WHERE name = ?", [cache.PAIRS])
    _, t = timed(cache.states_ready, store)
    rows.append((f"rebuild {cache.PAIRS} (each actor's pair states)", f"{t:.2f} s"))
    rng = np.random.default_rng(1)
    counts = {r["name"]: r["n"] for r in store.query(
        "SELECT subject AS name, COUNT(*) AS n FROM claims GROUP BY subject")}
    picks = list(rng.choice(sorted(counts), args.queries))
    hubs = sorted(counts, key=lambda a: -counts[a])[:10]
    top = hubs[0]
    rows += neighbourhood_rows(store, picks, hubs, counts)
    rows += timeline_rows(store, top)
    if args.only_neighbourhood:
        store.close()
        return show(rows)
    e, t = timed(g.edges, store)
    rows.append(("edges() (cached)", f"{t:.2f} s ({len(e):,} edges)"))
    st, t = timed(g.stances, store)
    rows.append(("stances() (cached)", f"{t:.2f} s ({len(st):,} pairs)"))
    _, t = timed(g.edges, store, since="2020", until="2020-06")
    rows.append(("edges(half a year)", f"{t:.2f} s"))
    _, t = timed(g.neighbourhood, store, picks[1], since="2020", until="2020")
    rows.append(("neighbourhood(a year: live path)", f"{t * 1000:.1f} ms"))
    ac = [timed(g.actor_claims, store, a)[1] * 1000 for a in picks[:20]]
    rows.append(("actor_claims(limit=50) x20 random", spread(ac)))
    ac = [timed(g.actor_claims, store, top)[1] * 1000 for _ in range(5)]
    rows.append(("actor_claims(busiest, limit=50) x5", spread(ac)))
    _, t = timed(store.query, "SELECT * FROM claims WHERE subject = ? OR object = ? "
                 "ORDER BY doc, idx LIMIT 50", [top, top])
    rows.append(("plain SELECT ... subject = ? OR object = ? (busiest)", f"{t * 1000:.1f} ms"))
    c, t = timed(g.contradictions, store, limit=100)
    rows.append(("contradictions(limit=100)", f"{t:.2f} s"))
    _, t = timed(g.contradictions, store, actor=picks[2])
    rows.append(("contradictions(actor)", f"{t * 1000:.0f} ms"))
    _, t = timed(g.contradictions, store, actor=top, limit=20)
    rows.append(("contradictions(busiest, limit=20)", f"{t * 1000:.0f} ms"))
    bl, t = timed(g.blocs_from_stances, st)
    rows.append(("blocs (from stances)", f"{t:.2f} s ({len(bl)} blocs, sizes {[b['size'] for b in bl[:8]]})"))
    bal, t = timed(g.balance_from_stances, st, min_weight=3)
    rows.append(("balance (pairs with weight >= 3)", f"{t:.2f} s ({bal['balanced']:,} balanced, {bal['unbalanced']:,} unbalanced)"))
    store.close()
    show(rows)


def neighbourhood_rows(store, picks: list[str], hubs: list[str],
                       counts: dict[str, int]) -> list[tuple[str, str]]:
    """One actor's neighbourhood: random actors, the busiest ones, with and without limit,
    depth 1 and 2 (unfiltered: the actor-keyed caches)."""
    from rashomon import graph as g

    def ms(actor: str, **kw) -> float:
        return timed(g.neighbourhood, store, actor, **kw)[1] * 1000

    top = hubs[0]
    g.neighbourhood(store, picks[0])  # warm-up
    nb = g.neighbourhood(store, top)
    return [
        (f"neighbourhood() x{len(picks)} random", spread([ms(a) for a in picks])),
        (f"neighbourhood(limit=50) x{len(picks)} random", spread([ms(a, limit=50) for a in picks])),
        (f"neighbourhood(busiest: {counts[top]:,} claims as subject, "
         f"{len(nb['allies']) + len(nb['enemies']):,} neighbours, {len(nb['edges']):,} edges) x5",
         spread([ms(top) for _ in range(5)])),
        ("neighbourhood(busiest, limit=50) x5", spread([ms(top, limit=50) for _ in range(5)])),
        ("neighbourhood(10 busiest, limit=50)", spread([ms(a, limit=50) for a in hubs])),
        ("neighbourhood(10 busiest) (everything)", spread([ms(a) for a in hubs])),
        ("neighbourhood(depth=2) x10 random", spread([ms(a, depth=2) for a in picks[:10]])),
        ("neighbourhood(depth=2, limit=50) x10 random",
         spread([ms(a, depth=2, limit=50) for a in picks[:10]])),
        ("neighbourhood(busiest, depth=2) x3", spread([ms(top, depth=2) for _ in range(3)])),
        ("neighbourhood(busiest, depth=2, limit=50) x3",
         spread([ms(top, depth=2, limit=50) for _ in range(3)])),
    ]


def timeline_rows(store, top: str) -> list[tuple[str, str]]:
    """The busiest actor's timelines with its 3 strongest allies and enemies (what
    `rashomon graph --actor` prints), each aggregated per period by the database."""
    from rashomon import graph as g

    nb = g.neighbourhood(store, top, limit=50)
    others = [x["actor"] for x in nb["allies"][:3] + nb["enemies"][:3]]
    pairs = {o: store.query("SELECT count(*) AS n FROM claims WHERE (subject = ? AND object = ?) "
                            "OR (subject = ? AND object = ?)", [top, o, o, top])[0]["n"]
             for o in others}
    g.timeline(store, top, others[0])  # warm-up
    ms = [timed(g.timeline, store, top, o)[1] * 1000 for o in others for _ in range(3)]
    months = [timed(g.timeline, store, top, o, period="month")[1] * 1000 for o in others]
    six = timed(lambda: [g.timeline(store, top, o) for o in others])[1] * 1000
    return [
        (f"timeline(busiest, 6 strongest neighbours: {min(pairs.values()):,}-"
         f"{max(pairs.values()):,} claims a pair) x3", spread(ms)),
        ("timeline(busiest, same pairs, period=month)", spread(months)),
        ("  the 6 timelines of `rashomon graph --actor <busiest>`", f"{six:.0f} ms"),
    ]


def show(rows: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table = Table(title=f"rashomon graph benchmark (load average {load})")
    table.add_column("step")
    table.add_column("result")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


if __name__ == "__main__":
    main()
