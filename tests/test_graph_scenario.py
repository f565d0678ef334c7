"""The issue's scenario on a hand-written mini-corpus: Russia's friends and enemies
among armed groups, and a disputed claim that Britain supports ISIS."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.graph import balance, blocs, contradictions, neighbourhood, stances
from rashomon.graph.synth import story
from rashomon.store import open_store

CORPUS = [
    story("wire-1", "Wire", "2023-02-01", [
        ("Russia", "support", "Hezbollah"), ("Russia", "cooperate", "Houthis"),
        ("Russia", "cooperate", "Hamas"), ("Russia", "cooperate", "Taliban"),
    ]),
    story("daily-1", "Daily", "2023-02-02", [
        ("Russia", "support", "Hezbollah"), ("Russia", "cooperate", "Hamas"),
    ], duplicate_of="wire-1"),
    story("gazette-1", "Gazette", "2023-05-10", [
        ("Russia", "support", "Hamas", {"source": "Ukrainian intelligence", "hedged": True}),
        ("Houthis", "cooperate", "Russia"),
        ("ISIS-Khorasan", "attack", "Russia"), ("ISIS-Khorasan", "oppose", "Taliban"),
        ("ISIS-Khorasan", "part_of", "ISIS"),
    ]),
    story("gazette-2", "Gazette", "2024-03-23", [
        ("ISIS-Khorasan", "attack", "Russia"),
        ("Britain", "support", "ISIS", {"source": "Nikolai Patrushev"}),
    ]),
    story("herald-1", "Herald", "2024-04-01", [
        ("Britain", "attack", "ISIS"), ("Taliban", "attack", "ISIS-Khorasan"),
    ]),
]


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "scenario.duckdb")
    st.save(CORPUS)
    yield st
    st.close()


def test_russia_friends_and_enemies(store):
    nb = neighbourhood(store, "Russia", separate=False)
    assert {a["actor"] for a in nb["allies"]} == {"Hezbollah", "Houthis", "Hamas", "Taliban"}
    assert [e["actor"] for e in nb["enemies"]] == ["ISIS-Khorasan"]
    sep = neighbourhood(store, "Russia")  # the default view: agreed apart from one-sided
    assert {a["actor"] for a in sep["allies"]} == {"Houthis", "Hamas"}
    assert {(a["actor"], a["state"]) for a in sep["contested"]} == {
        ("Hezbollah", "contested"), ("Taliban", "contested"), ("ISIS-Khorasan", "contested")}
    hamas = next(a for a in nb["allies"] if a["actor"] == "Hamas")
    assert hamas["outlets"] == ["Gazette", "Wire"]  # the Daily copy is credited to Wire
    assert hamas["speakers"] == ["Ukrainian intelligence"]
    isk = nb["enemies"][0]
    assert isk["weight"] == 2.0 and isk["outlets"] == ["Gazette"]


def test_isis_k_against_russia_and_taliban(store):
    st = stances(store).set_index(["a", "b"])
    assert st.loc[("ISIS-Khorasan", "Russia"), "stance"] == -1.0
    assert st.loc[("ISIS-Khorasan", "Taliban"), "stance"] == -1.0
    assert ("ISIS", "ISIS-Khorasan") not in st.index  # part_of carries no stance


def test_britain_isis_contested(store):
    items = contradictions(store)
    assert [(x["a"], x["b"]) for x in items] == [("Britain", "ISIS")]
    item = items[0]
    plus, minus = item["sides"]["+"], item["sides"]["-"]
    assert (plus[0]["outlet"], plus[0]["speaker"]) == ("Gazette", "Nikolai Patrushev")
    assert (minus[0]["outlet"], minus[0]["speaker"]) == ("Herald", None)
    texts = {c["evidence"]["text"] for c in item["claims"]}
    assert "Nikolai Patrushev said that Britain supports ISIS." in texts
    # rolled up, the branch's conflicts become the parent's: ISIS vs Russia, no contradiction
    rolled = contradictions(store, rollup={"ISIS-Khorasan": "ISIS"})
    assert [(x["a"], x["b"]) for x in rolled] == [("Britain", "ISIS")]
    assert stances(store, rollup={"ISIS-Khorasan": "ISIS"}).set_index(["a", "b"]).loc[
        ("ISIS", "Russia"), "stance"] == -1.0


def test_blocs_and_balance(store):
    # by default on agreed pairs: Hamas and the Houthis have two independent outlets each;
    # Hezbollah and the Taliban rest on the Wire story alone (the Daily copy adds nothing)
    assert [set(b["actors"]) for b in blocs(store)] == [{"Russia", "Houthis", "Hamas"}]
    groups = [set(b["actors"]) for b in blocs(store, contested=True)]
    assert {"Russia", "Hezbollah", "Houthis", "Hamas", "Taliban"} in groups
    assert balance(store)["balanced"] == 0  # ISIS-Khorasan's attacks: one outlet only
    b = balance(store, contested=True)
    # Russia + Taliban against ISIS-Khorasan: balanced
    assert b["balanced"] == 1 and b["unbalanced"] == 0
