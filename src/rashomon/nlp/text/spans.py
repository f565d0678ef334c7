"""Tokens of a spaCy parse by character offsets (offsets in the parsed text): the span
helpers every component uses."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any


def span_tokens(parsed: Any, start: int, end: int) -> list[Any]:
    """The tokens of a parse that start in characters ``start:end`` (offsets in the parsed
    text), found by bisection on their offsets: no Python object per token of the parse."""
    if parsed is None:
        return []
    starts = parsed.to_array("IDX").tolist()
    return [parsed[i] for i in range(bisect_left(starts, start), bisect_left(starts, end))]


def covering(parse: Any, start: int, end: int) -> list[Any]:
    """The tokens overlapping ``[start, end)`` (offsets in the parse), in order: found by
    spaCy's binary search, checked, else by a scan of every token."""
    if 0 <= start < end:
        span = parse.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            i, j = span.start, span.end
            first, last = parse[i], parse[j - 1]
            if (first.idx + len(first) > start and last.idx < end
                    and (i == 0 or parse[i - 1].idx + len(parse[i - 1]) <= start)
                    and (j == len(parse) or parse[j].idx >= end)):
                return list(span)
    return [t for t in parse if t.idx < end and t.idx + len(t.text) > start]


def head_token(parse: Any, start: int, end: int) -> Any | None:
    """The syntactic head of the tokens covering ``[start, end)`` (offsets in the parse)."""
    toks = covering(parse, start, end)
    if not toks:
        return None
    return next((t for t in toks if t.head not in toks or t.head == t), toks[-1])
