"""The project's document-level Russian dev set (data/devdocs/ru): it loads, its evidence
and aliases are the articles' own words, the scorer reads it, and no training reads it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rashomon.doc import RELATIONS
from rashomon.eval.claims import find_docs, load_jsonl, score
from rashomon.nlp.claims.corpus import load_corpus
from rashomon.nlp.claims.ru.train import CORPUS, corpus_files

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "devdocs" / "ru"
KEYS = {"doc", "subject", "relation", "object", "negated", "hedged", "source", "evidence", "aliases"}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_jsonl(DEV / "claims.jsonl")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((DEV / "texts").glob("*.txt"))}


def test_every_line_has_the_gold_schema(gold: list[dict]) -> None:
    assert len(gold) >= 200
    for g in gold:
        assert set(g) == KEYS, g
        assert g["relation"] in RELATIONS, g
        assert isinstance(g["negated"], bool) and isinstance(g["hedged"], bool), g
        assert g["source"] is None or isinstance(g["source"], str), g
        assert g["subject"] != g["object"], g
        assert isinstance(g["aliases"], dict) and g["aliases"], g


def test_every_article_has_a_file_and_claims(gold: list[dict], texts: dict[str, str]) -> None:
    per_doc = Counter(g["doc"] for g in gold)
    assert set(per_doc) == set(texts)  # no article without claims, no claim without article
    assert len(texts) >= 20
    assert set(find_docs(per_doc, [DEV / "texts"])) == set(texts)  # what the bench finds
    for name, text in texts.items():
        assert 200 <= len(text.split()) <= 450, name
        assert per_doc[name] >= 8, name


def test_evidence_is_verbatim_in_its_article(gold: list[dict], texts: dict[str, str]) -> None:
    missing = [(g["doc"], g["evidence"]) for g in gold if g["evidence"] not in texts[g["doc"]]]
    assert not missing


def test_every_alias_occurs_in_its_article(gold: list[dict], texts: dict[str, str]) -> None:
    missing = [(g["doc"], canon, a) for g in gold for canon, forms in g["aliases"].items()
               for a in forms if a not in texts[g["doc"]]]
    assert not missing


def test_one_surface_names_one_actor_per_article(gold: list[dict]) -> None:
    owner: dict[tuple[str, str], str] = {}
    for g in gold:
        for canon, forms in g["aliases"].items():
            for a in forms:
                assert owner.setdefault((g["doc"], a.casefold()), canon) == canon, (g["doc"], a)


def test_the_scorer_reads_it(gold: list[dict]) -> None:
    perfect = score(gold, gold)
    assert perfect["exact"]["f1"] == 1.0 and perfect["coarse"]["f1"] == 1.0
    # dropping every negated claim loses exactly those tuples from recall
    kept = [g for g in gold if not g["negated"]]
    result = score(kept, gold)
    assert result["exact"]["precision"] == 1.0
    assert result["exact"]["recall"] < 1.0


def test_no_training_corpus_reads_the_dev_set() -> None:
    russian = corpus_files([str(ROOT / CORPUS)])
    assert russian and all(f.parent == ROOT / "data" / "claims" for f in russian)
    assert not any(DEV in f.parents for f in russian)
    # the generic trainer reads data/claims/*.jsonl, not sub-folders or data/devdocs
    ids = {ex.id for ex in load_corpus([ROOT / "data" / "claims"])}
    assert not any(i.startswith("ru-dev-") for i in ids)
