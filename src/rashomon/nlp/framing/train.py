"""Trained entity framing: logistic regression over the mention's context embedding, the
mention's own embedding, the codebook role scores and the evidence votes (SemEval
subtask-1 format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.nlp.framing.codebook import MAIN_ROLES
from rashomon.nlp.framing.roles import RoleClassifier, RoleScores
from rashomon.nlp.narratives.embed import embed

FORMAT = "rashomon-framing-2"  # 2: evidence votes in the features


def mention_vector(clf: RoleClassifier, doc: Doc, start: int, end: int,
                   actor: str | None = None) -> tuple[np.ndarray, RoleScores]:
    rs = clf.score(doc, start, end, actor)
    si = doc.sentence_at(start)
    ctx = doc.sentences[si].text if si >= 0 else doc.text[max(0, start - 200): end + 200]
    v_ctx, v_men = embed([ctx, doc.text[start:end]])
    votes = rs.votes()
    extra = np.array([rs.main[m] for m in MAIN_ROLES] + [rs.fine[f] for f in clf.protos.fine_names]
                     + [votes[m] for m in MAIN_ROLES], dtype=np.float32)
    return np.concatenate([v_ctx, v_men, extra]), rs


class TrainedRoles:
    def __init__(self, codebook: str | None, main: Any, fine: dict[str, Any], meta: dict[str, Any]) -> None:
        self.codebook = codebook
        self.clf = RoleClassifier(codebook)
        self.main, self.fine, self.meta = main, fine, meta

    @classmethod
    def fit(cls, items: list[tuple[Doc, int, int, str, list[str]]], codebook: str | None = None) -> TrainedRoles:
        from sklearn.linear_model import LogisticRegression

        if len(items) < 4:
            raise UserError(f"need at least 4 labelled mentions to train, got {len(items)}")
        clf = RoleClassifier(codebook)
        X = np.stack([mention_vector(clf, d, s, e)[0] for d, s, e, _, _ in items])
        ym = [m for *_, m, _ in items]
        if len(set(ym)) < 2:
            raise UserError("training data needs at least two different main roles")
        main = LogisticRegression(C=0.3, max_iter=3000).fit(X, ym)  # C measured under 5-fold CV
        fine: dict[str, Any] = {}
        for f in sorted({x for *_, fs in items for x in fs}):
            y = np.array([f in fs for *_, fs in items], dtype=int)
            if 2 <= y.sum() < len(y):
                fine[f] = LogisticRegression(C=1.0, max_iter=3000).fit(X, y)
        meta = {"format": FORMAT, "mentions": len(items), "main_roles": sorted(set(ym)),
                "fine_roles": sorted(fine), "codebook": codebook}
        return cls(codebook, main, fine, meta)

    def predict(self, doc: Doc, start: int, end: int, actor: str | None = None) -> tuple[str, list[str]]:
        return self.predict_scored(doc, start, end, actor)[:2]

    def predict_scored(self, doc: Doc, start: int, end: int,
                       actor: str | None = None) -> tuple[str, list[str], float, RoleScores]:
        x, rs = mention_vector(self.clf, doc, start, end, actor)
        probs = self.main.predict_proba(x[None, :])[0]
        k = int(np.argmax(probs))
        main = str(self.main.classes_[k])
        allowed = {r.name for r in self.clf.book.fine_of(main)}
        fp = {f: float(m.predict_proba(x[None, :])[0, 1]) for f, m in self.fine.items() if f in allowed}
        if fp:
            fine = [max(fp, key=lambda f: fp[f])]
        else:
            fine = [max(allowed, key=lambda f: rs.fine[f])] if allowed else []
        return main, fine, float(probs[k]), rs

    def save(self, path: str | Path) -> None:
        import joblib

        p = Path(path)
        joblib.dump({"format": FORMAT, "codebook": self.codebook, "main": self.main,
                     "fine": self.fine, "meta": self.meta}, p)
        p.with_suffix(p.suffix + ".json").write_text(json.dumps(self.meta, indent=2), "utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainedRoles:
        return cls(data["codebook"], data["main"], data["fine"], data["meta"])
