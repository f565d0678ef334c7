"""Contradictions: sign conflicts and denials between voices, not agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.graph import contradictions
from rashomon.graph.synth import story
from rashomon.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "c.duckdb")
    yield st
    st.close()


def pairs(items):
    return {(x["a"], x["b"]) for x in items}


def test_sign_conflict_across_outlets_flagged(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Britain", "support", "ISIS", {"source": "Zakharova"})]),
        story("d2", "BBC", "2021-01-02", [("Britain", "attack", "ISIS")]),
    ])
    [item] = contradictions(store)
    assert (item["a"], item["b"], item["kind"]) == ("Britain", "ISIS", "sign")
    assert item["score"] == 1.0 and not item["same_voice"]
    assert {c["outlet"] for c in item["claims"]} == {"AP", "BBC"}
    sup = next(c for c in item["claims"] if c["relation"] == "support")
    assert sup["source"] == "Zakharova"  # a claim says "source", as everywhere
    assert sup["evidence"]["text"] == "Zakharova said that Britain supports ISIS."
    assert item["sides"]["+"][0]["speaker"] == "Zakharova"
    assert item["sides"]["-"][0]["outlet"] == "BBC"


def test_denial_flagged_and_direction_ignored(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Britain", "support", "ISIS")]),
        story("d2", "BBC", "2021-01-02", [("Britain", "support", "ISIS",
                                          {"negated": True, "source": "Foreign Office"})]),
        story("d3", "AP", "2021-01-01", [("Qatar", "support", "Hamas")]),
        story("d4", "BBC", "2021-01-02", [("Hamas", "attack", "Qatar")]),
    ])
    items = contradictions(store)
    by = {(x["a"], x["b"]): x for x in items}
    assert by[("Britain", "ISIS")]["kind"] == "denial"
    assert ("Hamas", "Qatar") in by  # opposite directions still make one pair
    assert items[0]["a"] == "Britain"  # a denial outranks a plain sign conflict of equal weight


def test_agreement_not_flagged(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Russia", "support", "Hezbollah")]),
        story("d2", "BBC", "2021-01-02", [("Russia", "support", "Hezbollah")]),
        story("d3", "CNN", "2021-01-03", [("Russia", "ally", "Hezbollah"),
                                         ("ISIS-K", "attack", "Russia")]),
        story("d4", "AP", "2021-01-04", [("ISIS-K", "oppose", "Russia"),
                                        ("ISIS-K", "part_of", "ISIS")]),
    ])
    assert contradictions(store) == []


def test_same_voice_scores_lower(store):
    store.save([
        story("a1", "AP", "2021-01-01", [("Turkey", "cooperate", "Russia")]),
        story("a2", "AP", "2021-02-01", [("Turkey", "oppose", "Russia")]),
        story("b1", "AP", "2021-01-01", [("Iran", "cooperate", "Israel")]),
        story("b2", "BBC", "2021-02-01", [("Iran", "attack", "Israel")]),
    ])
    items = contradictions(store)
    assert [(x["a"], x["b"]) for x in items] == [("Iran", "Israel"), ("Russia", "Turkey")]
    assert items[1]["same_voice"] and items[1]["score"] < items[0]["score"]


def test_hedged_side_weighs_less(store):
    store.save([
        story("a1", "AP", "2021-01-01", [("A", "support", "B", {"hedged": True})]),
        story("a2", "BBC", "2021-01-01", [("A", "attack", "B")]),
    ])
    assert contradictions(store)[0]["score"] == 0.5


def test_actor_filter_limit_and_rollup(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Vladimir Putin", "cooperate", "Taliban")]),
        story("d2", "BBC", "2021-01-02", [("Russia", "attack", "Taliban")]),
        story("d3", "AP", "2021-01-01", [("X", "support", "Y")]),
        story("d4", "BBC", "2021-01-02", [("X", "oppose", "Y")]),
    ])
    assert pairs(contradictions(store)) == {("X", "Y")}
    rolled = contradictions(store, rollup={"Vladimir Putin": "Russia"})
    assert pairs(rolled) == {("Russia", "Taliban"), ("X", "Y")}
    ru = contradictions(store, actor="Russia", rollup={"Vladimir Putin": "Russia"})
    assert pairs(ru) == {("Russia", "Taliban")}
    assert {c["subject"] for c in ru[0]["claims"]} == {"Vladimir Putin", "Russia"}
    assert len(contradictions(store, limit=1, rollup={"Vladimir Putin": "Russia"})) == 1


def test_syndicated_copy_is_not_a_second_voice(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("A", "support", "B")]),
        story("d2", "Daily", "2021-01-01", [("A", "support", "B")], duplicate_of="d1"),
        story("d3", "AP", "2021-03-01", [("A", "attack", "B")]),
    ])
    [item] = contradictions(store)
    assert item["same_voice"]  # the Daily copy speaks as AP
    assert [c["doc"] for c in item["claims"]] == ["d1", "d3"]
