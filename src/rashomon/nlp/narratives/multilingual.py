"""Narratives in RU, BG, PT, HI: sentences compared to the codebook with multilingual-e5
(``e5.py``) instead of the English MiniLM, with scores calibrated per language.

e5 scores everything high (unrelated ~0.75), and how high depends on the language. Each
language's scores are mapped onto the English MiniLM scale, so the classifier's thresholds
mean the same in every language: an affine map that sends that language's typical
*unrelated* similarity (a codebook example sentence in that language against the other
domain's prototypes) to MiniLM's, and its typical *related* similarity (an example against
its own entry's other prototypes in other languages) to MiniLM's. Both are measured on the
codebook's own sentences (``examples_xx``), never on evaluation data. A non-English document
needs a narrative score half way between the two (``midpoint``): MiniLM's English threshold
was set on English articles and does not carry over to cross-lingual similarities.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.nlp.narratives.codebook import DEFAULT
from rashomon.nlp.narratives.prototypes import prototypes
from rashomon.nlp.text.e5 import embed_e5

LANGS = ("ru", "bg", "pt", "hi")


def enabled() -> bool:
    return os.environ.get("RASHOMON_NARRATIVES_E5", "1").strip().lower() not in ("0", "false", "no", "off")


def embed_e5_persistent(texts: list[str]) -> np.ndarray:
    """``embed_e5`` kept on disk across processes (codebook prototypes)."""
    key = hashlib.blake2b("\x1f".join(texts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    folder = Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")
    path = folder / f"e5-{key}.npy"
    try:
        vecs = np.load(path)
        if vecs.shape == (len(texts), 384):
            return vecs
    except (OSError, ValueError):
        pass
    vecs = embed_e5(texts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vecs)
        os.replace(tmp, path)
    except OSError:
        pass
    return vecs


def _stats(sims: np.ndarray, own: np.ndarray, other: np.ndarray) -> tuple[float, float]:
    """Median related (best over ``own`` columns) and unrelated (mean over ``other``) score."""
    if not own.any() or not other.any():
        return float("nan"), float("nan")
    rel = np.where(own, sims, -np.inf).max(axis=1)
    bg = np.where(other, sims, 0.0).sum(axis=1) / other.sum(axis=1)
    return float(np.median(rel)), float(np.median(bg))


class Multilingual:
    """e5 prototypes of a codebook (definition, English and foreign examples per entry) and
    the per-language calibration onto the MiniLM scale."""

    def __init__(self, protos: Any) -> None:
        entries = protos.entries
        texts: list[str] = []
        owner: list[int] = []
        lang_of: list[str] = []
        for i, e in enumerate(entries):
            for t in [e.definition, *e.examples]:
                texts.append(t)
                owner.append(i)
                lang_of.append("en")
            for lang, xs in sorted(e.foreign.items()):
                for t in xs:
                    texts.append(t)
                    owner.append(i)
                    lang_of.append(lang)
        order = np.argsort(owner, kind="stable")  # each entry's rows consecutive
        self.matrix = embed_e5_persistent([texts[k] for k in order])
        self.owner = np.array(owner)[order]
        self.lang = np.array(lang_of)[order]
        self.starts = np.searchsorted(self.owner, np.arange(len(entries)))
        self.domain = np.array([entries[k].domain for k in self.owner])
        self.synthetic = np.array([entries[k].synthetic for k in self.owner])
        self.maps = self._calibrate(protos)

    def _reference(self, protos: Any) -> tuple[float, float]:
        """MiniLM's related / unrelated medians on the English examples."""
        dom = np.array([protos.entries[k].domain for k in protos.owner])
        synth = np.array([protos.entries[k].synthetic for k in protos.owner])
        rows = np.where(~synth)[0]
        S = protos.matrix[rows] @ protos.matrix.T
        own = (protos.owner[rows][:, None] == protos.owner[None, :]) & (rows[:, None] != np.arange(len(dom))[None, :])
        other = (dom[rows][:, None] != dom[None, :]) & ~synth[None, :]
        return _stats(S, own, other)

    def _calibrate(self, protos: Any) -> dict[str, tuple[float, float]]:
        """language -> (a, b) with MiniLM-scale score = a + b * e5 score."""
        rel_en, bg_en = self._reference(protos)
        # the default bar for a narrative: half way from unrelated to related
        self.midpoint = (rel_en + bg_en) / 2
        maps: dict[str, tuple[float, float]] = {}
        n = len(self.owner)
        for lang in LANGS:
            rows = np.where((self.lang == lang) & ~self.synthetic)[0]
            if len(rows) < 4:
                continue
            S = self.matrix[rows] @ self.matrix.T
            own = (self.owner[rows][:, None] == self.owner[None, :]) & (rows[:, None] != np.arange(n)[None, :])
            # related: the entry's rows in other languages (its own-language rows are near-copies)
            own &= self.lang[None, :] != lang
            other = (self.domain[rows][:, None] != self.domain[None, :]) & ~self.synthetic[None, :]
            rel, bg = _stats(S, own, other)
            if not np.isfinite(rel) or rel - bg < 1e-3:
                continue
            b = (rel_en - bg_en) / (rel - bg)
            maps[lang] = (bg_en - b * bg, b)
        if maps:  # languages without examples: the mean map
            maps["*"] = (float(np.mean([m[0] for m in maps.values()])),
                         float(np.mean([m[1] for m in maps.values()])))
        return maps

    def calibration(self, lang: str) -> tuple[float, float]:
        return self.maps.get(lang) or self.maps.get("*") or (0.0, 1.0)

    def sims(self, vecs: np.ndarray, lang: str) -> np.ndarray:
        """(sentences, entries): best calibrated similarity to each entry's prototypes."""
        a, b = self.calibration(lang)
        raw = vecs @ self.matrix.T
        return (a + b * np.maximum.reduceat(raw, self.starts, axis=1)).astype(np.float32)


@lru_cache(maxsize=4)
def _multilingual(path: str | None) -> Multilingual:
    return Multilingual(prototypes(path))


def multilingual(protos: Any) -> Multilingual:
    path = protos.cb.path
    return _multilingual(None if path == str(DEFAULT) else path)
