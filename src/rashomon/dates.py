"""Dates in text, normalised: "YYYY", "YYYY-MM", "YYYY-MM-DD", or a range "START/END"
("1990/1999" for "the 1990s", "1967/.." for "since 1967", open-ended).

``normalise(text, anchor)`` reads one date expression (a spaCy DATE entity, say);
``find(text, anchor)`` finds every date expression in a text. ``anchor`` is the
publication date ("2024-03-28"): it completes "March 28", "Tuesday", "last month".
Durations ("four days") and anything else that is not a date give None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for m in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_Y = r"1[5-9]\d\d|20\d\d"
_DAYS = "yesterday|today|tonight"  # the words of relative dates (may_date reads them too)
_UNITS = "week|month|year"
_WEEKDAYS = "|".join(WEEKDAYS)

# one expression per pattern, most specific first; each names the groups it reads
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(rx, re.I)) for kind, rx in (
    ("iso", r"\b(?P<year>" + _Y + r")-(?P<m>\d\d)(?:-(?P<d>\d\d))?\b"),
    ("range", r"\b(?:from|between)\s+(?P<a>" + _Y + r")\s+(?:to|and|until)\s+(?P<b>" + _Y + r")\b"),
    ("range", r"\b(?P<a>" + _Y + r")\s*[-\u2013/]\s*(?P<b>" + _Y + r"|\d\d)\b"),
    ("since", r"\b(?:since|from)\s+(?:(?P<day>\d{1,2})\s+)?(?:" + _MON + r"\s+)?(?:(?P<day2>\d{1,2}),?\s+)?(?P<year>" + _Y + r")\b"),
    ("decade", r"\b(?:the\s+)?(?P<dec>1[5-9]\d0|20\d0)s\b"),
    ("dmy", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b"),
    ("mdy", r"\b" + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b"),
    ("my", r"\b" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"\b"),
    ("dm", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\b"),
    ("md", r"\b" + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|per|people|km|miles))"),
    ("year", r"\b(?:in|of|since|by|during|until|before|after|early|late|mid-?)?\s*" + _YEAR + r"\b(?![-\u2013]\d)"),
    ("relative", r"\b(?P<rel>" + _DAYS + r"|this\s+(?:" + _UNITS + r")|last\s+(?:" + _UNITS + r")|next\s+(?:" + _UNITS + r")|(?:on\s+)?(?:last\s+)?(?:" + _WEEKDAYS + r"))\b"),
))

# every expression of PATTERNS holds a digit or one of these words: a text without any of
# them dates nothing, and neither does any part of it
_MAY_DATE = re.compile(r"\d|" + _DAYS + "|" + _UNITS + "|" + _WEEKDAYS, re.I)


def may_date(text: str) -> bool:
    """Could ``text``, or some part of it, hold a date expression? False only when none of
    it can (``find`` of it or of any part of it finds nothing)."""
    return _MAY_DATE.search(text) is not None


def _anchor(anchor: str | None) -> date | None:
    if not anchor:
        return None
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", str(anchor))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _ymd(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    return f"{y:04d}"


def _month_before(a: date, n: int = 1) -> str:
    y, m = a.year, a.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def _relative(rel: str, anchor: date) -> str | None:
    """A relative expression ("yesterday", "last Monday", "next week") against ``anchor``."""
    if rel == "yesterday":
        return (anchor - timedelta(days=1)).isoformat()
    if rel in ("today", "tonight"):
        return anchor.isoformat()
    word = rel.split()[-1]
    if word in WEEKDAYS:  # the last such weekday on or before the publication
        back = (anchor.weekday() - WEEKDAYS.index(word)) % 7
        if rel.startswith("last ") and back == 0:
            back = 7
        return (anchor - timedelta(days=back)).isoformat()
    if word == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        if rel.startswith("last"):
            monday -= timedelta(days=7)
        elif rel.startswith("next"):
            monday += timedelta(days=7)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    if word == "month":
        n = {"this": 0, "last": 1, "next": -1}[rel.split()[0]]
        return _month_before(anchor, n)
    if word == "year":
        n = {"this": 0, "last": 1, "next": -1}[rel.split()[0]]
        return f"{anchor.year - n:04d}"
    return None


def _range(g: dict[str, str | None]) -> str | None:
    a, b = g["a"] or "", g["b"] or ""
    if len(b) == 2:
        b = a[:2] + b
    return f"{a}/{b}" if a < b else None


def _since(g: dict[str, str | None], mon: int | None) -> str | None:
    day = g.get("day") or g.get("day2")
    start = _ymd(int(g["year"]), mon, int(day) if day and mon else None)
    return f"{start}/.." if start else None


def _day_month(g: dict[str, str | None], mon: int | None, anchor: date | None) -> str | None:
    """A day and month without a year: the latest such date on or before ``anchor``."""
    if anchor is None or mon is None:
        return None
    y = anchor.year if (mon, int(g["day"])) <= (anchor.month, anchor.day) else anchor.year - 1
    return _ymd(y, mon, int(g["day"]))


def _value(kind: str, g: dict[str, str | None], anchor: date | None) -> str | None:
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    if kind == "iso":
        return _ymd(int(g["year"]), int(g["m"]), int(g["d"]) if g.get("d") else None)
    if kind == "range":
        return _range(g)
    if kind == "since":
        return _since(g, mon)
    if kind == "decade":
        d = int(g["dec"])
        return f"{d}/{d + 9}"
    if kind in ("dmy", "mdy"):
        return _ymd(int(g["year"]), mon, int(g["day"]))
    if kind == "my":
        return _ymd(int(g["year"]), mon)
    if kind in ("dm", "md"):
        return _day_month(g, mon, anchor)
    if kind == "year":
        return _ymd(int(g["year"]))
    if kind == "relative" and anchor is not None:
        return _relative(re.sub(r"\s+", " ", (g.get("rel") or "").lower()).removeprefix("on "), anchor)
    return None


def find(text: str, anchor: str | None = None) -> list[tuple[int, int, str]]:
    """Every date expression in ``text``: (start, end, normalised value), in text order,
    none overlapping (the most specific pattern wins)."""
    a = _anchor(anchor)
    taken: list[tuple[int, int, str]] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e, _ in taken):
                continue
            v = _value(kind, m.groupdict(), a)
            if v is not None:
                taken.append((m.start(), m.end(), v))
    return sorted(taken)


def normalise(text: str | None, anchor: str | None = None) -> str | None:
    """The date one expression names (the first, if it holds several); None if none."""
    if not text:
        return None
    found = find(text, anchor)
    return found[0][2] if found else None


def start(value: str | None) -> str | None:
    """The first day, month or year of a normalised value ("1967/.." -> "1967")."""
    if not value:
        return None
    head = value.split("/", 1)[0]
    return head if re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", head) else None


def claim_time(text: str, start: int, end: int, entity: str | None,
               published: str | None = None) -> str | None:
    """The date a claim's sentence ``text[start:end]`` gives it: its DATE ``entity`` (as the
    parser attached it), else the first date in the sentence, else the nearest one before
    it in its paragraph; None when the text dates nothing (the graph then falls back to
    the publication date, the ``anchor`` of relative dates here)."""
    sentence = text[start:end]
    found = find(sentence, published)
    at = sentence.find(entity) if entity else -1
    for s, e, v in found:  # the expression around the entity: "since 2014", not "2014"
        if at >= 0 and s < at + len(entity or "") and at < e:
            return v
    value = normalise(entity, published)
    if value:
        return value
    if found:
        return found[0][2]
    para = text.rfind("\n\n", 0, start)
    before = find(text[para + 2 if para >= 0 else 0:start], published)
    return before[-1][2] if before else None
