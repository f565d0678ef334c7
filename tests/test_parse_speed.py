"""The parse step's shortcuts: cached attribute_ruler + lemmatizer, NER gate, NER on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.doc import Doc
from rashomon.nlp.parse import Annotator, ents, load_spacy, may_name
from rashomon.registry import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TEXTS = [
    "Russia attacked Ukraine on Monday, officials said.",
    "There is no doubt that they were gon na win, y'all.",
    "Let's see: it rained and I was told it  would stop.",
    "The Palestinians blamed Israel for the strike, but Hamas did not comment.",
    "Do you have it? I do, and they had done it before there were rules.",
    "Russia attacked Ukraine on Tuesday, officials said again.",
]


def rows(parse: Any) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in parse]


def test_annotator_output_equals_stock_spacy_and_uses_its_cache() -> None:
    nlp = load_spacy()
    stock = [rows(d) for d in nlp.pipe(TEXTS)]
    annotate = Annotator(nlp)
    calls = {"ruler": 0}
    ruler = annotate.ruler

    def counting(doc: Any) -> Any:
        calls["ruler"] += 1
        return ruler(doc)

    annotate.ruler = counting
    for _ in range(2):  # first: teaches the cache; second: from the cache where it can
        got = [rows(annotate(d)) for d in nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"])]
        assert got == stock
    assert calls["ruler"] < 2 * len(TEXTS)  # some sentences came from the cache alone
    assert annotate.cache
    # a multi-token pattern ("there is", "gon na") always goes through the stock ruler
    before = calls["ruler"]
    annotate(nlp(TEXTS[1], disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert calls["ruler"] == before + 1


def test_batched_annotator_equals_stock_spacy_on_the_example_articles() -> None:
    """``Annotator.pipe`` computes the keys it has not seen on one made-up Doc: every
    sentence of examples/ (unseen words, then seen ones) gets exactly stock spaCy's rows."""
    nlp = load_spacy()
    texts = [line for f in sorted(EXAMPLES.glob("*.txt"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [*TEXTS, "Hello  \n\n world\t\t!!  ", " \u00a0 Zürich’s “mayor” — said:\u200b ok", "\n",
              "a", "🙂🙂 x  y", "U.S.-led  ,, ;; ...   \t"]  # whitespace, symbols: odd tokens
    stock = [rows(d) for d in nlp.pipe(texts)]
    annotate = Annotator(nlp)
    for _ in range(2):  # unseen keys first, then from the cache
        bare = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
        for i in range(0, len(bare), 16):
            annotate.pipe(bare[i:i + 16])
        assert [rows(d) for d in bare] == stock
    assert len(annotate.cache) > 500


def test_made_up_doc_separates_keys_a_multi_token_pattern_would_join() -> None:
    """New keys of different sentences are neighbours in the made-up Doc: where they would
    form "gon na", they are computed again apart, and keep their own sentences' values."""
    nlp = load_spacy()
    texts = ["They saw gon", "na is a word here", "There is hope, there are plans."]
    stock = [rows(d) for d in nlp.pipe(texts)]
    annotate = Annotator(nlp)
    apart = []
    compute = annotate.compute

    def watching(keys: list, separate: bool = False) -> dict:
        apart.append(separate)
        return compute(keys, separate)

    annotate.compute = watching
    bare = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    annotate.pipe(bare)
    assert [rows(d) for d in bare] == stock
    assert apart == [False, True]


def test_unlemmatised_parse_differs_from_stock() -> None:
    """The identity test above can fail: without the annotator lemmas are missing."""
    nlp = load_spacy()
    bare = nlp(TEXTS[0], disable=["attribute_ruler", "lemmatizer", "ner"])
    assert rows(bare) != rows(nlp(TEXTS[0]))


@pytest.fixture(scope="module")
def upto_parse() -> Pipeline:
    return Pipeline(["sentences", "gazetteer", "parse"])


def parsed(pipe: Pipeline, text: str) -> Doc:
    doc = Doc("t", text, language="en")
    return pipe(doc)


def test_ner_skipped_when_every_name_is_a_kb_mention(upto_parse: Pipeline) -> None:
    doc = parsed(upto_parse, "Officials say Russia attacked Ukraine and Israel on Monday.")
    s = doc.sentences[0]
    assert s.parse is not None and doc.mentions
    assert not s.parse.has_annotation("ENT_IOB")  # NER did not run


def test_ner_runs_for_an_unknown_person(upto_parse: Pipeline) -> None:
    doc = parsed(upto_parse, "Russia said Dmitry Kovalenko attacked Ukraine.")
    s = doc.sentences[0]
    assert s.parse.has_annotation("ENT_IOB")
    assert any(e.label_ == "PERSON" and "Kovalenko" in e.text for e in s.parse.ents)


def test_may_name_rules() -> None:
    nlp = load_spacy()
    d = nlp("Officials said the Palestinians blamed Israel.")
    israel = d.text.index("Israel")
    pal = d.text.index("Palestinians")
    assert may_name(d, [(israel, israel + 6)])  # "Palestinians" is left
    assert not may_name(d, [(israel, israel + 6), (pal, pal + 12)])  # "Officials" opens it
    d = nlp("President Putin met Xi on Monday.")
    assert not may_name(d, [(10, 15), (20, 22)])  # a title and a day are no names alone
    assert may_name(d, [(10, 15)])


def test_ents_runs_ner_on_demand_once() -> None:
    nlp = load_spacy()
    d = nlp("Russia attacked Ukraine on Monday.", disable=["ner"])
    assert not d.has_annotation("ENT_IOB") and not d.ents
    first = ents(d)
    assert [(e.text, e.label_) for e in first if e.label_ == "DATE"] == [("Monday", "DATE")]
    assert ents(d[0:3]) == tuple(d[0:3].ents)  # a Span works too
    assert ents(d) == first


def test_claim_time_found_through_the_lazy_path() -> None:
    pipe = Pipeline(["sentences", "gazetteer", "parse", "entities", "claims"])
    doc = pipe(Doc("t", "Russia attacked Ukraine on Monday.", language="en",
                   published="2024-03-28"))
    assert [(c.subject_id, c.relation, c.object_id) for c in doc.claims] == [("Q159", "attack", "Q212")]
    assert doc.claims[0].time == "2024-03-25"  # the DATE entity, normalised (rashomon.dates)
    doc = pipe(Doc("t", "Russia attacked Ukraine.", language="en"))
    assert doc.claims and doc.claims[0].time is None


def test_results_do_not_depend_on_the_batch() -> None:
    a = "Kremlin adviser Marko Velinsky said Russia supports Iran. He praised Tehran on Friday."
    b = "The Palestinians protested. They blamed Israel for the attack on Gaza last week."
    names = ["sentences", "gazetteer", "parse", "entities", "claims"]

    def run(texts: list[str]) -> list[tuple]:
        docs = [Doc(f"d{i}", t, language="en") for i, t in enumerate(texts)]
        out = list(Pipeline(names).pipe(docs))
        return [[(m.start, m.end, m.actor) for m in d.mentions]
                + [(c.subject_id, c.relation, c.object_id, c.time) for c in d.claims] for d in out]

    alone = run([a])[0]
    assert run([b, a])[1] == alone
    assert any(m[2].startswith("unk:") for m in alone if len(m) == 3)  # Velinsky came from NER


@pytest.mark.slow
def test_identity_with_stock_spacy_on_articles(shared: Path) -> None:
    """Every parsed sentence of 40 articles: tokens and entities exactly as stock spaCy."""
    files = sorted((shared / "corpus/semeval2025-train/EN/raw-documents").glob("*.txt"))[:40]
    docs = [Doc(f.stem, f.read_text(encoding="utf-8"), language="en") for f in files]
    for _, step in Pipeline(["sentences", "gazetteer", "parse"]).steps:  # keeps the parses
        docs = list(step.pipe(docs)) if hasattr(step, "pipe") else [step(d) for d in docs]
    sents = [s for d in docs for s in d.sentences if s.parse is not None]
    assert len(sents) > 300
    stock = load_spacy().pipe([s.text for s in sents])
    for s, p in zip(sents, stock, strict=True):
        assert rows(s.parse) == rows(p)
        assert [(e.start, e.end, e.label_) for e in ents(s.parse)] == [
            (e.start, e.end, e.label_) for e in p.ents]
