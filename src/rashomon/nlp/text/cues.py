"""Cue matching: every cue of many cue sets found in one pass over a text.

A cue is a lower-case word prefix: it matches case-insensitively (any script) where the
character before is not a word character (or at the text start), nothing is required after
it, and the words of a multi-word cue match across any whitespace run. Per cue set
("group"), matches are leftmost and non-overlapping, the longest cue preferred. These are
exactly the semantics of one ``cue_regex`` per group (kept as the reference), computed with
one Aho-Corasick scan of the case-folded, whitespace-squeezed text for all groups at once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

import ahocorasick

Span = tuple[int, int]

try:  # the case folding re.IGNORECASE itself uses (CPython internals, 3.11+)
    from _sre import unicode_tolower
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: plain lower case
    def unicode_tolower(cp: int) -> int:
        low = chr(cp).lower()
        return ord(low) if len(low) == 1 else cp

    _EXTRA_CASES: dict[int, tuple[int, ...]] = {}


@lru_cache(maxsize=4096)
def cue_regex(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex matching any cue as a word prefix (case-insensitive; any script).
    The reference semantics of ``CueIndex``."""
    cues = tuple(c for c in cues if c.strip())
    if not cues:
        return None
    alts = sorted({r"\s+".join(re.escape(w) for w in c.split()) for c in cues}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + ")", re.IGNORECASE)


class FoldTable(dict[int, str]):
    """``str.translate`` table, filled on first sight of a character: whitespace -> " ",
    every other character -> one representative of the characters ``re.IGNORECASE`` treats
    as equal to it (the simple lower case, then the least of the extra equivalences ``re``
    knows, e.g. "ſ" ~ "s"). Length-preserving."""

    def __missing__(self, cp: int) -> str:
        if chr(cp).isspace():
            out = " "
        else:
            lo = unicode_tolower(cp)
            out = chr(min((lo, *_EXTRA_CASES.get(lo, ()))))
        self[cp] = out
        return out


_FOLD = FoldTable()


def fold(text: str) -> str:
    return text.translate(_FOLD)


def normalise(cue: str) -> str:
    """A cue as the index stores it: folded, words joined by one space."""
    return " ".join(fold(cue).split())


def _squeeze(folded: str) -> tuple[str, list[int], list[int]]:
    """``folded`` with runs of spaces made one space, and the breakpoints mapping squeezed
    positions back: position j -> j + shift[bisect_right(keys, j) - 1]."""
    keys, shift = [0], [0]
    parts: list[str] = []
    last = removed = 0
    for m in re.finditer(" {2,}", folded):
        a, b = m.span()
        parts.append(folded[last: a + 1])
        last = b
        keys.append(a - removed + 1)  # squeezed position just after the run's one space
        removed += b - a - 1
        shift.append(removed)
    parts.append(folded[last:])
    return "".join(parts), keys, shift


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class CueIndex:
    """One automaton for several cue groups (e.g. one group per codebook entry)."""

    def __init__(self, groups: Sequence[Iterable[str]]) -> None:
        self.size = len(groups)
        ids: dict[str, int] = {}
        owners: list[set[int]] = []
        for g, cues in enumerate(groups):
            for c in cues:
                key = normalise(c)
                if not key:
                    continue
                if key not in ids:
                    ids[key] = len(ids)
                    owners.append(set())
                owners[ids[key]].add(g)
        self.owners = [tuple(sorted(o)) for o in owners]
        self.auto: ahocorasick.Automaton | None = None
        if ids:
            self.auto = ahocorasick.Automaton()
            for key, i in ids.items():
                self.auto.add_word(key, (i, len(key)))
            self.auto.make_automaton()

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, cue id) of every cue occurrence at an allowed start (overlapping),
        sorted by start, longest first."""
        if self.auto is None or not text:
            return []
        folded = fold(text)
        squeezed = "  " in folded
        norm, keys, shift = _squeeze(folded) if squeezed else (folded, [0], [0])
        out = []
        for last, (cue, n) in self.auto.iter(norm):
            first = last - n + 1
            if squeezed:
                first += shift[bisect_right(keys, first) - 1]
                last += shift[bisect_right(keys, last) - 1]
            if first and _word(text[first - 1]):
                continue
            out.append((first, last + 1, cue))
        out.sort(key=lambda m: (m[0], -m[1]))
        return out

    def hits(self, text: str) -> dict[int, list[Span]]:
        """Group -> (start, end) of its cue occurrences (leftmost, non-overlapping, longest
        cue first, as ``cue_regex(group).finditer``); groups without hits are left out."""
        found: dict[int, list[Span]] = {}
        ends: dict[int, int] = {}
        for s, e, cue in self.matches(text):
            for g in self.owners[cue]:
                if s >= ends.get(g, 0):
                    found.setdefault(g, []).append((s, e))
                    ends[g] = e
        return found

    def counts(self, text: str) -> list[int]:
        """Hits per group."""
        out = [0] * self.size
        for g, spans in self.hits(text).items():
            out[g] = len(spans)
        return out

    def distinct(self, text: str) -> list[int]:
        """Distinct lower-cased matched texts per group."""
        out = [0] * self.size
        for g, spans in self.hits(text).items():
            out[g] = len({text[a:b].lower() for a, b in spans})
        return out


@lru_cache(maxsize=4096)
def cue_index(cues: tuple[str, ...]) -> CueIndex:
    """The index of one cue set (cached)."""
    return CueIndex([cues])


def cue_hits(text: str, cues: Sequence[str]) -> list[Span]:
    """(start, end) of every cue occurrence in ``text``."""
    return cue_index(tuple(cues)).hits(text).get(0, [])
