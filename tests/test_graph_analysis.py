"""Timeline, blocs, balance and outlet comparison."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.graph import balance, blocs, compare, describe_timeline, timeline
from rashomon.graph.synth import story
from rashomon.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "a.duckdb")
    yield st
    st.close()


def test_timeline_periods_and_phrase(store):
    store.save([
        story("d1", "AP", "2019-03-01", [("Turkey", "oppose", "Russia")]),
        story("d2", "AP", "2020-03-01", [("Russia", "oppose", "Turkey")]),
        story("d3", "AP", "2021-06-01", [("Turkey", "oppose", "Russia")]),
        story("d4", "AP", "2022-03-01", [("Turkey", "cooperate", "Russia")]),
        story("d5", "BBC", "2023-03-01", [("Russia", "cooperate", "Turkey")]),
        story("d6", "BBC", "2023-04-01", [("Russia", "attack", "Ukraine")]),
    ])
    t = timeline(store, "Russia", "Turkey")
    assert [p["period"] for p in t] == ["2019", "2020", "2021", "2022", "2023"]
    assert [p["stance"] for p in t] == [-1, -1, -1, 1, 1]
    assert describe_timeline(t) == "oppose until 2021, cooperate since 2022"
    months = timeline(store, "Turkey", "Russia", period="month", since="2023")
    assert [p["period"] for p in months] == ["2023-03"]
    assert timeline(store, "Russia", "Nobody") == []


def test_describe_timeline_shapes():
    def p(per, lab):
        return {"period": per, "label": lab}

    assert describe_timeline([]) == "no dated claims"
    assert describe_timeline([p("2020", "support")]) == "support in 2020"
    assert describe_timeline([p("2020", "ally"), p("2022", "ally")]) == "ally from 2020 to 2022"
    three = [p("2018", "oppose"), p("2019", "cooperate"), p("2020", "cooperate"), p("2021", "attack")]
    assert describe_timeline(three) == (
        "oppose until 2018, cooperate from 2019 to 2020, attack since 2021")


def test_timeline_denial_label(store):
    store.save([
        story("d1", "AP", "2020-01-01", [("US", "support", "Kurds")]),
        story("d2", "AP", "2021-01-01", [("US", "support", "Kurds", {"negated": True})]),
    ])
    assert describe_timeline(timeline(store, "US", "Kurds")) == (
        "support until 2020, not support since 2021")


TWO_BLOCS = [
    ("Russia", "ally", "Iran"), ("Russia", "support", "Syria"), ("Iran", "support", "Syria"),
    ("Iran", "support", "Hezbollah"), ("Hezbollah", "ally", "Syria"),
    ("United States", "ally", "Israel"), ("United States", "support", "Ukraine"),
    ("Israel", "cooperate", "Ukraine"), ("United States", "cooperate", "Britain"),
    ("Britain", "support", "Ukraine"),
    ("Russia", "attack", "Ukraine"), ("Israel", "attack", "Hezbollah"),
    ("United States", "oppose", "Iran"), ("Britain", "oppose", "Russia"),
    ("Israel", "oppose", "Iran"),
]


def test_blocs_two_camps(store):
    store.save([story(f"d{i}", "AP", "2021-01-01", [c]) for i, c in enumerate(TWO_BLOCS)])
    bl = blocs(store, contested=True)  # one outlet: nothing is agreed by independent sources
    groups = [set(b["actors"]) for b in bl]
    assert {"Russia", "Iran", "Syria", "Hezbollah"} in groups
    assert {"United States", "Israel", "Ukraine", "Britain"} in groups
    for b in bl:
        assert b["internal"]["negative"] == 0 and b["external"]["positive"] == 0
        assert b["internal"]["positive"] > 0 and b["external"]["negative"] < 0


def test_blocs_enemies_never_grouped(store):
    store.save([story("d1", "AP", "2021-01-01", [("A", "attack", "B"), ("B", "attack", "C"),
                                                 ("A", "attack", "C")])])
    assert blocs(store, contested=True) == []


def test_balance_flags_only_unbalanced(store):
    store.save([story("d1", "AP", "2021-01-01", [
        # balanced: friends with a common enemy
        ("Russia", "ally", "Iran"), ("Russia", "oppose", "ISIS"), ("Iran", "attack", "ISIS"),
        # unbalanced: two allies of Russia at war with each other
        ("Russia", "support", "Armenia"), ("Russia", "cooperate", "Azerbaijan"),
        ("Armenia", "attack", "Azerbaijan"),
    ])])
    assert balance(store)["balanced"] == 0  # one outlet: no agreed pair
    b = balance(store, contested=True)
    assert (b["balanced"], b["unbalanced"]) == (1, 1)
    [s] = b["surprising"]
    assert s["actors"] == ["Armenia", "Azerbaijan", "Russia"]
    assert len(s["edges"]) == 3
    assert {e["stance"] for e in s["edges"]} == {1.0, -1.0}


def test_compare_outlets(store):
    store.save([
        story("a1", "RT", "2021-01-01", [("Britain", "support", "ISIS"), ("Russia", "attack", "ISIS")]),
        story("b1", "BBC", "2021-01-01", [("Britain", "attack", "ISIS"), ("Russia", "attack", "ISIS")]),
        story("b2", "BBC", "2021-01-01", [("Russia", "attack", "Ukraine")]),
    ])
    out = compare(store, "RT", "BBC")
    assert [(x["a"], x["b"]) for x in out] == [("Britain", "ISIS"), ("ISIS", "Russia")]
    assert out[0]["disagree"] and not out[1]["disagree"]
    assert out[0]["sides"]["RT"]["stance"] == 1.0 and out[0]["sides"]["BBC"]["stance"] == -1.0
    with pytest.raises(Exception, match="no documents from outlet"):
        compare(store, "RT", "Pravda")
