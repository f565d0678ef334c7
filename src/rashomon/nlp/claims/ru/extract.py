"""Russian claims of a document: rules (``rules.py``) and the pair model, combined.

Sentences with two or more different actors are parsed with natasha. For each pair of
actors the pair model (when shipped, ``model.py``) gives the relation and its direction,
reading the rules' verdict among its features; without a model the rules decide alone.
Negation, hedging and the source come from the frame of the rule's trigger, or of the word
joining the two actors in the parse.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rashomon.doc import SYMMETRIC, Claim, Doc, Mention, Span
from rashomon.nlp.actors.kb import kb_or_none
from rashomon.nlp.claims.checks import drop_impossible, drop_place_claims
from rashomon.nlp.claims.ru.features import NONE, label_of, pair_features, pairs, unlabel
from rashomon.nlp.claims.ru.lexicon import RuLexicon, RuTrigger, load_ru_lexicon
from rashomon.nlp.claims.ru.model import PairModel, load_model
from rashomon.nlp.claims.ru.rules import RuCandidate, RuFrame, View, candidates, frame
from rashomon.nlp.text.ruparse import parse_texts, path


def _evidence(doc_text: str, view: View, toks: list[int], max_chars: int) -> Span:
    if len(view.text) <= max_chars:
        return Span(view.offset, view.offset + len(view.text), view.text)
    lo = min(view.toks[i].start for i in toks)
    hi = max(view.toks[i].end for i in toks)
    if hi - lo > max_chars:
        hi = lo + max_chars
    a, b = view.offset + lo, view.offset + hi
    return Span(a, b, doc_text[a:b])


def _claim(doc_text: str, view: View, sentence: int, s: int, o: int, relation: str,
           plover: str | None, fr: RuFrame, conf: float, toks: list[int], max_chars: int,
           extractor: str) -> Claim:
    ms = view.mentions
    if relation in SYMMETRIC and ms[o].name < ms[s].name:
        s, o = o, s
    speaker = ms[fr.speaker] if fr.speaker is not None else None
    if speaker is not None and speaker.actor == ms[s].actor and relation == "oppose":
        speaker = None  # the speaker's own accusation is in the article's voice (spec)
    return Claim(
        subject=ms[s].name, relation=relation, object=ms[o].name,
        evidence=_evidence(doc_text, view, toks, max_chars), negated=fr.negated,
        hedged=fr.hedged, source=speaker.name if speaker else None,
        source_id=speaker.actor if speaker else None,
        confidence=round(max(0.05, min(0.99, conf - (0.1 if fr.hedged else 0.0))), 3),
        subject_id=ms[s].actor, object_id=ms[o].actor, subject_text=ms[s].text,
        object_text=ms[o].text, plover=plover, extractor=extractor, sentence=sentence)


def _rule_pairs(view: View, cands: list[RuCandidate]) -> dict[tuple[int, int], tuple[RuCandidate, str]]:
    """The rules' best candidate and label per mention pair (in text order)."""
    by_pair: dict[tuple[int, int], tuple[RuCandidate, str]] = {}
    for c in cands:  # the rules' best label per mention pair in text order
        for s, o in c.pairs():
            if view.mentions[s].actor == view.mentions[o].actor:
                continue
            a, b = sorted((s, o), key=lambda k: view.mentions[k].start)
            old = by_pair.get((a, b))
            if old is None or old[0].trigger.strength < c.trigger.strength:
                by_pair[(a, b)] = (c, label_of(c.trigger.relation, s == a))
    return by_pair


def _rule_of(view: View, by_pair: dict[tuple[int, int], tuple[RuCandidate, str]], a: int,
             b: int) -> tuple[RuCandidate, str] | None:
    """The rules' claim for mention pair ``a``, ``b`` (text order): theirs, else the
    strongest one between other mentions of the same two actors, its label turned to this
    pair's order."""
    if (a, b) in by_pair:
        return by_pair[(a, b)]
    ms = view.mentions
    best: tuple[RuCandidate, str] | None = None
    for (x, y), (c, lab) in by_pair.items():
        if {ms[x].actor, ms[y].actor} == {ms[a].actor, ms[b].actor} and (
                best is None or best[0].trigger.strength < c.trigger.strength):
            rel, forward = unlabel(lab)
            best = (c, label_of(rel, ms[x if forward else y].actor == ms[a].actor))
    return best


