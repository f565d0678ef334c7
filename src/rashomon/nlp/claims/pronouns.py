"""Pronoun arguments the mention layer left unresolved: "it", "its", "they", "their", "them".

A pronoun in an argument position (subject, object, possessor) stands for the most recent
compatible actor: one earlier in the same sentence that is not a co-argument of the same
word ("Iran arms it": "it" is not Iran), else the subject of one of the previous sentences
(main clause first), else the last actor mentioned there. Plural pronouns take a whole
coordination ("Washington and Beijing ... their rivalry" -> both). Persons are never "it"
or "they"; "he"/"she" only take persons.
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


def compatible(number: str, m: Mention) -> bool:
    is_person = (m.type or "") in PERSON_TYPES
    return is_person if number == "person" else not is_person


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
    ms = [m for m in by_sentence.get(i, []) if m.kind != "adjective"]
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


def resolve_same(tok: Any, number: str, same: list[tuple[Mention, Any]]) -> list[Mention]:
    """The nearest compatible actor earlier in the sentence, in an argument position (not a
    noun modifier) and not a co-argument of the pronoun. ``same``: (mention, token) pairs."""
    co_args = {c.i for c in tok.head.children}
    for m, t in reversed(same):
        if (t.i >= tok.i or t.i in co_args or t.dep_ in MODIFIER_DEPS
                or not compatible(number, m)):
            continue
        if number == "many":
            group = [x for x, y in same if y.i in {c.i for c in [t, *t.conjuncts]}]
            if len({g.actor for g in group}) >= 2:
                return group
        return [m]
    return []


def resolve_previous(number: str, previous: list[Antecedent]) -> list[Mention]:
    """The best compatible antecedent of the previous sentences (subjects first)."""
    for a in previous:
        if number == "many" and a.group:
            return list(a.group)
        if compatible(number, a.mention):
            return [a.mention]
    return []
