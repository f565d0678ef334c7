"""The shipped Russian pair model: a logistic regression over pair features (and navec
or e5 vectors), stored as plain arrays (``ru_pairs.npz``: no pickle). Written by ``train.py``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.nlp.claims.ru.features import Encoder, Pair, WordVectors

MODEL_FILE = Path(__file__).with_name("ru_pairs.npz")


@dataclass
class PairModel:
    classes: list[str]
    vocab: dict[str, int]
    coef: np.ndarray  # (classes, features [+ embedding dims])
    intercept: np.ndarray
    embed: str  # "" | "navec" | "marked" | "marked+between"
    threshold: float  # least probability of a relation label to give a claim
    meta: dict[str, Any]
    encoder: Encoder | None = None
    vectors: WordVectors | None = None
    keep_rules: bool = False  # a rule's claim stands where the model gives none

    def design(self, pairs: list[Pair]) -> np.ndarray:
        x = np.zeros((len(pairs), len(self.vocab)), dtype=np.float32)
        for r, p in enumerate(pairs):
            for k, v in p.feats.items():
                j = self.vocab.get(k)
                if j is not None:
                    x[r, j] = v
        blocks = [x]
        if self.embed == "navec":
            self.vectors = self.vectors or WordVectors()
            blocks.append(self.vectors(pairs))
        elif self.embed:
            enc = self.encoder = self.encoder or Encoder()
            blocks.append(enc([p.marked for p in pairs]))
            if self.embed == "marked+between":
                blocks.append(enc([p.between for p in pairs]))
        return np.hstack(blocks)

    def proba(self, pairs: list[Pair]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(self.classes)))
        z = self.design(pairs) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path = MODEL_FILE) -> None:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(path, coef=self.coef.astype(np.float32),
                            intercept=self.intercept.astype(np.float32),
                            classes=np.array(self.classes), features=np.array(names),
                            config=np.array(json.dumps({"embed": self.embed,
                                                        "threshold": self.threshold,
                                                        "keep_rules": self.keep_rules,
                                                        "meta": self.meta})))


def load_model(path: str | Path = MODEL_FILE) -> PairModel | None:
    """The pair model, or None when the file is absent (the rules run alone)."""
    return _load(str(path))


@lru_cache(maxsize=2)
def _load(path: str) -> PairModel | None:
    if not Path(path).exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        cfg = json.loads(str(z["config"]))
        names = [str(x) for x in z["features"]]
        return PairModel([str(c) for c in z["classes"]], {n: i for i, n in enumerate(names)},
                         z["coef"], z["intercept"], cfg["embed"], float(cfg["threshold"]),
                         cfg.get("meta", {}), None, None, bool(cfg.get("keep_rules", False)))
