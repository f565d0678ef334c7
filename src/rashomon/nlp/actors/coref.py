"""Light coreference: "the group", "the country", "he"/"his" -> a compatible earlier actor.

Antecedent order: a compatible mention earlier in the same sentence (the nearest), then the
grammatical subject of each earlier sentence in the window (its main clause first), then
the nearest compatible mention. Types must fit the noun: "the group" is never a state, a
person, an agency or a court; "the country" is a state. "Its intelligence service" is the
intelligence of the antecedent state (derived.py). A state adjective narrows a description
("the Palestinian militant group": a group of Palestine, searched in the whole document);
"the branch" prefers an actor that is a branch of another. Inside a quotation, "he"/"she"
is never the quote's speaker ("Biden said: 'He wants more'").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.derived import MAX_HEAD, head_at
from rashomon.nlp.actors.kb import KB
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.morph import cyrillic, lemma

WINDOW = 3  # sentences back (the current one included)
PERSON_WINDOW = 5  # "he"/"she": people are referred to over longer stretches
# noun after "the" -> the actor category it refers to
NOUNS = {
    "group": "group", "organisation": "org", "organization": "org", "movement": "group",
    "militants": "armed", "militia": "armed", "faction": "armed", "branch": "branch",
    "country": "state", "kingdom": "state", "republic": "state",
    "company": "company", "firm": "company",
    "alliance": "alliance", "bloc": "alliance",
    "agency": "agency", "ministry": "agency",
}
# actor types each category may refer to
TYPES = {
    "person": frozenset({"person"}),
    "state": frozenset({"state", "territory", "country", "gpe"}),
    "group": frozenset({"armed_group", "movement", "party", "ngo", "organisation", "group"}),
    # "the organization" may also be an international one (the UN); "the group" may not
    "org": frozenset({"armed_group", "movement", "party", "org", "ngo", "organisation", "group"}),
    "armed": frozenset({"armed_group", "movement", "organisation", "group"}),
    "branch": frozenset({"armed_group", "movement", "party", "ngo", "organisation", "group"}),
    "company": frozenset({"company", "media", "organisation"}),
    "alliance": frozenset({"bloc", "org", "organisation"}),
    "agency": frozenset({"agency", "ministry", "military", "organisation"}),
}
# last words of an unknown organisation's name that make it an institution, not a group
INSTITUTION_WORDS = WORDS.words("institution_words")
RU_INSTITUTION_WORDS = WORDS.words("ru_institution_words")
PRONOUNS = {"he": "person", "she": "person", "his": "person", "her": "person"}
GENDER = {"he": "m", "his": "m", "she": "f", "her": "f"}
POSSESSIVES = frozenset({"its", "whose", "their"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NP = re.compile(r"\b[Tt]he (" + "|".join(NOUNS) + r")\b")
# any word an anaphor starts from: a sentence without one is not walked token by token
_ANY = re.compile(r"\b(?:" + "|".join(sorted({*NOUNS, *PRONOUNS, *POSSESSIVES})) + r")\b", re.IGNORECASE)


def compatible(category: str, actor_type: str | None, name: str = "") -> bool:
    t = actor_type or "unknown"
    if category == "any":
        return True
    if t not in TYPES.get(category, frozenset()):
        return False
    if category in ("group", "org", "armed", "branch", "alliance", "company") and t == "organisation":
        return not _institution(name)
    if category == "agency" and t == "organisation":  # "the ministry" is no unknown group
        return _institution(name)
    return True


def _institution(name: str) -> bool:
    """Does an organisation's name make it an institution: its last English word ("Security
    Council"), or one of its first two Russian words ("Центральное командование",
    "Министерство здравоохранения"), an institution noun?"""
    words = name.lower().split()
    if not words:
        return False
    if words[-1] in INSTITUTION_WORDS:
        return True
    if not cyrillic(words[0]):
        return False
    return any(lemma(w) in RU_INSTITUTION_WORDS for w in words[:2])


Subjects = Callable[[Doc, int, list[Mention]], list[Mention]]


def _subjects(doc: Doc, i: int, mentions: list[Mention]) -> list[Mention]:
    """Mentions that are grammatical subjects in sentence i, the main clause's first."""
    s = doc.sentences[i]
    if s.parse is None:
        return []
    toks: list[Any] = sorted((t for t in s.parse if t.dep_ in SUBJECT_DEPS),
                             key=lambda t: (t.head.dep_ != "ROOT", t.i))
    out = []
    for t in toks:
        at = s.start + t.idx
        for m in mentions:
            if m.sentence == i and m.start <= at < m.end and m not in out:
                out.append(m)
    return out


def _co_arguments(doc: Doc, i: int, tok: Any) -> list[int]:
    """Offsets of the subjects of the verb that governs an anaphor: "Hezbollah warned the
    group" - the group is not Hezbollah (a verb's subject and object are different actors)."""
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head is not head.head:
        head = head.head
    if tok.dep_ in SUBJECT_DEPS or head is tok:
        return []
    start = doc.sentences[i].start
    return [start + t.idx for t in head.children if t.dep_ in SUBJECT_DEPS]


