"""Claims from the learned relation model, combined with the rules of one sentence.

For every two actors of a parsed sentence the model (``model.py``) reads the encoder's
token vectors and the rules' own answer (``features.py``) and decides: no relation, or a
relation with its direction. How the two are combined (``policy``), and whether negation
comes from the model's head or from the rules' dependency walk, are chosen by
cross-validation on the training corpus and stored with the model. Attribution (source),
hedging and time come from the rules' walk (``attribution.frame``) started at the top of
the dependency path between the two actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rashomon.doc import SYMMETRIC, Claim, Doc, Mention, Span
from rashomon.nlp.claims.attribution import Frame, frame
from rashomon.nlp.claims.candidates import Pair, pairs_of, slots
from rashomon.nlp.claims.features import (
    LABELS,
    decode,
    dep_path,
    lca,
    pair_features,
    rule_label,
)
from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.view import Arg, Candidate, SentenceView
from rashomon.nlp.text.spans import span_tokens

if TYPE_CHECKING:
    from rashomon.nlp.claims.model import RelationModel

PLOVER = {"ally": "COOPERATE", "cooperate": "CONSULT", "support": "SUPPORT",
          "oppose": "DISAPPROVE", "attack": "ASSAULT", "part_of": None}


def _token(view: SentenceView, m: Mention) -> Any:
    off = view.sentence.start
    toks = span_tokens(view.parse, m.start - off, m.end - off)
    return toks[-1] if toks else None


def _frame(view: SentenceView, pair: Pair, relation: str) -> tuple[Frame, list[Any]]:
    """Negation, hedging, source and time for a model claim: the rules' walk from the top of
    the dependency path between the two actors."""
    path = dep_path(view.parse, view.sentence.start, pair.a, pair.b)
    top = lca(path)
    ta, tb = _token(view, pair.a), _token(view, pair.b)
    if top is None or ta is None or tb is None:
        return Frame(), [t for t in (ta, tb) if t is not None]
    trig = Trigger(lemma=top.lemma_.lower(), pos="verb" if top.pos_ in ("VERB", "AUX") else "noun",
                   relation=relation)
    cand = Candidate(trig, top, "model", [Arg(pair.a, ta)], [Arg(pair.b, tb)])
    return frame(view, cand), [top, ta, tb]


def walk(view: SentenceView, pair: Pair, rules: list[Claim]) -> tuple[bool, bool, str | None]:
    """(negated, hedged, source) the pipeline gives a model claim of ``pair``: the rules'
    own when they relate the pair, else the walk from the top of the path between them."""
    _, claim = rule_label(rules, pair.a, pair.b)
    if claim is not None:
        return claim.negated, claim.hedged, claim.source
    fr, _ = _frame(view, pair, "support")
    return fr.negated, fr.hedged, fr.speaker.name if fr.speaker else None


class PairClassifier:
    """Decides the claims of a sentence's actor pairs with the model and the rules."""

    def __init__(self, model: RelationModel) -> None:
        self.model = model
        meta = model.meta
        # model | model_or_rules (rules where the model says none) | rules_first (a rule that
        # fires stands; the model decides the pairs the rules leave silent)
        self.policy = str(meta.get("policy", "model_or_rules"))
        self.negation = str(meta.get("negation", "rules"))  # model | rules
        self.hedging = str(meta.get("hedging", "rules"))  # model | rules

    def sentence_claims(self, doc: Doc, index: int, mentions: list[Mention], rules: list[Claim],
                        view: SentenceView, evidence: Any) -> list[Claim]:
        """The sentence's claims: model decisions for its actor pairs, and the rule claims
        the model cannot judge (pronoun antecedents, actors outside the mentions)."""
        sent = doc.sentences[index]
        pairs = pairs_of(index, [m for m in mentions if m.sentence == index or m.sentence < 0])
        if not pairs:
            return rules
        enc = self.model.tokenize([sent.text])[0]
        keep, where = [], []
        n_actors = len({m.actor for m in mentions})
        for p in pairs:
            sl = slots(enc.offsets, (p.a.start - sent.start, p.a.end - sent.start),
                       (p.b.start - sent.start, p.b.end - sent.start))
            if sl is None:
                continue
            keep.append(p)
            where.append(sl)
        if not keep:
            return rules
        judged = {frozenset((p.a.actor, p.b.actor)) for p in keep}
        out = [c for c in rules if frozenset((c.subject_id, c.object_id)) not in judged]
        if self.rules_decide(keep, rules):  # the model would not be read: not run
            for p in keep:
                out.extend(c for c in rules if {c.subject_id, c.object_id} == {p.a.actor, p.b.actor})
            return out
        feats = [pair_features(sent.parse, sent.start, p, rules, view.lex, n_actors) for p in keep]
        probs = self.model.predict(enc.ids, where, np.stack(feats))
        for p, row in zip(keep, probs, strict=True):
            out.extend(self._decide(doc, index, view, p, row, rules, evidence))
        return out

    def rules_decide(self, pairs: list[Pair], rules: list[Claim]) -> bool:
        """Do the rules alone decide every pair? (With ``rules_first``, when a rule claim
        relates each of them: a rule that fires stands.)"""
        return self.policy == "rules_first" and all(
            rule_label(rules, p.a, p.b)[1] is not None for p in pairs)

    def _decide(self, doc: Doc, index: int, view: SentenceView, pair: Pair, row: np.ndarray,
                rules: list[Claim], evidence: Any) -> list[Claim]:
        n = len(LABELS)
        rel = row[1:n]
        best = int(rel.argmax()) + 1
        rule_lab, rule_claim = rule_label(rules, pair.a, pair.b)
        ends = {pair.a.actor, pair.b.actor}
        pair_rules = [c for c in rules if {c.subject_id, c.object_id} == ends]
        if self.policy == "rules_first" and rule_claim is not None:
            return pair_rules
        if rel[best - 1] < self.model.threshold:
            return pair_rules if self.policy == "model_or_rules" else []
        decoded = decode(LABELS[best])
        assert decoded is not None
        relation, way = decoded
        if rule_claim is not None and rule_lab == LABELS[best]:  # the rules agree: their frame
            same = [c for c in pair_rules if c.relation == relation]
            for c in same:
                c.confidence = round(float(max(c.confidence, rel[best - 1])), 3)
                c.extractor = "model+rules"
                if self.negation == "model":
                    c.negated = bool(row[n] >= 0.5)
                if self.hedging == "model":
                    c.hedged = bool(row[n + 1] >= 0.5)
            return same
        fr, toks = _frame(view, pair, relation)
        negated = bool(row[n] >= 0.5) if self.negation == "model" else fr.negated
        span = evidence(doc, view, toks) if toks else Span(view.sentence.start, view.sentence.end,
                                                             view.sentence.text)
        out = []
        for s, o in self._directions(pair, way, relation):
            out.append(Claim(
                subject=s.name, relation=relation, object=o.name, evidence=span,
                negated=negated, hedged=bool(row[n + 1] >= 0.5) if self.hedging == "model" else fr.hedged,
                source=fr.speaker.name if fr.speaker else None,
                source_id=fr.speaker.actor if fr.speaker else None,
                confidence=round(float(rel[best - 1]), 3), subject_id=s.actor, object_id=o.actor,
                subject_text=s.text, object_text=o.text, plover=PLOVER[relation], time=fr.time,
                extractor="model", sentence=index))
        return out

    @staticmethod
    def _directions(pair: Pair, way: str, relation: str) -> list[tuple[Mention, Mention]]:
        a, b = pair.a, pair.b
        if relation in SYMMETRIC:
            return [(a, b) if a.name <= b.name else (b, a)]
        if way == "=":
            return [(a, b), (b, a)]
        return [(a, b)] if way == ">" else [(b, a)]
