"""Graph aggregation rules on small hand-written corpora."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graphref import aggregate, claim_frame, claims_touching, edges_from_frame, stances_from_frame
from rashomon.graph import edges, neighbourhood, stances
from rashomon.graph.load import check_date
from rashomon.graph.synth import story
from rashomon.store import open_store

H = {"hedged": True}
N = {"negated": True}


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "g.duckdb")
    yield st
    st.close()


def edge(df, s, r, o):
    rows = df[(df["subject"] == s) & (df["relation"] == r) & (df["object"] == o)]
    assert len(rows) == 1, (s, r, o, df)
    return rows.iloc[0]


def test_syndicated_copy_counts_once(store):
    store.save([
        story("ap1", "AP", "2021-01-01", [("Russia", "support", "Hamas")]),
        story("copy", "Daily", "2021-01-02", [("Russia", "support", "Hamas")], duplicate_of="ap1"),
        story("own", "Times", "2021-01-03", [("Russia", "support", "Hamas")]),
    ])
    e = edge(edges(store), "Russia", "support", "Hamas")
    assert e["outlets"] == ["AP", "Times"]  # the copy is credited to AP
    assert e["weight"] == 2.0  # two stories, not three documents
    assert e["claims"] == 3


def test_repeated_claim_in_one_story_counts_once(store):
    store.save([story("d", "AP", "2021-01-01", [("Iran", "support", "Hezbollah")] * 3)])
    e = edge(edges(store), "Iran", "support", "Hezbollah")
    assert e["claims"] == 3 and e["weight"] == 1.0


def test_speakers_and_own_voice(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Russia", "support", "Hamas", {"source": "Kyiv"})]),
        story("d2", "AP", "2021-01-02", [("Russia", "support", "Hamas")]),
    ])
    e = edge(edges(store), "Russia", "support", "Hamas")
    assert e["speakers"] == [None, "Kyiv"]
    only = edges(store, source="Kyiv")
    assert edge(only, "Russia", "support", "Hamas")["claims"] == 1
    assert edges(store, source="none")["claims"].sum() == 1


def test_hedged_weighted_down(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Qatar", "support", "Hamas", H)]),
        story("d2", "AP", "2021-01-02", [("Iran", "support", "Hamas")]),
    ])
    df = edges(store)
    assert edge(df, "Qatar", "support", "Hamas")["weight"] == 0.5
    assert edge(df, "Qatar", "support", "Hamas")["hedged"] == 1
    assert edge(df, "Iran", "support", "Hamas")["weight"] == 1.0


def test_negation_counts_against(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Turkey", "support", "ISIS")]),
        story("d2", "BBC", "2021-01-02", [("Turkey", "support", "ISIS", N)]),
        story("d3", "CNN", "2021-01-03", [("Turkey", "support", "ISIS", N)]),
        story("d4", "CNN", "2021-01-04", [("Russia", "oppose", "Hamas", N)]),
    ])
    e = edge(edges(store), "Turkey", "support", "ISIS")
    assert (e["positive"], e["negated"], e["weight"]) == (1, 2, -1.0)
    st = stances(store).set_index(["a", "b"])
    assert st.loc[("ISIS", "Turkey"), "stance"] == pytest.approx(-1 / 3)
    # "did not oppose" is positive evidence
    assert st.loc[("Hamas", "Russia"), "stance"] == 1.0


def test_symmetric_relations_ordered(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Russia", "cooperate", "China")]),
        story("d2", "AP", "2021-01-02", [("China", "cooperate", "Russia")]),
        story("d3", "AP", "2021-01-03", [("Russia", "support", "China")]),
        story("d4", "AP", "2021-01-04", [("China", "support", "Russia")]),
    ])
    df = edges(store)
    assert edge(df, "China", "cooperate", "Russia")["weight"] == 2.0
    assert len(df[df["relation"] == "cooperate"]) == 1
    assert len(df[df["relation"] == "support"]) == 2  # directed: both directions kept


def test_rollup_with_given_mapping_and_actors_table(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Vladimir Putin", "cooperate", "Hamas"),
                                        ("Vladimir Putin", "part_of", "Russia")]),
        story("d2", "BBC", "2021-01-02", [("Russia", "cooperate", "Hamas")]),
    ])
    off = edges(store)
    assert set(off["subject"]) | set(off["object"]) >= {"Vladimir Putin", "Russia"}
    on = edges(store, rollup={"Vladimir Putin": "Russia"})
    assert "Vladimir Putin" not in set(on["subject"]) | set(on["object"])
    assert edge(on, "Hamas", "cooperate", "Russia")["weight"] == 2.0
    assert (on["relation"] == "part_of").sum() == 0  # Russia part_of Russia dropped
    # rollup=True reads the hierarchy from the actors table
    store.upsert_actors([
        ("Q159", "Russia", "state", None, None, "[]", "kb"),
        ("Q7747", "Vladimir Putin", "person", "Q159", "Q159", "[]", "kb"),
    ])
    on2 = edges(store, rollup=True)
    assert edge(on2, "Hamas", "cooperate", "Russia")["weight"] == 2.0


def test_rollup_follows_chain_to_top():
    from rashomon.graph.load import descendants, roots

    parents = {"ISIS-K": "ISIS", "ISIS": "Salafi jihadism", "Lavrov": "Russia"}
    assert roots(parents)["ISIS-K"] == "Salafi jihadism"
    assert descendants(parents, "Russia") == ["Russia", "Lavrov"]


def test_time_window_and_as_of(store):
    store.save([
        story("d1", "AP", "2019-05-01", [("Turkey", "oppose", "Russia")]),
        story("d2", "AP", "2021-02-01", [("Turkey", "cooperate", "Russia")]),
        story("d3", "AP", "2022-07-01", [("Turkey", "cooperate", "Russia")]),
        story("d4", "AP", None, [("Turkey", "attack", "PKK")]),
    ])
    assert len(edges(store)) == 3
    asof = stances(store, until="2019").set_index(["a", "b"])
    assert asof.loc[("Russia", "Turkey"), "stance"] == -1.0
    assert ("PKK", "Turkey") not in asof.index  # undated claims leave a dated window
    later = stances(store, since="2021-01").set_index(["a", "b"])
    assert later.loc[("Russia", "Turkey"), "stance"] == 1.0
    win = edges(store, since="2021", until="2021-12-31")
    assert win["claims"].sum() == 1
    with pytest.raises(Exception, match="ISO date"):
        check_date("last year", "since")


def test_relation_and_outlet_filters(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("A", "attack", "B"), ("A", "support", "C")]),
        story("d2", "BBC", "2021-01-01", [("A", "attack", "B")]),
    ])
    assert set(edges(store, relation="attack")["relation"]) == {"attack"}
    assert edges(store, outlet="bbc")["claims"].sum() == 1
    with pytest.raises(Exception, match="unknown relation"):
        edges(store, relation="hug")


def test_neighbourhood_allies_enemies(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Russia", "support", "Hezbollah"),
                                        ("ISIS-K", "attack", "Russia"),
                                        ("Iran", "support", "Hezbollah")]),
        story("d2", "BBC", "2021-01-02", [("Russia", "cooperate", "Taliban", {"source": "TASS"})]),
    ])
    nb = neighbourhood(store, "Russia", separate=False)
    assert [a["actor"] for a in nb["allies"]] == ["Hezbollah", "Taliban"]
    assert [e["actor"] for e in nb["enemies"]] == ["ISIS-K"]
    taliban = nb["allies"][1]
    assert taliban["outlets"] == ["BBC"] and taliban["speakers"] == ["TASS"]
    assert all("Iran" not in (e["subject"], e["object"]) for e in nb["edges"])
    deep = neighbourhood(store, "Russia", depth=2, separate=False)
    assert any(e["subject"] == "Iran" for e in deep["edges"])
    assert neighbourhood(store, "Nobody", separate=False)["allies"] == []


def test_neighbourhood_rollup(store):
    store.save([story("d1", "AP", "2021-01-01", [("Vladimir Putin", "cooperate", "Taliban")])])
    assert neighbourhood(store, "Russia", separate=False)["allies"] == []
    nb = neighbourhood(store, "Russia", rollup={"Vladimir Putin": "Russia"}, separate=False)
    assert [a["actor"] for a in nb["allies"]] == ["Taliban"]


def test_empty_store(store):
    assert edges(store).empty and stances(store).empty
    assert list(edges(store).columns)[:3] == ["subject", "relation", "object"]


def test_sql_pandas_and_python_paths_agree(store):

    rnd = random.Random(3)
    names = ["A", "B", "C", "D", "E"]
    rels = ["ally", "cooperate", "support", "oppose", "attack", "part_of"]
    docs = []
    for i in range(40):
        claims = []
        for _ in range(rnd.randint(1, 4)):
            s, o = rnd.sample(names, 2)
            claims.append((s, rnd.choice(rels), o, {"negated": rnd.random() < 0.3,
                                                    "hedged": rnd.random() < 0.3,
                                                    "source": rnd.choice([None, "X", "Y"])}))
        dup = f"d{i - 1}" if i % 7 == 6 else None
        docs.append(story(f"d{i}", rnd.choice(["AP", "BBC", None]), f"20{10 + i % 9}-01-01",
                          claims, duplicate_of=dup))
    store.save(docs)
    top = {"E": "A"}
    for rollup in (None, top):
        e_sql, s_sql = edges(store, rollup=rollup or False), stances(store, rollup=rollup or False)
        frame = claim_frame(store, rollup=rollup or False)
        e_pd, s_pd = edges_from_frame(frame), stances_from_frame(frame)
        rows = claims_touching(store, names, {})
        e_py, s_py = aggregate(rows, rollup)
        for a, b in ((e_sql, e_pd), (e_sql, e_py)):
            key = ["subject", "relation", "object"]
            a, b = a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
            for col in ("claims", "positive", "negated", "hedged", "weight", "outlets", "speakers",
                        "first_seen", "last_seen"):
                assert list(a[col]) == list(b[col]), col
        for a, b in ((s_sql, s_pd), (s_sql, s_py)):
            a, b = a.sort_values(["a", "b"]).reset_index(drop=True), b.sort_values(["a", "b"]).reset_index(drop=True)
            for col in ("stance", "weight", "relations", "outlets"):
                assert list(a[col]) == list(b[col]), col


def test_a_filters_object_or_keywords_give_the_same_answers(store):
    from rashomon.graph import Filters, pairs, timeline

    store.save([story("f1", "AP", "2020-01-01", [("A", "support", "B"), ("A", "attack", "C")]),
                story("f2", "BBC", "2021-06-01", [("A", "oppose", "B"), ("C", "ally", "B")])])
    f = Filters(since="2021", outlet="BBC")
    assert Filters.of(f, outlet=None) == Filters(since="2021")
    assert Filters.of(None, relation="ally") == Filters(relation="ally")
    assert f.claims() == {"since": "2021", "until": None, "relation": None, "outlet": "BBC",
                          "source": None}
    assert edges(store, f).equals(edges(store, since="2021", outlet="BBC"))
    assert len(edges(store, f)) == 2 and len(edges(store)) == 4
    assert edges(store, f, outlet="AP").empty  # keywords override the object
    assert pairs(store, f).equals(pairs(store, since="2021", outlet="BBC"))
    assert (timeline(store, "A", "B", filters=Filters(until="2020"))
            == timeline(store, "A", "B", until="2020"))
    with pytest.raises(AttributeError):  # frozen
        Filters(since="2021").since = "2022"  # type: ignore[misc]


def test_neighbourhood_of_a_child_actor_rolled_up(store):
    store.save([
        story("d1", "AP", "2021-01-01", [("Vladimir Putin", "attack", "Ukraine"),
                                        ("Vladimir Putin", "attack", "Venezuela")]),
        story("d2", "BBC", "2021-01-02", [("Russia", "cooperate", "Hamas")]),
    ])
    store.upsert_actors([
        ("Q159", "Russia", "state", None, None, "[]", "kb"),
        ("Q7747", "Vladimir Putin", "person", "Q159", "Q159", "[]", "kb"),
    ])
    child = neighbourhood(store, "Vladimir Putin", rollup=True, separate=False)
    parent = neighbourhood(store, "Russia", rollup=True, separate=False)
    assert child == parent  # the child is part of its top ancestor's node
    assert child["actor"] == "Russia"
    assert [x["actor"] for x in child["enemies"]] == ["Ukraine", "Venezuela"]
    assert [x["actor"] for x in child["allies"]] == ["Hamas"]
    # without roll-up the child keeps its own neighbours
    alone = neighbourhood(store, "Vladimir Putin", separate=False)
    assert alone["actor"] == "Vladimir Putin" and alone["allies"] == []
    assert [x["actor"] for x in alone["enemies"]] == ["Ukraine", "Venezuela"]