@dataclass(slots=True)
class Anaphor:
    start: int
    end: int
    category: str  # a NOUNS category, "person", or "inst:<institution category>"
    exclude: list[int] = field(default_factory=list)  # offsets of excluded antecedents
    country: str | None = None  # "the Palestinian group": the antecedent's state
    gender: str | None = None  # "m" / "f" of a pronoun (the Russian path)
    roles: tuple[str, ...] = ()  # words of the antecedent's KB role ("президент": president)


def antecedent(doc: Doc, mentions: list[Mention], a: Anaphor, sentence: int, kb: KB,
               banned: frozenset[str] = frozenset(), subjects: Subjects = _subjects) -> Mention | None:
    """The antecedent of ``a`` among ``mentions`` (``subjects``: a sentence's subjects, from
    its parse)."""
    category = "any" if a.category.startswith("inst:") else a.category
    earlier = [m for m in mentions if m.start < a.start and m.sentence >= 0
               and compatible(category, m.type, m.name) and m.actor not in banned
               and not any(m.start <= x < m.end for x in a.exclude)]
    window = PERSON_WINDOW if category == "person" else WINDOW
    before = [m for m in earlier if m.sentence > sentence - window]
    if a.country:  # a described actor: searched in the whole document
        before = [m for m in earlier if _of_state(kb, m.actor, a.country)]
    elif category == "branch":  # "the branch": an actor that is a branch of another, if any
        before = [m for m in earlier if _is_branch(kb, m.actor)] or before
    elif category == "company":  # a known company before an unknown organisation
        before = [m for m in before if m.type == "company"] or before
    elif category == "state":  # a known state before an unknown place ("острова Вайндлоо")
        before = [m for m in before if m.type == "state"] or before
    elif category == "alliance":  # a known bloc before an unknown organisation ("фонда мира")
        before = [m for m in before if m.type in ("bloc", "org")] or before
    if not before:
        return _salient(earlier) if category in NOUNS.values() else None
    same = [m for m in before if m.sentence == sentence]
    if same:
        return same[-1]
    for i in range(sentence - 1, sentence - WINDOW, -1):
        if i < 0:
            break
        subj = subjects(doc, i, before)
        if subj:
            return subj[0]
    return before[-1]


def _only_person(mentions: list[Mention], start: int, sentence: int, banned: frozenset[str]) -> bool:
    people = {m.actor for m in mentions if m.start < start and m.type == "person"
              and m.actor not in banned and sentence - PERSON_WINDOW < m.sentence <= sentence}
    return len(people) == 1


def _salient(earlier: list[Mention]) -> Mention | None:
    """No antecedent nearby: the document's most mentioned compatible actor so far, when it
    has been named at least twice ("the group" in an article about one group)."""
    counts = Counter(m.actor for m in earlier if m.kind != "coref")
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    if n < 2 or list(counts.values()).count(n) > 1:
        return None  # no clear main actor
    return next(m for m in reversed(earlier) if m.actor == top)


def _of_state(kb: KB, actor_id: str, state_id: str) -> bool:
    a = kb.get(actor_id)
    return a is not None and a.id != state_id and (
        a.country == state_id or any(p.id == state_id for p in kb.ancestors(a.id)))


def _is_branch(kb: KB, actor_id: str) -> bool:
    a = kb.get(actor_id)
    p = kb.get(a.parent) if a is not None and a.parent else None
    return p is not None and p.type not in ("state", "territory")


def _described_state(toks: list[Any], k: int, kb: KB) -> tuple[int, str | None] | None:
    """For the noun at k: (index of "the", state id named by an adjective) when the words
    between "the" and the noun are adjectives or compounds ("the Palestinian militant group")."""
    j, state = k - 1, None
    while j >= 0 and k - j <= 4 and toks[j].lower_ != "the":
        t = toks[j]
        if t.dep_ not in ("amod", "compound") or t.pos_ not in ("ADJ", "PROPN", "NOUN"):
            return None
        if t.pos_ != "NOUN" and t.text[:1].isupper():
            a = resolve(kb, t.text)
            if a is None or a.type != "state":
                return None  # "the Wagner group" is a name, not a description
            state = a.id
        j -= 1
    if j < 0 or toks[j].lower_ != "the":
        return None
    return j, state


