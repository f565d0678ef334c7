"""Candidate pairs for the relation model: two actors of one sentence, and the word pieces
of the encoder that each reads."""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.doc import Mention


@dataclass(slots=True)
class Pair:
    """A candidate: two mentions of different actors in one sentence, ``a`` first."""

    sentence: int
    a: Mention
    b: Mention


@dataclass(slots=True)
class PairSlots:
    """Which word pieces of a sentence a pair reads: A's, B's and those between."""

    a: list[int]
    b: list[int]
    between: list[int]


def word_pieces(offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indices of the word pieces that overlap characters ``start:end`` (special tokens,
    whose offsets are (0, 0), never do)."""
    return [i for i, (s, e) in enumerate(offsets) if e > s and s < end and e > start]


def slots(offsets: list[tuple[int, int]], a: tuple[int, int], b: tuple[int, int]) -> PairSlots | None:
    """The pair's word pieces (character spans relative to the sentence); None when a
    mention fell outside the encoded window."""
    ta, tb = word_pieces(offsets, *a), word_pieces(offsets, *b)
    if not ta or not tb:
        return None
    lo, hi = max(ta) + 1, min(tb)
    return PairSlots(ta, tb, list(range(lo, hi)) if hi > lo else [])


def pairs_of(sentence: int, mentions: list[Mention]) -> list[Pair]:
    """One pair per two actors of a sentence: their closest two mentions, in text order."""
    best: dict[tuple[str, str], Pair] = {}
    ms = sorted(mentions, key=lambda m: m.start)
    for i, x in enumerate(ms):
        for y in ms[i + 1:]:
            if x.actor == y.actor or y.start < x.end:
                continue
            key = (x.actor, y.actor) if x.actor < y.actor else (y.actor, x.actor)
            old = best.get(key)
            if old is None or y.start - x.end < old.b.start - old.a.end:
                best[key] = Pair(sentence, x, y)
    return sorted(best.values(), key=lambda p: (p.a.start, p.b.start))
