"""Dependency patterns over a spaCy parse: trigger words and their actor arguments.

For every lexicon trigger in a sentence we collect the actors in its subject and object
roles, then pair them. Roles come from general syntax, not from example sentences:

- verbs: nsubj / agent ("by X") = subject; dobj, dative, nsubjpass, the trigger's
  prepositions ("fight against X") = object; a missing subject is inherited through
  xcomp/conj/pcomp (control), relative clauses and participles ("Hamas, backed by Iran")
- event nouns: possessor, compound or adjective = subject ("Iran's support", "US
  sanctions", "the Russian invasion"), the noun's prepositions = object ("for X", "on X",
  "of X"); a subject missing on the noun comes from the light verb that governs it
  ("provide support to X", "claim responsibility for the attack on X")
- entity nouns (ally, proxy, member, leader, title words): the noun names one argument
  (apposition, copula, compound head) and its modifiers name the other
- "between X and Y", "X and Y are allies": pairs among coordinated actors
- coordination on any side gives one claim per pair; "Russian troops" stands for Russia
  (carrier nouns), "Russian ships" for no actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from rashomon.doc import SYMMETRIC, Mention, Sentence
from rashomon.nlp.claims.lexicon import Lexicon, Trigger
from rashomon.nlp.claims.pronouns import (
    NUMBER,
    Antecedent,
    resolve_previous,
    resolve_same,
    tokens_of,
)
from rashomon.nlp.claims.pronouns import compatible as pronoun_fits

Token = Any  # spacy.tokens.Token

SUBJ_DEPS = ("nsubj", "csubj")
OBJ_DEPS = ("dobj", "dative", "nsubjpass", "oprd")
MOD_DEPS = ("poss", "compound", "amod", "nmod")
INHERIT_DEPS = ("xcomp", "conj", "pcomp", "advcl", "ccomp")
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
OBJECT_CONTROL = frozenset({"accuse", "suspect", "blame", "charge", "condemn", "criticise",
                            "criticize", "praise", "thank", "congratulate", "punish"})
RECEIVERS = frozenset({"have", "receive", "get", "enjoy", "win", "secure", "gain", "seek",
                       "request", "need", "lose", "welcome", "accept"})


@dataclass
class Arg:
    mention: Mention
    token: Token
    penalty: float = 0.0  # lower confidence for indirect arguments


@dataclass
class Candidate:
    """A trigger with its subject and object actors (before modality and attribution)."""

    trigger: Trigger
    token: Token
    pattern: str
    subjects: list[Arg] = field(default_factory=list)
    objects: list[Arg] = field(default_factory=list)
    pairwise: list[Arg] = field(default_factory=list)  # "between X and Y": pairs among these
    governor: Token | None = None  # the verb that governs a nominal trigger

    def pairs(self) -> Iterator[tuple[Arg, Arg]]:
        t = self.trigger
        for s in self.subjects:
            for o in self.objects:
                yield s, o
                if t.both and t.entity:
                    yield o, s
        if len(self.pairwise) >= 2 and (t.relation in SYMMETRIC or t.both):
            args = _unique(self.pairwise)
            for i, a in enumerate(args):
                for b in args[i + 1:]:
                    yield a, b
                    if t.relation not in SYMMETRIC:
                        yield b, a


def _unique(args: list[Arg]) -> list[Arg]:
    seen: set[str] = set()
    out = []
    for a in args:
        if a.mention.actor not in seen:
            seen.add(a.mention.actor)
            out.append(a)
    return out


class SentenceView:
    """A parsed sentence with its actor mentions mapped onto tokens."""

    def __init__(self, sentence: Sentence, mentions: list[Mention], lex: Lexicon,
                 kb: Any = None, previous: list[Antecedent] | None = None) -> None:
        self.sentence = sentence
        self.parse = sentence.parse
        self.lex = lex
        self.kb = kb
        self.previous = previous or []  # antecedents for pronouns, from earlier sentences
        self.by_token = tokens_of(sentence, mentions)
        self._pronouns: dict[int, list[Mention]] = {}

    # ---- actors at a syntactic position ----------------------------------------------
    def actors(self, tok: Token, depth: int = 0) -> list[Arg]:
        """Actors a token stands for, with its coordinated and apposed tokens."""
        out: list[Arg] = []
        for t in [tok, *tok.conjuncts]:
            out.extend(self._actors_one(t, depth))
        return out

    def _actors_one(self, tok: Token, depth: int) -> list[Arg]:
        m = self.by_token.get(tok.i)
        if m is not None:
            return [Arg(m, tok)]
        low = tok.lower_
        if low in RELATIVE and tok.head.dep_ == "relcl" and depth < 2:
            return self.actors(tok.head.head, depth + 1)
        if tok.pos_ == "PRON" and low in NUMBER:
            return [Arg(m, tok, 0.05) for m in self.pronoun(tok)]
        out: list[Arg] = []
        if tok.pos_ in ("NOUN", "PROPN") and self._carrier(tok):
            for c in tok.children:
                if c.dep_ in MOD_DEPS and c.i in self.by_token:
                    out.append(Arg(self.by_token[c.i], c, 0.05))
                elif c.dep_ == "prep" and c.lower_ == "of":
                    out.extend(Arg(a.mention, a.token, 0.05) for a in self._pobj_actors(c, depth))
        for c in tok.children:  # "the group, Hamas, ...", "Italy, the Vatican, Germany"
            if c.dep_ == "appos" and c.i in self.by_token and depth < 3:
                out.extend(Arg(a.mention, a.token, 0.05) for a in self.actors(c, depth + 1))
        return out

    def pronoun(self, tok: Token) -> list[Mention]:
        """Actors an unresolved pronoun stands for (see pronouns.py), as mentions of it."""
        if tok.i not in self._pronouns:
            toks: dict[int, list[int]] = {}
            ms: dict[int, Mention] = {}
            for i, m in self.by_token.items():
                if m.kind != "adjective":
                    toks.setdefault(id(m), []).append(i)
                    ms[id(m)] = m
            heads = {}
            for k, ids in toks.items():  # a mention's head: the token whose head lies outside
                head = next((self.parse[i] for i in ids if self.parse[i].head.i not in ids
                             or self.parse[i].head.i == i), self.parse[ids[-1]])
                heads[k] = (ms[k], head)
            same = sorted(heads.values(), key=lambda x: x[1].i)
            self._pronouns[tok.i] = []  # guards against cycles through other pronouns
            number = NUMBER[tok.lower_]
            found = resolve_same(tok, number, same)
            if not found:
                found = [a.mention for a in self._clause_subject(tok)
                         if pronoun_fits(number, a.mention)][:None if number == "many" else 1]
            found = found or resolve_previous(number, self.previous)
            start = self.sentence.start + tok.idx
            self._pronouns[tok.i] = [
                Mention(start, start + len(tok.text), tok.text, a.actor, a.name, "coref",
                        a.sentence, round(0.6 * a.score, 3), a.type) for a in found]
        return self._pronouns[tok.i]

    def _clause_subject(self, tok: Token) -> list[Arg]:
        """The subject of the clause a possessive or reflexive pronoun sits in ("the
        Philippines, which seeks to boost its ties": its = the Philippines)."""
        if tok.dep_ != "poss" and not tok.lower_.endswith(("self", "selves")):
            return []  # "Iran arms it": an object pronoun is never its own clause's subject
        v = tok.head
        for _ in range(6):
            if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
                break
            v = v.head
        if v.pos_ not in ("VERB", "AUX"):
            return []
        subj, _ = verb_subjects(self, v)
        return [a for a in subj if a.token.i != tok.i and a.token.i < tok.i]

    def _carrier(self, tok: Token) -> bool:
        """Nouns that stand for the actor modifying them: "Russian troops", "ASEAN chiefs"."""
        words = (tok.lower_, tok.lemma_.lower())
        lists = self.lex.lists
        return any(w in lists["carriers"] or w in lists["titles"] for w in words)

    def _pobj_actors(self, prep: Token, depth: int = 0) -> list[Arg]:
        out: list[Arg] = []
        for c in prep.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.extend(self.actors(c, depth + 1))
        return out

    def modifier_actors(self, tok: Token) -> list[Arg]:
        """Actors in possessor/compound/adjective position on a noun."""
        out: list[Arg] = []
        for c in tok.children:
            if c.dep_ in MOD_DEPS:
                if c.i in self.by_token:
                    out.extend(self.actors(c))
                    for cc in c.children:  # "the Israel-Hamas conflict"
                        if cc.dep_ == "compound" and cc.i in self.by_token and any(
                                t.text in ("-", "–", "/") for t in tok.doc[cc.i:c.i]):
                            out.extend(self.actors(cc))
                elif c.dep_ in ("amod", "compound") and (m := self.adjective_actor(c)):
                    out.append(Arg(m, c))
                elif c.dep_ == "poss" or c.dep_ == "compound":
                    out.extend(self._actors_one(c, 1))
        return out

    def adjective_actor(self, tok: Token) -> Mention | None:
        """A capitalised modifier the mention layer left out ("Ukrainian President X")."""
        if self.kb is None or not tok.text[:1].isupper() or tok.pos_ not in ("ADJ", "PROPN"):
            return None
        try:
            actor = self.kb.resolve(tok.text)
        except Exception:  # a KB problem must not stop extraction
            return None
        if actor is None:
            return None
        start = self.sentence.start + tok.idx
        m = Mention(start, start + len(tok.text), tok.text, actor.id, actor.name, "adjective",
                    -1, 0.8, getattr(actor, "type", None))
        self.by_token[tok.i] = m
        return m

    # ---- triggers ------------------------------------------------------------------
    def trigger_at(self, tok: Token) -> Trigger | None:
        found = self.triggers_at(tok)
        return found[0] if found else None

    def triggers_at(self, tok: Token) -> list[Trigger]:
        """Lexicon entries that fire on a token (specific multi-word entries first)."""
        if tok.i in self.by_token and tok.pos_ != "VERB":
            return []
        pos = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}.get(tok.pos_)
        if pos is None:
            return []
        out: list[Trigger] = []
        keys = [tok.lemma_.lower(), tok.lower_]
        if pos == "adj" and verb_like(tok):  # "Iran allegedly armed Hamas" tagged ADJ
            out += self._matching("verb", _verb_stems(tok.lower_), tok)
        out += self._matching(pos, keys, tok)
        if not out and pos == "verb":  # lemmatiser slips ("hates" -> "hat")
            out += self._matching("verb", _verb_stems(tok.lower_), tok)
        if pos == "adj" and tok.dep_ == "amod":  # "Iran's proxy Hezbollah" tagged ADJ
            out += [e for e in self._matching("noun", [tok.lower_], tok) if e.entity]
        if pos == "verb" and tok.tag_ == "VBN":  # "allied with", "opposed to"
            out += self._matching("adj", [tok.lower_], tok)
        if not out and pos == "noun" and (tok.lower_ in self.lex.lists["titles"]
                                          or tok.lemma_.lower() in self.lex.lists["titles"]):
            out.append(Trigger(tok.lemma_.lower(), "noun", "part_of", None,
                               preps=("of", "at", "for"), entity="subj", strength=0.75))
        return out

    def _matching(self, pos: str, keys: list[str], tok: Token) -> list[Trigger]:
        out: list[Trigger] = []
        for key in dict.fromkeys(keys):
            for entry in self.lex.lookup(pos, key):
                if entry not in out and (entry.child is None or self._has_child(tok, entry.child)):
                    out.append(entry)
        return out

    @staticmethod
    def _has_child(tok: Token, word: str) -> bool:
        words = word.split()
        for c in tok.children:
            if c.lower_ == words[-1] or c.lemma_.lower() == words[-1]:
                return True
        return False


