"""Rules vs the co-occurrence baseline on the dev gold (needs ../shared; slow)."""

from __future__ import annotations

import pytest

from rashomon.eval.claims import (
    analyse_files,
    claim_rows,
    cooccurrence_baseline,
    find_docs,
    load_jsonl,
    load_kb,
    most_frequent_relation,
    score,
)


@pytest.mark.slow
@pytest.mark.shared
def test_rules_beat_cooccurrence_on_dev(shared) -> None:
    gold = load_jsonl(shared / "gold" / "claims-dev.jsonl")
    paths = find_docs({g["doc"] for g in gold}, [shared / "corpus"])
    assert len(paths) == len({g["doc"] for g in gold})
    docs = analyse_files(paths)
    kb = load_kb()
    rules = score(claim_rows(docs, name=lambda d: d.id), gold, kb)
    base = score(cooccurrence_baseline(docs, most_frequent_relation(gold), name=lambda d: d.id),
                 gold, kb)
    assert rules["exact"]["precision"] > 0.5
    assert rules["exact"]["f1"] > 2 * base["exact"]["f1"]
    assert rules["attribution"]["accuracy"] >= 0.6
