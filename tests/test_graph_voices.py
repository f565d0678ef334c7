"""According to whom: agreed, contested and mixed pairs, accusations, blocs on agreed pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.graph import balance, blocs, neighbourhood, pairs
from rashomon.graph.synth import story
from rashomon.graph.voices import state_of
from rashomon.store import open_store

PATRUSHEV = {"source": "Nikolai Patrushev"}


ACTORS = [
    ("Q159", "Russia", "state", None, None, "[]", "kb"),
    ("Q145", "United Kingdom", "state", None, None, "[]", "kb"),
    ("Q30", "United States", "state", None, None, "[]", "kb"),
    ("rsh:patrushev", "Nikolai Patrushev", "person", "Q159", "Q159", "[]", "kb"),
    ("rsh:isk", "ISIS-K", "armed_group", None, None, "[]", "kb"),
    ("rsh:taliban", "Taliban", "armed_group", None, None, "[]", "kb"),
    ("rsh:fo", "Foreign Office", "ministry", "Q145", "Q145", "[]", "kb"),
]


def corpus() -> list:
    return [
        # the accusation, voiced by a Russian official, and the British denial
        story("herald-1", "Caspian Herald", "2024-03-26", [
            ("United Kingdom", "support", "ISIS-K", PATRUSHEV),
            ("United States", "support", "ISIS-K", PATRUSHEV)]),
        story("ledger-1", "Atlantic Ledger", "2024-03-28", [
            ("United Kingdom", "support", "ISIS-K", {"source": "Foreign Office", "negated": True})]),
        # two independent outlets agree: ISIS-K attacks Russia; the US and the UK cooperate
        story("wire-1", "Global Wire", "2024-03-23", [
            ("ISIS-K", "attack", "Russia", {"time": "2024-03-22"}),
            ("United States", "cooperate", "United Kingdom", {"time": "1941/.."})]),
        story("ledger-2", "Atlantic Ledger", "2024-03-24", [
            ("ISIS-K", "attack", "Russia"), ("United States", "ally", "United Kingdom")]),
        story("wire-copy", "Daily Echo", "2024-03-24", [("ISIS-K", "attack", "Russia")],
              duplicate_of="wire-1"),
        # Russia and the Taliban: cooperation and hostility, from several outlets
        story("steppe-1", "Steppe Review", "2024-06-07", [("Russia", "cooperate", "Taliban")]),
        story("wire-2", "Global Wire", "2024-06-08", [("Russia", "cooperate", "Taliban"),
                                                      ("Russia", "oppose", "Taliban")]),
        story("levant-1", "Levant Monitor", "2024-06-09", [("Taliban", "attack", "Russia")]),
        # one outlet alone: one-sided
        story("herald-2", "Caspian Herald", "2024-04-01", [("Russia", "support", "Taliban")]),
    ]


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "voices.duckdb")
    st.upsert_actors(ACTORS)
    st.save(corpus())
    yield st
    st.close()


def _by_pair(df) -> dict[tuple[str, str], dict]:
    return {(r["a"], r["b"]): r for r in df.to_dict("records")}


def test_accusation_and_denial_are_contested_never_an_alliance(store):
    p = _by_pair(pairs(store))
    uk = p[("ISIS-K", "United Kingdom")]
    assert uk["state"] == "contested" and uk["denied"]
    assert uk["relations"] == {"not support": 1, "support": 1}
    # the accusation is the speaker's stance toward the accused
    acc = p[("Nikolai Patrushev", "United Kingdom")]
    assert acc["relations"] == {"accuse": 1} and acc["stance"] == -1.0
    assert acc["state"] == "contested"  # one voice
    # the US is accused of arming an armed group: an accusation without a denial too
    assert p[("Nikolai Patrushev", "United States")]["relations"] == {"accuse": 1}
    assert p[("ISIS-K", "United States")]["state"] == "contested"  # one voice, one outlet
    nb = neighbourhood(store, "United Kingdom")
    assert "ISIS-K" not in {x["actor"] for x in nb["allies"]}
    contested = {x["actor"]: x for x in nb["contested"]}
    assert contested["ISIS-K"]["state"] == "contested"
    assert contested["Nikolai Patrushev"]["relations"][0]["relation"] == "accuse"
    # no bloc puts the accused with the armed group (by default: agreed pairs only)
    for b in blocs(store):
        assert not {"United Kingdom", "ISIS-K"} <= set(b["actors"])


def test_independent_outlets_agree(store):
    p = _by_pair(pairs(store))
    isk = p[("ISIS-K", "Russia")]
    assert isk["state"] == "agreed" and isk["sources_against"] == 2  # the copy counts once
    assert p[("United Kingdom", "United States")]["state"] == "agreed"
    nb = neighbourhood(store, "Russia")
    assert [x["actor"] for x in nb["enemies"]] == ["ISIS-K"]
    assert nb["enemies"][0]["state"] == "agreed"


def test_mixed_pair_stays_visible(store):
    p = _by_pair(pairs(store))
    rt = p[("Russia", "Taliban")]
    assert rt["state"] == "mixed"
    assert rt["sources_for"] >= 2 and rt["sources_against"] >= 2
    nb = neighbourhood(store, "Russia")
    assert [x["actor"] for x in nb["mixed"]] == ["Taliban"]
    assert "Taliban" not in {x["actor"] for x in nb["allies"] + nb["enemies"]}


def test_one_outlet_is_one_sided(store):
    # seen through one outlet (a lens), nothing has independent sources
    p = _by_pair(pairs(store, outlet="Global Wire"))
    assert p[("ISIS-K", "Russia")]["state"] == "contested"
    # through one speaker: only what the speaker says (and the accusations it makes)
    sp = pairs(store, source="Nikolai Patrushev")
    assert set(zip(sp["a"], sp["b"], strict=True)) >= {("ISIS-K", "United Kingdom")}
    assert set(sp["state"]) == {"contested"}
    own = pairs(store, source="none")  # the articles' own voice
    assert ("ISIS-K", "United Kingdom") not in set(zip(own["a"], own["b"], strict=True))


def test_blocs_and_balance_on_agreed_pairs(store):
    assert [set(b["actors"]) for b in blocs(store)] == [{"United Kingdom", "United States"}]
    with_contested = [set(b["actors"]) for b in blocs(store, contested=True)]
    assert {"United Kingdom", "United States"} <= with_contested[0]
    assert balance(store)["balanced"] + balance(store)["unbalanced"] == 0
    assert pairs(store, state="agreed")["state"].eq("agreed").all()


@pytest.mark.parametrize(("p", "q", "denied", "outlets", "voices", "want"), [
    (2, 0, False, 2, 2, "agreed"),
    (2, 0, False, 1, 2, "contested"),  # two speakers in one outlet
    (2, 0, False, 2, 1, "contested"),  # one speaker quoted by two outlets
    (2, 2, False, 2, 2, "mixed"),
    (5, 1, False, 3, 3, "agreed"),  # the weaker side is under a quarter
    (2, 1, True, 2, 2, "contested"),  # asserted and denied
])
def test_state_rules(p, q, denied, outlets, voices, want):
    assert state_of(p, q, denied, outlets, voices) == want


def test_export_carries_the_state(store, tmp_path):
    import csv

    from rashomon.graph import export_edges

    out = tmp_path / "edges.csv"
    export_edges(store, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    state = {(r["subject"], r["relation"], r["object"]): r["state"] for r in rows}
    assert state[("ISIS-K", "attack", "Russia")] == "agreed"
    assert state[("United Kingdom", "support", "ISIS-K")] == "contested"
    assert state[("Russia", "oppose", "Taliban")] == "mixed"


@pytest.mark.postgres
def test_postgres_states_and_dates_equal_duckdb(store):
    """The states, accusations and claim dates are portable SQL: the same on PostgreSQL."""
    import os

    from rashomon.graph import timeline
    from test_backends import PG_URL, fresh_pg_url, pg_available

    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL} in CI")
        pytest.skip("PostgreSQL is not reachable")
    pg = open_store(fresh_pg_url())
    try:
        pg.upsert_actors(ACTORS)
        pg.save(corpus())
        for kw in ({}, {"since": "2024-03-23"}, {"until": "1999"}, {"source": "none"},
                   {"outlet": "Global Wire"}, {"rollup": True}):
            want = pairs(store, **kw).to_dict("records")
            assert pairs(pg, **kw).to_dict("records") == want, kw
        assert pairs(store, until="1999")["a"].tolist() == ["United Kingdom"]  # "since 1941"
        assert (timeline(pg, "United States", "United Kingdom")
                == timeline(store, "United States", "United Kingdom"))
        assert neighbourhood(pg, "Russia") == neighbourhood(store, "Russia")
    finally:
        pg.close()


def test_unknown_people_roll_up_through_their_title(tmp_path):
    from rashomon.doc import Claim, Doc, Span
    from rashomon.graph.load import parent_map

    text = "Nasser Kanaani, the Iranian Foreign Ministry spokesman, said Israel attacks Hamas."
    d = Doc("k", text, source="Wire", published="2024-01-01")
    d.claims = [Claim("Nasser Kanaani", "part_of", "Iranian Foreign Ministry",
                      Span(0, len(text), text), subject_id="unk:nasser kanaani",
                      object_id="rsh:iran_mfa")]
    with open_store(tmp_path / "k.duckdb") as st:
        st.upsert_actors([("rsh:iran_mfa", "Iranian Foreign Ministry", "ministry", "Q794",
                           "Q794", "[]", "kb"), ("Q794", "Iran", "state", None, None, "[]", "kb")])
        st.save([d])
        parents = parent_map(st)
    assert parents["Nasser Kanaani"] == "Iranian Foreign Ministry"
    assert parents["Iranian Foreign Ministry"] == "Iran"


def test_cached_pair_views_equal_each_actors_live_pairs(store):
    """``pair_by_actor`` holds, for every actor, what ``pairs(actors=[actor])`` says of the
    actor's pairs: accusations against the actor count in its view only."""
    from rashomon.graph import cache
    from rashomon.graph.neighbourhood import records

    assert cache.states_ready(store)
    names = {r["name"] for r in store.query(
        "SELECT subject AS name FROM claims UNION SELECT object FROM claims "
        "UNION SELECT source FROM claims WHERE source IS NOT NULL")}
    accused_views = 0
    for name in sorted(names) + ["Nobody"]:
        live = [r for r in records(pairs(store, actors=[name])) if name in (r["a"], r["b"])]
        got = cache.actor_pairs(store, name)
        assert got == live, name
        accused_views += any("accuse" in r["relations"] for r in got)
    assert accused_views >= 2  # the UK and the US, accused by Patrushev
    # Patrushev's own view holds no accusation of his
    assert not any("accuse" in r["relations"] for r in cache.actor_pairs(store, "Nikolai Patrushev"))


def test_a_speakers_side_follows_unknown_parents_whatever_is_asked(tmp_path):
    """Roll-up of a speaker through a chain of unknown actors (person -> unit -> state)
    is the same whether the query touches the unit or not."""
    from rashomon.graph.load import parent_map, roots

    docs = [story("c1", "Wire", "2024-01-01", [("Ivan Petrov", "part_of", "Unit 29155"),
                                               ("Unit 29155", "part_of", "Russia")])]
    for c in docs[0].claims:
        c.subject_id = "unk:" + c.subject.lower()
    with open_store(tmp_path / "u.duckdb") as st:
        st.save(docs)
        assert roots(parent_map(st, ["Ivan Petrov"]))["Ivan Petrov"] == "Russia"
        assert roots(parent_map(st))["Ivan Petrov"] == "Russia"
        assert "Ivan Petrov" not in parent_map(st, ["Nobody"])
