"""A name finder for text the English NER does not read: unknown people, organisations
and places in Russian (natasha's NER), and in any other language by capitalisation
(Portuguese, Bulgarian, Ukrainian, Spanish, ...) or by titles and organisation words
(Hindi, where script has no capitals).

Guards, as for the English NER: no name inside a KB mention; no "pro-/anti-" adjective,
no venue or dateline, no title or calendar word alone; a place after a locative
preposition ("в Киеве", "em São Paulo") is a location, not an actor; a lone
capitalised word that opens a sentence is kept only when the text also writes it
capitalised mid-sentence. Mentions get ``unk:<normalised name>`` ids (the KB's id when
the name resolves), kind "ner", score 0.5-0.7 as for English entities.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.kb import KB, TITLES, normalise_name
from rashomon.nlp.actors.unknown import VENUE_WORDS
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.dateline import datelines
from rashomon.nlp.text.morph import PROPER, lemma, morph
from rashomon.nlp.text.ruparse import navec

# words that never make a name alone: titles, calendar words, pronouns and function words
# capitalised at the start of a sentence or in headlines, per language
STOP = WORDS.words("name_stop")
LOCATIVE = WORDS.words("locative_preps")
ORG_WORDS = WORDS.words("org_words")
CONNECTORS = WORDS.words("name_connectors")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

# Hindi: a name follows a title or precedes an organisation word
HI_TITLES = WORDS.words("hi_titles")
HI_ORG = WORDS.words("hi_org")
HI_STOP = WORDS.words("hi_stop")

# Russian formations: "группировки (войск) «Запад»", "56-й (отдельной) мотопехотной бригады"
RU_FORMATIONS = WORDS.words("ru_formation_nouns")
RU_PRODUCTS = WORDS.words("ru_product_nouns")
RU_OVERRIDES = WORDS.words("ru_formation_overrides")
RU_GROUP_NOUNS = frozenset({"группировка", "группа"})  # armed groups as well as army groupings
RU_ARMY_GROUPINGS = frozenset(str(k) for k in WORDS.table("ru_coref_voice_groupings"))
_RU_QUOTED = re.compile(r"([А-Яа-яЁё]+)(?:\s+войск)?\s+«([^«»]{1,40})»")
# an ordinal ("56-й", "214-го"), not a count ("4 бригады")
_RU_NUMBERED = re.compile(r"\b(\d{1,4})-[а-яё]{1,3}((?:\s+[а-яё-]+){1,4})")


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsNERTagger, Segmenter  # noqa: PLC0415 - natasha is heavy

    return Segmenter(), NewsNERTagger(navec())


def _busy(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def _prev_word(text: str, s: int) -> str:
    m = re.search(r"([^\W\d_]+)[\s«\"„“(]*$", text[max(0, s - 30):s])
    return m.group(1).lower() if m else ""


def _keep(text: str, s: int, e: int, kind: str) -> bool:
    words = text[s:e].split()
    low = [w.lower().strip(".,") for w in words]
    if not words or low[0].startswith(("pro-", "anti-", "про-", "анти-")):
        return False
    if all(w in STOP or w in TITLES for w in low) or lemma(low[-1]) in VENUE_WORDS:
        return False
    if kind == "gpe" and _prev_word(text, s) in LOCATIVE:
        return False  # "в Киеве", "em Brasília": a location
    return True


def _clean_span(text: str, s: int, e: int) -> tuple[int, int]:
    """A name within one line ("ТОМСК: ГОСИЗМЕНА\n\nСоветский районный суд": the court) and
    with its guillemets paired: an opened one closes at the "»" later in the line
    ("Центра ... «Евразийский вектор" + "»"), else the name stops before it."""
    if "\n" in text[s:e]:
        s = s + text[s:e].rindex("\n") + 1
    name = text[s:e]
    if name.count("«") > name.count("»"):
        close = re.match(r"[^«»\n]{0,60}»", text[e:])
        if close:
            e += close.end()
        else:
            e = s + len(name[:name.rindex("«")].rstrip())
    elif name.count("»") > name.count("«") and name.endswith("»"):
        e -= 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _mention(doc: Doc, kb: KB, s: int, e: int, typ: str, score: float) -> Mention | None:
    text = doc.text[s:e]
    norm = normalise_name(text)
    if len(norm) < 2:
        return None
    actor = kb.by_name(norm)
    if actor is not None:
        return Mention(s, e, text, actor.id, actor.name, kind="ner",
                       sentence=doc.sentence_at(s), score=score, type=actor.type)
    return Mention(s, e, text, "unk:" + norm, text, kind="ner", sentence=doc.sentence_at(s),
                   score=score, type=typ)


NATASHA_TYPES = {"PER": ("person", 0.7), "ORG": ("organisation", 0.7), "LOC": ("gpe", 0.5)}


def russian_names(doc: Doc, kb: KB, busy: list[tuple[int, int]],
                  yielding: frozenset[tuple[int, int]] = frozenset()) -> list[Mention]:
    """natasha NER spans (PER, ORG, LOC) that no mention covers yet, and full names whose
    later words a non-person mention (``yielding``) took: "Тереза Кайиквамба Вагнер" is no
    Wagner Group, "Замир Кабулов" no Kabul."""
    from natasha import Doc as NDoc  # noqa: PLC0415 - natasha is heavy

    seg, ner = _natasha()
    nd = NDoc(doc.text)
    nd.segment(seg)
    nd.tag_ner(ner)
    out: list[Mention] = []
    people: dict[str, Mention] = {}  # surname -> the first full-name mention
    for sp in nd.spans:
        typ, score = NATASHA_TYPES.get(sp.type, ("other", 0.5))
        s, e = _clean_span(doc.text, sp.start, sp.stop)
        if e <= s:
            continue
        taken = [(a, b) for a, b in busy if s < b and a < e]
        full_name = typ == "person" and " " in doc.text[s:e].strip() and taken and all(
            (a, b) in yielding and s < a and b <= e for a, b in taken) and _given_name(
            doc.text[s:e].split()[0])
        if (taken and not full_name) or not _keep(doc.text, s, e, typ) or _capitalised_noun(doc, s, e):
            continue
        m = _mention(doc, kb, s, e, typ, score)
        if m is None or (m.actor.startswith("unk:") and _product_name(doc, s)):
            continue
        if typ == "person" and m.actor.startswith("unk:"):
            m.name = nominative(m.text)  # "Сергея Цекова" -> "Сергей Цеков"
            known = _ru_person(kb, m.name)
            if known is not None:  # "Токаевым", "Ушаков": a KB person's case or surname
                m.actor, m.name, m.type = known.id, known.name, known.type
                out.append(m)
                busy.append((s, e))
                continue
            words = m.name.split()
            first = next((people[k] for k in _surname_keys(m.text) if k in people),
                         None) if len(words) == 1 else None
            if first is not None:  # "Цеков" after "Сергей Цеков"
                m.actor, m.name = first.actor, first.name
            else:
                m.actor = "unk:" + normalise_name(m.name)
                people.setdefault(words[-1].lower(), m)
        out.append(m)
        busy.append((s, e))
    return bracketed(out + latin_names(doc, kb, busy))


# "Китайская национальная нефтегазовая корпорация (CNPC)": a name and its acronym
_BRACKETED = re.compile(r"^(.*?\w[»\"]?)\s*\(([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё0-9-]*[A-ZА-ЯЁ0-9])\)$")


def bracketed(found: list[Mention]) -> list[Mention]:
    """Unknown names written with their acronym in brackets, as news introduces an
    organisation ("Национальная служба разведки (НСР)"): the actor is named by the words
    before the bracket, and later bare uses of the acronym ("по оценке НСР") are that
    actor."""
    acronyms: dict[str, tuple[str, str, str | None]] = {}  # acronym -> (id, name, type)
    for m in found:
        hit = _BRACKETED.match(m.text) if m.actor.startswith("unk:") else None
        if hit is None or not hit.group(2).isupper() and sum(c.isupper() for c in hit.group(2)) < 2:
            continue
        m.name = hit.group(1).strip()  # (an acronym the KB knows took its span first)
        m.actor = "unk:" + normalise_name(m.name)
        acronyms.setdefault(normalise_name(hit.group(2)), (m.actor, m.name, m.type))
    for m in found:
        same = acronyms.get(normalise_name(m.text)) if m.actor.startswith("unk:") else None
        if same is not None:
            m.actor, m.name, m.type = same
    return found


# a run of Latin-script names in a Cyrillic text: capitalised words and acronyms, with
# name connectors inside ("Tren de Aragua", "Institute for National Security Studies")
_LATIN_WORD = r"[A-Z][A-Za-z0-9&'’-]*"
_LATIN_RUN = re.compile(rf"(?<![\w-]){_LATIN_WORD}(?:[ \u00a0](?:(?:{'|'.join(sorted(CONNECTORS | {'of', 'for', 'and', 'the'}))})[ \u00a0])?{_LATIN_WORD})*(?![\w-])")


def latin_names(doc: Doc, kb: KB, busy: list[tuple[int, int]]) -> list[Mention]:
    """Names written in Latin script inside a Russian text, which natasha does not tag
    ("KAPO", "Tren de Aragua"): an unknown organisation, or the KB actor the name is. A run
    of several words holds the KB names inside it ("Iran International" is a channel, not
    Iran); a single word needs two letters and no digit ("M777" is a howitzer); a name after
    a word for a weapon, craft or product ("комплексы NASAMS") is no actor unless the KB knows
    it (the owner: "самолёт AZAL")."""
    out: list[Mention] = []
    for m in _LATIN_RUN.finditer(doc.text):
        s, e = m.span()
        words = m.group().split()
        if len(words) == 1 and (len(words[0]) < 2 or any(c.isdigit() for c in words[0])
                                or words[0].lower() in STOP):
            continue
        inside = [(a, b) for a, b in busy if a < e and s < b]
        if inside and (len(words) == 1 or any(a < s or b > e or (a, b) == (s, e)
                                              for a, b in inside)):
            continue
        found = _mention(doc, kb, s, e, "organisation", 0.6)
        if found is not None and not (found.actor.startswith("unk:") and _product_name(doc, s)):
            out.append(found)
            busy.append((s, e))
    return out


def _product_name(doc: Doc, s: int) -> bool:
    """Is the name at ``s`` in Latin script or quoted, right after a word for a weapon, craft
    or product ("ракеты Storm Shadow", "танкер «Эгейская звезда»")? Unless it is a known
    actor (the owner: "самолёт AZAL", "танкер «Совкомфлота»"), it names that thing. A
    Cyrillic name there is a possessor ("самолет Путина")."""
    quoted = doc.text[max(0, s - 1):s] in ("«", '"', "„")
    if not (quoted or "A" <= doc.text[s:s + 1].upper() <= "Z"):
        return False
    return lemma(_prev_word(doc.text, s)) in RU_PRODUCTS


def _ru_person(kb: KB, name: str) -> Actor | None:
    """The KB person a Russian name in the nominative names: one of its forms ("Токаев"
    from "Токаевым"), or the surname of its Russian full name when no other KB person or
    form has that surname ("Ушаков": Yuri Ushakov)."""
    a = kb.by_name(name)
    if a is not None:
        return a if a.type == "person" else None
    if " " in name:
        return None
    pid = _ru_surnames(kb).get(name.casefold().replace("ё", "е"))
    return kb.get(pid) if pid else None


@lru_cache(maxsize=8)
def _ru_surnames(kb: KB) -> dict[str, str]:
    """Surname (casefolded, ё as е) -> the one KB person whose Russian full names end in it."""
    seen: dict[str, set[str]] = {}
    for a in kb.actors:
        if a.type != "person":
            continue
        for n in a.names.get("ru", ()):
            words = n.split()
            if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) >= 3:
                seen.setdefault(words[-1].casefold().replace("ё", "е"), set()).add(a.id)
    return {k: next(iter(ids)) for k, ids in seen.items()
            if len(ids) == 1 and kb.by_name(k) is None}


NAME_TAGS = PROPER | {"Abbr"}  # an abbreviation names something too


def _capitalised_noun(doc: Doc, s: int, e: int) -> bool:
    """A common word capitalised only because it opens the sentence ("Делегация Ирана
    прибыла", "Атаки продолжились"): every dictionary reading of it is a common word."""
    word = doc.text[s:e]
    i = doc.sentence_at(s)
    if " " in word or word.isupper() or i < 0 or doc.text[doc.sentences[i].start:s].strip(" «\"„“(—–-"):
        return False
    parses = morph().parse(word)
    return all(p.is_known and not NAME_TAGS & p.tag.grammemes for p in parses)


def _given_name(word: str) -> bool:
    """Can ``word`` open a person's name: a name in the dictionary or a word it does not
    know ("Тереза", "Замир"), not a common word ("Обвинённый")?"""
    return any(not p.is_known or NAME_TAGS & p.tag.grammemes for p in morph().parse(word))


def _surname_keys(word: str) -> list[str]:
    """A lone surname and its dictionary forms ("Цекова" -> "цекова", "цеков")."""
    keys = [word.lower()]
    keys += [str(p.normal_form) for p in morph().parse(word) if "Surn" in p.tag]
    return list(dict.fromkeys(keys))


def _head_reading(first: list[Any], rest: list[list[Any]]) -> Any:
    """The first word's name reading that the other words (any of their readings) agree
    with: in case and gender, else in case ("Евгения Гуцул": feminine nominative), else
    pymorphy's first singular one."""
    heads = [p for p in first if p.tag.number != "plur"]
    for same_gender in (True, False):
        for h in heads:
            if all(any(p.tag.case == h.tag.case and (not same_gender or p.tag.gender == h.tag.gender)
                       for p in ps) for ps in rest):
                return h
    return heads[0] if heads else None


def nominative(name: str) -> str:
    """A Russian person's name in the nominative (pymorphy3): the case and gender come
    from the first word ("Сергея Цекова" -> "Сергей Цеков", "Марии Захаровой" -> "Мария
    Захарова"); a single word already nominative stays as it is."""
    words = name.split()
    readings = [morph().parse(w) for w in words]
    # no vocative: news does not address the people it names ("Бадром" is no "Бадрома!")
    parses = [[p for p in rs if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) and p.tag.case != "voct"]
              for rs in readings]
    head = _head_reading(parses[0], readings[1:])
    if head is None or head.tag.case == "nomn" and len(words) > 1 or \
            any(p.tag.case == "nomn" for p in parses[0]) and len(words) == 1:
        return name
    out = []
    for w, ps in zip(words, parses, strict=True):
        fit = next((p for p in ps if p.tag.case == head.tag.case and p.tag.number != "plur"
                    and p.tag.gender in (head.tag.gender, None)), None)
        form = fit.inflect({"nomn", "sing"}) if fit is not None else None
        out.append(form.word[:1].upper() + form.word[1:] if form is not None else w)
    got = " ".join(out)
    if "ё" not in name.lower():  # no "ё" the writer did not write ("Артема" -> "Артем", not "Артём")
        got = got.replace("ё", "е").replace("Ё", "Е")
    return got


