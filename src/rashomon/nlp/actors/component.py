"""Components "gazetteer" (KB mentions, any language) and "entities" (NER unknowns, coref)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors import coref_ru
from rashomon.nlp.actors.collective import collective_mentions
from rashomon.nlp.actors.coref import coref_mentions
from rashomon.nlp.actors.fuzzy import fuzzy_mentions
from rashomon.nlp.actors.gazetteer import matcher_for
from rashomon.nlp.actors.kb import KB, load_kb
from rashomon.nlp.actors.names import name_mentions, russian_formations, verbatim_names
from rashomon.nlp.actors.unknown import ner_mentions, surname_mentions
from rashomon.nlp.text.dateline import datelines, inside
from rashomon.registry import component


def sort_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Sorted by start; on overlap the earlier, then longer, then higher-scored one wins."""
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), -m.score))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


_LAST_KB: list[KB] = []  # the KB of the latest gazetteer, which "entities" reuses


class Gazetteer:
    def __init__(self, kb: KB, fuzzy: bool) -> None:
        self.kb = kb
        _LAST_KB[:] = [kb]
        self.matcher = matcher_for(kb)
        self.fuzzy = fuzzy

    def __call__(self, doc: Doc) -> Doc:
        cands = self.matcher.candidates(doc.text, doc.language)
        found = self.matcher.mentions(doc, cands)
        if self.fuzzy:
            taken = [(s, e) for s, e, _ in cands]
            found += fuzzy_mentions(doc, self.kb, taken)
        lines = datelines(doc.text)
        if lines:  # "MOSCOW, Jan 17 (AFP) -" says where and by whom a story was filed:
            found = [m for m in found if not inside(lines, m.start, m.end)]  # no actor of it
        keep = [m for m in doc.mentions if m.kind not in ("kb", "metonym", "demonym", "adjective", "fuzzy")]
        doc.mentions = sort_mentions(found + keep)
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for d in docs:
            yield self(d)


KBFiles = Sequence[str | Path] | str


def _kb(kb_files: KBFiles, include_user: bool, include_package: bool) -> KB:
    files = (kb_files,) if isinstance(kb_files, str) else tuple(kb_files)
    return load_kb(files, include_user=include_user, include_package=include_package)


@component("gazetteer", reads=("text", "sentences"), writes=("mentions",))
def make_gazetteer(*, kb_files: KBFiles = (), include_user: bool = True,
                   include_package: bool = True, fuzzy: bool = True) -> Gazetteer:
    return Gazetteer(_kb(kb_files, include_user, include_package), fuzzy)


class Entities:
    def __init__(self, kb: KB, coref: bool, labels: tuple[str, ...]) -> None:
        self.kb = kb
        self.coref = coref
        self.labels = labels

    def __call__(self, doc: Doc) -> Doc:
        busy = [(m.start, m.end) for m in doc.mentions]
        doc.mentions = sort_mentions(doc.mentions + collective_mentions(doc, self.kb, busy))
        ms = sort_mentions(doc.mentions + ner_mentions(doc, self.kb, self.labels))
        if doc.language not in (None, "en"):  # the English NER did not run: the name finder
            ms = sort_mentions(ms + name_mentions(doc, self.kb, ms))
        if doc.language == "ru":  # "группировка «Запад»": a formation, not the West
            ms = sort_mentions(russian_formations(doc, self.kb, ms))
        ms = sort_mentions(ms + surname_mentions(doc, ms))
        if self.coref and doc.language == "ru":
            ms = sort_mentions(coref_ru.coref_mentions(doc, ms, self.kb))
        elif self.coref:
            ms = sort_mentions(ms + coref_mentions(doc, ms, self.kb))
        doc.mentions = verbatim_names(doc, ms)
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for d in docs:
            yield self(d)


@component("entities", reads=("sentences", "mentions"), uses=("sentences.parse",), writes=("mentions",))
def make_entities(*, kb_files: KBFiles = (), include_user: bool = True,
                  include_package: bool = True, coref: bool = True,
                  labels: Sequence[str] = ("ORG", "NORP", "GPE", "PERSON")) -> Entities:
    kb = _LAST_KB[0] if _LAST_KB and not kb_files else _kb(kb_files, include_user, include_package)
    return Entities(kb, coref, tuple(labels or ()))
