"""Before/after identity of an analysis: the same inputs analysed by two source trees.

    git archive <old commit> src | tar -x -C /tmp/old
    python bench/identity.py --base /tmp/old/src [--paths examples/] [--engine-args "--workers 1"]

Each tree analyses ``--paths`` (default: examples/, then the NATO and Crocus articles alone
into a second database) with ``rashomon analyze`` in fresh processes (PYTHONPATH set to the
tree), then every table of each database is dumped (rows sorted, columns ending in ``_at``
left out: the run's own times) with every ``rashomon export``. Prints, per database, the
rows compared and "identical" or the first rows that differ; exit status 1 on a difference.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ALONE = [EXAMPLES / "2024-07-11-nato-ukraine-summit.txt", EXAMPLES / "2024-03-23-crocus-attack.txt"]
EXPORTS = ("claims", "mentions", "actors", "documents", "edges", "labels")
DUMP = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
for (t,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
    cols = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                       "WHERE table_name = ? ORDER BY ordinal_position", [t]).fetchall()
            if not c.endswith("_at")]
    rows = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{t}"').fetchall()
    print(f"== {t} {cols}")
    for r in sorted(map(repr, rows)):
        print(r)
"""


def analyse(src: Path, out: Path, paths: list[list[Path]], extra: list[str]) -> list[str]:
    """Analyse each group of paths into its own database with the tree ``src``; the dumps."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cli = [sys.executable, "-m", "rashomon.cli.main"]
    dumps = []
    for i, group in enumerate(paths):
        db = out / f"db{i}.duckdb"
        for p in group:  # one run per path: re-runs and replacements are part of the check
            r = subprocess.run([*cli, "analyze", str(p), "--db", str(db), "--quiet", *extra],
                               env=env, capture_output=True, text=True)
            if r.returncode not in (0, 1):
                sys.exit(f"{src}: analyze {p} failed ({r.returncode}): {r.stderr[-1000:]}")
        text = subprocess.run([sys.executable, "-c", DUMP, str(db)], env=env, capture_output=True,
                              text=True, check=True).stdout
        for what in EXPORTS:
            text += f"== export {what}\n" + subprocess.run(
                [*cli, "export", what, "--db", str(db)], env=env, capture_output=True, text=True,
                check=True).stdout
        dumps.append(text)
    return dumps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, type=Path, help="the other tree's src folder")
    ap.add_argument("--paths", nargs="*", type=Path, default=None,
                    help="inputs of the first database (default: examples/)")
    ap.add_argument("--engine-args", default="", help="extra `rashomon analyze` options")
    args = ap.parse_args()
    groups = [args.paths or [EXAMPLES], ALONE]
    extra = shlex.split(args.engine_args)
    with tempfile.TemporaryDirectory(prefix="rashomon-identity-") as tmp:
        (Path(tmp) / "a").mkdir()
        (Path(tmp) / "b").mkdir()
        base = analyse(args.base.resolve(), Path(tmp) / "a", groups, extra)
        here = analyse(ROOT / "src", Path(tmp) / "b", groups, extra)
    same = True
    for group, a, b in zip(groups, base, here, strict=True):
        name = ", ".join(p.name for p in group)
        if a == b:
            print(f"{name}: identical ({a.count(chr(10))} lines of rows and exports)")
            continue
        same = False
        la, lb = a.splitlines(), b.splitlines()
        first = next((i for i, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y), min(len(la), len(lb)))
        print(f"{name}: DIFFERENT at line {first}:\n  base: {la[first:first + 1]}\n  here: {lb[first:first + 1]}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