def _capitalised(w: str) -> bool:
    return w[:1].isupper() and any(c.isalpha() for c in w)


def _sentence_initial(text: str, s: int) -> bool:
    before = text[max(0, s - 3):s]
    return s == 0 or not before.strip() or before.rstrip()[-1:] in ".!?:\"«“—–-\n"


def cased_names(doc: Doc, kb: KB, busy: list[tuple[int, int]]) -> list[Mention]:
    """Runs of capitalised words (with name connectors: "Luiz Inácio Lula da Silva") and
    acronyms, in scripts with capitals."""
    text = doc.text
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    mid_caps = {w for s, _, w in words if _capitalised(w) and not _sentence_initial(text, s)}
    out: list[Mention] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        if not _capitalised(w) or w.lower() in STOP and not (w.isupper() and len(w) > 1):
            i += 1
            continue
        j = i + 1
        while j < len(words) and text[words[j - 1][1]:words[j][0]] in (" ", "\u00a0"):
            nxt = words[j][2]
            if _capitalised(nxt) and nxt.lower() not in STOP:
                j += 1
            elif nxt.lower() in CONNECTORS and j + 1 < len(words) and _capitalised(words[j + 1][2]):
                j += 2
            else:
                break
        span = words[i:j]
        i = j
        start, end = span[0][0], span[-1][1]
        end -= len(text[start:end]) - len(text[start:end].rstrip(".’'"))
        single = len(span) == 1
        if single and _sentence_initial(text, start) and w not in mid_caps:
            continue  # "Segundo ...", "Според ...": a capitalised sentence opener
        if span[0][2].lower() in TITLES and len(span) > 1:  # "Presidente Lula": the name
            start = span[1][0]
        low = {x[2].lower() for x in span}
        acronym = single and w.isupper() and 2 <= len(w) <= 6
        typ = "organisation" if acronym or low & ORG_WORDS else (
            "person" if len(span) >= 2 and not low & CONNECTORS else "gpe")
        if _busy(busy, start, end) or not _keep(text, start, end, typ):
            continue
        m = _mention(doc, kb, start, end, typ, 0.6 if typ != "gpe" else 0.5)
        if m is not None:
            out.append(m)
            busy.append((start, end))
    return out


