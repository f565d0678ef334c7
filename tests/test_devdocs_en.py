"""The English document-level dev set (data/devdocs/en) loads and is internally consistent:
every gold line names a document that exists, quotes it verbatim, and lists surface forms
that occur in it. The set is for choosing settings, never for training."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import RELATIONS
from rashomon.eval.claims import find_docs, load_jsonl, score
from rashomon.nlp.claims.train import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "devdocs" / "en"
KEYS = {"doc", "subject", "relation", "object", "negated", "hedged", "source", "evidence", "aliases"}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_jsonl(DEV / "claims.jsonl")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((DEV / "texts").glob("*.txt"))}


def test_every_line_has_the_gold_schema(gold: list[dict]) -> None:
    assert len(gold) >= 200
    for row in gold:
        assert set(row) == KEYS, row
        assert row["relation"] in RELATIONS, row
        assert isinstance(row["negated"], bool) and isinstance(row["hedged"], bool), row
        assert row["source"] is None or isinstance(row["source"], str), row
        assert row["subject"] != row["object"], row


def test_every_document_is_found_and_annotated(gold: list[dict], texts: dict[str, str]) -> None:
    named = {row["doc"] for row in gold}
    assert named == set(texts)  # no claim without its article, no article without claims
    assert set(find_docs(named, [DEV / "texts"])) == named  # how bench/claims.py --docs finds them
    for name, text in texts.items():
        assert 250 <= len(text.split()) <= 500, name


def test_evidence_is_a_verbatim_quote_of_its_article(gold: list[dict], texts: dict[str, str]) -> None:
    for row in gold:
        ev = row["evidence"]
        assert ev in texts[row["doc"]], row
        assert len(ev.split()) <= 30, row


def test_aliases_occur_in_the_article_and_cover_both_actors(gold: list[dict], texts: dict[str, str]) -> None:
    for row in gold:
        text, aliases = texts[row["doc"]], row["aliases"]
        for canon, forms in aliases.items():
            assert forms, (canon, row)
            for form in forms:
                assert form in text, (form, row["doc"])
        for actor in (row["subject"], row["object"]):
            assert actor in aliases, (actor, row)
            assert any(form in row["evidence"] for form in aliases[actor]), (actor, row)
        if row["source"] is not None:
            assert row["source"] in aliases, row


def test_the_scorer_reads_the_set_as_gold(gold: list[dict]) -> None:
    """Scoring the set against itself matches every tuple: the alias maps resolve each name."""
    result = score(gold, gold)
    assert result["exact"]["f1"] == 1.0
    assert result["exact"]["gold"] > 0.8 * len(gold)  # few lines repeat a tuple


def test_the_training_command_does_not_read_the_dev_set() -> None:
    corpus = Path(DEFAULT_CORPUS).resolve()
    assert corpus == (ROOT / "data" / "claims").resolve()
    assert not DEV.resolve().is_relative_to(corpus)
