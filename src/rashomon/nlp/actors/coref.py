"""Light coreference: "the group", "the country", "he"/"his" -> a compatible earlier actor.

Antecedent order: a compatible mention earlier in the same sentence (the nearest), then the
grammatical subject of each earlier sentence in the window (its main clause first), then
the nearest compatible mention. Types must fit the noun: "the group" is never a state, a
person, an agency or a court; "the country" is a state. "Its intelligence service" is the
intelligence of the antecedent state (derived.py).
"""

from __future__ import annotations

import re
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.derived import MAX_HEAD, head_at
from rashomon.nlp.actors.kb import KB

WINDOW = 3  # sentences back (the current one included)
# noun after "the" -> the actor category it refers to
NOUNS = {
    "group": "group", "organisation": "group", "organization": "group", "movement": "group",
    "militants": "group", "militia": "group", "faction": "group", "branch": "group",
    "country": "state", "kingdom": "state", "republic": "state",
    "company": "company", "firm": "company",
    "alliance": "alliance", "bloc": "alliance",
    "agency": "agency", "ministry": "agency",
}
# actor types each category may refer to
TYPES = {
    "person": frozenset({"person"}),
    "state": frozenset({"state", "territory", "country", "gpe"}),
    "group": frozenset({"armed_group", "movement", "party", "org", "ngo", "organisation", "group"}),
    "company": frozenset({"company", "media", "organisation"}),
    "alliance": frozenset({"bloc", "org", "organisation"}),
    "agency": frozenset({"agency", "ministry", "military", "organisation"}),
}
# last words of an unknown organisation's name that make it an institution, not a group
INSTITUTION_WORDS = frozenset(
    """court tribunal ministry department agency service services office council committee
    parliament assembly bank university institute commission police prosecutor""".split()
)
PRONOUNS = {"he": "person", "she": "person", "his": "person", "her": "person"}
POSSESSIVES = frozenset({"its", "whose", "their"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NP = re.compile(r"\b[Tt]he (" + "|".join(NOUNS) + r")\b")


def compatible(category: str, actor_type: str | None, name: str = "") -> bool:
    t = actor_type or "unknown"
    if category == "any":
        return True
    if t not in TYPES.get(category, frozenset()):
        return False
    if category in ("group", "alliance", "company") and t == "organisation":
        return name.rsplit(" ", 1)[-1].lower() not in INSTITUTION_WORDS
    return True


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


def _antecedent(doc: Doc, mentions: list[Mention], start: int, sentence: int,
                category: str, exclude: list[int] | None = None) -> Mention | None:
    before = [m for m in mentions if m.start < start and m.sentence >= 0
              and m.sentence > sentence - WINDOW and compatible(category, m.type, m.name)
              and not any(m.start <= x < m.end for x in exclude or ())]
    if not before:
        return None
    same = [m for m in before if m.sentence == sentence]
    if same:
        return same[-1]
    for i in range(sentence - 1, sentence - WINDOW, -1):
        if i < 0:
            break
        subj = _subjects(doc, i, before)
        if subj:
            return subj[0]
    return before[-1]


def _anaphors(doc: Doc, i: int) -> list[tuple[int, int, str, list[int]]]:
    """(start, end, category, offsets of excluded antecedents) of the anaphors in sentence i."""
    s = doc.sentences[i]
    out = []
    if s.parse is not None:
        toks = list(s.parse)
        for k, t in enumerate(toks):
            low = t.lower_
            if low in PRONOUNS:
                subject = t.dep_ in SUBJECT_DEPS if low in ("he", "she") else t.dep_ == "poss"
                if subject and t.tag_ in ("PRP", "PRP$"):
                    out.append((s.start + t.idx, s.start + t.idx + len(t), "person", []))
            elif low in POSSESSIVES and (hit := head_at([x.text for x in toks[k + 1:k + 1 + MAX_HEAD + 2]])):
                # "its intelligence service", "whose security services": a state's institution
                last = toks[k + hit[0]]
                out.append((s.start + t.idx, s.start + last.idx + len(last), "inst:" + hit[1], []))
            elif low in NOUNS and k > 0 and toks[k - 1].lower_ == "the" and t.pos_ == "NOUN":
                out.append((s.start + toks[k - 1].idx, s.start + t.idx + len(t), NOUNS[low],
                            _co_arguments(doc, i, t)))
    else:
        for m in _NP.finditer(s.text):
            out.append((s.start + m.start(), s.start + m.end(), NOUNS[m.group(1).lower()], []))
    return out


def coref_mentions(doc: Doc, mentions: list[Mention], kb: KB) -> list[Mention]:
    """Coreference mentions (kind="coref") for anaphors not already covered by a mention."""
    ms = sorted(mentions, key=lambda m: m.start)
    busy = [(m.start, m.end) for m in ms]
    out: list[Mention] = []
    for i in range(len(doc.sentences)):
        for start, end, cat, exclude in _anaphors(doc, i):
            if any(start < e and s < end for s, e in busy):
                continue
            inst = cat[5:] if cat.startswith("inst:") else None
            ante = _antecedent(doc, ms, start, i, "any" if inst else cat, exclude)
            if ante is None:
                continue
            if inst:  # "its" goes to the nearest actor of any type, which must be a state
                a = kb.institution(ante.actor, inst)
                if a is None:
                    continue
                m = Mention(start, end, doc.text[start:end], a.id, a.name, kind="coref",
                            sentence=i, score=round(0.5 * ante.score, 3), type=a.type)
            else:
                m = Mention(start, end, doc.text[start:end], ante.actor, ante.name, kind="coref",
                            sentence=i, score=round(0.6 * ante.score, 3), type=ante.type)
            out.append(m)
            ms.append(m)
            ms.sort(key=lambda x: x.start)
    return out
