"""Event-noun constructions: "Iran's support for X", "US sanctions on X", "the war between
X and Y"; a subject missing on the noun comes from the light verb that governs it ("provide
support to X"), from the clause it is an adjunct of ("during a visit to X, Y ..."), or
from "on the side of" ("X entered the war on the side of Y")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rashomon.doc import SYMMETRIC
from rashomon.nlp.claims.constructions import PENALTY, STRENGTH, words
from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.entities import entity_candidate
from rashomon.nlp.claims.patterns.view import (
    PLACE_TYPES,
    SUBJ_DEPS,
    Arg,
    Candidate,
    SentenceView,
    dative_prep,
    is_passive,
    target_place,
    verb_subjects,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


OBJECT_CONTROL = words("object_control_verbs")


RECEIVERS = words("backing_receivers")


def _chain(tok: Token, top: Token) -> bool:
    """True if ``tok`` hangs under ``top`` through prepositions and their objects only."""
    t = tok
    for _ in range(6):
        if t.head == top:
            return True
        if t.dep_ not in ("prep", "pobj", "conj", "appos"):
            return False
        t = t.head
    return False


def climb_to_governor(view: SentenceView, n: Token) -> Token | None:
    """The light verb (or adjective) that governs a nominal trigger, if any."""
    tok = n
    for _ in range(5):
        if tok.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubjpass", "conj", "pcomp", "acomp",
                            "xcomp", "appos", "compound", "npadvmod"):
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            lemma = tok.lemma_.lower()
            if lemma in view.lex.lists["light_verbs"] or lemma == "be" or lemma in OBJECT_CONTROL:
                return tok
            return None
    return None


def noun_candidate(view: SentenceView, n: Token, t: Trigger) -> Candidate | None:
    if t.entity:
        return entity_candidate(view, n, t)
    cand = Candidate(t, n, "noun")
    mods = view.modifier_actors(n)
    _noun_preps(view, n, t, cand)
    if len({a.mention.actor for a in mods}) >= 2 and not cand.objects and not cand.subjects:
        cand.pairwise.extend(mods)  # "the Israel-Hamas conflict", "US-China rivalry"
    else:
        cand.subjects.extend(mods)
    _between(view, n, cand)
    if t.participant and not cand.subjects and not cand.pairwise:
        subj, others = adjunct_participants(view, n)
        if not subj:  # "leaders promised X arms during a visit to Y": X visits
            subj, others = others, []
        cand.subjects.extend(subj)
        if not cand.objects:  # "X warned Y during a phone call": both take part
            cand.objects.extend(others)
    gov = climb_to_governor(view, n)
    cand.governor = gov
    if gov is not None:
        _governed(view, n, t, cand, gov)
    if not cand.objects and t.relation in SYMMETRIC and len(
            {a.mention.actor for a in cand.subjects}) >= 2:
        cand.pairwise, cand.subjects = cand.subjects, []
    return cand


def _noun_preps(view: SentenceView, n: Token, t: Trigger, cand: Candidate) -> None:
    """The noun's own prepositions: "between X and Y", "aid from X" (subject), "sanctions on
    X" (object), "the bombing in Kabul" (the place attacked)."""
    for c in n.children:
        if c.dep_ != "prep":
            continue
        word = c.lower_
        if word == "between":
            cand.pairwise.extend(view._pobj_actors(c))
        elif word in t.subj_preps:
            cand.subjects.extend(view._pobj_actors(c))
        elif word in t.preps:
            got = view._pobj_actors(c)
            if not got and t.relation == "attack":
                got = [a for o in c.children if o.dep_ == "pobj" for a in target_place(view, o)]
            cand.objects.extend(got)
        elif word == "in" and t.relation == "attack" and t.plover == "ASSAULT":
            place = [Arg(a.mention, a.token, PENALTY.attack_place) for a in view._pobj_actors(c)
                     if a.mention.type in PLACE_TYPES]
            cand.objects.extend(place)  # "the bombing in Kabul": the place is the target


def _between(view: SentenceView, n: Token, cand: Candidate) -> None:
    """"fighting broke out between X and Y", "a peace agreement for eastern Ukraine between
    X, Y and Z": a "between" elsewhere than on the noun."""
    if not cand.pairwise and n.dep_ == "nsubj":  # "fighting broke out between X and Y"
        for c in n.head.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                cand.pairwise.extend(view._pobj_actors(c))
    if not cand.pairwise:  # "a peace agreement for eastern Ukraine between X, Y and Z"
        for c in n.subtree:
            if c.dep_ == "prep" and c.lower_ == "between" and c.head != n and _chain(c, n):
                cand.pairwise.extend(view._pobj_actors(c))


