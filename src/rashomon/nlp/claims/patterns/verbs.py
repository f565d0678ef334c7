"""Verb constructions: a verb trigger with its subjects and objects ("X armed Y", "X
clashed with Y", "X demanded that Y ..."), receiving aid ("Y received arms from X"), and
evaluation ("X called Y a tyrant")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rashomon.doc import SYMMETRIC
from rashomon.nlp.claims.constructions import PENALTY, STRENGTH, words
from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.view import (
    OBJ_DEPS,
    PLACE_PREPS,
    Arg,
    Candidate,
    SentenceView,
    dative_prep,
    gapped_objects,
    is_passive,
    loose_apposition,
    target_place,
    verb_subjects,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

TOGETHER = words("together_words")  # "fought together": the same side


def verb_candidate(view: SentenceView, v: Token, t: Trigger) -> Candidate:
    cand = Candidate(t, v, "verb")
    passive = is_passive(v)
    subj, extra_obj = verb_subjects(view, v)
    cand.subjects.extend(subj)
    cand.objects.extend(extra_obj)
    preps = set(t.preps)
    if t.child:
        preps.add(t.child.split()[-1])
    for c in v.children:
        if c.dep_ in OBJ_DEPS and loose_apposition(c) is not None:
            continue  # "supplied arms to Syria, Israel's rival": the rival is Syria
        if c.dep_ in OBJ_DEPS and not dative_prep(c):
            if c.dep_ == "nsubjpass" or (c.dep_ in ("dobj", "dative") and not passive) or c.dep_ == "oprd":
                cand.objects.extend(_object_actors(view, v, c, t, preps))
        elif c.dep_ == "conj" and c in gapped_objects(v) and not passive:
            cand.objects.extend(view.actors(c))  # "accused X of A, and Y of B"
        elif (c.dep_ in ("prep", "prt") or dative_prep(c)) and c.lower_ in preps:
            cand.objects.extend(_prep_objects(view, c, t))
        elif c.dep_ == "prt":  # "fighting off Russia" parsed with the object under the particle
            cand.objects.extend(view._pobj_actors(c))
    if not cand.objects and t.plover in ("DEMAND", "REQUEST"):
        cand.objects.extend(addressees(view, v))
    if t.plover == "REQUEST" and _asks_not_to(v):
        cand.trigger = replace(t, relation="oppose", plover="DEMAND")  # "urged X not to V"
    # "X and Y signed a deal", "X and Y clashed", "fought a war" (not "fight terrorism")
    if not cand.objects and _mutual(view, v, t) and len({a.mention.actor for a in cand.subjects}) >= 2:
        cand.pairwise, cand.subjects = cand.subjects, []
    return cand


def _object_actors(view: SentenceView, v: Token, c: Token, t: Trigger, preps: set[str]) -> list[Arg]:
    """The actors of a verb's object: the object itself, else its owner ("attacked the
    headquarters of X"), else, for attacks, the place it is in ("hit a hall in X")."""
    got = view.actors(c)
    if not got and c.dep_ == "dobj":
        got = _object_owners(view, c, t, preps)
    if not got and (t.relation == "attack" or t.plover == "MOBILIZE"):
        got = target_place(view, c)
        for p in v.children if not got and c.dep_ == "dobj" else ():
            if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:  # "hit a hall in X"
                got += [Arg(a.mention, a.token, PENALTY.attack_place) for o in p.children
                        if o.dep_ == "pobj" for a in
                        (view.actors(o) or target_place(view, o))]
    return got


def _asks_not_to(v: Token) -> bool:
    """"urged X not to V": a negated complement."""
    return any(c.dep_ == "xcomp" and any(n.dep_ == "neg" for n in c.children) for c in v.children)


def _prep_objects(view: SentenceView, c: Token, t: Trigger) -> list[Arg]:
    """The actors under a trigger's preposition; for attacks, the place ("massed troops on
    Ukraine's border")."""
    got = view._pobj_actors(c)
    if not got and (t.relation == "attack" or t.plover == "MOBILIZE"):
        got = [a for o in c.children if o.dep_ == "pobj" for a in target_place(view, o)]
    return got


