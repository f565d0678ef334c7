"""Running the three SemEval-2025 Task 10 subtasks over a folder of raw documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rashomon.doc import Doc, Sentence
from rashomon.errors import UserError
from rashomon.nlp.framing.corpus import RULES_FOR, default_model
from rashomon.nlp.framing.model import Item, language
from rashomon.nlp.framing.roles import RoleClassifier
from rashomon.nlp.narratives.classify import (
    CodebookClassifier,
    Prediction,
    Scored,
    explanation,
)
from rashomon.nlp.narratives.codebook import OTHER
from rashomon.nlp.narratives.semeval import MentionRow, locate
from rashomon.nlp.parse import load_spacy
from rashomon.nlp.sentences import split
from rashomon.registry import get_component

Progress = Callable[[], None]


def make_doc(doc_id: str, text: str) -> Doc:
    d = Doc(id=doc_id, text=text)
    d.sentences = [Sentence(s, e, text[s:e]) for s, e in split(text)]
    return d


def enrich(doc: Doc) -> Doc:
    """Actors and claims from the other components when they are available (best effort)."""
    for name in ("gazetteer", "parse", "entities", "claims"):
        try:
            info = get_component(name)
        except (ImportError, KeyError):
            continue
        try:
            doc = info.factory(dict(info.default_config))(doc)
        except (UserError, ImportError, OSError):  # its model or library is missing
            continue
    for s in doc.sentences:
        s.parse = None
    return doc


def st2(docs: dict[str, str], predictor: Any = None, codebook: str | None = None,
        full: bool = False, tick: Progress | None = None) -> dict[str, Prediction]:
    clf = CodebookClassifier(codebook)
    out = {}
    for doc_id, text in docs.items():
        d = make_doc(doc_id, text)
        if full:
            d = enrich(d)
        f = clf.features(d)
        out[doc_id] = predictor.predict(d, f) if predictor is not None else clf.decide(f)
        if tick:
            tick()
    return out


def st3(docs: dict[str, str], dominant: dict[str, tuple[str, str, str]],
        codebook: str | None = None, tick: Progress | None = None) -> dict[str, str]:
    """An extractive explanation per document for its given dominant narrative."""
    clf = CodebookClassifier(codebook)
    out = {}
    for doc_id, (narr, sub, _) in dominant.items():
        if doc_id not in docs:
            continue
        d = make_doc(doc_id, docs[doc_id])
        f = clf.features(d)
        pred = Prediction(None, [Scored(narr or OTHER, 1.0)], [Scored(sub, 1.0)] if sub else [])
        text, _ = explanation(d, pred, f, clf.protos)
        if not text and f.sent_index:  # "Other" or unknown label: the most central sentences
            centre = f.vectors.mean(axis=0)
            best = int(np.argmax(f.vectors @ centre))
            text = " ".join(d.sentences[f.sent_index[best]].text.split()[:80])
        out[doc_id] = text
        if tick:
            tick()
    return out


def st1(docs: dict[str, str], rows: list[MentionRow], predictor: Any = None,
        codebook: str | None = None, parse: bool = True,
        tick: Progress | None = None) -> list[MentionRow]:
    """Main and fine roles of the given mentions: from ``predictor`` (a trained framing
    model), else the default model (trained on the project's framing set), else the English
    role codebook."""
    model = predictor or (default_model() if not codebook else None)
    rules = RoleClassifier(codebook)  # without a model, and by default for RULES_FOR
    cache: dict[str, Doc] = {}
    nlp = None
    out: list[MentionRow | None] = []
    todo: list[tuple[int, Item]] = []
    for r in rows:
        if r.doc not in docs:
            out.append(MentionRow(r.doc, r.mention, r.start, r.end, "Antagonist", []))
            continue
        if r.doc not in cache:
            d = make_doc(r.doc, docs[r.doc])
            d.language = language(d)
            cache = {r.doc: d}  # rows come grouped by doc mostly
        d = cache[r.doc]
        s, e = locate(d.text, r)
        i = d.sentence_at(s)
        if parse and i >= 0 and d.sentences[i].parse is None and d.language == "en":
            if nlp is None:
                nlp = load_spacy()
            d.sentences[i].parse = nlp(d.sentences[i].text)
        if model is None or (predictor is None and d.language in RULES_FOR):
            main, fine = rules.predict(d, s, e)
            out.append(MentionRow(r.doc, r.mention, r.start, r.end, main, fine))
        else:
            out.append(None)
            todo.append((len(out) - 1, Item(d, s, e, str(d.language))))
        if tick:
            tick()
    for k in range(0, len(todo), 64):  # embeddings in batches
        part = todo[k:k + 64]
        for (j, _), (main, fine, _) in zip(part, model.predict_items([it for _, it in part]), strict=True):
            r = rows[j]
            out[j] = MentionRow(r.doc, r.mention, r.start, r.end, main, fine)
    return [r for r in out if r is not None]
