"""Sentence-level label ranker: the evidence the codebook finds in an article's sentences,
turned into a few label-independent numbers per (article, label), weighed by one logistic
regression for narratives and one for sub-narratives (fitted on ``data/narratives``).

Why: a model on the article's mean embedding and per-label weights (the first shipped model)
learns the topics and wording of our short written articles and does not carry over to real
news, which is long, mostly reporting, with the narrative in a few sentences. Here each label
is read through the same numbers (its best sentences' similarity to the label's codebook
prototypes, the same contrasted with the sibling labels, its rank among them, its cue phrases,
the domain's cue hits), so the weights say how to trust the codebook's evidence, not which
topic a label is about; a real article's extra reporting sentences change the top-k
sentences little. Domain first (only narratives of the best-scored domain), then narratives,
then sub-narratives among the chosen narrative's children (hierarchical).
"""

from __future__ import annotations

import numpy as np

from rashomon.nlp.narratives.classify import (
    CodebookClassifier,
    DocFeatures,
    Prediction,
    Scored,
    _evidence,
)
from rashomon.nlp.narratives.codebook import OTHER

NARR_FEATURES = ("top1", "top2", "ctop1", "ctop2", "gap", "best", "cue", "cue_any", "dom", "dom_other",
                 "dom_share", "dom_top", "en", "en_top2", "en_ctop2", "en_cue", "length")
SUB_FEATURES = ("top1", "top2", "ctop2", "gap", "best", "cue", "kids", "en", "en_top2", "en_ctop2")


def _topk(col: np.ndarray, k: int) -> float:
    if col.size == 0:
        return 0.0
    k = max(1, min(k, col.size))
    return float(np.sort(col)[-k:].mean())


class Space:
    """The codebook's narratives grouped by domain, with each narrative's family (itself and
    its real sub-narratives) as entry indexes."""

    def __init__(self, clf: CodebookClassifier) -> None:
        p = clf.protos
        self.protos = p
        self.domains = sorted(p.cb.domains)
        self.labels = [n.label for n in p.cb.narratives]
        self.domain_of = {n.label: n.domain for n in p.cb.narratives}
        self.family = {n: [p.index[n], *p.kids[n]] for n in self.labels}


def narrative_rows(space: Space, f: DocFeatures) -> np.ndarray:
    """(narratives, NARR_FEATURES) for one article, in ``space.labels`` order."""
    n = len(f.sent_index)
    en = 1.0 if f.english else 0.0
    hits = {d: float(f.domain_hits.get(d, 0)) for d in space.domains}
    total = sum(hits.values())
    top_dom = max(hits, key=lambda d: hits[d]) if total else ""
    rows = np.zeros((len(space.labels), len(NARR_FEATURES)), dtype=np.float32)
    if n == 0:
        return rows
    for dom in space.domains:
        members = [i for i, lab in enumerate(space.labels) if space.domain_of[lab] == dom]
        per = np.stack([f.sims[:, space.family[space.labels[i]]].max(axis=1) for i in members], axis=1)
        con = per - per.mean(axis=1, keepdims=True)
        top2 = np.array([_topk(per[:, c], 2) for c in range(per.shape[1])])
        ctop2 = np.array([_topk(con[:, c], 2) for c in range(per.shape[1])])
        for c, i in enumerate(members):
            fam = space.family[space.labels[i]]
            others = np.delete(ctop2, c)
            cue = float(np.log1p(f.cues[fam].sum()))
            rows[i] = (float(per[:, c].max()), top2[c], float(con[:, c].max()), ctop2[c],
                       ctop2[c] - (others.max() if others.size else 0.0), float(ctop2[c] >= ctop2.max()),
                       cue, float(cue > 0), float(np.log1p(hits[dom])), float(np.log1p(total - hits[dom])),
                       hits[dom] / (total + 1.0), float(dom == top_dom), en, en * top2[c], en * ctop2[c],
                       en * cue, float(np.log(n)))
    return rows