def _object_owners(view: SentenceView, c: Token, t: Trigger, preps: set[str]) -> list[Arg]:
    """"attacked the headquarters of X", "rejected calls from X", "condemned the attacks
    committed by X", "ignored Russia's demands", "challenged U.S. warnings"."""
    got: list[Arg] = []
    for p in c.children:
        if p.dep_ == "prep" and (p.lower_ in ("of", "by", *preps) or (
                p.lower_ == "from" and t.relation == "oppose")):  # "rejected calls from X"
            got += [Arg(a.mention, a.token, PENALTY.object_owner) for a in view._pobj_actors(p)]
        elif p.dep_ == "acl" and p.tag_ == "VBN" and t.relation == "oppose":
            # "condemned the attacks committed by X"
            got += [Arg(a.mention, a.token, PENALTY.object_owner) for ag in p.children
                    if ag.dep_ == "agent" for a in view._pobj_actors(ag)]
        elif p.dep_ == "poss" or (p.dep_ == "compound" and p.i in view.by_token
                                  and t.relation == "oppose"):
            # "ignored Russia's demands", "challenged U.S. warnings"
            got += [Arg(a.mention, a.token, PENALTY.object_owner) for a in view.actors(p)]
    return got


def _mutual(view: SentenceView, v: Token, t: Trigger) -> bool:
    """A relation its coordinated subjects hold with each other ("X and Y clashed"), not
    an attack on an object that is no trigger ("fight terrorism") or on the same side."""
    if not (t.relation in SYMMETRIC or t.both):
        return False
    if t.relation == "attack" and any(c.dep_ in ("dobj", "obj") and view.trigger_at(c) is None
                                      and c.lower_ != t.child for c in v.children):
        return False
    return not (t.relation == "attack" and _same_side(v))


def _same_side(v: Token) -> bool:
    """"X and Y fought on the same side / together / alongside each other": not each other."""
    for c in v.children:
        if c.lower_ in TOGETHER:
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "at", "by") and any(
                g.lemma_.lower() == "side" for g in c.subtree):
            return True
    return False


def addressees(view: SentenceView, v: Token) -> list[Arg]:
    """Whom a demand or appeal is made of when it is a clause: "X demanded that Y free the
    hostages", "X insisted Y stop" (the clause's subject)."""
    return [Arg(a.mention, a.token, PENALTY.addressee) for c in v.children if c.dep_ == "ccomp"
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for a in view.actors(s)]


def receive_candidate(view: SentenceView, v: Token) -> Candidate | None:
    """"Hamas received weapons from Iran" -> Iran support Hamas: a verb of receiving whose
    object is aid (arms, money, training, support) and whose source is an actor."""
    lists = view.lex.lists
    things = [c for c in v.children if c.dep_ == "dobj" or (c.dep_ == "nsubjpass")]
    things += [cc for c in things for cc in c.conjuncts]
    if not any(c.lemma_.lower() in lists["aid_goods"] or c.lower_ in lists["aid_goods"]
               or any(e.relation == "support" for e in view.lex.lookup("noun", c.lemma_.lower()))
               for c in things):
        return None
    givers = [a for c in v.children if c.dep_ == "prep" and c.lower_ == "from"
              for a in view._pobj_actors(c)]
    if not givers:
        return None
    t = Trigger(v.lemma_.lower(), "verb", "support", "AID", strength=STRENGTH.receive)
    cand = Candidate(t, v, "receive", subjects=givers)
    cand.objects, _ = verb_subjects(view, v)
    return cand if cand.objects else None  # nobody received it: no claim


def evaluative_candidate(view: SentenceView, v: Token) -> Candidate | None:
    """"X called Y a tyrant" -> oppose; "X recognised Y as a partner" -> ally; None if no label."""
    labels = [c for c in v.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp")]
    labels += [p for c in v.children if c.dep_ == "prep" and c.lower_ == "as"
               for p in c.children if p.dep_ == "pobj"]
    if not labels:
        return None
    lists = view.lex.lists
    words = {w for lab in labels for w in (lab.lower_, lab.lemma_.lower())}
    words |= {c.lower_ for lab in labels for c in lab.children if c.dep_ in ("amod", "compound")}
    if words & lists["negative_labels"]:
        t = Trigger(v.lemma_.lower(), "verb", "oppose", "DISAPPROVE", strength=STRENGTH.label_negative)
    elif words & lists["positive_labels"]:
        t = Trigger(v.lemma_.lower(), "verb", "ally", "COOPERATE", strength=STRENGTH.label_positive)
    else:
        return None
    cand = Candidate(t, v, "verb")
    cand.subjects, _ = verb_subjects(view, v)
    cand.objects = [a for c in v.children if c.dep_ in ("dobj", "nsubjpass") for a in view.actors(c)]
    return cand
