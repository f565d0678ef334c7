"""Component "narratives": narrative and sub-narrative labels plus an extractive
explanation of the dominant narrative, from the codebook (default) or a trained model."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rashomon.doc import Doc, Label
from rashomon.nlp.narratives import builtin, multilingual
from rashomon.nlp.narratives.classify import (
    DEFAULTS,
    CodebookClassifier,
    Prediction,
    doc_language,
    doc_sentences,
    explanation,
)
from rashomon.nlp.text.e5 import embed_e5
from rashomon.nlp.text.embed import embed
from rashomon.registry import component

KINDS = ("narrative", "subnarrative", "explanation")


class Narratives:
    def __init__(self, config: dict[str, Any]) -> None:
        self.codebook = config.get("codebook") or None
        settings = {k: config[k] for k in DEFAULTS if k in config}
        self.clf = CodebookClassifier(self.codebook, **settings)
        # the shipped model (data/narratives) where its CV beat the codebook; "none": codebook only
        self.model, self.name = builtin.resolve(config.get("model"), self.codebook)
        self.explain = bool(config.get("explain", True))

    def predict(self, doc: Doc) -> Prediction:
        f = self.clf.features(doc)
        pred = self.model.predict(doc, f) if self.model else self.clf.decide(f)
        self._last = f
        # the shipped model leaves some languages to the codebook: name what decided
        self._name = self.model.name(f) if isinstance(self.model, builtin.BuiltinNarratives) else self.name
        return pred

    def __call__(self, doc: Doc) -> Doc:
        pred = self.predict(doc)
        f = self._last
        doc.labels = [lb for lb in doc.labels if lb.kind not in KINDS]
        sp = lambda i: doc.span(doc.sentences[i].start, doc.sentences[i].end)  # noqa: E731
        for n in pred.narratives:
            doc.labels.append(Label("narrative", n.label, n.score,
                                    evidence=[sp(i) for i in n.sentences], model=self._name))
        for s in pred.subnarratives:
            doc.labels.append(Label("subnarrative", s.label, s.score,
                                    evidence=[sp(i) for i in s.sentences], model=self._name))
        if self.explain:
            text, used = explanation(doc, pred, f, self.clf.protos)
            if text:
                doc.labels.append(Label("explanation", text, pred.narratives[0].score,
                                        evidence=[sp(i) for i in used], model=self._name))
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        # one encode call for the whole batch; __call__ then reads the embedding cache
        cap = int(self.clf.cfg["max_sentences"])
        cues = self.clf.protos.cues
        en = [doc_language(d) == "en" or not multilingual.enabled() for d in docs]
        embed([d.sentences[i].text for d, e in zip(docs, en, strict=True) if e
               for i in doc_sentences(d, cap, cues)])
        others = [d for d, e in zip(docs, en, strict=True) if not e]
        if others:  # the other languages are read by multilingual-e5
            embed_e5([d.sentences[i].text for d in others for i in doc_sentences(d, cap, cues)])
        for d in docs:
            yield self(d)


@component("narratives", reads=("sentences", "mentions", "claims"), writes=("labels",),
           scorer="rashomon.eval.narratives")
def make_narratives(*, codebook: str | None = None, model: str | None = None, explain: bool = True,
                    **settings: Any) -> Narratives:
    """``settings``: the codebook classifier's (``classify.DEFAULTS``)."""
    return Narratives({"codebook": codebook, "model": model, "explain": explain, **settings})
