"""Russian and Ukrainian morphology (pymorphy3 with its dictionaries), shared by the actor
matcher, the name finder and the Russian claims path."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=2)
def analyser(lang: str) -> Any:
    """pymorphy3's analyser for ``lang`` (ru, uk), loaded once; None without its dictionaries."""
    try:
        import pymorphy3  # noqa: PLC0415 - pymorphy3 and its dictionaries are heavy

        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ImportError, OSError, ValueError):  # no dictionaries: callers keep listed forms
        return None


def morph() -> Any:
    """The Russian analyser."""
    return analyser("ru")


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def cyrillic(text: str) -> bool:
    """Has ``text`` a Cyrillic letter?"""
    return _CYRILLIC.search(text) is not None


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case, ё read as е)."""
    w = word.lower()
    if not cyrillic(w):
        return w
    return str(morph().parse(w)[0].normal_form).replace("ё", "е")


_PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


def common_word(word: str) -> set[str] | None:
    """The lemmas of ``word`` when it is a known Russian word that no reading makes a
    proper noun ("самое": {"самый"}), else None ("Израиль", "Зеленскии", "Samoa")."""
    an = morph()
    w = word.lower()
    if an is None or not cyrillic(w) or not an.word_is_known(w):
        return None
    readings = an.parse(w)
    if any(_PROPER & set(p.tag.grammemes) for p in readings):
        return None
    return {str(p.normal_form) for p in readings}

