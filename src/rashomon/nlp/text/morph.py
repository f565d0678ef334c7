"""Russian and Ukrainian morphology (pymorphy3 with its dictionaries), shared by the actor
matcher, the name finder and the Russian claims path."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# pymorphy3 grammemes of a proper noun: a place, a person's names, an organisation, a brand
PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


@lru_cache(maxsize=65_536)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy3 reads ``word`` as (lower case)."""
    an = morph()
    return frozenset(str(p.normal_form) for p in an.parse(word.lower())) if an else frozenset()


def another_word(word: str, own: Iterable[str]) -> bool:
    """Is ``word`` a known Russian word, no reading of it a proper noun, that is none of
    the ``own`` words in another form ("Самое" is not "Самоа", "Паутина" not "Путин";
    "Известий" is "Известия")?"""
    an = morph()
    w = word.lower()
    if an is None or not cyrillic(w) or not an.word_is_known(w):
        return False
    if any(PROPER & set(p.tag.grammemes) for p in an.parse(w)):
        return False
    return not lemmas(w) & {x for o in own for x in lemmas(o)}
