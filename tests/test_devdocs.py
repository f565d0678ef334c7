"""The project's document-level dev sets (data/devdocs/en, data/devdocs/ru): each loads in
the gold's line format, its evidence and aliases are the articles' own words, the scorer
reads it, and no training command reads it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rashomon.doc import RELATIONS
from rashomon.eval.claims import find_docs, load_jsonl, score
from rashomon.nlp.claims.corpus import load_corpus
from rashomon.nlp.claims.ru.train import CORPUS, corpus_files
from rashomon.nlp.claims.train import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
DEVDOCS = ROOT / "data" / "devdocs"
KEYS = {"doc", "subject", "relation", "object", "negated", "hedged", "source", "evidence", "aliases"}
WORDS = {"en": (250, 500), "ru": (200, 650)}  # article lengths the writers were given


@pytest.fixture(scope="module", params=sorted(WORDS))
def lang(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def gold(lang: str) -> list[dict]:
    return load_jsonl(DEVDOCS / lang / "claims.jsonl")


@pytest.fixture(scope="module")
def texts(lang: str) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((DEVDOCS / lang / "texts").glob("*.txt"))}


def test_every_line_has_the_gold_schema(gold: list[dict]) -> None:
    assert len(gold) >= 200
    for g in gold:
        assert set(g) == KEYS, g
        assert g["relation"] in RELATIONS, g
        assert isinstance(g["negated"], bool) and isinstance(g["hedged"], bool), g
        assert g["source"] is None or isinstance(g["source"], str), g
        assert g["subject"] != g["object"], g
        assert isinstance(g["aliases"], dict) and g["aliases"], g


def test_every_article_has_a_file_and_claims(lang: str, gold: list[dict],
                                             texts: dict[str, str]) -> None:
    per_doc = Counter(g["doc"] for g in gold)
    assert set(per_doc) == set(texts)  # no article without claims, no claim without article
    assert len(texts) >= 20
    assert set(find_docs(per_doc, [DEVDOCS / lang / "texts"])) == set(texts)  # as the benches find them
    low, high = WORDS[lang]
    for name, text in texts.items():
        assert low <= len(text.split()) <= high, name
        assert per_doc[name] >= 8, name


def test_evidence_is_verbatim_in_its_article_and_names_both_actors(
        lang: str, gold: list[dict], texts: dict[str, str]) -> None:
    missing = [(g["doc"], g["evidence"]) for g in gold if g["evidence"] not in texts[g["doc"]]]
    assert not missing
    for g in gold:
        if lang == "ru":  # the Russian set's evidence may name an actor by another form
            continue      # ("египетское руководство") or refer to one named nearby
        assert len(g["evidence"].split()) <= 30, g
        for actor in (g["subject"], g["object"]):
            assert actor in g["aliases"], (actor, g)
            assert any(form in g["evidence"] for form in g["aliases"][actor]), (actor, g)
        assert g["source"] is None or g["source"] in g["aliases"], g


def test_every_alias_occurs_in_its_article(gold: list[dict], texts: dict[str, str]) -> None:
    missing = [(g["doc"], canon, a) for g in gold for canon, forms in g["aliases"].items()
               for a in forms if a not in texts[g["doc"]]]
    assert not missing
    assert all(forms for g in gold for forms in g["aliases"].values())


def test_one_surface_names_one_actor_per_article(gold: list[dict]) -> None:
    owner: dict[tuple[str, str], str] = {}
    for g in gold:
        for canon, forms in g["aliases"].items():
            for a in forms:
                assert owner.setdefault((g["doc"], a.casefold()), canon) == canon, (g["doc"], a)


def test_the_scorer_reads_it(gold: list[dict]) -> None:
    perfect = score(gold, gold)
    assert perfect["exact"]["f1"] == 1.0 and perfect["coarse"]["f1"] == 1.0
    assert perfect["exact"]["gold"] > 0.8 * len(gold)  # few lines repeat a tuple
    # dropping every negated claim loses exactly those tuples from recall
    result = score([g for g in gold if not g["negated"]], gold)
    assert result["exact"]["precision"] == 1.0
    assert result["exact"]["recall"] < 1.0


def test_no_training_command_reads_the_dev_sets() -> None:
    russian = corpus_files([str(ROOT / CORPUS)])
    assert russian and all(f.parent == ROOT / "data" / "claims" for f in russian)
    # the English trainer reads data/claims/*.jsonl, not sub-folders or data/devdocs
    corpus = Path(DEFAULT_CORPUS).resolve()
    assert corpus == (ROOT / "data" / "claims").resolve()
    assert not DEVDOCS.resolve().is_relative_to(corpus)
    ids = {ex.id for ex in load_corpus([ROOT / "data" / "claims"])}
    assert not any(i.startswith(("ru-dev-", "en-dev-")) for i in ids)
