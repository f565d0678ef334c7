"""Wire datelines: "MOSCOW, Jan 17 -", "WASHINGTON/LONDON (Reuters) -", "KYIV -",
"МОСКВА, 17 января. /ТАСС/.". They say where a story was filed, so the places in them
are not actors of the story."""

from __future__ import annotations

import re

# a line opening with a place in capitals, then a dash at once, or an agency in brackets and
# a dash ("KYIV (AFP) -"), or a comma or bracket and, within the same line, a date or an
# agency before a dash or a "/TASS/." mark
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[^\W\d_]{3,}(?:[ /-][^\W\d_]{2,}){0,3})"
    r"(?:[ \t]+[-–—](?=[ \t])"
    r"|[ \t]+\((?P<agency>[A-ZА-ЯЁ][^\W\d_]*(?:[ .-][^\W\d_]+){0,2})\)[ \t]+[-–—](?=[ \t])"
    r"|(?P<more>[,(][^\n]{0,60}?)(?:[ \t][-–—](?=[ \t])|/[^\W\d_]+/\.))")


_LOWER = re.compile(r"(?<![\w/])[^\W\d_A-ZА-ЯЁ][^\W\d_]*")  # a month ("января", "de março")


def datelines(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each dateline of ``text``."""
    out = []
    for m in _DATELINE.finditer(text):
        more = m.group("more")
        if m.group("place").isupper() and (more is None or (
                re.search(r"\d|\(", more) and len(_LOWER.findall(more)) <= 2)):
            out.append((m.start("place"), m.end()))
    return out


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) lie within one of ``spans``?"""
    return any(s <= start and end <= e for s, e in spans)
