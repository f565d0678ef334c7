"""Sentence splitting: fast rules, exact character offsets, any language.

Lines are hard boundaries (headlines, paragraphs); inside a line we split after
. ! ? (and their CJK/Devanagari forms) followed by space and an upper-case letter,
a digit or an opening quote, unless the dot ends a known abbreviation or an initial.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rashomon.doc import Doc, Sentence
from rashomon.registry import component

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt maj capt sgt rep sen gov pres st jr sr no nos vs etc
    inc ltd corp co jan feb mar apr jun jul aug sep sept oct nov dec approx est dept univ
    fig al e.g i.e u.s u.k u.n u.s.a e.u a.m p.m mt ft""".split()
)
_BOUNDARY = re.compile(r"[.!?…।؟。]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[\w\d])")
_LINE = re.compile(r"[^\n]+")


def split(text: str, max_len: int = 2000) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed."""
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        ls, le = line.span()
        start = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            end = m.end()
            if _is_abbreviation(text, start, m.start()):
                continue
            nxt = text[end:le].lstrip()[:1]
            if nxt and nxt.isalpha() and nxt.islower():
                continue
            out.append((start, end))
            start = end
        out.append((start, le))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.extend(_cut(text, s, e, max_len))
    return trimmed


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]+$", text[start:dot])
    if not word:
        return False
    w = word.group(0).lower()
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha() and text[dot - 1].isupper())


def _cut(text: str, s: int, e: int, max_len: int) -> list[tuple[int, int]]:
    """Very long 'sentences' (tables, lists without stops) are cut at spaces, trimmed."""
    out = []
    while e - s > max_len:
        cut = s + max_len
        while cut > s + max_len // 2 and not text[cut - 1].isspace():
            cut -= 1
        if cut == s + max_len // 2:  # no space in the second half: cut hard
            cut = s + max_len
        end = cut
        while end > s and text[end - 1].isspace():
            end -= 1
        if end > s:
            out.append((s, end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))
    return out


@component("sentences", reads=("text",), writes=("sentences",))
def make_sentences(*, max_len: int = 2000) -> Callable[[Doc], Doc]:
    def sentences(doc: Doc) -> Doc:
        doc.sentences = [Sentence(s, e, doc.text[s:e]) for s, e in split(doc.text, max_len)]
        return doc

    return sentences
