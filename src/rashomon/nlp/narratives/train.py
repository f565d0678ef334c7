"""Trained narrative classifier: logistic regression over codebook features and sentence
embeddings, fitted on a user's labelled documents (SemEval subtask-2 format).

Saved with joblib plus a JSON meta file next to it. The model that ships with Rashomon
(``builtin.py``) is a different one: the sentence-level ranker of ``ranker.py``, fitted on
the project's own set.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.nlp.framing.model import FORMAT as FRAMING
from rashomon.nlp.framing.model import RoleModel
from rashomon.nlp.narratives.classify import (
    CodebookClassifier,
    DocFeatures,
    Prediction,
    Scored,
    _evidence,
)
from rashomon.nlp.narratives.codebook import OTHER

FORMAT = "rashomon-narratives-1"


def doc_vector(clf: CodebookClassifier, f: DocFeatures) -> np.ndarray:
    """Fixed-length features of one document."""
    mean = f.vectors.mean(axis=0) if len(f.vectors) else np.zeros(384, dtype=np.float32)
    scores = clf.entry_scores(f)
    doms = np.log1p(np.array([f.domain_hits[d] for d in sorted(clf.protos.cb.domains)], dtype=np.float32))
    return np.concatenate([mean, scores, np.log1p(f.cues), doms]).astype(np.float32)


@dataclass
class LabelModels:
    """One binary logistic regression per label (constant when a label never
    or always occurs). Balanced classes and strong regularisation for small training sets; C
    and the 0.8 decision threshold were measured under 5-fold cross-validation."""

    labels: list[str]
    models: dict[str, Any] = field(default_factory=dict)
    constant: dict[str, float] = field(default_factory=dict)

    @classmethod
    def fit(cls, X: np.ndarray, Y: list[list[str]], labels: list[str], c: float = 0.1) -> LabelModels:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy

        out = cls(labels)
        for lab in labels:
            y = np.array([lab in ys for ys in Y], dtype=int)
            if y.sum() < 2 or y.sum() == len(y):
                out.constant[lab] = float(y.mean())
                continue
            m = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
            m.fit(X, y)
            out.models[lab] = m
        return out

    def proba(self, X: np.ndarray) -> dict[str, np.ndarray]:
        res = {lab: np.full(len(X), p) for lab, p in self.constant.items()}
        for lab, m in self.models.items():
            res[lab] = m.predict_proba(X)[:, 1]
        return res


class TrainedNarratives:
    """Narratives and sub-narratives from a fitted model (codebook features + embeddings)."""

    def __init__(self, codebook: str | None, narr: LabelModels, subs: LabelModels,
                 threshold: float = 0.8, meta: dict[str, Any] | None = None) -> None:
        self.codebook = codebook
        self.clf = CodebookClassifier(codebook)
        self.narr, self.subs, self.threshold = narr, subs, threshold
        self.meta = meta or {}

    @classmethod
    def fit(cls, docs: list[Doc], gold: dict[str, tuple[list[str], list[str]]],
            codebook: str | None = None, feats: dict[str, DocFeatures] | None = None,
            threshold: float = 0.8) -> TrainedNarratives:
        clf = CodebookClassifier(codebook)
        docs = [d for d in docs if d.id in gold]
        if len(docs) < 4:
            raise UserError(f"need at least 4 labelled documents to train, got {len(docs)}")
        X = np.stack([doc_vector(clf, (feats or {}).get(d.id) or clf.features(d)) for d in docs])
        yn = [gold[d.id][0] for d in docs]
        ys = [gold[d.id][1] for d in docs]
        nl = sorted({x for y in yn for x in y})
        sl = sorted({x for y in ys for x in y})
        meta = {"format": FORMAT, "documents": len(docs), "narratives": nl, "subnarratives": sl,
                "codebook": codebook, "threshold": threshold}
        return cls(codebook, LabelModels.fit(X, yn, nl), LabelModels.fit(X, ys, sl), threshold, meta)

    def predict(self, doc: Doc, f: DocFeatures | None = None) -> Prediction:
        f = f or self.clf.features(doc)
        x = doc_vector(self.clf, f)[None, :]
        pn = {k: float(v[0]) for k, v in self.narr.proba(x).items()}
        ps = {k: float(v[0]) for k, v in self.subs.proba(x).items()}
        ranked = sorted(pn.items(), key=lambda kv: -kv[1])
        chosen = [k for k, p in ranked if p >= self.threshold and k != OTHER][:4]
        if not chosen and ranked and ranked[0][0] != OTHER:  # nothing sure: the best guess
            chosen = [ranked[0][0]]
        if not chosen or pn.get(OTHER, 0.0) > max(pn[k] for k in chosen):
            return Prediction(None, [Scored(OTHER, pn.get(OTHER, 1.0))], [Scored(OTHER, pn.get(OTHER, 1.0))])
        idx = self.clf.protos.index
        narrs, subs = [], []
        for k in chosen:
            ev = _evidence(f.sims[:, idx[k]], f.sent_index) if k in idx and f.sent_index else []
            narrs.append(Scored(k, round(pn[k], 4), ev))
            kids = sorted(((p, s) for s, p in ps.items() if s.startswith(k + ": ")), reverse=True)
            picked = [s for p, s in kids if p >= self.threshold][:3] or [s for _, s in kids[:1]] \
                or [f"{k}: {OTHER}"]
            for s in picked:
                sev = _evidence(f.sims[:, idx[s]], f.sent_index) if s in idx and f.sent_index else ev
                subs.append(Scored(s, round(ps.get(s, 0.0), 4), sev))
        return Prediction(None, narrs, subs)

    def save(self, path: str | Path) -> None:
        import joblib  # noqa: PLC0415 - heavy, saving only

        p = Path(path)
        joblib.dump({"format": FORMAT, "codebook": self.codebook, "narr": self.narr,
                     "subs": self.subs, "threshold": self.threshold, "meta": self.meta}, p)
        p.with_suffix(p.suffix + ".json").write_text(json.dumps(self.meta, indent=2), "utf-8")


def load_model(path: str | Path) -> Any:
    """A model saved by ``rashomon train`` (narratives or framing)."""
    import joblib  # noqa: PLC0415 - heavy, loading only

    p = Path(path)
    if not p.is_file():
        raise UserError(f"model file not found: {p}")
    try:
        data = joblib.load(p)
    except (pickle.UnpicklingError, EOFError, ImportError, AttributeError, TypeError,
            ValueError, KeyError, IndexError) as e:  # corrupt or foreign pickle
        raise UserError(f"{p} is not a Rashomon model: {e}") from None
    fmt = data.get("format") if isinstance(data, dict) else None
    if fmt == FORMAT:
        return TrainedNarratives(data["codebook"], data["narr"], data["subs"], data["threshold"], data["meta"])
    if fmt == FRAMING:
        return RoleModel.from_dict(data)
    if isinstance(fmt, str) and fmt.startswith("rashomon-framing"):
        raise UserError(f"{p} is a framing model of an older Rashomon: train it again with `rashomon train framing`")
    raise UserError(f"{p} is not a Rashomon narratives/framing model")
