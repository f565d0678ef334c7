"""Light coreference: "the group", "the country", "he"/"his" -> the latest compatible actor."""

from __future__ import annotations

import re

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.kb import KB

WINDOW = 3  # sentences back (the current one included)
PERSON_TYPES = frozenset({"person"})
STATE_TYPES = frozenset({"state", "territory", "country", "gpe"})
NOT_GROUP = PERSON_TYPES | STATE_TYPES | frozenset({"bloc", "city", "place", "unknown"})
# noun after "the" -> the actor category it refers to
NOUNS = {
    "group": "group", "organisation": "group", "organization": "group", "movement": "group",
    "militants": "group", "militia": "group", "faction": "group",
    "country": "state", "kingdom": "state", "republic": "state",
}
PRONOUNS = {"he": "person", "she": "person", "his": "person", "her": "person"}
_NP = re.compile(r"\b[Tt]he (" + "|".join(NOUNS) + r")\b")


def compatible(category: str, actor_type: str | None) -> bool:
    t = actor_type or "unknown"
    if category == "person":
        return t in PERSON_TYPES
    if category == "state":
        return t in STATE_TYPES
    return t not in NOT_GROUP


def _antecedent(mentions: list[Mention], start: int, sentence: int, category: str) -> Mention | None:
    for m in reversed(mentions):
        if m.start >= start or m.sentence < sentence - WINDOW + 1 or m.sentence < 0:
            continue
        if compatible(category, m.type):
            return m
    return None


def _anaphors(doc: Doc, i: int) -> list[tuple[int, int, str]]:
    """(start, end, category) of the anaphors in sentence i."""
    s = doc.sentences[i]
    out = []
    if s.parse is not None:
        toks = list(s.parse)
        for k, t in enumerate(toks):
            low = t.lower_
            if low in PRONOUNS:
                subject = t.dep_ in ("nsubj", "nsubjpass") if low in ("he", "she") else t.dep_ == "poss"
                if subject and t.tag_ in ("PRP", "PRP$"):
                    out.append((s.start + t.idx, s.start + t.idx + len(t), "person"))
            elif low in NOUNS and k > 0 and toks[k - 1].lower_ == "the" and t.pos_ == "NOUN":
                out.append((s.start + toks[k - 1].idx, s.start + t.idx + len(t), NOUNS[low]))
    else:
        for m in _NP.finditer(s.text):
            out.append((s.start + m.start(), s.start + m.end(), NOUNS[m.group(1).lower()]))
    return out


def coref_mentions(doc: Doc, mentions: list[Mention], kb: KB) -> list[Mention]:
    """Coreference mentions (kind="coref") for anaphors not already covered by a mention."""
    ms = sorted(mentions, key=lambda m: m.start)
    busy = [(m.start, m.end) for m in ms]
    out: list[Mention] = []
    for i in range(len(doc.sentences)):
        for start, end, cat in _anaphors(doc, i):
            if any(start < e and s < end for s, e in busy):
                continue
            ante = _antecedent(ms, start, i, cat)
            if ante is None:
                continue
            m = Mention(start, end, doc.text[start:end], ante.actor, ante.name, kind="coref",
                        sentence=i, score=round(0.6 * ante.score, 3), type=ante.type)
            out.append(m)
            ms.append(m)
            ms.sort(key=lambda x: x.start)
    return out