def hindi_names(doc: Doc, kb: KB, busy: list[tuple[int, int]]) -> list[Mention]:
    """Hindi: one or two words after a title ("राष्ट्रपति X Y"), or a word before an
    organisation word ("X पार्टी")."""
    text = doc.text
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\u0900-\u097F]+", text)]
    out: list[Mention] = []
    for k, (_, _, w) in enumerate(words):
        span: list[tuple[int, int, str]] = []
        typ = "person"
        if w in HI_TITLES:
            for x in words[k + 1:k + 3]:
                if x[2] in HI_STOP or x[2] in HI_TITLES:
                    break
                span.append(x)
        elif w in HI_ORG and k > 0 and words[k - 1][2] not in HI_STOP:
            span = [words[k - 1], words[k]]
            typ = "organisation"
        if not span:
            continue
        s, e = span[0][0], span[-1][1]
        if _busy(busy, s, e):
            continue
        m = _mention(doc, kb, s, e, typ, 0.5)
        if m is not None:
            out.append(m)
            busy.append((s, e))
    return out


def _formation_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, id key) of the named or numbered formations in Russian ``text``."""
    out = []
    for m in _RU_QUOTED.finditer(text):
        noun = lemma(m.group(1))
        if noun in RU_GROUP_NOUNS and "войск" not in m.group() \
                and lemma(m.group(2)).casefold() not in RU_ARMY_GROUPINGS:
            out.append((m.start(2), m.end(2), m.group(2)))  # "группировка «Аль-Фаджр»": the group
        elif noun in RU_FORMATIONS:
            out.append((m.start(), m.end(), f"{noun} «{m.group(2)}»"))
    for m in _RU_NUMBERED.finditer(text):
        words = [(w.start(), w.end(), lemma(w.group())) for w in re.finditer(r"\S+", m.group(2))]
        k = next((k for k, w in enumerate(words) if w[2] in RU_FORMATIONS), None)
        if k is not None:
            end = m.start(2) + words[k][1]
            quoted = re.match(r"\s+«[^«»]{1,40}»", text[end:])
            end += quoted.end() if quoted else 0
            out.append((m.start(), end, " ".join([m.group(1), *(w[2] for w in words[:k + 1])])))
    return sorted(out, key=lambda x: x[0] - x[1])  # the longest first


def russian_formations(doc: Doc, kb: KB, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with named and numbered military formations as actors of their own
    ("группировка «Запад»" is neither the West nor a place "Запад"); a quoted KB group
    ("полк «Азов»") keeps its own actor. An armed group is its quoted name ("группировка
    «Аль-Фаджр»" and a bare "Аль-Фаджр" are one actor); an army grouping is not ("группировка
    «Запад»", "группа войск «Центр»")."""
    kept = list(mentions)
    added: list[Mention] = []
    for s, e, key in _formation_spans(doc.text):
        inside = [m for m in kept if s <= m.start and m.end <= e]
        across = [m for m in kept if m.start < e and s < m.end and m not in inside]
        if any(m.type not in RU_OVERRIDES and not m.actor.startswith("unk:") for m in inside) \
                or any(not m.actor.startswith("unk:") or m in added for m in across):
            continue
        kept = [m for m in kept if m not in inside and m not in across]
        name = key if "«" in key else doc.text[s:e]  # "группировка «Запад»"; "56-й ... бригады"
        added.append(Mention(s, e, doc.text[s:e], "unk:" + normalise_name(key.replace("«", "")),
                             name, kind="ner", sentence=doc.sentence_at(s), score=0.6,
                             type="agency"))
        kept.append(added[-1])
    first: dict[str, str] = {}  # one name per formation: its first mention's
    for m in sorted(added, key=lambda m: m.start):
        m.name = first.setdefault(m.actor, m.name)
    return kept


