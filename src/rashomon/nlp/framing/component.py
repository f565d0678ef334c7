"""Component "framing": one role label per actor per document (main role, fine roles,
evidence sentences), from a framing model (default: the one trained on the project's own
framing set in five languages, shipped in ``model/`` and made by ``corpus.py``; or one made
by `rashomon train framing`), or from the English role codebook (parse evidence) when a
codebook is given, when no model is available and for the languages in
``corpus.RULES_FOR`` (English by default)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rashomon.doc import Doc, Label
from rashomon.errors import UserError
from rashomon.nlp.framing.corpus import DATA, RULES_FOR, default_model
from rashomon.nlp.framing.evidence import cues
from rashomon.nlp.framing.model import Item, RoleModel, decide, language
from rashomon.nlp.framing.roles import DEFAULTS, RoleClassifier, RoleScores, merge
from rashomon.nlp.narratives.train import load_model
from rashomon.nlp.text.embed import embed
from rashomon.registry import component


class Framing:
    def __init__(self, config: dict[str, Any]) -> None:
        self.codebook = config.get("codebook") or None
        self.clf = RoleClassifier(self.codebook, **{k: config[k] for k in DEFAULTS if k in config})
        self.max_mentions = int(config.get("max_mentions", 5))
        self.min_mentions = int(config.get("min_mentions", 1))
        self.model: RoleModel | None = None
        self.name = "codebook"
        if config.get("model"):
            self.model = load_model(config["model"])
            if not isinstance(self.model, RoleModel):
                raise UserError(f"{config['model']} is not a framing model")
            self.name = f"model:{config['model']}"

    def role_model(self) -> RoleModel | None:
        """The model to use: the configured one, else (without a codebook) the default."""
        if self.model is None and not self.codebook:
            self.model = default_model()
            if self.model is not None:
                self.name = "framing-set"
        return self.model

    def coded(self, doc: Doc) -> bool:
        """Does the role codebook frame ``doc``? The default model is loaded only for a
        language the codebook does not frame (``RULES_FOR``): English alone needs neither
        it nor scikit-learn (the labels name the default model all the same)."""
        lang = language(doc)
        if self.model is None and not self.codebook and lang in RULES_FOR and DATA.is_dir():
            self.name = "framing-set"  # what role_model() would name it (see default_model)
            return True
        model = self.role_model()
        return model is None or (self.name == "framing-set" and lang in RULES_FOR)

    def framed(self, doc: Doc) -> dict[str, list[Any]]:
        """actor -> the mentions its role is read from: its first ``max_mentions``, for
        actors with at least ``min_mentions``."""
        by_actor: dict[str, list[Any]] = {}
        for m in doc.mentions:
            by_actor.setdefault(m.actor, []).append(m)
        return {a: ms[: self.max_mentions] for a, ms in by_actor.items() if len(ms) >= self.min_mentions}

    @staticmethod
    def sentences(by_actor: dict[str, list[Any]], doc: Doc) -> list[int]:
        return sorted({m.sentence for ms in by_actor.values() for m in ms
                       if 0 <= m.sentence < len(doc.sentences)})

    def __call__(self, doc: Doc) -> Doc:
        doc.labels = [lb for lb in doc.labels if lb.kind != "role"]
        by_actor = self.framed(doc)
        if not by_actor:
            return doc
        if self.coded(doc):
            return self.by_codebook(doc, by_actor)
        model = self.role_model()
        lang = language(doc)
        items = [Item(doc, m.start, m.end, lang, actor) for actor, ms in by_actor.items() for m in ms]
        X = model.features(items)
        probs = model.proba(X)
        k = 0
        for actor, ms in by_actor.items():
            rows = range(k, k + len(ms))
            k += len(ms)
            # the actor's mentions vote with their mean probabilities
            p = {r: sum(probs[i].get(r, 0.0) for i in rows) / len(ms) for r in probs[rows[0]]}
            allowed = frozenset().union(*(model.allowed(X[i]) or () for i in rows)) if model.gate else None
            main = decide(p, model.tau(lang), allowed)
            fine = model.fine_role(X[list(rows)].mean(axis=0), main)
            ev = self.backing(doc, ms, main) or sorted({m.sentence for m in ms if m.sentence >= 0})
            doc.labels.append(Label(
                "role", main, round(p.get(main, 0.0), 4), actor=actor, target=doc.span(ms[0].start, ms[0].end),
                fine=fine, evidence=[doc.span(doc.sentences[i].start, doc.sentences[i].end) for i in ev],
                model=self.name))
        return doc

    @staticmethod
    def backing(doc: Doc, ms: list[Any], main: str) -> list[int]:
        """Sentences whose explicit evidence (``evidence.cues``: claims, parse cues) backs
        ``main`` for these mentions."""
        return sorted({m.sentence for m in ms if 0 <= m.sentence < len(doc.sentences)
                       and any(c.role == main for c in cues(doc, m.start, m.end, m.actor))})

    def by_codebook(self, doc: Doc, by_actor: dict[str, list[Any]]) -> Doc:
        """Roles from the English role codebook (cues, parse evidence, sentence similarity)."""
        # embed the sentences of the framed mentions once (cached; shared with narratives)
        sents = self.sentences(by_actor, doc)
        vecs = dict(zip(sents, embed([doc.sentences[i].text for i in sents]), strict=True))
        for actor, ms in by_actor.items():
            scores: list[RoleScores] = [
                self.clf.score(doc, m.start, m.end, actor, vecs.get(m.sentence)) for m in ms]
            rs = merge(scores)
            main, fine = self.clf.decide(rs)
            votes = rs.votes()
            if any(votes.values()):  # share of the cue weight that backs the chosen role
                score = round(votes[main] / sum(votes.values()), 4)
            else:  # no evidence: the default role, with the embedding margin
                ranked = sorted(rs.main.values(), reverse=True)
                score = round(ranked[0] - ranked[1], 4)
            # evidence: the sentences whose cues back the role, else every mention's sentence
            ev = sorted({i for sc in scores if any(c.role == main for c in sc.cues)
                         for i in sc.evidence}) or rs.evidence
            doc.labels.append(Label(
                "role", main, score, actor=actor, target=doc.span(ms[0].start, ms[0].end),
                fine=fine, evidence=[doc.span(doc.sentences[i].start, doc.sentences[i].end) for i in ev],
                model=self.name))
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        # the documents the role codebook frames: one encode call for the whole batch;
        # __call__ then reads the embedding cache
        coded = [d for d in docs if self.coded(d)]
        if coded:
            embed([d.sentences[i].text for d in coded for i in self.sentences(self.framed(d), d)])
        for d in docs:
            yield self(d)


@component("framing", reads=("sentences", "sentences.parse", "mentions", "claims"),
           writes=("labels",), scorer="rashomon.eval.narratives")
def make_framing(*, codebook: str | None = None, model: str | None = None, max_mentions: int = 5,
                 min_mentions: int = 1, **settings: Any) -> Framing:
    """``settings``: the role classifier's (``roles.DEFAULTS``)."""
    return Framing({"codebook": codebook, "model": model, "max_mentions": max_mentions,
                    "min_mentions": min_mentions, **settings})
