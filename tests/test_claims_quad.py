"""Cooperation/conflict coverage (issue #4): wire-style sentences of each CAMEO root category.

A floor on the dev split of tests/fixtures/quad_sentences.jsonl (scored by bench/quad.py),
and specific constructions with positive and negative cases, on sentences not in the fixture.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from rashomon.doc import Doc
from rashomon.registry import Pipeline

BENCH = Path(__file__).resolve().parents[1] / "bench" / "quad.py"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("quad_bench", BENCH)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    """The rules alone: these tests pin the constructions the rules read."""
    return Pipeline(("sentences", "gazetteer", "parse", "entities", "claims"), {"claims": {"model": ""}})


def claims(pipe: Pipeline, text: str) -> set[tuple[str, str, str, bool]]:
    doc = pipe(Doc(id="t", text=text, language="en"))
    return {(c.subject, c.relation, c.object, c.negated) for c in doc.claims
            if c.relation != "part_of"}


def test_fixture_is_well_formed() -> None:
    rows = _bench().load()
    assert len(rows) >= 200
    cats = {r["cameo"] for r in rows}
    assert {f"{n:02d}" for n in range(1, 21)} <= cats and "none" in cats
    held = sum(r["split"] == "held" for r in rows)
    assert 0.25 <= held / len(rows) <= 0.35
    assert sum(not r["claims"] for r in rows) >= 20


def test_dev_split_floor(pipe: Pipeline) -> None:
    bench = _bench()
    rows = bench.load(split="dev")
    docs = [pipe(Doc(id=r["id"], text=r["text"], language="en")) for r in rows]
    res = bench.summary(rows, docs)
    assert res["coverage"] >= 0.75
    assert res["quad_accuracy"] >= 0.95
    assert res["false_claims"] <= 10
    assert res["clean_none"] == res["none_sentences"]


def test_dev_split_with_the_learned_model() -> None:
    """Rules + the shipped model: more pairs found, the quad class still right, a bounded
    number of extra claims (the model trades some precision for recall)."""
    from rashomon.nlp.claims import model

    if not model.available():
        pytest.skip("no shipped claims model")
    bench = _bench()
    rows = bench.load(split="dev")
    full = Pipeline(("sentences", "gazetteer", "parse", "entities", "claims"))
    res = bench.summary(rows, [full(Doc(id=r["id"], text=r["text"], language="en")) for r in rows])
    assert res["coverage"] >= 0.85
    assert res["quad_accuracy"] >= 0.95
    assert res["false_claims"] <= 20


@pytest.mark.parametrize("text, expected", [
    # 02 appeal / 04 consult / 01 statements of sympathy: verbal cooperation
    ("The African Union called on Sudan to end the fighting.",
     ("African Union", "cooperate", "Sudan", False)),
    ("Japan offered condolences to Morocco after the floods.",
     ("Japan", "cooperate", "Morocco", False)),
    # 16 reduce relations: severing ties is conflict, not a tie
    ("Bahrain severed ties with Qatar.", ("Bahrain", "oppose", "Qatar", False)),
    ("Bahrain did not sever ties with Qatar.", ("Bahrain", "oppose", "Qatar", True)),
    ("Egypt and Turkey restored diplomatic relations.", ("Egypt", "cooperate", "Turkey", False)),
    # 10 demand: the addressee is the subject of the demanded clause
    ("Israel demanded that Hezbollah withdraw from the border.",
     ("Israel", "oppose", "Hezbollah", False)),
    # 15 force posture: troops moved to someone's border
    ("Russia massed troops on Finland's border.", ("Russia", "oppose", "Finland", False)),
    # 17 coerce: a state's police (a country + sector actor, with the state as parent)
    ("Kenyan police detained members of al-Shabaab.", ("Kenyan police", "attack", "Al-Shabaab", False)),
    # 08 yield: easing sanctions on a target the state owns
    ("The United States eased sanctions on Venezuela's oil industry.",
     ("United States", "support", "Venezuela", False)),
])
def test_category_constructions(pipe: Pipeline, text: str, expected: tuple) -> None:
    got = claims(pipe, text)
    s, rel, o, neg = expected
    assert (s, rel, o, neg) in got or (rel == "cooperate" and (o, rel, s, neg) in got), got


def test_severed_ties_is_not_cooperation(pipe: Pipeline) -> None:
    got = claims(pipe, "Bahrain severed ties with Qatar.")
    assert not any(r == "cooperate" for _, r, _, _ in got)


def test_coordinated_demonyms_fight_both_ways(pipe: Pipeline) -> None:
    got = claims(pipe, "Indian and Pakistani troops clashed in Kashmir.")
    assert ("India", "attack", "Pakistan", False) in got
    assert ("Pakistan", "attack", "India", False) in got


def test_troops_moved_inland_are_no_claim(pipe: Pipeline) -> None:
    assert claims(pipe, "Russia massed troops in Siberia.") == set()


def test_stance_prefix_is_not_the_state(pipe: Pipeline) -> None:
    got = claims(pipe, "Pro-Russian separatists and anti-Iranian militias attacked Ukrainian troops.")
    assert not any(s in ("Russia", "Iran") for s, _, _, _ in got)


def test_appeal_does_not_make_the_addressee_the_doer(pipe: Pipeline) -> None:
    got = claims(pipe, "The European Union called on Serbia to recognise Kosovo.")
    assert ("European Union", "cooperate", "Serbia", False) in got or (
        "Serbia", "cooperate", "European Union", False) in got
    assert not any({s, o} == {"European Union", "Kosovo"} for s, _, o, _ in got)
