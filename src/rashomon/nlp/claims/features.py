"""Features of one candidate pair: what the rules say, the dependency path, the surface.

The learned relation model reads these next to the encoder's token vectors. Labels are
relative to the pair in text order: ``A`` is the first mention, ``B`` the second.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rashomon.doc import RELATIONS, SYMMETRIC, Claim, Mention
from rashomon.nlp.claims.candidates import Pair
from rashomon.nlp.text.spans import span_tokens

# none, the two symmetric relations, and the directed ones A->B, B->A or both ways
LABELS: tuple[str, ...] = ("none", "ally", "cooperate",
                           "support>", "support<", "support=",
                           "oppose>", "oppose<", "oppose=",
                           "attack>", "attack<", "attack=",
                           "part_of>", "part_of<")
INDEX = {name: i for i, name in enumerate(LABELS)}
PATH_BUCKETS = (1, 2, 3, 4, 6, 99)
GAP_BUCKETS = (2, 5, 10, 20, 10_000)
KINDS = ("adjective", "coref", "metonym", "demonym", "ner")
TYPES = ("person", "state", "armed_group")
N_FEATURES = (len(LABELS) + 3 + len(PATH_BUCKETS) + 1 + len(RELATIONS) + 2
              + len(GAP_BUCKETS) + 4 + 2 * (len(KINDS) + len(TYPES)) + 2)


def label_of(relation: str | None, a_is_subject: bool, both: bool = False) -> str:
    """The class name of a relation between A and B."""
    if relation is None:
        return "none"
    if relation in SYMMETRIC:
        return relation
    if both:
        return relation + "="
    return relation + (">" if a_is_subject else "<")


def decode(label: str) -> tuple[str, str] | None:
    """(relation, direction) of a class name, direction one of '>', '<', '=' ('' symmetric)."""
    if label == "none":
        return None
    if label in SYMMETRIC:
        return label, ""
    return label[:-1], label[-1]


def _tokens(parsed: Any, offset: int, m: Mention) -> list[Any]:
    return span_tokens(parsed, m.start - offset, m.end - offset)


def _chain(t: Any) -> list[Any]:
    out = [t]
    while t.head.i != t.i and len(out) < 60:
        t = t.head
        out.append(t)
    return out


def dep_path(parsed: Any, offset: int, a: Mention, b: Mention) -> list[Any]:
    """Tokens on the shortest dependency path between the heads of the two mentions
    (both ends included), empty when either mention has no token."""
    ta, tb = _tokens(parsed, offset, a), _tokens(parsed, offset, b)
    if not ta or not tb:
        return []
    best: list[Any] = []
    for x in (_head(ta),):
        cx = _chain(x)
        pos = {t.i: k for k, t in enumerate(cx)}
        for y in (_head(tb),):
            cy = _chain(y)
            for k, t in enumerate(cy):
                if t.i in pos:
                    path = cx[:pos[t.i] + 1] + list(reversed(cy[:k]))
                    if not best or len(path) < len(best):
                        best = path
                    break
    return best


def _head(toks: list[Any]) -> Any:
    """The token of a span whose head lies outside it."""
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[-1]


def lca(path: list[Any]) -> Any | None:
    """The highest token on a dependency path (the one nearest the root)."""
    if not path:
        return None
    return min(path, key=lambda t: len(_chain(t)))


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    for i, edge in enumerate(edges):
        if value <= edge:
            return i
    return len(edges) - 1


def rule_label(rules: list[Claim], a: Mention, b: Mention) -> tuple[str, Claim | None]:
    """The class the rule claims give the pair (the most confident one) and that claim."""
    found: list[tuple[float, str, Claim]] = []
    for c in rules:
        ids = (c.subject_id, c.object_id)
        if ids == (a.actor, b.actor):
            found.append((c.confidence, label_of(c.relation, True), c))
        elif ids == (b.actor, a.actor):
            found.append((c.confidence, label_of(c.relation, False), c))
    if not found:
        return "none", None
    labels = {lab for _, lab, _ in found}
    conf, lab, claim = max(found, key=lambda f: f[0])
    rel = decode(lab)
    if rel and rel[1] in "<>" and {rel[0] + ">", rel[0] + "<"} <= labels:
        lab = rel[0] + "="
    return lab, claim


def pair_features(parsed: Any, offset: int, pair: Pair, rules: list[Claim], lex: Any,
                  n_actors: int) -> np.ndarray:
    """The feature vector of a pair (``parsed``: the sentence's spaCy parse or None)."""
    v = np.zeros(N_FEATURES, dtype=np.float32)
    k = 0
    lab, claim = rule_label(rules, pair.a, pair.b)
    v[k + INDEX[lab]] = 1.0
    k += len(LABELS)
    if claim is not None:
        v[k], v[k + 1], v[k + 2] = claim.confidence, float(claim.negated), float(claim.hedged)
    k += 3
    path = dep_path(parsed, offset, pair.a, pair.b)
    if path:
        v[k + _bucket(len(path) - 1, PATH_BUCKETS)] = 1.0
    else:
        v[k + len(PATH_BUCKETS)] = 1.0
    k += len(PATH_BUCKETS) + 1
    inner = path[1:-1]
    for t in inner:
        pos = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}.get(t.pos_)
        for trig in lex.lookup(pos, t.lemma_.lower()) if pos else ():
            v[k + RELATIONS.index(trig.relation)] = 1.0
    k += len(RELATIONS)
    report = lex.report_verbs
    v[k] = float(any(t.lemma_.lower() in report for t in inner))
    negators = lex.lists.get("negators", frozenset())
    v[k + 1] = float(any(c.dep_ == "neg" or c.lower_ in negators for t in inner
                         for c in t.children))
    k += 2
    gap = len(span_tokens(parsed, pair.a.end - offset, pair.b.start - offset))
    v[k + _bucket(gap, GAP_BUCKETS)] = 1.0
    k += len(GAP_BUCKETS)
    v[k + min(n_actors, 5) - 2] = 1.0
    k += 4
    for m in (pair.a, pair.b):
        if m.kind in KINDS:
            v[k + KINDS.index(m.kind)] = 1.0
        k += len(KINDS)
        if m.type in TYPES:
            v[k + TYPES.index(m.type)] = 1.0
        k += len(TYPES)
    between = "" if parsed is None else parsed.text[pair.a.end - offset:pair.b.start - offset]
    v[k] = float(between.strip().lower() in ("and", ",", "&", "and the"))
    v[k + 1] = float(len(between) > 0 and between.count(",") >= 2)
    return v