def verb_like(tok: Token) -> bool:
    """A past participle the tagger called an adjective but that takes arguments."""
    return tok.lower_.endswith("ed") and any(
        c.dep_ in ("dobj", "nsubj", "agent", "nsubjpass") for c in tok.children)


def _verb_stems(word: str) -> list[str]:
    stems = [word[:-2], word[:-1]]
    if word.endswith("ing"):
        stems += [word[:-3], word[:-3] + "e"]
    if len(word) > 4 and word[-3] == word[-4]:  # "shelled" -> "shell", "backed" -> "back"
        stems.append(word[:-3])
    if word.endswith("ied"):
        stems.append(word[:-3] + "y")
    return stems


# ---- the patterns ---------------------------------------------------------------------
def is_passive(v: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
        return True
    return v.tag_ == "VBN" and v.dep_ in ("acl", "relcl", "advcl") and not any(
        c.dep_ in SUBJ_DEPS for c in v.children)


def verb_subjects(view: SentenceView, v: Token, depth: int = 0) -> tuple[list[Arg], list[Arg]]:
    """(subjects, objects-from-inheritance) of a verb, following control and relatives."""
    subj: list[Arg] = []
    extra_obj: list[Arg] = []
    for c in v.children:
        if c.dep_ in SUBJ_DEPS or (c.dep_ == "poss" and v.tag_ == "VBG"):  # "Israel's fighting"
            subj.extend(view.actors(c))
        elif c.dep_ == "agent":
            subj.extend(view._pobj_actors(c))
    has_subj_token = any(c.dep_ in (*SUBJ_DEPS, "nsubjpass", "poss") and c.lower_ not in RELATIVE
                         for c in v.children)
    if subj or has_subj_token or depth > 3:
        return subj, extra_obj
    head = v.head
    if v.dep_ == "acl" and v.tag_ == "VBG" and v.i > 0 and (v.i - 1) in view.by_token:
        prev = v.doc[v.i - 1]  # "concerns about Russia and China helping North Korea"
        while prev.dep_ == "conj" and prev.head != prev:
            prev = prev.head
        return view.actors(prev), extra_obj
    if v.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        args = [Arg(a.mention, a.token, 0.05) for a in view.actors(head)]
        if is_passive(v):
            extra_obj.extend(args)
        else:
            subj.extend(args)
        return subj, extra_obj
    if v.dep_ in INHERIT_DEPS and head != v:
        gov = head
        if v.dep_ == "pcomp" and head.dep_ == "prep":  # "accused X of supplying"
            gov = head.head
        if gov.pos_ not in ("VERB", "AUX", "ADJ"):
            return subj, extra_obj
        if v.dep_ in ("xcomp", "pcomp"):
            controller = [c for c in gov.children if c.dep_ in ("dobj", "dative")]
            if controller:
                args = [a for c in controller for a in view.actors(c)]
                return [Arg(a.mention, a.token, 0.05) for a in args], extra_obj
        s, _ = verb_subjects(view, gov, depth + 1)
        if is_passive(gov) and not s:
            s = [a for c in gov.children if c.dep_ == "nsubjpass" for a in view.actors(c)]
        subj.extend(Arg(a.mention, a.token, a.penalty + 0.05) for a in s)
    return subj, extra_obj


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
        if c.dep_ in OBJ_DEPS:
            if c.dep_ == "nsubjpass" or (c.dep_ in ("dobj", "dative") and not passive) or c.dep_ == "oprd":
                doers, patients = harm_roles(view, t, c) if not passive else ([], [])
                if doers:  # "X condemned the Russian invasion of Ukraine": X opposes Russia
                    cand.objects.extend(doers)
                    continue
                if patients:  # "X challenged the listing of Y as terrorists": X shields Y
                    cand.trigger = replace(t, relation="support", plover="SUPPORT")
                    cand.objects.extend(patients)
                    continue
                got = view.actors(c)
                cand.objects.extend(got)
                if not got and c.dep_ == "dobj":  # "attacked the headquarters of X"
                    for p in c.children:
                        if p.dep_ == "prep" and p.lower_ in ("of", "by", *preps):
                            got += [Arg(a.mention, a.token, 0.1) for a in view._pobj_actors(p)]
                        elif p.dep_ == "poss":  # "ignored Russia's demands"
                            got += [Arg(a.mention, a.token, 0.1) for a in view.actors(p)]
                    cand.objects.extend(got)
                if not got and t.relation == "attack":
                    cand.objects.extend(target_place(view, c))
        elif c.dep_ in ("prep", "prt") and c.lower_ in preps:
            cand.objects.extend(view._pobj_actors(c))
        elif c.dep_ == "prt":  # "fighting off Russia" parsed with the object under the particle
            cand.objects.extend(view._pobj_actors(c))
    if not cand.objects and t.relation in SYMMETRIC:  # "X and Y signed a deal"
        if len({a.mention.actor for a in cand.subjects}) >= 2:
            cand.pairwise, cand.subjects = cand.subjects, []
    return cand


def harm_roles(view: SentenceView, t: Trigger, obj: Token) -> tuple[list[Arg], list[Arg]]:
    """Doers and patients of a harmful act that an oppose verb takes as its object.

    Opposing the act opposes its doer ("condemned the Russian invasion of Ukraine") and,
    when no doer is named, shields its patients ("opposed sanctions on Y", "challenged the
    listing of Y as terrorists")."""
    if t.relation != "oppose" or obj.dep_ != "dobj" or obj.i in view.by_token:
        return [], []
    if obj.lemma_.lower() not in view.lex.lists["harm_nouns"]:
        return [], []
    doers = [Arg(view.by_token[c.i], c) for c in obj.children
             if c.dep_ in MOD_DEPS and c.i in view.by_token]
    doers += [a for p in obj.children if p.dep_ == "prep" and p.lower_ == "by"
              for a in view._pobj_actors(p)]
    patients = [a for p in obj.children if p.dep_ == "prep" and p.lower_ in ("of", "against", "on")
                for a in view._pobj_actors(p)]
    return doers, patients


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


def target_place(view: SentenceView, tok: Token, depth: int = 0) -> list[Arg]:
    """Where a non-actor target is: "a procession in Iran", "the US naval port" (attacks)."""
    if depth > 2 or tok.pos_ not in ("NOUN", "PROPN"):
        return []
    out = [Arg(a.mention, a.token, 0.1) for a in view.modifier_actors(tok)]
    for p in tok.children:
        if not out and p.dep_ == "prep" and p.lower_ in ("in", "of", "near"):
            for o in p.children:
                if o.dep_ == "pobj":
                    got = view.actors(o) or target_place(view, o, depth + 1)
                    out.extend(Arg(a.mention, a.token, 0.1) for a in got)
    return out


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
    if len({a.mention.actor for a in mods}) >= 2 and not cand.objects and not cand.subjects:
        cand.pairwise.extend(mods)  # "the Israel-Hamas conflict", "US-China rivalry"
    else:
        cand.subjects.extend(mods)
    if not cand.pairwise:  # "a peace agreement for eastern Ukraine between X, Y and Z"
        for c in n.subtree:
            if c.dep_ == "prep" and c.lower_ == "between" and c.head != n and _chain(c, n):
                cand.pairwise.extend(view._pobj_actors(c))
    if t.participant and not cand.subjects and not cand.pairwise:
        cand.subjects.extend(adjunct_subjects(view, n))
    gov = climb_to_governor(view, n)
    cand.governor = gov
    if gov is not None and t.relation == "support" and not cand.objects:
        recipients = [a for a in cand.subjects if a.token.i == gov.i + 1
                      and a.token.dep_ in ("nmod", "compound") and a.token.i + 1 < n.i]
        if recipients:  # "promised Ukraine full support": a dative the parser took for a modifier
            cand.objects = recipients
            cand.subjects = [a for a in cand.subjects if a not in recipients]
    if gov is not None and gov.lemma_.lower() in OBJECT_CONTROL:
        if not cand.subjects and not cand.pairwise and n.dep_ == "pobj":
            # "accused X of aggression against Y": X is the doer, never the accuser
            ctrl = "nsubjpass" if is_passive(gov) else "dobj"
            cand.subjects.extend(a for c in gov.children if c.dep_ == ctrl for a in view.actors(c))
        gov = None
    if gov is not None and cand.subjects and not cand.objects and (
            gov.lemma_.lower() in RECEIVERS) and n.dep_ == "dobj":  # "X has US backing"
        cand.objects.extend(verb_subjects(view, gov)[0])
    if gov is not None and not cand.subjects and not cand.pairwise:
        s, extra = verb_subjects(view, gov) if gov.pos_ != "ADJ" else ([], [])
        if gov.pos_ == "ADJ" or gov.lemma_ == "be":  # "X is responsible for the attack"
            cop = gov.head if gov.dep_ == "acomp" else gov
            s = [a for c in cop.children if c.dep_ in SUBJ_DEPS for a in view.actors(c)]
        cand.subjects.extend(Arg(a.mention, a.token, a.penalty + 0.05) for a in s)
        for c in gov.children:  # "provide support to X", "impose sanctions on X"
            if c.dep_ == "prep" and c.lower_ in t.preps and c.lower_ != "of":
                cand.objects.extend(view._pobj_actors(c))
            elif t.relation == "support" and (c.dep_ == "dative" or (
                    c.dep_ == "dobj" and c != n and c.i in view.by_token)):
                cand.objects.extend(view.actors(c))  # "promised Ukraine full support"
    if not cand.objects and t.relation in SYMMETRIC and len(
            {a.mention.actor for a in cand.subjects}) >= 2:
        cand.pairwise, cand.subjects = cand.subjects, []
    return cand


ADJUNCT_PREPS = frozenset({"during", "after", "before", "on", "at", "following", "since", "in"})


def adjunct_subjects(view: SentenceView, n: Token) -> list[Arg]:
    """"During a visit to X, Y said ...": the subject of the clause an event noun is an
    adjunct of takes part in the event (visits, talks, meetings)."""
    if n.dep_ != "pobj" or n.head.lower_ not in ADJUNCT_PREPS or n.head.dep_ != "prep":
        return []
    v = n.head.head
    if v.pos_ not in ("VERB", "AUX"):
        return []
    subj, _ = verb_subjects(view, v)
    return [Arg(a.mention, a.token, a.penalty + 0.05) for a in subj]


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
    t = Trigger(v.lemma_.lower(), "verb", "support", "AID", strength=0.7)
    cand = Candidate(t, v, "receive", subjects=givers)
    cand.objects, _ = verb_subjects(view, v)
    return cand


def title_candidates(view: SentenceView) -> Iterator[Candidate]:
    """"President Joe Biden", "Putin's spokesman Dmitry Peskov": a person with a title
    is part_of the state the KB gives as the person's country."""
    if view.kb is None:
        return
    titles = view.lex.lists["titles"]
    seen: set[str] = set()
    for i, m in sorted(view.by_token.items()):
        if m.actor in seen or (m.type or "") != "person":
            continue
        tok = view.parse[i]
        head = tok
        while head.dep_ == "compound" and head.head.i in view.by_token and (
                view.by_token[head.head.i] is m):
            head = head.head
        title = next((c for c in head.subtree if c.i < tok.i and c.i not in view.by_token
                      and c.dep_ in ("compound", "appos", "nmod") and c.head.i in view.by_token
                      and (c.lower_ in titles or c.lemma_.lower() in titles)), None)
        if title is None:
            title = next((c for c in head.children if c.dep_ == "appos"
                          and c.lemma_.lower() in titles), None)
        if title is None:
            continue
        try:
            actor = view.kb.get(m.actor)
            country = view.kb.get(actor.country) if actor and actor.country else None
        except Exception:  # a KB problem must not stop extraction
            continue
        if country is None or country.id == m.actor:
            continue
        seen.add(m.actor)
        start = view.sentence.start + title.idx
        cm = Mention(start, start + len(title.text), title.text, country.id, country.name,
                     "title", -1, 0.7, getattr(country, "type", None))
        t = Trigger(title.lemma_.lower(), "noun", "part_of", None, strength=0.6)
        yield Candidate(t, title, "title", subjects=[Arg(m, tok)], objects=[Arg(cm, title)])


def entity_candidate(view: SentenceView, n: Token, t: Trigger) -> Candidate | None:
    """Nouns that name one argument: "Y, an ally of X", "X's proxy Y", "Y is a member of X"."""
    cand = Candidate(t, n, "entity")
    referent: list[Arg] = []
    pos = n
    while pos.dep_ == "conj" and pos.head.pos_ in ("NOUN", "PROPN") and pos.head != pos:
        pos = pos.head  # "the Taliban are not allies, but enemies": enemies stands where allies does
    if pos != n and pos.dep_ in ("attr", "oprd", "appos"):
        n_dep, n_head = pos.dep_, pos.head
    elif n.dep_ == "conj" and n.head.lemma_ == "be":  # "X are not allies, but enemies"
        pos, n_dep, n_head = n.head, "attr", n.head
    else:
        n_dep, n_head = n.dep_, n.head
    if n_dep == "appos" and pos != n:
        referent = view.actors(n_head)
    elif n_dep in ("attr", "oprd") and pos != n:
        referent = [a for c in n_head.children if c.dep_ in ("nsubj", "nsubjpass")
                    for a in view.actors(c)]
    elif n.dep_ == "appos" or (n.dep_ in ("compound", "amod") and n.head.i in view.by_token):
        referent = view.actors(n.head)
    elif n.dep_ in ("attr", "oprd") or (n.dep_ == "pobj" and n.head.lower_ == "as"):
        cop = n.head if n.dep_ != "pobj" else n.head.head
        referent = [a for c in cop.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                    for a in view.actors(c) if a.token.i != n.i]
        if not referent:
            s, _ = verb_subjects(view, cop)
            referent = s
    for c in n.children:
        if c.dep_ == "appos":
            referent.extend(view.actors(c))
    if not referent and n.i in view.by_token:
        return None
    other = view.modifier_actors(n)
    if n.dep_ in ("compound", "amod") and n.head.i in view.by_token:  # "Iran's proxy Hezbollah"
        ref = view.by_token[n.head.i]
        other += [a for c in n.head.children if c.dep_ in MOD_DEPS and c.i < n.i
                  for a in view.actors(c) if a.mention is not ref]
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in t.preps:
            other.extend(view._pobj_actors(c))
    if not referent:  # "Ukraine's Western allies": the adjective names the allies
        poss = [a for c in n.children if c.dep_ == "poss" for a in view.actors(c)]
        mods = [a for a in other if a.token.dep_ in ("amod", "compound")
                and a.mention.actor not in {p.mention.actor for p in poss}]
        if poss and mods:
            referent, other = mods, poss
    if not referent:
        return None
    if not other:
        if t.relation in SYMMETRIC or t.both:  # "Russia and Iran are allies"
            cand.pairwise = referent
        return cand
    if t.entity == "obj":
        cand.subjects, cand.objects = other, referent
    else:
        cand.subjects, cand.objects = referent, other
    return cand


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
            t = Trigger("side", "noun", "support", "SUPPORT", strength=0.75)
            yield Candidate(t, tok, "side_of", subjects=subj, objects=objs, governor=gov)


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
        t = Trigger(v.lemma_.lower(), "verb", "oppose", "DISAPPROVE", strength=0.75)
    elif words & lists["positive_labels"]:
        t = Trigger(v.lemma_.lower(), "verb", "ally", "COOPERATE", strength=0.65)
    else:
        return None
    cand = Candidate(t, v, "verb")
    cand.subjects, _ = verb_subjects(view, v)
    cand.objects = [a for c in v.children if c.dep_ in ("dobj", "nsubjpass") for a in view.actors(c)]
    return cand


def candidates(view: SentenceView) -> Iterable[Candidate]:
    for tok in view.parse:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in view.lex.lists["evaluative_verbs"]:
            ev = evaluative_candidate(view, tok)
            if ev is not None:
                yield ev
                continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in view.lex.lists["receive_verbs"]:
            rc = receive_candidate(view, tok)
            if rc is not None and rc.objects:
                yield rc
                continue
        for t in view.triggers_at(tok):
            if t.pos == "verb" and (tok.pos_ == "VERB" or verb_like(tok)):
                cand: Candidate | None = verb_candidate(view, tok, t)
            elif t.pos == "noun" or t.entity:
                cand = noun_candidate(view, tok, t)
            else:
                cand = adj_candidate(view, tok, t)
            if cand is not None and (cand.objects or cand.pairwise):
                yield cand
                break  # the first entry that finds its arguments wins
    yield from side_of_candidates(view)
    yield from title_candidates(view)
