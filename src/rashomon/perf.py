"""Small performance helpers shared across the pipeline."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic objects are built (a KB,
    a hub's neighbourhood records): with a large heap (spaCy, torch loaded) its passes can
    take as long as the work itself."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
