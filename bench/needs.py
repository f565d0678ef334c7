"""The one check a bench makes before it reads test data beside the project (``../shared``):
a missing file or folder stops the bench with one clear line, not a traceback."""

from __future__ import annotations

import sys
from pathlib import Path


def need(*paths: str | Path) -> None:
    """Exit with one line naming the first of ``paths`` that does not exist."""
    for p in paths:
        if not Path(p).exists():
            raise SystemExit(f"{Path(sys.argv[0]).name}: {p} not found: this bench reads test "
                             "data from ../shared (see --help to give other paths)")
