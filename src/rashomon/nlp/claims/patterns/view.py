"""The sentence view: a parsed sentence with its actor mentions mapped onto tokens, the
actors at a syntactic position (coordination, apposition, carrier nouns, pronouns,
adjectives the mention layer left out), the lexicon triggers on a token, and the subjects
of a verb inherited through control, relatives and participles (``verb_subjects``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rashomon.doc import SYMMETRIC, Mention, Sentence
from rashomon.nlp.actors.gazetteer import IRREGULAR_NOUNS
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.claims.constructions import PENALTY, SCORE, STRENGTH, words
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

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJ_DEPS = ("nsubj", "csubj")


OBJ_DEPS = ("dobj", "dative", "nsubjpass", "oprd")


MOD_DEPS = ("poss", "compound", "amod", "nmod")


INHERIT_DEPS = ("xcomp", "conj", "pcomp", "advcl", "ccomp")


SUBJECT_ROLES = ("nsubj", "nsubjpass", "csubj")


RELATIVE = words("relative_pronouns")


# "X called on Y to V", "X appealed to Y to V": Y does V
APPEAL_CONTROL = words("appeal_verbs")


STANCE_PREFIXES = words("stance_prefixes")


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
                            out.append(Arg(m, a, PENALTY.carrier))
        for c in tok.children if depth < 3 and tok.i in self.by_token else ():
            if c.dep_ == "prep" and c.lower_ in ("including", "like"):  # "Muslims (including ISIS)"
                out.extend(Arg(a.mention, a.token, PENALTY.including) for a in self._pobj_actors(c, depth + 1))
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
            return [Arg(m, tok, PENALTY.pronoun) for m in self.pronoun(tok)]
        out: list[Arg] = []
        if tok.pos_ in ("NOUN", "PROPN") and self._carrier(tok):
            out = self._carried(tok, depth)
        for c in tok.children:  # "the group, Hamas, ...", "Italy, the Vatican, Germany"
            if c.dep_ == "appos" and c.i in self.by_token and depth < 3:
                out.extend(Arg(a.mention, a.token, PENALTY.apposition) for a in self.actors(c, depth + 1))
        if not out and tok.dep_ == "appos" and tok.head.i in self.by_token and depth < 3:
            out = [Arg(a.mention, a.token, PENALTY.apposition) for a in self.actors(tok.head, depth + 1)]
        return out

    def _carried(self, tok: Token, depth: int) -> list[Arg]:
        """The actors a carrier noun stands for: "Russian troops", "the troops of X"."""
        out: list[Arg] = []
        for c in tok.children:
            if c.dep_ in MOD_DEPS and c.i in self.by_token:
                out.append(Arg(self.by_token[c.i], c, PENALTY.carrier))
            elif c.dep_ in ("amod", "compound") and (m := self.adjective_actor(c)) and not (
                    m.type == "state" and _irregular(tok)):  # "Pakistani militants" aren't Pakistan
                out.append(Arg(m, c, PENALTY.carrier))  # "Turkish jets": a demonym the mentions left out
            elif c.dep_ == "prep" and c.lower_ == "of":
                out.extend(Arg(a.mention, a.token, PENALTY.carrier) for a in self._pobj_actors(c, depth))
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
                        a.sentence, round(SCORE.pronoun_factor * a.score, 3), a.type) for a in found]
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
        actor = resolve(self.kb, tok.text)
        if actor is None:
            return None
        start = self.sentence.start + tok.idx
        m = Mention(start, start + len(tok.text), tok.text, actor.id, actor.name, "adjective",
                    -1, SCORE.adjective_mention, getattr(actor, "type", None))
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
                               entity="subj", strength=STRENGTH.aid_source))
        if not out and pos == "noun" and (tok.lower_ in self.lex.lists["titles"]
                                          or tok.lemma_.lower() in self.lex.lists["titles"]):
            out.append(Trigger(tok.lemma_.lower(), "noun", "part_of", None,
                               preps=("of", "at", "for"), entity="subj", strength=STRENGTH.title_noun))
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


def is_passive(v: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
        return True
    return v.tag_ == "VBN" and v.dep_ in ("acl", "relcl", "advcl") and not any(
        c.dep_ in SUBJ_DEPS for c in v.children)


def verb_subjects(view: SentenceView, v: Token, depth: int = 0) -> tuple[list[Arg], list[Arg]]:
    """(subjects, objects-from-inheritance) of a verb, following control and relatives."""
    subj: list[Arg] = []
    for c in v.children:
        if c.dep_ in SUBJ_DEPS or (c.dep_ == "poss" and v.tag_ == "VBG"):  # "Israel's fighting"
            subj.extend(view.actors(c))
        elif c.dep_ == "agent":
            subj.extend(view._pobj_actors(c))
    has_subj_token = any(c.dep_ in (*SUBJ_DEPS, "nsubjpass", "poss") and c.lower_ not in RELATIVE
                         for c in v.children)
    if subj or has_subj_token or depth > 3:
        return subj, []
    return _borrowed_subjects(view, v, depth)


def _borrowed_subjects(view: SentenceView, v: Token, depth: int) -> tuple[list[Arg], list[Arg]]:
    """(subjects, objects) of a verb with no subject of its own: the noun a participle or
    relative clause hangs on, or the governing verb's (control, conjunction)."""
    head = v.head
    before = v.i - 2 if v.i > 1 and v.doc[v.i - 1].tag_ == "POS" else v.i - 1
    if v.dep_ == "acl" and v.tag_ == "VBG" and before >= 0 and before in view.by_token:
        prev = v.doc[before]  # "concerns about Russia and China helping North Korea"
        while prev.dep_ == "conj" and prev.head != prev:
            prev = prev.head
        return view.actors(prev), []
    if v.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        args = [Arg(a.mention, a.token, PENALTY.relative_head) for a in view.actors(head)]
        if not args and v.dep_ == "acl" and v.tag_ == "VBG":  # "X drafted a text condemning Y"
            return noun_owner(view, head, depth), []
        return ([], args) if is_passive(v) else (args, [])
    if v.dep_ in INHERIT_DEPS and head != v:
        return _governor_subjects(view, v, depth), []
    return [], []


