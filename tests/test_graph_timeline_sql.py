"""graph.timeline aggregates per period in SQL: the same answers as the former pandas
computation (claim frame, then ``stances_from_frame`` per period), on both backends."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from graphref import claim_frame, stances_from_frame
from rashomon.doc import RELATIONS
from rashomon.graph import timeline
from rashomon.graph.load import descendants, parent_map, roots
from rashomon.graph.synth import story
from rashomon.graph.timeline import _label
from rashomon.store import open_store
from test_backends import store_url  # noqa: F401  (fixture: DuckDB and PostgreSQL)


def reference(store: Any, a: str, b: str, period: str = "year", rollup: Any = False,
              **filters: Any) -> list[dict[str, Any]]:
    """The former implementation: every claim group of the pair in pandas."""
    width = 4 if period == "year" else 7
    names_a, names_b, top = [a], [b], None
    if rollup:
        top = roots(dict(rollup) if not isinstance(rollup, bool) else parent_map(store))
        names_a, names_b = descendants(top, a), descendants(top, b)
    df = claim_frame(store, **filters, rollup=top or False, actors=names_a, others=names_b)
    if df.empty:
        return []
    df = df[((df["subject"] == a) & (df["object"] == b)) | ((df["subject"] == b) & (df["object"] == a))]
    df = df[df["first"].notna() & (df["esign"] != 0)]
    out = []
    df = df.assign(period=df["first"].str[:width])
    for per, part in df.groupby("period", sort=True):
        row = stances_from_frame(part).iloc[0]
        key = part["negated"].map({True: "not ", False: ""}) + part["relation"]
        rel_weight = {k: float(v) for k, v in part.groupby(key)["value"].sum().items()}
        out.append({
            "period": str(per), "stance": round(float(row["stance"]), 3),
            "weight": float(row["weight"]), "label": _label(rel_weight),
            "relations": dict(row["relations"]), "outlets": list(row["outlets"]),
        })
    return out


def hand_made() -> list[Any]:
    """Negation, hedging, syndication across years, speakers, outlets, undated stories."""
    neg, hedge = {"negated": True}, {"hedged": True}
    return [
        story("a1", "AP", "2020-02-01", [
            ("Russia", "support", "Iran"), ("Russia", "support", "Iran", hedge),
            ("Iran", "oppose", "Russia", {"negated": True, "source": "Tehran"}),
            ("Russia", "part_of", "Iran")]),
        story("a2", "BBC", "2020-07-09", [
            ("Iran", "ally", "Russia", {"hedged": True, "source": "Kremlin"}),
            ("Russia", "attack", "Iran", neg), ("Russia", "attack", "Iran")]),
        # a copy published a year later counts in its original's period, credited to AP
        story("a3", "RT", "2021-01-05", [("Russia", "support", "Iran")], duplicate_of="a1"),
        story("a4", None, "2021-03-01", [("Russia", "oppose", "Iran"),
                                         ("Russia", "cooperate", "Iran", hedge)]),
        story("a5", "CNN", None, [("Russia", "oppose", "Iran")]),  # undated: left out
        # an undated original: its dated copy dates the story
        story("a6", "CNN", None, [("Iran", "attack", "Russia")]),
        story("a7", "AP", "2022-11-30", [("Iran", "attack", "Russia", {"source": "Kyiv"})],
              duplicate_of="a6"),
        story("a8", "AP", "2022-12-01", [("Iran", "support", "Russia", neg),
                                         ("Iran", "support", "Russia", neg)]),
        story("a9", "BBC", "2022-12-02", [("Hezbollah", "support", "Russia"),
                                          ("Russia", "support", "Syria")]),
    ]


def random_corpus(seed: int, n_docs: int = 80) -> list[Any]:
    rng = random.Random(seed)
    actors = ["Russia", "Iran", "Hezbollah", "Syria", "Israel"]
    docs: list[Any] = []
    for i in range(n_docs):
        claims = []
        for _ in range(rng.randint(1, 5)):
            s, o = rng.sample(actors, 2)
            opts: dict[str, Any] = {"negated": rng.random() < 0.25, "hedged": rng.random() < 0.25}
            if rng.random() < 0.4:
                opts["source"] = rng.choice(["Kremlin", "Tehran", "Pentagon"])
            claims.append((s, rng.choice(RELATIONS), o, opts))
        dup = f"r{rng.randrange(i)}" if i and rng.random() < 0.2 else None
        date = None if rng.random() < 0.1 else (
            f"20{rng.randint(19, 22)}-{rng.randint(1, 12):02d}-{rng.randint(10, 28)}")
        docs.append(story(f"r{i}", rng.choice(["AP", "BBC", "RT", None]), date, claims,
                          duplicate_of=dup))
    return docs


@pytest.fixture()
def corpus_store(store_url: str) -> Iterator[Any]:  # noqa: F811
    st = open_store(store_url)
    st.save(hand_made() + random_corpus(5))
    yield st
    st.close()


def test_hand_made_periods(tmp_path):
    st = open_store(tmp_path / "h.duckdb")
    st.save(hand_made())
    t = {p["period"]: p for p in timeline(st, "Russia", "Iran")}
    assert sorted(t) == ["2020", "2021", "2022"]
    y20 = t["2020"]
    # a1: support (1) vs negated oppose (+1, same story: max 1); a2: hedged ally 0.5,
    # negated attack +1 -> p = 1 + 1; attack -> q = 1
    assert (y20["weight"], y20["stance"]) == (3.0, 0.333)
    assert y20["relations"] == {"ally": 1, "attack": 1, "not attack": 1, "not oppose": 1,
                                "support": 3}
    assert y20["outlets"] == ["AP", "BBC"] and y20["label"] == "support"
    y21 = t["2021"]  # the 2021 copy of a1 counts in 2020 (its story's first date), not here
    assert (y21["weight"], y21["stance"], y21["outlets"]) == (1.5, -0.333, [])
    assert y21["label"] == "oppose" and y21["relations"] == {"cooperate": 1, "oppose": 1}
    month = timeline(st, "Iran", "Russia", period="month", since="2022")
    assert [p["period"] for p in month] == ["2022-11", "2022-12"]
    # Kyiv's claim in the copy a7: dated by the copy, credited to the original's outlet;
    # the undated original's own claim is left out
    assert month[0]["outlets"] == ["CNN"] and month[0]["weight"] == 1.0
    assert month[1]["label"] == "not support" and month[1]["relations"] == {"not support": 2}
    assert timeline(st, "Russia", "Nobody") == []
    assert [p["period"] for p in timeline(st, "Russia", "Iran", source="Kyiv")] == ["2022"]
    assert timeline(st, "Russia", "Iran", source="Pentagon") == []
    st.close()


PAIRS = [("Russia", "Iran"), ("Iran", "Russia"), ("Russia", "Syria"), ("Israel", "Hezbollah"),
         ("Syria", "Syria"), ("Russia", "Nobody")]
FILTERS: list[dict[str, Any]] = [
    {}, {"period": "month"}, {"since": "2020-06", "until": "2021"}, {"relation": "support,oppose"},
    {"outlet": "ap"}, {"source": "none"}, {"source": "Kremlin"},
    {"rollup": {"Hezbollah": "Iran", "Syria": "Iran"}},
    {"rollup": {"Hezbollah": "Iran"}, "period": "month", "relation": "attack,ally,support"},
    {"rollup": True},  # the knowledge base's hierarchy
]


def test_sql_equals_former_computation(corpus_store):
    checked = 0
    for a, b in PAIRS:
        for f in FILTERS:
            want = reference(corpus_store, a, b, **f)
            got = timeline(corpus_store, a, b, **f)
            assert got == want, (a, b, f)
            checked += len(want)
    assert checked > 100  # the comparison covered many periods


def test_roll_up_merges_children(corpus_store):
    plain = timeline(corpus_store, "Russia", "Iran")
    rolled = timeline(corpus_store, "Russia", "Iran", rollup={"Hezbollah": "Iran", "Syria": "Iran"})
    assert sum(p["weight"] for p in rolled) > sum(p["weight"] for p in plain)
    with pytest.raises(ValueError):
        timeline(corpus_store, "Russia", "Iran", period="week")
