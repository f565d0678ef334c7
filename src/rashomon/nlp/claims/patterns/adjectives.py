"""Adjective constructions: "X is hostile to Y", "groups affiliated with Y"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.view import SUBJ_DEPS, Candidate, SentenceView, verb_subjects

if TYPE_CHECKING:
    from spacy.tokens import Token


def adj_candidate(view: SentenceView, a: Token, t: Trigger) -> Candidate:
    """"X is hostile to Y", "groups affiliated with Y"."""
    cand = Candidate(t, a, "adjective")
    if a.dep_ in ("acomp", "oprd"):
        cand.subjects = [x for c in a.head.children if c.dep_ in SUBJ_DEPS for x in view.actors(c)]
    elif a.dep_ in ("amod", "acl"):
        cand.subjects = view.actors(a.head)
    elif a.pos_ == "VERB":
        cand.subjects, _ = verb_subjects(view, a)
    for c in a.children:
        if c.dep_ == "prep" and c.lower_ in t.preps:
            cand.objects.extend(view._pobj_actors(c))
    return cand