def _model_claim(doc_text: str, view: View, sentence: int, model: PairModel, max_chars: int,
                 by_pair: dict[tuple[int, int], tuple[RuCandidate, str]], p: Any,
                 row: Any) -> Claim | None:
    """The claim of one pair from the model's probabilities ``row`` (None: no claim)."""
    best = int(row.argmax())
    lab = model.classes[best]
    if lab == NONE or row[best] < model.threshold:
        rule = _rule_of(view, by_pair, p.a, p.b) if model.keep_rules else None
        if rule is None:
            return None
        lab = rule[1]  # the model is unsure or says none: the rule's claim stands
        conf = rule[0].trigger.strength
    else:
        conf = float(row[best])
    rel, forward = unlabel(lab)
    s, o = (p.a, p.b) if forward else (p.b, p.a)
    rule = _rule_of(view, by_pair, p.a, p.b)
    steps: list[str] = []
    if rule is not None and rule[0].trigger.relation == rel:
        c = rule[0]
    else:  # the model's own claim: the frame of the word that joins the pair
        lca, steps = path(view.toks, view.head_of[p.a], view.head_of[p.b])
        tok = lca if lca is not None else view.head_of[p.a]
        c = RuCandidate(RuTrigger("", "verb", rel, None, ()), tok, tok, [s], [o], "model")
    plover = c.trigger.plover if c.trigger.lemma else None
    fr = _frame(view, c)
    if c.pattern == "model" and _refused(view, c.tok, steps):
        fr.negated = not fr.negated  # "X отказалась поддержать санкции против Y"
    return _claim(doc_text, view, sentence, s, o, rel, plover, fr,
                  conf, [c.tok, view.head_of[s], view.head_of[o]],
                  max_chars, "model-ru")


def sentence_claims(doc_text: str, view: View, sentence: int, model: PairModel | None,
                    max_chars: int = 300, cands: list[RuCandidate] | None = None,
                    ps: list[Any] | None = None, probs: Any = None) -> list[Claim]:
    """Claims of one parsed sentence (``cands``, ``ps``, ``probs``: the rules' candidates,
    the pairs and the model's probabilities when already computed)."""
    cands = candidates(view) if cands is None else cands
    by_pair = _rule_pairs(view, cands)
    out: list[Claim] = []
    if model is None:
        for (a, b), (c, lab) in by_pair.items():
            rel, forward = unlabel(lab)
            s, o = (a, b) if forward else (b, a)
            out.append(_claim(doc_text, view, sentence, s, o, rel, c.trigger.plover,
                              _frame(view, c), c.trigger.strength, [c.tok, view.head_of[s],
                              view.head_of[o]], max_chars, "rules-ru"))
        return _dedup(out)
    if ps is None:
        ps = [pair_features(view, a, b, cands) for a, b in pairs(view)]
    if probs is None:
        probs = model.proba(ps)
    for p, row in zip(ps, probs, strict=True):
        claim = _model_claim(doc_text, view, sentence, model, max_chars, by_pair, p, row)
        if claim is not None:
            out.append(claim)
    return _dedup(out)


def _refused(view: View, tok: int, steps: list[str]) -> bool:
    """The word joining the pair is a negating verb ("отказаться", "прекратить") and the
    act it governs lies on the path down to the object."""
    return view.toks[tok].lemma in view.lex.lists["negating_verbs"] and (
        any(s in ("vxcomp", "vobj") for s in steps) or "vobl" in steps and any(
            view.prep(c.i) == "от" for c in view.kids(tok, "obl")))  # "отказался от X"


def _frame(view: View, cand: RuCandidate) -> RuFrame:
    """A title ("президент России Владимир Путин") is the writer's: no frame, unless a
    copula says it ("Белград никогда не станет членом НАТО")."""
    return RuFrame() if cand.pattern == "title" and cand.anchor == cand.tok else \
        frame(view, cand)


def _dedup(claims: list[Claim]) -> list[Claim]:
    """One claim per subject, relation, object and negation (the most confident); a
    negated one gives way to the same claim asserted ("Литва не продавала Украине
    вертолёты, а передала их": one pair, one relation, the fact holds)."""
    best: dict[tuple[Any, ...], Claim] = {}
    for c in claims:
        key = (c.subject_id, c.relation, c.object_id, c.negated)
        if key not in best or best[key].confidence < c.confidence:
            best[key] = c
    return [c for k, c in best.items() if not (c.negated and (*k[:3], False) in best)]


def _by_sentence(doc: Doc) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        i = m.sentence if m.sentence >= 0 else doc.sentence_at(m.start)
        if i >= 0:  # coref mentions too: "Альянс намерен ..." is NATO's claim
            out.setdefault(i, []).append(m)
    return out


class RussianClaims:
    """The Russian path of the "claims" component."""

    def __init__(self, max_chars: int = 300, use_model: bool = True,
                 lexicon: RuLexicon | None = None) -> None:
        self.max_chars = max_chars
        self.lex = lexicon or load_ru_lexicon()
        self.model = load_model() if use_model else None
        self.kb = kb_or_none()

    def extract(self, doc: Doc) -> Doc:
        by_sentence = _by_sentence(doc)
        todo = [i for i, ms in sorted(by_sentence.items())
                if len({m.actor for m in ms}) >= 2 and i < len(doc.sentences)]
        parses = parse_texts([doc.sentences[i].text for i in todo])
        claims: list[Claim] = []
        for i, toks in zip(todo, parses, strict=True):
            s = doc.sentences[i]
            view = View(toks, by_sentence[i], s.start, s.text, self.lex)
            claims.extend(sentence_claims(doc.text, view, i, self.model, self.max_chars))
        doc.claims = claims
        return drop_impossible(drop_place_claims(doc), self.kb, found_people=True)


@lru_cache(maxsize=4)
def russian(max_chars: int = 300) -> RussianClaims:
    """The Russian extractor, built once per process."""
    return RussianClaims(max_chars)
