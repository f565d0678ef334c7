"""Fuzzy mentions: capitalised words and short runs of them that no exact form matched."""

from __future__ import annotations

import re

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.kb import KB, TITLES
from rashomon.nlp.actors.resolve import MIN_LEN, fuzzy_index
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.morph import another_word

# a capitalised word in any cased script (Latin, Cyrillic, Greek), hyphenated parts allowed
_CAP = re.compile(r"(?<![\w-])[^\W\d_a-zа-яё][^\W_]*(?:-[^\W_]+)*")
_STOP = WORDS.words("fuzzy_stop")


def _runs(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole runs of 1-4 capitalised words, split at stop words, titles and taken spans.

    Only whole runs are tried: "François Hollande" is not "Holland".
    """
    runs: list[list[tuple[int, int]]] = [[]]
    mask = bytearray(len(text) + 1)
    for s, e in taken:
        mask[s:e] = b"\x01" * (e - s)
    for m in _CAP.finditer(text):
        s, e = m.span()
        w = m.group(0)
        if not w[:1].isupper() or w.lower() in _STOP or w.lower() in TITLES or any(mask[s:e]):
            runs.append([])
            continue
        if runs[-1] and s - runs[-1][-1][1] == 1 and text[s - 1] == " ":
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    return [(r[0][0], r[-1][1]) for r in runs if 0 < len(r) <= 4]


def fuzzy_mentions(doc: Doc, kb: KB, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions for near-misses of KB names, outside the ``taken`` spans."""
    index = fuzzy_index(kb)
    text = doc.text
    starts = {s for s, _ in taken}
    out: list[Mention] = []
    for s, e in _runs(text, taken):
        if e - s < MIN_LEN or (text[e:e + 1] == " " and e + 1 in starts):
            continue  # "Бориса Писториуса": the first name of a name already found
        if kb.by_name(text[s:e]) is not None:
            continue  # an exact form that the matcher's rules turned down
        hit = index.lookup(text[s:e], doc.language)
        if not hit:
            continue
        a = kb.get(hit[0])
        if a is None or _another_word(text[s:e], a):
            continue
        out.append(Mention(s, e, text[s:e], a.id, a.name, kind="fuzzy", score=round(0.9 * hit[1], 3),
                           sentence=doc.sentence_at(s), type=a.type))
    return out


def _another_word(word: str, a: Actor) -> bool:
    """Is ``word`` a common Russian word that is none of the actor's own words in another
    form ("Паутина" is no Путин, "Брянской" no "Британии")?"""
    return another_word(word, [w for f in (a.name, *a.aliases, *(n for ns in a.names.values() for n in ns))
                               for w in f.split()])
