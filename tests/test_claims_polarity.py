"""Polarity through reported speech and descriptive actors, with the shipped pipeline
(rules + the learned model). Each construction has a case that must hold and one that must not."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.claims import model
from rashomon.registry import Pipeline

pytestmark = pytest.mark.skipif(not model.available(), reason="no shipped claims model")


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(("sentences", "gazetteer", "parse", "entities", "claims"), {})


def claims(pipe: Pipeline, text: str) -> set[tuple[str, str, str, bool, str | None]]:
    doc = next(iter(pipe.pipe([Doc(id="t", text=text, language="en")])))
    return {(c.subject, c.relation, c.object, c.negated, c.source) for c in doc.claims}


def relations(found: set, a: str, b: str) -> set[tuple[str, bool]]:
    return {(r, n) for s, r, o, n, _ in found if {s, o} == {a, b}}


def test_same_side_is_not_mutual_attack(pipe: Pipeline) -> None:
    got = claims(pipe, "Russia and Iran fought on the same side in Syria against the Islamic State.")
    assert not {r for r, _ in relations(got, "Russia", "Iran")} & {"attack", "oppose"}
    assert ("ally", False) in relations(got, "Russia", "Iran")


def test_war_between_is_mutual_attack(pipe: Pipeline) -> None:
    got = claims(pipe, "Armenia and Azerbaijan fought a six-week war over the enclave in 2020.")
    assert {("Armenia", "attack", "Azerbaijan"), ("Azerbaijan", "attack", "Armenia")} <= {
        (s, r, o) for s, r, o, n, _ in got if not n}


def test_not_denying_is_not_negation(pipe: Pipeline) -> None:
    got = claims(pipe, "Pakistan did not deny that the Taliban had attacked its border posts "
                       "near Chaman, and said it would respond.")
    assert ("attack", True) not in relations(got, "Taliban", "Pakistan")


def test_denying_is_negation(pipe: Pipeline) -> None:
    got = claims(pipe, "Iran rejected the accusation and said it had never supported the Houthis.")
    assert ("Iran", "support", "Houthis", True, "Iran") in got
    assert ("Iran", "support", "Houthis", False, "Iran") not in got
    assert ("Iran", "support", "Houthis", False, None) not in got


def test_affirmed_support_is_not_negated(pipe: Pipeline) -> None:
    got = claims(pipe, "Iran said it had always supported the Houthis.")
    assert ("support", False) in relations(got, "Iran", "Houthis")
    assert ("support", True) not in relations(got, "Iran", "Houthis")


def test_an_ally_is_not_an_enemy(pipe: Pipeline) -> None:
    got = claims(pipe, "For two decades the Taliban were an ally of Pakistan.")
    rels = {r for r, _ in relations(got, "Taliban", "Pakistan")}
    assert "ally" in rels and not rels & {"attack", "oppose"}


@pytest.mark.parametrize("text, subject, obj", [
    ("Palestinian militants fired rockets at Israel on Sunday.", "Palestinian militants", "Israel"),
    ("Iraqi police arrested three Islamic State commanders in Mosul.", "Iraqi police", "Islamic State"),
    ("Rwandan rebels attacked Burundi from bases in the hills.", "Rwandan rebels", "Burundi"),
])
def test_descriptive_actors_take_part(pipe: Pipeline, text: str, subject: str, obj: str) -> None:
    got = claims(pipe, text)
    assert (subject, "attack", obj) in {(s, r, o) for s, r, o, _, _ in got}
    state = subject.split()[0]  # a sector actor is not its state
    assert not any(s in ("Palestine", "Iraq", "Rwanda") for s, *_ in got), state


def test_armed_forces_stay_the_state(pipe: Pipeline) -> None:
    got = claims(pipe, "Russian troops shelled Ukrainian positions near Bakhmut.")
    assert ("Russia", "attack", "Ukraine") in {(s, r, o) for s, r, o, _, _ in got}


def test_pro_state_separatists_are_not_the_state(pipe: Pipeline) -> None:
    got = claims(pipe, "Pro-Russian separatists shelled Ukrainian positions near Donetsk.")
    subjects = {s for s, r, o, _, _ in got if r == "attack"}
    assert "Russia" not in subjects and "Russian separatists" not in subjects
