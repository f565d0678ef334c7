"""Actors the KB does not know: NER mentions (``unk:<normalised name>``) and their clusters."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.kb import KB, TITLES, normalise_name
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.dateline import datelines

NER_TYPES = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "gpe"}
NER_SCORE = {"PERSON": 0.7, "ORG": 0.7, "NORP": 0.5, "GPE": 0.5}
GPE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "agent"})
FAMILY_FIRST = WORDS.words("family_first")


def unknown_id(name: str) -> str:
    return "unk:" + normalise_name(name)


def surname_keys(name: str) -> list[str]:
    """The words a person named in full is later called by alone: the last word, and the
    first of a name written family name first ("Kim" in "Kim Jong Un", "Xi" in "Xi Jinping")."""
    words = name.split()
    if len(words) < 2:
        return []
    keys = [words[-1]] if len(words[-1]) > 2 else []
    if words[0].casefold() in FAMILY_FIRST:
        keys.append(words[0])
    return keys


def _trim(ent: Any) -> tuple[int, int] | None:
    """Token range of an entity without leading determiners/titles and a trailing 's."""
    toks = list(ent)
    keep = 2 if ent.label_ == "ORG" else 1  # "Foreign Ministry" is no title before "Ministry"
    while len(toks) > 1 and (toks[0].lower_ in ("the", "a", "an")
                             or toks[0].lower_ in TITLES and len(toks) > keep):
        toks = toks[1:]
    while toks and toks[-1].lower_ in ("'s", "’s", "'", "’"):
        toks = toks[:-1]
    if not toks or not any(c.isalpha() for c in toks[0].text):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _office_word(ent: Any) -> bool:
    """"Defense" in "Defense Secretary Lloyd Austin", "State" in "Secretary of State": a
    word of an office title, not an organisation."""
    if len(ent) != 1 or ent.label_ != "ORG":
        return False
    doc, i = ent.doc, ent.start
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    before = [t.lower_ for t in doc[max(0, i - 2):i]]
    return after in TITLES or (before[-1:] == ["of"] and len(before) == 2 and before[0] in TITLES)


# last words that make a name a place or a building, not an actor ("Crocus City Hall")
VENUE_WORDS = WORDS.words("venue_words")
NOT_ACTORS = WORDS.words("not_actors")


def _keep(ent: Any) -> bool:
    if ent.text.lower().startswith(("pro-", "anti-", "non-")) or _office_word(ent):
        return False  # "pro-Kremlin" is an adjective, "non-Palestinians" no group
    if ent.text.lower() in NOT_ACTORS:
        return False  # a faith or an ideology ("betraying Islam")
    if ent[-1].lower_ in VENUE_WORDS:
        return False
    if ent.label_ == "NORP":  # only plural collectives ("the Palestinians"), not adjectives
        return ent.root.tag_ in ("NNS", "NNPS") and ent.root.dep_ not in ("amod", "compound")
    if ent.label_ == "GPE":
        return ent.root.dep_ in GPE_DEPS
    return True


def ner_mentions(doc: Doc, kb: KB, labels: tuple[str, ...] = tuple(NER_TYPES)) -> list[Mention]:
    """Mentions for named entities in parsed sentences that no mention covers yet."""
    busy = sorted((m.start, m.end) for m in doc.mentions) + datelines(doc.text)
    persons: list[tuple[int, str, str, str]] = [  # (start, surname, actor id, name)
        (m.start, k.casefold(), m.actor, m.name)
        for m in doc.mentions if m.type == "person" for k in surname_keys(m.name)
    ]
    out: list[Mention] = []
    for i, s in enumerate(doc.sentences):
        if s.parse is None:
            continue
        for ent in s.parse.ents:
            if ent.label_ not in labels or not _keep(ent):
                continue
            span = _trim(ent)
            if span is None:
                continue
            start, end = s.start + span[0], s.start + span[1]
            if any(start < e and b < end for b, e in busy):
                continue
            text = doc.text[start:end]
            norm = normalise_name(text)
            if len(norm) < 2:
                continue
            kind, score = "ner", NER_SCORE[ent.label_]
            actor = kb.by_name(norm)
            if actor is not None:
                aid, name, typ = actor.id, actor.name, actor.type
            else:
                aid, name, typ = "unk:" + norm, text, NER_TYPES[ent.label_]
                if ent.label_ in ("PERSON", "ORG") and " " not in norm:
                    # a surname after the full name, whatever NER calls it ("Papperger said")
                    earlier = [p for p in persons if p[0] < start and p[1] == norm]
                    if earlier:
                        _, _, aid, name = earlier[-1]
                        typ = kb.get(aid).type if aid in kb else "person"
            if ent.label_ == "PERSON":
                persons += [(start, k.casefold(), aid, name) for k in surname_keys(norm)]
            out.append(Mention(start, end, text, aid, name, kind=kind, sentence=i, score=score,
                               type=typ))
            busy.append((start, end))
    return out


_CAP_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+")


def surname_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A person's surname alone, after the full name, where NER missed it ("Papperger himself
    said"): a capitalised word equal to the last word of an earlier person's full name."""
    first: dict[str, Mention] = {}  # surname -> the first full-name mention
    for m in mentions:
        if m.type == "person":
            for k in surname_keys(m.name):
                if k[0].isupper():
                    first.setdefault(k, m)
    if not first:
        return []
    busy = sorted((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    for w in _CAP_WORD.finditer(doc.text):
        word = re.sub(r"['’]s?$", "", w.group())
        m = first.get(word)
        start, end = w.start(), w.start() + len(word)
        if m is None or start <= m.start or any(start < e and b < end for b, e in busy):
            continue
        out.append(Mention(start, end, word, m.actor, m.name, kind="ner", sentence=doc.sentence_at(start),
                           score=0.6, type="person"))
    return out


def unknown_clusters(store: Any, limit: int | None = 50) -> list[dict[str, Any]]:
    """Unknown actors in the store, most frequent first: id, name, type, mentions, docs, forms."""
    rows = store.query("SELECT actor, text, doc, type FROM mentions WHERE actor LIKE 'unk:%'")
    by: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = by.setdefault(r["actor"], {"forms": Counter(), "docs": set(), "types": Counter()})
        c["forms"][r["text"]] += 1
        c["docs"].add(r["doc"])
        c["types"][r["type"]] += 1
    out = []
    for aid, c in by.items():
        forms = [f for f, _ in c["forms"].most_common()]
        out.append({
            "id": aid, "name": forms[0], "type": c["types"].most_common(1)[0][0],
            "mentions": sum(c["forms"].values()), "docs": len(c["docs"]), "forms": forms[:5],
        })
    out.sort(key=lambda c: (-c["mentions"], -c["docs"], c["id"]))
    return out[:limit] if limit else out
