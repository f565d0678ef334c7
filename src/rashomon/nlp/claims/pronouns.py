"""Pronoun arguments the mention layer left unresolved: "it", "its", "they", "their", "them".

A pronoun in an argument position (subject, object, possessor) stands for the most recent
compatible actor: one earlier in the same sentence that is not a co-argument of the same
word ("Iran arms it": "it" is not Iran), else the subject of one of the previous sentences
(main clause first), else the last actor mentioned there. Plural pronouns take a whole
coordination ("Washington and Beijing ... their rivalry" -> both). Persons are never "it"
or "they"; "he"/"she" only take persons; "it" never takes a plural ("the Russians",
"Russian troops").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rashomon.doc import Doc, Mention, Sentence

WINDOW = 2  # previous sentences searched
NUMBER = {"it": "one", "its": "one", "itself": "one", "they": "many", "them": "many",
          "their": "many", "themselves": "many", "he": "person", "him": "person",
          "his": "person", "she": "person", "her": "person"}
PERSON_TYPES = frozenset({"person"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass
class Antecedent:
    mention: Mention
    subject: bool  # a grammatical subject of its sentence
    main: bool  # ... of the main clause
    group: tuple[Mention, ...] = ()  # coordinated actors ("X and Y")


def noun_phrase(m: Mention) -> bool:
    """A mention that can be an antecedent: not a bare adjective ("Russian ships"), but an
    adjective with the noun it stands on ("Western leaders", "Russian troops")."""
    return m.kind != "adjective" or " " in m.text.strip()


def plural(m: Mention) -> bool:
    """A mention that is grammatically plural: a collective demonym ("the Russians") or an
    adjective on a plural noun ("Russian troops")."""
    if m.kind == "demonym":
        return True
    last = m.text.split()[-1].lower() if m.kind == "adjective" and " " in m.text.strip() else ""
    return last.endswith("s") and not last.endswith("ss")


def compatible(number: str, m: Mention) -> bool:
    """Persons only for he/she; never persons for it/they; "it" never for a plural."""
    is_person = (m.type or "") in PERSON_TYPES
    if number == "person":
        return is_person
    return not is_person and not (number == "one" and plural(m))


def previous_antecedents(doc: Doc, index: int, by_sentence: dict[int, list[Mention]],
                         cache: dict[int, list[Antecedent]] | None = None) -> list[Antecedent]:
    """Candidate antecedents from the sentences before ``index``, best first."""
    cache = {} if cache is None else cache
    out: list[Antecedent] = []
    for i in range(index - 1, max(-1, index - 1 - WINDOW), -1):
        if i not in cache:
            cache[i] = _sentence_antecedents(doc, i, by_sentence)
        out.extend(cache[i])
    return out


def _sentence_antecedents(doc: Doc, i: int,
                          by_sentence: dict[int, list[Mention]]) -> list[Antecedent]:
    """The actors of sentence i as antecedents: main-clause subject, subjects, the rest
    (later mentions first)."""
    out: list[Antecedent] = []
    ms = [m for m in by_sentence.get(i, []) if noun_phrase(m)]
    if ms:
        s = doc.sentences[i]
        roles: dict[int, tuple[bool, bool]] = {}
        groups: dict[int, tuple[Mention, ...]] = {}
        if s.parse is not None:
            tok_of = _token_map(s, ms)
            for k, tok in tok_of.items():
                top = tok
                while top.dep_ == "conj" and top.head.i != top.i:
                    top = top.head
                if top.dep_ in SUBJECT_DEPS:
                    roles[k] = (True, top.head.dep_ == "ROOT")
                conj = {c.i for c in [top, *top.conjuncts]}
                group = tuple(ms[j] for j, t in tok_of.items() if t.i in conj)
                if len({g.actor for g in group}) >= 2:
                    groups[k] = group
        ranked = sorted(range(len(ms)), key=lambda k: (not roles.get(k, (False, False))[1],
                                                       not roles.get(k, (False, False))[0], -k))
        for k in ranked:
            subj, main = roles.get(k, (False, False))
            out.append(Antecedent(ms[k], subj, main, groups.get(k, ())))
    return out


def tokens_of(sentence: Sentence, mentions: list[Mention]) -> dict[int, Mention]:
    """Token index -> the (first) mention covering it, in one pass over the parse."""
    spans = sorted((m.start - sentence.start, m.end - sentence.start, k)
                   for k, m in enumerate(mentions))
    out: dict[int, Mention] = {}
    if not spans:
        return out
    j = 0
    for tok in sentence.parse:
        a, b = tok.idx, tok.idx + len(tok.text)
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        k = j
        while k < len(spans) and spans[k][0] < b:
            if spans[k][1] > a:
                out.setdefault(tok.i, mentions[spans[k][2]])
                break
            k += 1
    return out


def _token_map(s: Any, ms: list[Mention]) -> dict[int, Any]:
    """Mention index -> its head token in the sentence parse (the token whose head lies
    outside the mention)."""
    toks: dict[int, list[Any]] = {}
    index = {id(m): k for k, m in enumerate(ms)}
    for i, m in tokens_of(s, ms).items():
        toks.setdefault(index[id(m)], []).append(s.parse[i])
    out: dict[int, Any] = {}
    for k, ts in toks.items():
        ids = {t.i for t in ts}
        out[k] = next((t for t in ts if t.head.i not in ids or t.head.i == t.i), ts[-1])
    return out


MODIFIER_DEPS = ("compound", "amod", "nmod")  # "US backing": no antecedent for a pronoun


def clause_args(tok: Any) -> set[int]:
    """Tokens of the arguments of the verb a pronoun is an argument of, prepositional objects
    included: "From the USSR, they received arms": they is not the USSR."""
    v = tok.head
    if tok.dep_ == "pobj" and v.dep_ == "prep":
        v = v.head
    out = {c.i for c in tok.head.children}
    for c in v.children:
        out.add(c.i)
        if c.dep_ == "prep":
            out.update(g.i for g in c.children if g.dep_ == "pobj")
    return out


def resolve_same(tok: Any, number: str, same: list[tuple[Mention, Any]],
                 exclude: frozenset[int] = frozenset()) -> list[Mention] | None:
    """The nearest compatible actor earlier in the sentence, in an argument position (not a
    noun modifier) and not a co-argument of the pronoun. ``same``: (mention, token) pairs.
    None: the nearer antecedent is a noun that is no actor (look no further)."""
    co_args = clause_args(tok) | exclude  # "X cooperates with it": it is not X
    actor_toks = {t.i for _, t in same}
    v = tok.head
    if v.dep_ == "conj" and tok.dep_ in ("dobj", "nsubj", "nsubjpass"):
        # "X brought the fighters and transferred them": the parallel argument is them
        parallel = [c for c in v.head.children if c.dep_ == tok.dep_ and c.i < tok.i]
        if parallel and parallel[0].i not in actor_toks and parallel[0].pos_ == "NOUN" and (
                _agrees(parallel[0], number)):
            return None
    for m, t in reversed(same):
        if (t.i >= tok.i or t.i in co_args or t.dep_ in MODIFIER_DEPS
                or not compatible(number, m)):
            continue
        if _shadowed(t, tok, number, actor_toks):
            return None  # "those who, in X's view, ... with them": them = those, not X
        if number == "many":
            group = [x for x, y in same if y.i in {c.i for c in [t, *t.conjuncts]}]
            if len({g.actor for g in group}) >= 2:
                return group
        return [m]
    return []


PLURAL_HEADS = frozenset({"those", "these", "others", "many", "some", "all"})


def _agrees(head: Any, number: str) -> bool:
    if number == "many":
        return head.tag_ in ("NNS", "NNPS") or head.lower_ in PLURAL_HEADS
    if number == "one":
        return head.tag_ in ("NN", "NNP") or head.lower_ in ("that", "this")
    return False


def _shadowed(cand: Any, pron: Any, number: str, actor_toks: set[int]) -> bool:
    """Is ``cand`` inside a relative clause whose head
    noun, not an actor, agrees with the pronoun and stands outside that clause? Then the
    head is the nearer antecedent: "recognition from those who, in the opinion of X, should
    not exist, but cooperate with them" (them = those)."""
    node = cand
    for _ in range(8):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("relcl", "acl"):
            head = node.head
            inside = node.left_edge.i <= pron.i <= node.right_edge.i
            return (not inside and head.i < pron.i and head.i not in actor_toks
                    and _agrees(head, number))
        node = node.head
    return False


def resolve_previous(number: str, previous: list[Antecedent],
                     exclude: frozenset[str] = frozenset()) -> list[Mention]:
    """The best compatible antecedent of the previous sentences (subjects first), other
    than the actors ``exclude`` (the pronoun's co-arguments)."""
    for a in previous:
        if a.mention.actor in exclude:
            continue
        if number == "many" and a.group and not exclude & {g.actor for g in a.group}:
            return list(a.group)
        if compatible(number, a.mention):
            return [a.mention]
    return []