def _governor_subjects(view: SentenceView, v: Token, depth: int) -> list[Arg]:
    """The subjects a verb takes from the word that governs it: its object under control
    ("called on X to V"), else its subject ("X wants to V", "X was able to V")."""
    gov = v.head
    if v.dep_ == "pcomp" and gov.dep_ == "prep":  # "accused X of supplying"
        gov = gov.head
    if gov.pos_ in ("NOUN", "PROPN") and v.dep_ == "pcomp":
        if gov.i in view.by_token and gov.dep_ in ("dobj", "conj"):  # "accused X of A,
            return view.actors(gov)  # and Y of B", "of" hung on Y
        return noun_owner(view, gov, depth)  # "a strategy of confronting X"
    if gov.pos_ not in ("VERB", "AUX", "ADJ"):
        return []
    if v.dep_ in ("xcomp", "pcomp"):
        controller = _controllers(gov, v)
        if controller:
            args = [a for c in controller for a in view.actors(c)]
            return [Arg(a.mention, a.token, PENALTY.controller) for a in args]
    if gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "oprd") and gov.head != gov:
        gov = gov.head  # "X was able to protect Y": the copula's subject
    s, _ = verb_subjects(view, gov, depth + 1)
    if is_passive(gov) and not s:
        s = [a for c in gov.children if c.dep_ == "nsubjpass" for a in view.actors(c)]
    return [Arg(a.mention, a.token, a.penalty + PENALTY.inherited) for a in s]


def _controllers(gov: Token, v: Token) -> list[Token]:
    """The object that does what ``v`` says: "accused X of V-ing", "called on X to V"."""
    controller = [c for c in gov.children if c.dep_ in ("dobj", "dative")]
    if not controller and gov.lemma_.lower() in APPEAL_CONTROL:  # "called on X to V"
        controller = [o for p in gov.children if p.dep_ == "prep" and p.i < v.i
                      and p.lower_ in ("on", "upon", "to", "with") for o in p.children
                      if o.dep_ == "pobj"]
    gapped = [c for c in gapped_objects(gov) if c.i < v.i]
    if controller and gapped and v.dep_ == "pcomp":  # "accused X of A, and Y of B"
        controller = [max([*controller, *gapped], key=lambda c: c.i if c.i < v.i else -1)]
    return controller


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
        return [Arg(a.mention, a.token, a.penalty + PENALTY.gerund_owner) for a in own]
    tok = n
    for _ in range(3):
        if tok.dep_ not in ("dobj", "pobj", "prep", "attr"):
            return []
        tok = tok.head
        if tok.pos_ == "VERB":
            s, _ = verb_subjects(view, tok, depth + 1)
            return [Arg(a.mention, a.token, a.penalty + PENALTY.gerund_clause_subject) for a in s]
    return []


def _irregular(tok: Token) -> bool:
    """Fighters outside a state's forces ("Syrian rebels"): a state's demonym on them does
    not make them the state."""
    return tok.lower_ in IRREGULAR_NOUNS or tok.lemma_.lower() + "s" in IRREGULAR_NOUNS


def dative_prep(c: Token) -> bool:
    """"offered sympathy to X": the parser's dative "to" is a preposition with an object."""
    return c.dep_ == "dative" and c.pos_ == "ADP"


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


PLACE_PREPS = words("place_preps")


PLACE_TYPES = frozenset({"state", "territory"})  # mentions that are places


BORDERS = words("border_nouns")


def target_place(view: SentenceView, tok: Token, depth: int = 0) -> list[Arg]:
    """Where a non-actor target is: "a procession in Iran", "the US naval port" (attacks)."""
    if depth > 2 or tok.pos_ not in ("NOUN", "PROPN"):
        return []
    out = [Arg(a.mention, a.token, PENALTY.target_place) for a in view.modifier_actors(tok)]
    preps = PLACE_PREPS | ({"with"} if tok.lemma_.lower() in BORDERS else set())
    for p in tok.children:  # "the border with X"
        if not out and p.dep_ == "prep" and p.lower_ in preps:
            for o in p.children:
                if o.dep_ == "pobj":
                    got = view.actors(o) or target_place(view, o, depth + 1)
                    out.extend(Arg(a.mention, a.token, PENALTY.target_place) for a in got)
    return out
