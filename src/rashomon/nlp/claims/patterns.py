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
  (carrier nouns), "Russian ships" for no actor; "X (including Y)" adds Y; a list the
  parser took for an apposition ("Italy, the Vatican, Germany") is a list
- a gerund under a noun takes the noun's owner, else its verb's subject ("calls for a
  strategy of confronting X"); "X was able to V" passes X on; "it was X that V-ed" gives X
- misparses repaired: a second object after a comma is an apposition ("to Syria and Egypt,
  Israel's rivals"); "X's V-ing" with the possessive hung elsewhere

The constructions about measures and relation nouns, and the loop that runs them all, are
in ``rules.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from rashomon.doc import SYMMETRIC, Mention, Sentence
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.claims.lexicon import Lexicon, Trigger
from rashomon.nlp.claims.pronouns import (
    NUMBER,
    Antecedent,
    clause_args,
    noun_phrase,
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
SUBJECT_ROLES = ("nsubj", "nsubjpass", "csubj")
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
OBJECT_CONTROL = frozenset({"accuse", "suspect", "blame", "charge", "condemn", "criticise",
                            "criticize", "praise", "thank", "congratulate", "punish"})
# "X called on Y to V", "X appealed to Y to V": Y does V
APPEAL_CONTROL = frozenset({"call", "appeal", "plead", "press", "prevail"})
STANCE_PREFIXES = frozenset({"anti", "pro", "non", "counter"})
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
                if t.both and (t.entity or self.pattern == "trend"):
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
            if self._carrier(t):  # "Indian and Chinese troops": each adjective stands for one
                for c in t.children:
                    if c.dep_ not in ("amod", "compound", "nmod") or not c.conjuncts:
                        continue
                    for a in [c, *c.conjuncts]:
                        m = self.by_token.get(a.i) or self.adjective_actor(a)
                        if m is not None and not (m.type == "state" and _irregular(t)):
                            out.append(Arg(m, a, 0.05))
        for c in tok.children if depth < 3 and tok.i in self.by_token else ():
            if c.dep_ == "prep" and c.lower_ in ("including", "like"):  # "Muslims (including ISIS)"
                out.extend(Arg(a.mention, a.token, 0.1) for a in self._pobj_actors(c, depth + 1))
        if tok.i in self.by_token and depth < 3:  # "Italy, the Vatican, Germany and France":
            for c in tok.children:  # a list the parser took for an apposition
                if c.dep_ == "appos" and c.pos_ == "PROPN" and c.conjuncts:
                    out.extend(self.actors(c, depth + 1))
        return out

    def _actors_one(self, tok: Token, depth: int) -> list[Arg]:
        m = self.by_token.get(tok.i)
        if m is not None:
            return [Arg(m, tok)]
        low = tok.lower_
        if low in RELATIVE and tok.head.dep_ == "relcl" and depth < 2:
            return self.actors(tok.head.head, depth + 1)
        if low in RELATIVE and tok.dep_ in SUBJECT_ROLES and depth < 2 and (
                cleft := _cleft_focus(tok)) is not None:
            return self.actors(cleft, depth + 1)  # "it was Moscow that provided ..."
        if tok.pos_ == "PRON" and low in NUMBER:
            return [Arg(m, tok, 0.05) for m in self.pronoun(tok)]
        out: list[Arg] = []
        if tok.pos_ in ("NOUN", "PROPN") and self._carrier(tok):
            for c in tok.children:
                if c.dep_ in MOD_DEPS and c.i in self.by_token:
                    out.append(Arg(self.by_token[c.i], c, 0.05))
                elif c.dep_ in ("amod", "compound") and (m := self.adjective_actor(c)) and not (
                        m.type == "state" and _irregular(tok)):  # "Pakistani militants" aren't Pakistan
                    out.append(Arg(m, c, 0.05))  # "Turkish jets": a demonym the mentions left out
                elif c.dep_ == "prep" and c.lower_ == "of":
                    out.extend(Arg(a.mention, a.token, 0.05) for a in self._pobj_actors(c, depth))
        for c in tok.children:  # "the group, Hamas, ...", "Italy, the Vatican, Germany"
            if c.dep_ == "appos" and c.i in self.by_token and depth < 3:
                out.extend(Arg(a.mention, a.token, 0.05) for a in self.actors(c, depth + 1))
        if not out and tok.dep_ == "appos" and tok.head.i in self.by_token and depth < 3:
            out = [Arg(a.mention, a.token, 0.05) for a in self.actors(tok.head, depth + 1)]
        return out

    def pronoun(self, tok: Token) -> list[Mention]:
        """Actors an unresolved pronoun stands for (see pronouns.py), as mentions of it."""
        if tok.i not in self._pronouns:
            toks: dict[int, list[int]] = {}
            ms: dict[int, Mention] = {}
            for i, m in self.by_token.items():
                if noun_phrase(m):
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
            co_args = self._controllers(tok)  # "prevent X from negotiating with them"
            same_found = resolve_same(tok, number, same, frozenset(a.token.i for a in co_args))
            found = same_found or []
            if same_found is not None and not found:
                found = [a.mention for a in self._clause_subject(tok)
                         if pronoun_fits(number, a.mention)][:None if number == "many" else 1]
                others = frozenset(a.mention.actor for a in co_args) | {
                    self.by_token[i].actor for i in clause_args(tok) if i in self.by_token}
                found = found or resolve_previous(number, self.previous, others)
            start = self.sentence.start + tok.idx
            self._pronouns[tok.i] = [
                Mention(start, start + len(tok.text), tok.text, a.actor, a.name, "coref",
                        a.sentence, round(0.6 * a.score, 3), a.type) for a in found]
        return self._pronouns[tok.i]

    def _controllers(self, tok: Token) -> list[Arg]:
        """The subjects (given or inherited) of the verb an object pronoun belongs to."""
        if tok.dep_ in SUBJECT_ROLES or tok.dep_ == "poss":
            return []
        v = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if v.pos_ not in ("VERB", "AUX"):
            return []
        return verb_subjects(self, v)[0]

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
        if tok.dep_ in SUBJ_DEPS and any(w in lists["report_nouns"] for w in words):
            return True  # "the WSJ piece calls for ...": the outlet speaks through its piece
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
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in STANCE_PREFIXES:
            return None  # "pro-Russian forces", "the anti-ISIS coalition" are not that actor
        try:
            actor = resolve(self.kb, tok.text)
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
            if not self._possessed_mention(tok):
                return []
            return [e for e in self._matching("noun", [tok.lemma_.lower(), tok.lower_], tok)
                    if e.entity]  # "Ukraine's Western allies" (a mention): allies of Ukraine
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
        if not out and pos == "noun" and self._aid_source(tok):  # "Y's main source of aid"
            out.append(Trigger(tok.lemma_.lower(), "noun", "support", "AID", preps=("to", "for"),
                               entity="subj", strength=0.7))
        if not out and pos == "noun" and (tok.lower_ in self.lex.lists["titles"]
                                          or tok.lemma_.lower() in self.lex.lists["titles"]):
            out.append(Trigger(tok.lemma_.lower(), "noun", "part_of", None,
                               preps=("of", "at", "for"), entity="subj", strength=0.75))
        return out

    def _aid_source(self, tok: Token) -> bool:
        """A source noun with "of" + aid: "source of military aid", "supplier of arms"."""
        lists = self.lex.lists
        if tok.lemma_.lower() not in lists["source_nouns"]:
            return False
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                for o in p.children:
                    words = {o.lower_, o.lemma_.lower()}
                    if o.dep_ == "pobj" and (words & lists["aid_goods"] or any(
                            e.relation == "support" for w in words for e in self.lex.lookup("noun", w))):
                        return True
        return False

    def _possessed_mention(self, tok: Token) -> bool:
        """A noun that heads an actor mention and has another actor as its possessor."""
        m = self.by_token[tok.i]
        return tok.pos_ == "NOUN" and any(
            c.dep_ == "poss" and c.i in self.by_token and self.by_token[c.i].actor != m.actor
            for c in tok.children)

    def _matching(self, pos: str, keys: list[str], tok: Token) -> list[Trigger]:
        out: list[Trigger] = []
        for key in dict.fromkeys(keys):
            for entry in self.lex.lookup(pos, key):
                if entry not in out and (entry.child is None or self._has_child(tok, entry.child)):
                    out.append(entry)
        return out

    @staticmethod
    def _has_child(tok: Token, word: str) -> bool:
        """The required word is a child, or a preposition on the direct object ("deployed
        warships near X", "fired a missile toward X")."""
        words = word.split()
        for c in tok.children:
            if c.lower_ == words[-1] or c.lemma_.lower() == words[-1]:
                return True
        return tok.pos_ == "VERB" and any(
            p.dep_ == "prep" and p.lower_ == words[-1]
            for c in tok.children if c.dep_ == "dobj" for p in c.children)


def _cleft_focus(rel: Token) -> Token | None:
    """The focus of a cleft sentence: "it was X that did Y" (X, for the relative "that")."""
    v = rel.head
    be = v.head
    if v.dep_ not in ("ccomp", "relcl", "advcl") or be.lemma_ != "be" or be == v:
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in be.children):
        return None
    return next((c for c in be.children if c.dep_ == "attr" and c.i < rel.i), None)


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
    before = v.i - 2 if v.i > 1 and v.doc[v.i - 1].tag_ == "POS" else v.i - 1
    if v.dep_ == "acl" and v.tag_ == "VBG" and before >= 0 and before in view.by_token:
        prev = v.doc[before]  # "concerns about Russia and China helping North Korea"
        while prev.dep_ == "conj" and prev.head != prev:
            prev = prev.head
        return view.actors(prev), extra_obj
    if v.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        args = [Arg(a.mention, a.token, 0.05) for a in view.actors(head)]
        if not args and v.dep_ == "acl" and v.tag_ == "VBG":  # "X drafted a text condemning Y"
            return noun_owner(view, head, depth), extra_obj
        if is_passive(v):
            extra_obj.extend(args)
        else:
            subj.extend(args)
        return subj, extra_obj
    if v.dep_ in INHERIT_DEPS and head != v:
        gov = head
        if v.dep_ == "pcomp" and head.dep_ == "prep":  # "accused X of supplying"
            gov = head.head
        if gov.pos_ in ("NOUN", "PROPN") and v.dep_ == "pcomp":
            if gov.i in view.by_token and gov.dep_ in ("dobj", "conj"):  # "accused X of A,
                return view.actors(gov), extra_obj  # and Y of B", "of" hung on Y
            return noun_owner(view, gov, depth), extra_obj  # "a strategy of confronting X"
        if gov.pos_ not in ("VERB", "AUX", "ADJ"):
            return subj, extra_obj
        if v.dep_ in ("xcomp", "pcomp"):
            controller = [c for c in gov.children if c.dep_ in ("dobj", "dative")]
            if not controller and gov.lemma_.lower() in APPEAL_CONTROL:  # "called on X to V"
                controller = [o for p in gov.children if p.dep_ == "prep" and p.i < v.i
                              and p.lower_ in ("on", "upon", "to", "with") for o in p.children
                              if o.dep_ == "pobj"]
            gapped = [c for c in gapped_objects(gov) if c.i < v.i]
            if controller and gapped and v.dep_ == "pcomp":  # "accused X of A, and Y of B"
                controller = [max([*controller, *gapped], key=lambda c: c.i if c.i < v.i else -1)]
            if controller:
                args = [a for c in controller for a in view.actors(c)]
                return [Arg(a.mention, a.token, 0.05) for a in args], extra_obj
        if gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "oprd") and gov.head != gov:
            gov = gov.head  # "X was able to protect Y": the copula's subject
        s, _ = verb_subjects(view, gov, depth + 1)
        if is_passive(gov) and not s:
            s = [a for c in gov.children if c.dep_ == "nsubjpass" for a in view.actors(c)]
        subj.extend(Arg(a.mention, a.token, a.penalty + 0.05) for a in s)
    return subj, extra_obj


def gapped_objects(v: Token) -> list[Token]:
    """Objects of a gapped conjunct, which the parser hangs on the verb as nouns: "accused X
    of A, and Y of B" (Y)."""
    if not any(c.dep_ in ("dobj", "dative") for c in v.children):
        return []
    return [c for c in v.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def noun_owner(view: SentenceView, n: Token, depth: int = 0) -> list[Arg]:
    """Who does what a noun names, for a gerund under it: its possessor or modifier ("Russia's
    strategy of confronting X"), else the subject of the verb it is the object of ("X calls for
    a strategy of confronting Y", "X claimed responsibility for targeting Y")."""
    own = view.modifier_actors(n)
    if own:
        return [Arg(a.mention, a.token, a.penalty + 0.05) for a in own]
    tok = n
    for _ in range(3):
        if tok.dep_ not in ("dobj", "pobj", "prep", "attr"):
            return []
        tok = tok.head
        if tok.pos_ == "VERB":
            s, _ = verb_subjects(view, tok, depth + 1)
            return [Arg(a.mention, a.token, a.penalty + 0.1) for a in s]
    return []


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
        if c.dep_ in OBJ_DEPS and not _dative_prep(c):
            if c.dep_ == "nsubjpass" or (c.dep_ in ("dobj", "dative") and not passive) or c.dep_ == "oprd":
                got = view.actors(c)
                cand.objects.extend(got)
                if not got and c.dep_ == "dobj":  # "attacked the headquarters of X"
                    for p in c.children:
                        if p.dep_ == "prep" and (p.lower_ in ("of", "by", *preps) or (
                                p.lower_ == "from" and t.relation == "oppose")):  # "rejected calls from X"
                            got += [Arg(a.mention, a.token, 0.1) for a in view._pobj_actors(p)]
                        elif p.dep_ == "acl" and p.tag_ == "VBN" and t.relation == "oppose":
                            # "condemned the attacks committed by X"
                            got += [Arg(a.mention, a.token, 0.1) for ag in p.children
                                    if ag.dep_ == "agent" for a in view._pobj_actors(ag)]
                        elif p.dep_ == "poss" or (p.dep_ == "compound" and p.i in view.by_token
                                                  and t.relation == "oppose"):
                            # "ignored Russia's demands", "challenged U.S. warnings"
                            got += [Arg(a.mention, a.token, 0.1) for a in view.actors(p)]
                    cand.objects.extend(got)
                if not got and (t.relation == "attack" or t.plover == "MOBILIZE"):
                    got = target_place(view, c)
                    for p in v.children if not got and c.dep_ == "dobj" else ():
                        if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:  # "hit a hall in X"
                            got += [Arg(a.mention, a.token, 0.15) for o in p.children
                                    if o.dep_ == "pobj" for a in
                                    (view.actors(o) or target_place(view, o))]
                    cand.objects.extend(got)
        elif c.dep_ == "conj" and c in gapped_objects(v) and not passive:
            cand.objects.extend(view.actors(c))  # "accused X of A, and Y of B"
        elif (c.dep_ in ("prep", "prt") or _dative_prep(c)) and c.lower_ in preps:
            got = view._pobj_actors(c)
            if not got and (t.relation == "attack" or t.plover == "MOBILIZE"):
                got = [a for o in c.children if o.dep_ == "pobj" for a in target_place(view, o)]
            cand.objects.extend(got)  # "massed troops on Ukraine's border"
        elif c.dep_ == "prt":  # "fighting off Russia" parsed with the object under the particle
            cand.objects.extend(view._pobj_actors(c))
    if not cand.objects and t.plover in ("DEMAND", "REQUEST"):
        cand.objects.extend(addressees(view, v))
    if t.plover == "REQUEST" and any(c.dep_ == "xcomp" and any(n.dep_ == "neg" for n in c.children)
                                     for c in v.children):
        cand.trigger = replace(t, relation="oppose", plover="DEMAND")  # "urged X not to V"
    if not cand.objects and (t.relation in SYMMETRIC or t.both) and not (
            t.relation == "attack" and any(c.dep_ in ("dobj", "obj") and view.trigger_at(c) is None
                                           and c.lower_ != t.child for c in v.children)) and not (
            t.relation == "attack" and _same_side(v)):
        # "X and Y signed a deal", "X and Y clashed", "fought a war" (not "fight terrorism")
        if len({a.mention.actor for a in cand.subjects}) >= 2:
            cand.pairwise, cand.subjects = cand.subjects, []
    return cand


def _same_side(v: Token) -> bool:
    """"X and Y fought on the same side / together / alongside each other": not each other."""
    for c in v.children:
        if c.lower_ in ("together", "alongside", "jointly", "shoulder"):
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "at", "by") and any(
                g.lemma_.lower() == "side" for g in c.subtree):
            return True
    return False


def _irregular(tok: Token) -> bool:
    """Fighters outside a state's forces ("Syrian rebels"): a state's demonym on them does
    not make them the state."""
    from rashomon.nlp.actors.gazetteer import IRREGULAR_NOUNS

    return tok.lower_ in IRREGULAR_NOUNS or tok.lemma_.lower() + "s" in IRREGULAR_NOUNS


def _dative_prep(c: Token) -> bool:
    """"offered sympathy to X": the parser's dative "to" is a preposition with an object."""
    return c.dep_ == "dative" and c.pos_ == "ADP"


def addressees(view: SentenceView, v: Token) -> list[Arg]:
    """Whom a demand or appeal is made of when it is a clause: "X demanded that Y free the
    hostages", "X insisted Y stop" (the clause's subject)."""
    return [Arg(a.mention, a.token, 0.05) for c in v.children if c.dep_ == "ccomp"
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for a in view.actors(s)]


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


PLACE_PREPS = frozenset({"in", "of", "near", "on", "at", "outside"})
PLACE_TYPES = frozenset({"state", "territory"})  # mentions that are places
BORDERS = frozenset({"border", "frontier", "boundary"})


def target_place(view: SentenceView, tok: Token, depth: int = 0) -> list[Arg]:
    """Where a non-actor target is: "a procession in Iran", "the US naval port" (attacks)."""
    if depth > 2 or tok.pos_ not in ("NOUN", "PROPN"):
        return []
    out = [Arg(a.mention, a.token, 0.1) for a in view.modifier_actors(tok)]
    preps = PLACE_PREPS | ({"with"} if tok.lemma_.lower() in BORDERS else set())
    for p in tok.children:  # "the border with X"
        if not out and p.dep_ == "prep" and p.lower_ in preps:
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
        elif word == "in" and t.relation == "attack" and t.plover == "ASSAULT":
            place = [Arg(a.mention, a.token, 0.15) for a in view._pobj_actors(c)
                     if a.mention.type in PLACE_TYPES]
            cand.objects.extend(place)  # "the bombing in Kabul": the place is the target
    if len({a.mention.actor for a in mods}) >= 2 and not cand.objects and not cand.subjects:
        cand.pairwise.extend(mods)  # "the Israel-Hamas conflict", "US-China rivalry"
    else:
        cand.subjects.extend(mods)
    if not cand.pairwise and n.dep_ == "nsubj":  # "fighting broke out between X and Y"
        for c in n.head.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                cand.pairwise.extend(view._pobj_actors(c))
    if not cand.pairwise:  # "a peace agreement for eastern Ukraine between X, Y and Z"
        for c in n.subtree:
            if c.dep_ == "prep" and c.lower_ == "between" and c.head != n and _chain(c, n):
                cand.pairwise.extend(view._pobj_actors(c))
    if t.participant and not cand.subjects and not cand.pairwise:
        subj, others = adjunct_participants(view, n)
        if not subj:  # "leaders promised X arms during a visit to Y": X visits
            subj, others = others, []
        cand.subjects.extend(subj)
        if not cand.objects:  # "X warned Y during a phone call": both take part
            cand.objects.extend(others)
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
        for c in [*gov.children, *_path_preps(n, gov)]:  # "provide support to X", "impose
            # sanctions on X", "offered millions worth of aid to X"
            if (c.dep_ == "prep" or _dative_prep(c)) and c.lower_ in t.preps and c.lower_ != "of":
                cand.objects.extend(view._pobj_actors(c))
            elif c.dep_ == "dative" or (t.relation == "support" and (
                    c.dep_ == "dobj" and c != n and c.i in view.by_token)):
                cand.objects.extend(view.actors(c))  # "promised Ukraine full support",
                # "gave X a deadline"
    if not cand.objects and t.relation in SYMMETRIC and len(
            {a.mention.actor for a in cand.subjects}) >= 2:
        cand.pairwise, cand.subjects = cand.subjects, []
    return cand


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


ADJUNCT_PREPS = frozenset({"during", "after", "before", "on", "at", "following", "since", "in"})


def adjunct_participants(view: SentenceView, n: Token) -> tuple[list[Arg], list[Arg]]:
    """"During a visit to X, Y said ...": the subject of the clause an event noun is an
    adjunct of takes part in the event (visits, talks, meetings); so do the clause's object
    actors ("Y warned Z during a phone call"). Returns (subjects, objects) of that clause."""
    if n.dep_ != "pobj" or n.head.lower_ not in ADJUNCT_PREPS or n.head.dep_ != "prep":
        return [], []
    v = n.head.head
    if v.pos_ not in ("VERB", "AUX"):
        return [], []
    subj, _ = verb_subjects(view, v)
    objs = [a for c in v.children if c.dep_ in ("dobj", "dative") and c.lower_ != "it"
            for a in view.actors(c)]  # "make it to X": no participant
    return ([Arg(a.mention, a.token, a.penalty + 0.05) for a in subj],
            [Arg(a.mention, a.token, a.penalty + 0.1) for a in objs])


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
    return cand if cand.objects else None  # nobody received it: no claim


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


def loose_apposition(n: Token) -> Token | None:
    """A second object after a comma: an apposition the parser hung on the verb ("supplied
    tanks to Syria and Egypt, Israel's main rivals"). Returns the noun it stands beside."""
    if n.dep_ != "dobj" or n.left_edge.i < 2 or n.doc[n.left_edge.i - 1].text != ",":
        return None
    if not any(c.dep_ == "dobj" and c.i < n.i for c in n.head.children):
        return None
    prev = n.doc[n.left_edge.i - 2]
    while prev.dep_ == "conj" and prev.head != prev:
        prev = prev.head
    return prev if prev.pos_ in ("NOUN", "PROPN") and prev.i > n.head.i else None


def entity_candidate(view: SentenceView, n: Token, t: Trigger) -> Candidate | None:
    """Nouns that name one argument: "Y, an ally of X", "X's proxy Y", "Y is a member of X"."""
    cand = Candidate(t, n, "entity")
    referent: list[Arg] = []
    beside = loose_apposition(n)
    pos = n
    while pos.dep_ == "conj" and pos.head.pos_ in ("NOUN", "PROPN") and pos.head != pos:
        pos = pos.head  # "the Taliban are not allies, but enemies": enemies stands where allies does
    if pos != n and pos.dep_ in ("attr", "oprd", "appos"):
        n_dep, n_head = pos.dep_, pos.head
    elif n.dep_ == "conj" and n.head.lemma_ == "be":  # "X are not allies, but enemies"
        pos, n_dep, n_head = n.head, "attr", n.head
    else:
        n_dep, n_head = n.dep_, n.head
    if n.i in view.by_token:  # "Ukraine's Western allies", the allies an actor mention
        referent = [Arg(view.by_token[n.i], n)]
    elif beside is not None:
        referent = view.actors(beside)
    elif n_dep == "appos" and pos != n:
        referent = view.actors(n_head)
    elif n_dep in ("attr", "oprd") and pos != n:
        referent = [a for c in n_head.children if c.dep_ in ("nsubj", "nsubjpass")
                    for a in view.actors(c)]
    elif n.dep_ == "appos":
        referent = view.actors(n.head)
    elif n.dep_ in ("compound", "amod") and n.head.i in view.by_token:
        # "Iran's proxies Hezbollah and Hamas": the noun covers the conjuncts, unless one has
        # its own ("Russian President X and Iranian President Y")
        referent = [a for a in view.actors(n.head) if a.token == n.head or not any(
            c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN") and c.i not in view.by_token
            for c in a.token.children)]
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
