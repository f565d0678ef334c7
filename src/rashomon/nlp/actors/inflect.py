"""Case and article forms of the KB's Ukrainian and Bulgarian names, so that any form of a
known name resolves: Ukrainian through pymorphy3's Ukrainian dictionary ("Україна" ->
"України", "Україною"; "Зеленський" -> "Зеленського"), Bulgarian through the definite
article suffixes ("Кремъл" -> "Кремълът", "Кремъла"; "Украйна" -> "Украйната";
"Европейски съюз" -> "Европейският съюз"); Russian state adjectives and lower-case nouns through pymorphy3's
Russian dictionary ("российский" -> "российских", "российской", "российскими"; "американцы" ->
"американцев", "американцам")."""

from __future__ import annotations

from typing import Any

from rashomon.nlp.text.morph import analyser

UK_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _uk() -> Any:
    return analyser("uk")


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


def _ru() -> Any:
    return analyser("ru")


def russian_adjective(word: str) -> list[str]:
    """Every full form (case, gender, number) of a one-word Russian adjective, in the
    letter case of ``word``; [] for anything else."""
    morph = _ru()
    if morph is None or " " in word or not word[:1].isalpha():
        return []
    p = next((p for p in morph.parse(word.lower()) if p.tag.POS == "ADJF"), None)
    if p is None:
        return []
    forms = {f.word.replace("ё", "е") for f in p.lexeme if f.tag.POS == "ADJF"}
    if word[:1].isupper():
        forms = {f[:1].upper() + f[1:] for f in forms}
    return sorted(f for f in forms if f != word)


RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def russian_noun(word: str) -> list[str]:
    """Every case form of a one-word lower-case Russian noun in the nominative, in its own
    number ("американцы" -> "американцев", "американцам"; "бундесвер" -> "бундесвера"):
    a plural demonym stays plural, since one "американец" is no collective."""
    morph = _ru()
    if morph is None or " " in word or not word[:1].islower():
        return []
    p = next((p for p in morph.parse(word) if p.tag.POS == "NOUN" and p.tag.case == "nomn"), None)
    if p is None or p.tag.number is None:
        return []
    forms = {f.word.replace("ё", "е") for c in RU_CASES if (f := p.inflect({c, p.tag.number}))}
    return sorted(f for f in forms if f != word)


def russian_phrase(name: str, person: bool = False) -> list[str]:
    """Every case form of a Russian name of several words, the words in the nominative
    inflected together up to the head noun ("Белый дом" -> "Белого дома", "Белом доме";
    "Южная Корея" -> "Южной Кореи"; "Владимир Путин" -> "Владимира Путина")."""
    morph = _ru()
    words = name.split(" ")
    if morph is None or len(words) < 2:
        return []
    parses: list[Any] = []
    head_seen = False
    for w in words:
        p = None
        if not head_seen and not w.isupper() and len(w) > 2 and w[:1].isalpha():
            ps = [p for p in morph.parse(w.lower()) if p.tag.case == "nomn"
                  and p.tag.POS in ("NOUN", "ADJF", "PRTF")
                  and (not person or {"Name", "Surn", "Patr"} & set(p.tag.grammemes))]
            p = ps[0] if ps else None
        parses.append(p)
        if p is not None and not person and p.tag.POS == "NOUN":
            head_seen = True
    if not any(parses):
        return []
    head = next((p for p in parses if p is not None and p.tag.POS == "NOUN"), None)
    animacy = {head.tag.animacy} if head is not None and head.tag.animacy else set()
    out = []
    for case in RU_CASES:
        forms = []
        for w, p in zip(words, parses, strict=True):
            want = {case} | {g for g in (p.tag.number, p.tag.gender) if g} if p else {case}
            if p is not None and p.tag.POS != "NOUN" and case == "accs":
                want |= animacy  # "Белый дом" (not "Белого дом"), "Владимира Путина"
            f = (p.inflect(want) or p.inflect({case})) if p else None
            if f is None:
                forms.append(w)
                continue
            v = f.word.replace("ё", "е") if "ё" not in w else f.word
            forms.append(v[:1].upper() + v[1:] if w[:1].isupper() else v)
        out.append(" ".join(forms))
    return [v for v in dict.fromkeys(out) if v != name]


def variants(name: str, lang: str, person: bool = False) -> list[str]:
    if lang == "uk":
        return ukrainian(name, person)
    if lang == "bg":
        return bulgarian(name, person)
    if lang == "ru":
        return russian_phrase(name, person) if " " in name else (
            [] if person else russian_adjective(name) or russian_noun(name))
    return []
