"""On-disk cache of the parsed actor KB and the gazetteer's tables, shared by processes.

Parsing 1,000+ actors of YAML and building the matcher's form tables costs seconds per
process; a pickle of the result loads in a tenth of that. Files live in
``$RASHOMON_CACHE`` (or ``~/.cache/rashomon``) and are named by a hash of everything
that shapes them: the KB files' names and contents, the code that turns them into
actors and forms, the rashomon version and the Python version. Writes are atomic; a
read-only folder or a broken file just means working without the cache. Set
``RASHOMON_KB_CACHE=0`` to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import rashomon
from rashomon.perf import no_gc

# files whose code or words decide what a cached KB or matcher table holds
KEEP = 6  # cached files of each kind (kb-, forms-) kept in the folder
_CODE = ("actor.py", "kb.py", "derived.py", "gazetteer.py", "kbcache.py", "inflect.py",
         "words.py", "lexicon.yaml", "resolve.py")


def enabled() -> bool:
    return os.environ.get("RASHOMON_KB_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def cache_dir() -> Path:
    return Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{rashomon.__version__}\x00{sys.version}\x00{pickle.HIGHEST_PROTOCOL}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        try:
            h.update(name.encode() + b"\x00" + (here / name).read_bytes())
        except OSError:
            h.update(name.encode() + b"\x00missing")
    return h.digest()


def kb_key(files: list[tuple[str, Path]]) -> str | None:
    """Hash of (role, file) pairs: role "package" or "user", the file's name and content.
    None when a file cannot be read (the loader then reports it)."""
    h = hashlib.blake2b(_code_stamp(), digest_size=16)
    try:
        for role, path in files:
            data = path.read_bytes()
            h.update(f"{role}\x00{path.name}\x00{len(data)}\x00".encode())
            h.update(data)
    except OSError:
        return None
    return h.hexdigest()


def read(name: str) -> Any | None:
    """The cached object called ``name``, or None (missing, unreadable, corrupt, disabled)."""
    if not enabled():
        return None
    path = cache_dir() / name
    try:
        data = path.read_bytes()
        with no_gc():
            value = pickle.loads(data)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
            KeyError, TypeError, ValueError):  # a truncated or foreign file is a cache miss
        return None
    try:
        os.utime(path)  # recently used: spared by _prune
    except OSError:
        pass
    return value


def write(name: str, value: Any) -> bool:
    """Store ``value`` as ``name`` atomically; False when the folder is not writable."""
    if not enabled():
        return False
    folder = cache_dir()
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, folder / name)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        # read-only home, full disk, unpicklable plugin data
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    _prune(folder, name.split("-", 1)[0] + "-")
    return True


def tables(kind: str, key: str, build: Callable[[], tuple[dict[Any, Any], ...]]
           ) -> tuple[dict[Any, Any], ...]:
    """The three tables ``build()`` makes for the KB ``key``, kept on disk as
    ``<kind>-<key>.pickle``; a file holding anything else is rebuilt."""
    name = f"{kind}-{key}.pickle"
    got = read(name)
    if isinstance(got, tuple) and len(got) == 3 and all(isinstance(t, dict) for t in got):
        return got
    made = build()
    write(name, made)
    return made


def _prune(folder: Path, prefix: str) -> None:
    """Keep the KEEP newest files of one kind: every KB edit makes a new one."""
    try:
        files = sorted(folder.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