def sub_rows(space: Space, f: DocFeatures, narrative: str) -> tuple[list[int], np.ndarray]:
    """The entry indexes of a narrative's real sub-narratives and their (kids, SUB_FEATURES)."""
    kids = space.protos.kids.get(narrative, [])
    rows = np.zeros((len(kids), len(SUB_FEATURES)), dtype=np.float32)
    if not kids or not len(f.sent_index):
        return kids, rows
    en = 1.0 if f.english else 0.0
    per = f.sims[:, kids]
    con = per - per.mean(axis=1, keepdims=True)
    ctop2 = np.array([_topk(con[:, c], 2) for c in range(len(kids))])
    for c, j in enumerate(kids):
        top2 = _topk(per[:, c], 2)
        others = np.delete(ctop2, c)
        rows[c] = (float(per[:, c].max()), top2, ctop2[c], ctop2[c] - (others.max() if others.size else 0.0),
                   float(ctop2[c] >= ctop2.max()), float(np.log1p(f.cues[j])), float(np.log(len(kids))),
                   en, en * top2, en * ctop2[c])
    return kids, rows


class Logit:
    """A standardised logistic regression as plain arrays (what ships: no pickles)."""

    def __init__(self, mean: np.ndarray, scale: np.ndarray, w: np.ndarray, b: float) -> None:
        self.mean, self.scale = mean.astype(np.float32), scale.astype(np.float32)
        self.w, self.b = w.astype(np.float32), float(b)

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, c: float) -> Logit:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy

        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale < 1e-6] = 1.0
        m = LogisticRegression(C=c, max_iter=5000)
        m.fit((X - mean) / scale, y)
        return cls(mean, scale, m.coef_[0], float(m.intercept_[0]))

    def proba(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.w + self.b
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


class Ranker:
    """Narratives, then sub-narratives, from the two logistic regressions. A narrative is
    chosen when its probability reaches ``threshold`` (at most ``max_narratives``, all in the
    domain of the best one); none: "Other". Its sub-narratives: those reaching
    ``sub_threshold`` (at most 2), else "<narrative>: Other"; or, with ``sub_mode``
    "codebook", the codebook's ranking among its children."""

    def __init__(self, narr: Logit, sub: Logit, threshold: float, sub_threshold: float,
                 max_narratives: int = 2, sub_mode: str = "model", clf: CodebookClassifier | None = None) -> None:
        self.clf = clf or CodebookClassifier(None)
        self.space = Space(self.clf)
        self.narr, self.sub = narr, sub
        self.threshold, self.sub_threshold = threshold, sub_threshold
        self.max_narratives, self.sub_mode = max_narratives, sub_mode

    def narrative_proba(self, f: DocFeatures) -> np.ndarray:
        return self.narr.proba(narrative_rows(self.space, f))

    def predict(self, doc: object, f: DocFeatures) -> Prediction:
        return self.decide(f, self.narrative_proba(f))

    def decide(self, f: DocFeatures, p: np.ndarray) -> Prediction:
        labels = self.space.labels
        order = [int(i) for i in np.argsort(-p)]
        if not len(f.sent_index) or p[order[0]] < self.threshold:
            q = round(1.0 - float(p[order[0]]) if len(p) else 1.0, 4)
            return Prediction(None, [Scored(OTHER, q)], [Scored(OTHER, q)])
        dom = self.space.domain_of[labels[order[0]]]
        chosen = [i for i in order if p[i] >= self.threshold and self.space.domain_of[labels[i]] == dom]
        narrs, subs = [], []
        for i in chosen[: self.max_narratives]:
            lab = labels[i]
            col = f.sims[:, self.space.family[lab]].max(axis=1)
            narrs.append(Scored(lab, round(float(p[i]), 4), _evidence(col, f.sent_index)))
            subs += self.subs(f, narrs[-1])
        return Prediction(dom, narrs, subs)

    def subs(self, f: DocFeatures, parent: Scored) -> list[Scored]:
        if self.sub_mode == "codebook":
            return self.clf.subs(f, parent.label, parent)
        kids, rows = sub_rows(self.space, f, parent.label)
        if kids:
            q = self.sub.proba(rows)
            picked = [int(c) for c in np.argsort(-q) if q[c] >= self.sub_threshold][:2]
            if picked:
                entries = self.space.protos.entries
                return [Scored(entries[kids[c]].label, round(float(q[c]), 4),
                               _evidence(f.sims[:, kids[c]], f.sent_index)) for c in picked]
        return [Scored(f"{parent.label}: {OTHER}", parent.score, parent.sentences)]
