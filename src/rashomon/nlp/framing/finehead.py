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
0.229). The codebook uses it when one is given (``RoleClassifier.head``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rashomon.nlp.framing.codebook import MAIN_ROLES
from rashomon.nlp.framing.model import Linear

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
