"""Startup cost of a rashomon process: the actor KB, the gazetteer matcher, `--help`.

    python bench/startup.py [--runs 3] [--spacy]

Each figure is the median of fresh processes. "no cache" turns the on-disk KB cache
off (RASHOMON_KB_CACHE=0), "cold" starts from an empty cache folder (builds and writes
it), "warm" reads it. --spacy loads the spaCy model first, as an analyze worker does
(a large heap makes building many small objects slower).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SNIPPET = """
import time{spacy_import}
t0 = time.perf_counter()
from rashomon.nlp.actors.kb import load_kb
from rashomon.nlp.actors.gazetteer import matcher_for
kb = load_kb(include_user=False)
t1 = time.perf_counter()
matcher_for(kb)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""
SPACY = "\nfrom rashomon.nlp.parse import load_spacy\nload_spacy()"


def kb_times(env: dict[str, str], spacy: bool) -> tuple[float, float]:
    code = SNIPPET.format(spacy_import=SPACY if spacy else "")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    kb, matcher = (float(x) for x in out.stdout.split()[-2:])
    return kb, matcher


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--spacy", action="store_true", help="load spaCy first, like a worker")
    args = ap.parse_args()
    base = dict(os.environ, HF_HUB_OFFLINE="1")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs")
    print(f"{'KB + matcher (s)':28} {'load_kb':>8} {'matcher':>8} {'total':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        off = dict(base, RASHOMON_KB_CACHE="0", RASHOMON_CACHE=tmp)
        rows.append(("no cache", [kb_times(off, args.spacy) for _ in range(args.runs)]))
        cold = []
        for i in range(args.runs):
            folder = Path(tmp) / f"cold{i}"
            cold.append(kb_times(dict(base, RASHOMON_CACHE=str(folder)), args.spacy))
        rows.append(("cold (writes the cache)", cold))
        warm_env = dict(base, RASHOMON_CACHE=str(Path(tmp) / "cold0"))
        rows.append(("warm (reads the cache)", [kb_times(warm_env, args.spacy) for _ in range(args.runs)]))
        for name, runs in rows:
            k = statistics.median(r[0] for r in runs)
            m = statistics.median(r[1] for r in runs)
            print(f"{name:28} {k:8.3f} {m:8.3f} {statistics.median(sum(r) for r in runs):8.3f}")
        size = sum(p.stat().st_size for p in (Path(tmp) / "cold0").glob("*.pickle"))
        print(f"cache files: {size / 1e6:.1f} MB")
    print()
    rashomon = [sys.executable, "-m", "rashomon.cli.main"]
    for label, cmd in (("rashomon --help", rashomon + ["--help"]),
                       ("rashomon graph --help", rashomon + ["graph", "--help"]),
                       ("rashomon actors --help", rashomon + ["actors", "--help"])):
        t = statistics.median(wall(cmd, base) for _ in range(args.runs))
        print(f"{label:28} {t:8.3f} s")


if __name__ == "__main__":
    main()
