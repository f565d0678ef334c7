"""Web benchmarks: the API's answer time for one actor's claims on a million claims, and the
page's first render of a 5,000-actor / 20,000-edge graph in headless Chromium.

    python bench/web.py [--claims 1000000] [--no-browser]
    python bench/web.py --db /tmp/g.duckdb   # the actor page on a bench/graph.py store only
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from rashomon.api.app import create_app
from rashomon.api.sample import synthetic_store
from rashomon.api.server import Background
from rashomon.store import open_store

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def api_bench(tmp: Path, n_claims: int) -> None:
    db = tmp / "million.duckdb"
    t0 = time.perf_counter()
    with open_store(db) as s:
        synthetic_store(s, actors=20_000, edges=200_000, claims=n_claims, docs=50_000)
    print(f"bulk load: {n_claims:,} claims in {time.perf_counter() - t0:.1f} s")
    store = open_store(db, read_only=True)
    client = TestClient(create_app(store))
    for label, actor in (("hub actor", "Actor 00000"), ("typical actor", "Actor 12345"),
                         ("unknown actor", "Nobody")):
        times = []
        total = 0
        t = time.perf_counter()
        client.get("/api/claims", params={"actor": actor, "limit": 50, "offset": 50})
        cold = (time.perf_counter() - t) * 1000
        for _ in range(15):
            t = time.perf_counter()
            r = client.get("/api/claims", params={"actor": actor, "limit": 50})
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
            total = r.json()["total"]
        print(f"GET /api/claims?actor=<{label}>&limit=50: median {statistics.median(times):.1f} ms, "
              f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms; first call {cold:.1f} ms "
              f"({total:,} matching claims)")
    t = time.perf_counter()
    r = client.get("/api/actors/Actor 00042")
    print(f"GET /api/actors/<actor> (neighbourhood, speakers, timeline): "
          f"{(time.perf_counter() - t) * 1000:.0f} ms (first call), status {r.status_code}")
    store.close()


def actor_page_bench(db: Path, reps: int = 5) -> None:
    """GET /api/actors/<busiest actor> on a store built by bench/graph.py, and each of its
    parts alone (median of ``reps`` calls after one warm-up)."""
    from rashomon.api import queries
    from rashomon.graph import cache, neighbourhood

    store = open_store(db)
    t = time.perf_counter()
    cache.refresh(store)  # the page reads the graph caches: build them first if stale
    print(f"graph caches ready in {time.perf_counter() - t:.1f} s")
    hub = store.query("SELECT subject AS name, count(*) AS n FROM claims GROUP BY subject "
                      "ORDER BY n DESC, subject LIMIT 1")[0]["name"]
    actor = queries.resolve_actor(store, hub) or {"id": hub, "name": hub, "type": None}
    client = TestClient(create_app(store))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"actor page of the busiest actor {hub!r} (load average {load}):")
    parts = {
        "whole page GET /api/actors/<hub>": lambda: client.get(f"/api/actors/{hub}"),
        "  neighbourhood(limit=50)": lambda: neighbourhood(store, hub, limit=50),
        "  speakers + timeline": lambda: queries.speakers_timeline(store, actor),
        "  framing": lambda: queries.actor_framing(store, actor),
        "  claims (first 100)": lambda: queries.claims(store, queries.ClaimFilter(hub), 100, 0),
    }
    for label, fn in parts.items():
        fn()
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        print(f"{label}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms")
    store.close()
    print(f"(load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())})")


def render_bench(tmp: Path) -> None:
    exe = os.environ.get("RASHOMON_CHROMIUM") or "/usr/bin/chromium"
    if not Path(exe).exists():
        print("first render: skipped (no Chromium; set RASHOMON_CHROMIUM)")
        return
    from playwright.sync_api import sync_playwright

    store = open_store(tmp / "graph.duckdb")
    synthetic_store(store, actors=5000, edges=20000)
    app = create_app(store)
    t = time.perf_counter()
    app.state.rashomon.warm()
    print(f"server: default map computed in {(time.perf_counter() - t) * 1000:.0f} ms (cached after)")
    with Background(app) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        for run in range(3):
            pg = b.new_page(viewport={"width": 1400, "height": 900})
            pg.goto(url + "/")
            pg.wait_for_function("() => window.__rashomon && window.__rashomon.firstRender", timeout=30_000)
            ms = pg.evaluate("window.__rashomon.firstRender")
            g = pg.evaluate("window.__rashomon.graph")
            pg.wait_for_function("() => window.__rashomon.settled()", timeout=60_000)
            settled = pg.evaluate("performance.now()")
            print(f"first render, {g['nodes']:,} actors / {g['edges']:,} edges (run {run + 1}): "
                  f"{ms:.0f} ms after navigation; layout settled at {settled:.0f} ms")
            pg.close()
        b.close()
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--db", type=Path, default=None,
                    help="Only the actor page, on this store from bench/graph.py")
    args = ap.parse_args()
    if args.db:
        return actor_page_bench(args.db)
    with tempfile.TemporaryDirectory() as d:
        api_bench(Path(d), args.claims)
        actor_page_bench(Path(d) / "million.duckdb")
        if not args.no_browser:
            render_bench(Path(d))


if __name__ == "__main__":
    main()