def name_mentions(doc: Doc, kb: KB, mentions: list[Mention]) -> list[Mention]:
    """Unknown actors in a document the English NER did not read (language not English)."""
    busy = [(m.start, m.end) for m in mentions] + datelines(doc.text)  # no names in datelines
    if doc.language == "ru":  # a full name may take its surname back from a non-person
        yielding = frozenset((m.start, m.end) for m in mentions if m.type != "person")
        return russian_names(doc, kb, busy, yielding)
    if doc.language == "hi" or re.search(r"[\u0900-\u097F]", doc.text[:2000]):
        return hindi_names(doc, kb, busy)
    return cased_names(doc, kb, busy)


def verbatim_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Unknown actors named by the document's own words: when the rebuilt name ("Артем
    Лисицын" from "Артема Лисицына") occurs nowhere in the text, the actor is named by its
    fullest mention there (most words, then first), a form a reader finds in the article;
    the id, built from the rebuilt name, still joins the actor across documents."""
    named: dict[str, str] = {}
    found: dict[str, bool] = {}
    for m in mentions:
        if not m.actor.startswith("unk:") or m.kind == "coref":
            continue
        if m.name not in found:  # a name that is its mention's own text is in the text
            found[m.name] = m.name == m.text or re.search(
                rf"(?<!\w){re.escape(m.name)}(?!\w)", doc.text, re.I) is not None
        if not found[m.name]:
            best = named.get(m.actor)
            if best is None or len(m.text.split()) > len(best.split()):
                named[m.actor] = m.text
    for m in mentions:
        if m.actor in named:
            m.name = named[m.actor]
    return mentions
