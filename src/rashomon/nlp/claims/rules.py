"""Claim candidates of a sentence: every construction, in one pass over the parse.

The dependency patterns live in ``patterns/``; this module adds the constructions about
*measures* and *relations*, and runs them all:

- countering a measure (the one "shielding" mechanism): opposing, vetoing or lifting
  "sanctions on Y" or "a resolution condemning Y" supports Y (the spec: vetoing sanctions);
  countering a measure whose doer is named ("US sanctions on Iran") opposes the doer. An
  oppose trigger inside such a measure is left to the countering verb.
- threats: "X threatened to attack Y", "X threatened strikes on Y" are oppose (THREATEN).
- relation nouns: "relations between X and Y plunged", "the deterioration of ties with Y"
  (oppose both ways), "ties warmed" (cooperate): the predicate (or the noun of change)
  gives the sign of a neutral relation noun.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rashomon.nlp.claims.constructions import STRENGTH, words
from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.adjectives import adj_candidate
from rashomon.nlp.claims.patterns.entities import title_candidates
from rashomon.nlp.claims.patterns.nouns import noun_candidate, side_of_candidates
from rashomon.nlp.claims.patterns.verbs import (
    evaluative_candidate,
    receive_candidate,
    verb_candidate,
)
from rashomon.nlp.claims.patterns.view import (
    MOD_DEPS,
    Arg,
    Candidate,
    SentenceView,
    is_passive,
    verb_like,
    verb_subjects,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

COUNTER_PATH = frozenset({"dobj", "pobj", "prep", "pcomp", "acl", "xcomp", "compound", "nmod"})


def countered(view: SentenceView, tok: Token) -> bool:
    """Is ``tok`` a measure against someone: a harm noun ("sanctions", "the listing") or an
    oppose trigger ("a resolution condemning Y")?"""
    if tok.i in view.by_token or tok.pos_ not in ("NOUN", "VERB"):
        return False
    if tok.pos_ == "NOUN" and (tok.lemma_.lower() in view.lex.lists["harm_nouns"]
                               or tok.lower_ in view.lex.lists["harm_nouns"]):
        return True
    return any(t.relation == "oppose" for t in view.triggers_at(tok))


def countering_verb(view: SentenceView, tok: Token) -> Token | None:
    """The verb that counters the measure ``tok`` sits in: "X vetoed [sanctions on Y]",
    "X blocked [resolutions aimed at imposing sanctions on Y]" (through its object only)."""
    came = None
    for _ in range(6):
        if tok.dep_ not in COUNTER_PATH or tok.head == tok:
            return None
        came, tok = tok.dep_, tok.head
        if tok.pos_ == "VERB" and tok.lemma_.lower() in view.lex.lists["countering_verbs"]:
            return tok if came == "dobj" else None
    return None


def _measure_roles(view: SentenceView, act: Token) -> tuple[list[Arg], list[Arg]]:
    """(doers, patients) of a measure: "US sanctions on Iran", "a resolution condemning Y"."""
    if act.pos_ == "VERB":
        doers = [a for c in act.children if c.dep_ in ("nsubj", "agent") for a in (
            view.actors(c) if c.dep_ == "nsubj" else view._pobj_actors(c))]
        patients = [a for c in act.children if c.dep_ in ("dobj", "nsubjpass")
                    for a in view.actors(c)]
        return doers, patients
    doers = [Arg(view.by_token[c.i], c) for c in act.children
             if c.dep_ in MOD_DEPS and c.i in view.by_token]
    doers += [a for p in act.children if p.dep_ == "prep" and p.lower_ == "by"
              for a in view._pobj_actors(p)]
    preps = [p for p in act.children if p.dep_ == "prep" and p.lower_ in ("of", "against", "on", "to")]
    patients = [a for p in preps for a in view._pobj_actors(p)]
    if not patients:  # "sanctions on Venezuela's oil sector": the owner of the target
        patients = [a for p in preps for o in p.children if o.dep_ == "pobj"
                    for a in view.modifier_actors(o)]
    return doers, patients


def counter_candidate(view: SentenceView, v: Token) -> Candidate | None:
    """Countering a measure against someone, the one mechanism for "shielding": opposing,
    vetoing or lifting "sanctions on Y" or "a resolution condemning Y" supports Y (the spec:
    vetoing sanctions); when the measure names its doer ("US sanctions on Iran"), countering
    it opposes the doer. None when the verb's object holds no such measure."""
    if is_passive(v):
        return None
    todo = [c for c in v.children if c.dep_ == "dobj" and c.i not in view.by_token]
    seen = 0
    while todo and seen < 12:
        tok = todo.pop(0)
        seen += 1
        if countered(view, tok):
            doers, patients = _measure_roles(view, tok)
            subj, _ = verb_subjects(view, v)
            if doers:
                t = Trigger(v.lemma_.lower(), "verb", "oppose", "REJECT", strength=STRENGTH.counter)
                return Candidate(t, v, "counter", subjects=subj, objects=doers)
            if patients:
                t = Trigger(v.lemma_.lower(), "verb", "support", "SUPPORT", strength=STRENGTH.counter)
                return Candidate(t, v, "counter", subjects=subj, objects=patients)
            return None
        todo.extend(c for c in tok.children if c.dep_ in COUNTER_PATH)
    return None


THREAT_VERBS = words("threat_verbs")
# "X urged Y to recognise Z": what is asked for has not happened
REQUEST_VERBS = words("request_verbs")


def requested(tok: Token) -> bool:
    """An act only asked for: "X called on Y to recognise Z", "X urged Y to send arms"."""
    return tok.dep_ == "xcomp" and tok.pos_ == "VERB" and tok.head.lemma_.lower() in REQUEST_VERBS