def _governed(view: SentenceView, n: Token, t: Trigger, cand: Candidate, gov: Token) -> None:
    """Arguments from the verb (or adjective) that governs the noun: "X provided support to
    Y", "promised Ukraine full support", "accused X of aggression against Y", "X has US
    backing", "X is responsible for the attack"."""
    if t.relation == "support" and not cand.objects:
        recipients = [a for a in cand.subjects if a.token.i == gov.i + 1
                      and a.token.dep_ in ("nmod", "compound") and a.token.i + 1 < n.i]
        if recipients:  # "promised Ukraine full support": a dative the parser took for a modifier
            cand.objects = recipients
            cand.subjects = [a for a in cand.subjects if a not in recipients]
    if gov.lemma_.lower() in OBJECT_CONTROL:
        if not cand.subjects and not cand.pairwise and n.dep_ == "pobj":
            # "accused X of aggression against Y": X is the doer, never the accuser
            ctrl = "nsubjpass" if is_passive(gov) else "dobj"
            cand.subjects.extend(a for c in gov.children if c.dep_ == ctrl for a in view.actors(c))
        return
    if cand.subjects and not cand.objects and (
            gov.lemma_.lower() in RECEIVERS) and n.dep_ == "dobj":  # "X has US backing"
        cand.objects.extend(verb_subjects(view, gov)[0])
    if not cand.subjects and not cand.pairwise:
        _light_verb_args(view, n, t, cand, gov)


def _light_verb_args(view: SentenceView, n: Token, t: Trigger, cand: Candidate, gov: Token) -> None:
    """The governor's subject and objects: "provide support to X", "impose sanctions on X",
    "offered millions worth of aid to X", "gave X a deadline"."""
    s, _ = verb_subjects(view, gov) if gov.pos_ != "ADJ" else ([], [])
    if gov.pos_ == "ADJ" or gov.lemma_ == "be":  # "X is responsible for the attack"
        cop = gov.head if gov.dep_ == "acomp" else gov
        s = [a for c in cop.children if c.dep_ in SUBJ_DEPS for a in view.actors(c)]
    cand.subjects.extend(Arg(a.mention, a.token, a.penalty + PENALTY.governor_subject) for a in s)
    for c in [*gov.children, *_path_preps(n, gov)]:
        if (c.dep_ == "prep" or dative_prep(c)) and c.lower_ in t.preps and c.lower_ != "of":
            cand.objects.extend(view._pobj_actors(c))
        elif c.dep_ == "dative" or (t.relation == "support" and (
                c.dep_ == "dobj" and c != n and c.i in view.by_token)):
            cand.objects.extend(view.actors(c))  # "promised Ukraine full support",
            # "gave X a deadline"


def _path_preps(n: Token, gov: Token) -> list[Token]:
    """Prepositions on the nouns between a nominal trigger and its governor ("euros worth
    of aid to X": "to" hangs on "worth")."""
    out: list[Token] = []
    tok = n.head
    while tok != gov and tok.head != tok:
        if tok.pos_ in ("NOUN", "NUM"):
            out.extend(c for c in tok.children if c.dep_ == "prep" and c.i > n.i)
        tok = tok.head
    return out


EVENT_ADJUNCT_PREPS = words("event_adjunct_preps")


def adjunct_participants(view: SentenceView, n: Token) -> tuple[list[Arg], list[Arg]]:
    """"During a visit to X, Y said ...": the subject of the clause an event noun is an
    adjunct of takes part in the event (visits, talks, meetings); so do the clause's object
    actors ("Y warned Z during a phone call"). Returns (subjects, objects) of that clause."""
    if n.dep_ != "pobj" or n.head.lower_ not in EVENT_ADJUNCT_PREPS or n.head.dep_ != "prep":
        return [], []
    v = n.head.head
    if v.pos_ not in ("VERB", "AUX"):
        return [], []
    subj, _ = verb_subjects(view, v)
    objs = [a for c in v.children if c.dep_ in ("dobj", "dative") and c.lower_ != "it"
            for a in view.actors(c)]  # "make it to X": no participant
    return ([Arg(a.mention, a.token, a.penalty + PENALTY.participant_subject) for a in subj],
            [Arg(a.mention, a.token, a.penalty + PENALTY.participant_object) for a in objs])


def side_of_candidates(view: SentenceView) -> Iterator[Candidate]:
    """"X entered the war on the side of Y" -> X support Y."""
    for tok in view.parse:
        if tok.lower_ != "side" or tok.dep_ != "pobj" or tok.head.lower_ not in ("on", "at"):
            continue
        objs = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for a in view._pobj_actors(c)]
        objs.extend(a for c in tok.children if c.dep_ == "poss" for a in view.actors(c))
        gov = tok.head.head
        subj: list[Arg] = []
        if gov.pos_ in ("VERB", "AUX"):
            subj, _ = verb_subjects(view, gov)
        elif gov.pos_ in ("NOUN", "PROPN"):
            subj = view.actors(gov)
        if objs and subj:
            t = Trigger("side", "noun", "support", "SUPPORT", strength=STRENGTH.side_of)
            yield Candidate(t, tok, "side_of", subjects=subj, objects=objs, governor=gov)
