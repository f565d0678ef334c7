"""Case and article forms of the KB's Ukrainian and Bulgarian names, so that any form of a
known name resolves: Ukrainian through pymorphy3's Ukrainian dictionary ("Україна" ->
"України", "Україною"; "Зеленський" -> "Зеленського"), Bulgarian through the definite
article suffixes ("Кремъл" -> "Кремълът", "Кремъла"; "Украйна" -> "Украйната";
"Европейски съюз" -> "Европейският съюз")."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

UK_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@lru_cache(maxsize=1)
def _uk() -> Any:
    try:
        import pymorphy3  # noqa: PLC0415 - pymorphy3 and its dictionaries are heavy

        return pymorphy3.MorphAnalyzer(lang="uk")
    except (ImportError, OSError, ValueError):  # no dictionaries: the listed forms still match
        return None


def _uk_word_forms(word: str) -> dict[str, str] | None:
    """case -> form of one word, or None when the word stays as it is (acronyms,
    genitive complements such as "Америки", words the dictionary does not know)."""
    if word.isupper() or len(word) < 3 or not word[:1].isalpha():
        return None
    morph = _uk()
    if morph is None:
        return None
    p = next((p for p in morph.parse(word) if p.tag.case == "nomn"), None)
    if p is None or p.tag.POS not in ("NOUN", "ADJF"):
        return None
    out = {}
    for case in UK_CASES:
        f = p.inflect({case} | ({p.tag.number} if p.tag.number else set()))
        if f is not None:
            w = f.word
            out[case] = w[:1].upper() + w[1:] if word[:1].isupper() else w
    return out


def ukrainian(name: str, person: bool = False) -> list[str]:
    """Every case form of a Ukrainian name, inflecting the words in the nominative together
    (up to the head noun, except in people's names: "Сполучені Штати Америки" ->
    "Сполучених Штатів Америки")."""
    words = name.split(" ")
    forms = []
    head_seen = False
    for w in words:
        f = None if head_seen else _uk_word_forms(w)
        forms.append(f)
        if f is not None and not person and _uk().parse(w)[0].tag.POS == "NOUN":
            head_seen = True
    if not any(forms):
        return []
    out = []
    for case in UK_CASES:
        out.append(" ".join(f.get(case, w) if f else w for w, f in zip(words, forms, strict=True)))
    return [v for v in dict.fromkeys(out) if v != name]


BG_ADJ = (("ски", ("ският", "ския")), ("ска", ("ската",)), ("ско", ("ското",)),
          ("ен", ("ният", "ния")))


def _bg_article(word: str) -> list[str]:
    low = word.lower()
    if word.isupper() or len(word) < 3:
        return []
    if low.endswith("й"):
        return [word[:-1] + "ят", word[:-1] + "я"]
    if low.endswith(("а", "я")):
        return [word + "та"]
    if low.endswith(("о", "е")):
        return [word + "то"]
    if low.endswith(("и", "у", "ю")):
        return [word + "те"]
    if low[-1].isalpha():
        return [word + "ът", word + "а"]
    return []


def bulgarian(name: str, person: bool = False) -> list[str]:
    """Definite forms of a Bulgarian name: the article goes on the first word of the phrase
    ("Европейският съюз", "Кремълът"); people's names take none."""
    if person:
        return []
    words = name.split(" ")
    first = words[0]
    low = first.lower()
    if len(words) > 1:
        for end, arts in BG_ADJ:
            if low.endswith(end):
                return [" ".join([first[: len(first) - len(end)] + a, *words[1:]]) for a in arts]
    return [" ".join([v, *words[1:]]) for v in _bg_article(first)]


def variants(name: str, lang: str, person: bool = False) -> list[str]:
    if lang == "uk":
        return ukrainian(name, person)
    if lang == "bg":
        return bulgarian(name, person)
    return []