def threatened(v: Token, governor: Token | None = None) -> bool:
    """An act only threatened: "X threatened to attack Y", "X threatened strikes on Y" are
    threats (oppose), no attacks."""
    if governor is not None:
        return governor.lemma_.lower() in THREAT_VERBS
    return v.dep_ == "xcomp" and v.head.lemma_.lower() in THREAT_VERBS


def trend_candidate(view: SentenceView, n: Token) -> Candidate | None:
    """"Relations between X and Y have plunged" -> X oppose Y and Y oppose X; "ties with Y
    warmed" -> cooperate: the word predicated of a relation noun gives the relation."""
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.pos_ == "NOUN":
        pred = n.head.head  # "the deterioration of relations between X and Y"
    elif n.dep_ in ("nsubj", "nsubjpass"):
        pred = n.head
    elif n.dep_ == "dobj" and n.head.pos_ == "VERB":
        return acted_relation(view, n)
    else:
        return None
    words = {pred.lemma_.lower(), pred.lower_}
    if pred.lemma_ == "be":  # "relations are strained"
        words = {w for c in pred.children if c.dep_ in ("acomp", "attr")
                 for w in (c.lemma_.lower(), c.lower_)}
    lists = view.lex.lists
    if words & lists["worsening_words"]:
        t = Trigger(n.lemma_.lower(), "noun", "oppose", "DISAPPROVE", both=True, strength=STRENGTH.trend)
    elif words & lists["improving_words"]:
        t = Trigger(n.lemma_.lower(), "noun", "cooperate", "COOPERATE", strength=STRENGTH.trend)
    else:
        return None
    cand = Candidate(t, n, "trend", subjects=view.modifier_actors(n))
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("between", "among"):
            cand.pairwise.extend(view._pobj_actors(c))
        elif c.dep_ == "prep" and c.lower_ == "with":  # "Russia's ties with Iran"
            cand.objects.extend(view._pobj_actors(c))
    if not cand.objects:  # "US-China relations"
        cand.pairwise, cand.subjects = cand.pairwise + cand.subjects, []
    found = cand.subjects and cand.objects or len({a.mention.actor for a in cand.pairwise}) >= 2
    return cand if found else None


def acted_relation(view: SentenceView, n: Token) -> Candidate | None:
    """"X severed ties with Y", "X broke off relations with Y" (oppose); "X and Y restored
    relations", "X upgraded ties with Y" (cooperate): the verb acting on a relation noun
    gives the relation; its subject is one side, "with Y" (or a coordinated subject) the
    other. The verb is the trigger, so "did not sever ties" is negated."""
    v = n.head
    if is_passive(v):
        return None
    lists = view.lex.lists
    lemma = v.lemma_.lower()
    if lemma in lists["worsening_words"]:
        t = Trigger(lemma, "verb", "oppose", "SANCTION", strength=STRENGTH.relation_act)
    elif lemma in lists["improving_words"]:
        if any(e.child for e in view.triggers_at(n)):
            return None  # "established close ties with Y": the noun's own entry (ally) speaks
        t = Trigger(lemma, "verb", "cooperate", "COOPERATE", strength=STRENGTH.relation_act)
    else:
        return None
    subjects, _ = verb_subjects(view, v)
    cand = Candidate(t, v, "verb", subjects=subjects)
    for p in [*n.children, *v.children]:
        if p.dep_ == "prep" and p.lower_ in ("with", "between"):
            cand.objects.extend(view._pobj_actors(p))
    if not cand.objects and len({a.mention.actor for a in subjects}) >= 2:
        cand.pairwise, cand.subjects = subjects, []
        if t.relation == "oppose":
            cand.trigger = replace(t, both=True)
    found = cand.subjects and cand.objects or len({a.mention.actor for a in cand.pairwise}) >= 2
    return cand if found else None


# constructions tried before the lexicon's triggers: (part of speech, lexicon list, is the
# word read as its lemma (else its lower case), builder); the first that builds one wins
CONSTRUCTIONS: tuple[tuple[str, str, bool, Callable[[SentenceView, Token], Candidate | None]], ...] = (
    ("NOUN", "relation_nouns", False, trend_candidate),
    ("VERB", "countering_verbs", True, counter_candidate),
    ("VERB", "evaluative_verbs", True, evaluative_candidate),
    ("VERB", "receive_verbs", True, receive_candidate),
)


def construction(view: SentenceView, tok: Token) -> Candidate | None:
    for pos, listed, lemma, build in CONSTRUCTIONS:
        if tok.pos_ == pos and (tok.lemma_.lower() if lemma else tok.lower_) in view.lex.lists[listed]:
            cand = build(view, tok)
            if cand is not None:
                return cand
    return None


def candidates(view: SentenceView) -> Iterable[Candidate]:
    for tok in view.parse:
        special = construction(view, tok)
        if special is not None:
            yield special
            continue
        if requested(tok):
            continue
        for t in view.triggers_at(tok):
            if t.pos == "verb" and (tok.pos_ == "VERB" or verb_like(tok)):
                cand: Candidate | None = verb_candidate(view, tok, t)
            elif t.pos == "noun" or t.entity:
                cand = noun_candidate(view, tok, t)
            else:
                cand = adj_candidate(view, tok, t)
            if cand is not None and (cand.objects or cand.pairwise):
                if t.relation == "attack" and threatened(tok, cand.governor):
                    # "threatened to attack X", "threatened strikes on X": a threat
                    cand.trigger = replace(t, relation="oppose", plover="THREATEN")
                if t.relation == "oppose" and countering_verb(view, tok) is not None:
                    break  # "X vetoed [sanctions on Y]": the countering verb speaks for it
                yield cand
                break  # the first entry that finds its arguments wins
    yield from side_of_candidates(view)
    yield from title_candidates(view)
