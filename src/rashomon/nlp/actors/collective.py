"""Nominal use of a state adjective as a collective actor, read from the parse.

"The French and the British agreed", "talks with the Chinese": the adjective heads a noun
phrase (subject, object or their conjunct) after "the", so it names the people/state as a
collective (the spec's plural-demonym rule). Only adjectives that English uses so (-sh,
-ch, -ese, -ss) count. An adjective on a noun ("British ships") is
no actor; the gazetteer already handles "the Chinese said".
"""

from __future__ import annotations

from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.gazetteer import NOMINAL_ENDINGS
from rashomon.nlp.actors.kb import KB

ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent"})


def _argument(tok: Any) -> bool:
    if tok.dep_ in ARG_DEPS:
        return True
    return tok.dep_ == "conj" and tok.head.dep_ in ARG_DEPS


def collective_mentions(doc: Doc, kb: KB, busy: list[tuple[int, int]]) -> list[Mention]:
    """Mentions (kind="demonym") for "the <State adjective>" used as a noun phrase."""
    out: list[Mention] = []
    for i, s in enumerate(doc.sentences):
        if s.parse is None:
            continue
        for tok in s.parse:
            if not tok.text[:1].isupper() or not tok.lower_.endswith(NOMINAL_ENDINGS) \
                    or tok.i == 0 or s.parse[tok.i - 1].lower_ != "the":
                continue
            if tok.i + 1 < len(s.parse) and s.parse[tok.i + 1].text in ("-", "–"):
                continue  # "the British-supplied missiles"
            if not _argument(tok) or any(c.dep_ in ("amod", "compound") for c in tok.children):
                continue
            start = s.start + tok.idx
            end = start + len(tok.text)
            if any(start < e and b < end for b, e in busy):
                continue
            a = kb.by_name(tok.text)
            if a is None or a.type != "state" or tok.text not in a.adjectives:
                continue
            out.append(Mention(start, end, tok.text, a.id, a.name, kind="demonym", sentence=i,
                               score=0.7, type=a.type))
    return out
