"""A learned fine-role head for the role codebook: per main role, a logistic regression over
the codebook's own evidence for a mention (``RoleScores.x``: its sentence's similarity to
every role's prototypes, the role cue words around it, the fine roles its explicit evidence
implies, its evidence votes), fitted on labelled mentions. Plain arrays at prediction time.

Measured, not shipped: ``python -m rashomon.nlp.framing.corpus cv`` fits it on the framing
set's English mentions under grouped CV (fine exact match 0.255 -> 0.287 there), but fitted
on the whole set it lowered fine exact match on the SemEval English articles read as a test
(0.275 -> 0.193): it learns the set's fine-role shares, which real articles do not share
(data/framing/README.md). Against the codebook's evidence-first fine roles (issue 14's
second pass: CV fine exact 0.279, EMR 0.232) the head no longer wins under CV either (0.283,
0.229). The codebook uses it when one is given (``RoleClassifier.head``).

``FineExamples``: the set's English mentions as examples of their fine roles (their
sentences' vectors), shipped in ``examples/`` and remade by ``python -m
rashomon.nlp.framing.corpus examples``; the codebook reads them only with ``near_weight`` above
0 (off by default: they lost the SemEval release check, data/framing/README.md)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.nlp import saved
from rashomon.nlp.framing.codebook import MAIN_ROLES
from rashomon.nlp.framing.model import Linear

EXAMPLES = Path(__file__).with_name("examples")  # the shipped fine-role examples

C_FINE = 0.03  # regularisation, chosen by grouped CV on the set's English mentions


class FineHead:
    """main role -> its fine-role regression (a ``Linear``, standardisation folded in)."""

    def __init__(self, heads: dict[str, Linear]) -> None:
        self.heads = heads

    def fine(self, x: np.ndarray, main: str) -> str | None:
        """The fine role of features ``x`` among ``main``'s (None: no regression for it)."""
        h = self.heads.get(main)
        return None if h is None else str(h.predict(np.asarray(x, np.float32)[None, :])[0])

    @classmethod
    def fit(cls, X: np.ndarray, main: Sequence[str], fine: Sequence[str], c: float = C_FINE) -> FineHead:
        """One regression per main role on the rows with that main role and a fine label."""
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy, training only

        heads: dict[str, Linear] = {}
        for m in MAIN_ROLES:
            idx = [i for i, (a, f) in enumerate(zip(main, fine, strict=True)) if a == m and f]
            labels = [fine[i] for i in idx]
            if len(set(labels)) < 2:
                continue
            mu = X[idx].mean(axis=0)
            sd = X[idx].std(axis=0)
            sd[sd < 1e-6] = 1.0
            fitted = LogisticRegression(C=c, max_iter=5000).fit((X[idx] - mu) / sd, labels)
            W = fitted.coef_ / sd  # standardisation folded into the weights
            heads[m] = Linear(list(fitted.classes_), W, fitted.intercept_ - W @ mu)
        return cls(heads)


class FineExamples:
    """Labelled mentions as examples of their fine roles: their sentences' vectors (rows,
    normalised) and first fine roles. ``near`` gives, per fine role, how close a mention's
    sentence is to that role's examples (the mean similarity of its ``k`` nearest)."""

    def __init__(self, vectors: np.ndarray, fine: Sequence[str], meta: dict[str, Any] | None = None) -> None:
        self.vectors = np.asarray(vectors, np.float32)
        self.fine = list(fine)
        self.meta = meta or {}
        self.rows = {f: np.flatnonzero(np.array(self.fine) == f) for f in dict.fromkeys(self.fine)}

    def near(self, vecs: np.ndarray, names: Sequence[str], k: int) -> dict[str, float]:
        """Fine role (of ``names``, with examples) -> the mean similarity of its ``k``
        examples nearest to each row of ``vecs`` (an actor's mentions' sentences), averaged
        over the rows."""
        sims = np.atleast_2d(np.asarray(vecs, np.float32)) @ self.vectors.T
        out = {}
        for f in names:
            idx = self.rows.get(f)
            if idx is None or not len(idx):
                continue
            s = sims[:, idx]
            kk = min(k, s.shape[1])
            top = -np.partition(-s, kk - 1, axis=1)[:, :kk]
            out[f] = float(top.mean(axis=1).mean())
        return out

    def save(self, folder: str | Path = EXAMPLES) -> None:
        """``folder``: the vectors as float16 (``weights.safetensors``), the fine roles and
        ``meta`` in ``meta.json``."""
        saved.write(folder, {**self.meta, "fine": self.fine},
                    {"vectors": np.ascontiguousarray(self.vectors, dtype=np.float16)})

    @classmethod
    def load(cls, folder: str | Path = EXAMPLES) -> FineExamples:
        meta, t = saved.read(folder, "fine-role examples")
        fine = meta.pop("fine")
        return cls(t["vectors"].astype(np.float32), fine, meta)


@lru_cache(maxsize=1)
def shipped_examples() -> FineExamples | None:
    """The shipped examples (``examples/``); None when missing."""
    return FineExamples.load(EXAMPLES) if (EXAMPLES / "meta.json").is_file() else None