def _anaphors(doc: Doc, i: int, kb: KB, starts: frozenset[int] = frozenset()) -> list[Anaphor]:
    """The anaphors of sentence i (``starts``: where the mentions begin)."""
    s = doc.sentences[i]
    out: list[Anaphor] = []
    if not _ANY.search(s.text):
        return out
    if s.parse is not None:
        toks = list(s.parse)
        for k, t in enumerate(toks):
            low = t.lower_
            if low in PRONOUNS:
                subject = t.dep_ in SUBJECT_DEPS if low in ("he", "she") else t.dep_ == "poss"
                if subject and t.tag_ in ("PRP", "PRP$"):
                    out.append(Anaphor(s.start + t.idx, s.start + t.idx + len(t), "person"))
            elif low in POSSESSIVES and (hit := head_at([x.text for x in toks[k + 1:k + 1 + MAX_HEAD + 2]])):
                # "its intelligence service", "whose security services": a state's institution
                last = toks[k + hit[0]]
                out.append(Anaphor(s.start + t.idx, s.start + last.idx + len(last), "inst:" + hit[1]))
            elif low in NOUNS and k > 0 and t.pos_ == "NOUN" and (d := _described_state(toks, k, kb)):
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if nxt is not None and nxt.pos_ == "PROPN" and (d[1] or s.start + nxt.idx in starts):
                    continue  # "the Lebanese group Hezbollah", "the group Adrar Watch": named
                out.append(Anaphor(s.start + toks[d[0]].idx, s.start + t.idx + len(t), NOUNS[low],
                                   _co_arguments(doc, i, t), d[1]))
    else:
        for m in _NP.finditer(s.text):
            out.append(Anaphor(s.start + m.start(), s.start + m.end(), NOUNS[m.group(1).lower()]))
    return out


# quoted passages: curly pairs and alternating straight quotes
QUOTES = re.compile(r"\u201c[^\u201c\u201d]*(?:\u201d|$)|\"[^\"]*\"")


def quotations(text: str, quotes: re.Pattern[str] = QUOTES) -> list[tuple[int, int]]:
    """(start, end) of the quoted passages ``quotes`` finds in ``text``."""
    return [(m.start(), m.end()) for m in quotes.finditer(text)]


def quoted_before(m: Mention, a: Anaphor, i: int, quotes: list[tuple[int, int]], doc: Doc) -> bool:
    """Is ``m`` inside a quote that closes before the person anaphor in its sentence? The
    pronoun that attributes a quote ("«...», — сказала она", '"...," he said') is not a
    person the quote names."""
    lo = doc.sentences[i].start
    return m.sentence == i and a.category == "person" and any(
        lo <= q0 <= m.start < q1 <= a.start for q0, q1 in quotes)


def speakers(doc: Doc, q: tuple[int, int], mentions: list[Mention],
             subjects: Subjects = _subjects) -> frozenset[str]:
    """Persons speaking a quote: subjects, outside the quote, of the sentences where it opens
    and where it closes."""
    out: set[str] = set()
    for at in (q[0], q[1] - 1):
        i = doc.sentence_at(at)
        if i < 0:
            continue
        for m in subjects(doc, i, mentions):
            if m.type == "person" and not q[0] <= m.start < q[1]:
                out.add(m.actor)
    return frozenset(out)


def coref_mentions(doc: Doc, mentions: list[Mention], kb: KB) -> list[Mention]:
    """Coreference mentions (kind="coref") for anaphors not already covered by a mention."""
    ms = sorted(mentions, key=lambda m: m.start)
    busy = [(m.start, m.end) for m in ms]
    quotes = quotations(doc.text)
    genders: dict[str, str] = {}  # person -> "m" / "f", from the pronouns resolved so far
    out: list[Mention] = []
    starts = frozenset(m.start for m in ms)
    for i in range(len(doc.sentences)):
        for a in _anaphors(doc, i, kb, starts):
            if any(a.start < e and s < a.end for s, e in busy):
                continue
            banned: frozenset[str] = frozenset()
            sex = GENDER.get(doc.text[a.start:a.end].lower())
            if a.category == "person":
                q = next((q for q in quotes if q[0] < a.start < q[1]), None)
                banned = speakers(doc, q, ms) if q else banned
                # "she" for Baerbock earlier: a later "he" is someone else
                banned |= {x for x, g in genders.items() if g != sex}
            ante = antecedent(doc, [m for m in ms if not quoted_before(m, a, i, quotes, doc)],
                              a, i, kb, banned)
            if ante is None:
                continue
            if sex and _only_person(ms, a.start, i, banned):  # learn from unambiguous cases
                genders.setdefault(ante.actor, sex)
            start, end = a.start, a.end
            if a.category.startswith("inst:"):  # "its" goes to the nearest actor, which must be a state
                inst = kb.institution(ante.actor, a.category[5:])
                if inst is None:
                    continue
                m = Mention(start, end, doc.text[start:end], inst.id, inst.name, kind="coref",
                            sentence=i, score=round(0.5 * ante.score, 3), type=inst.type)
            else:
                m = Mention(start, end, doc.text[start:end], ante.actor, ante.name, kind="coref",
                            sentence=i, score=round(0.6 * ante.score, 3), type=ante.type)
            out.append(m)
            ms.append(m)
            ms.sort(key=lambda x: x.start)
    return out
