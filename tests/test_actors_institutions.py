"""State institutions named by adjective + head noun: KB agencies or derived actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.derived import head_at
from rashomon.nlp.actors.gazetteer import Matcher
from rashomon.nlp.actors.kb import KB, build_kb
from rashomon.nlp.actors.resolve import resolve


@pytest.fixture(scope="module")
def kb(fixtures: Path) -> KB:
    return build_kb([fixtures / "kb" / "actors.yaml"], [])


def found(kb: KB, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in Matcher(kb).mentions(Doc("t", text))]


def test_derived_actors_are_real_actors(kb: KB) -> None:
    a = kb.get("rsh:intelligence:Q159")
    assert a is not None and a.name == "Russian intelligence" and a.type == "agency"
    assert kb.parent(a.id).id == "Q159" and a.origin == "derived"
    assert kb.by_name("Russia's intelligence").id == a.id
    assert resolve(kb, "the Russian intelligence services").id == a.id
    assert kb.get("rsh:parliament:Q30").name == "American parliament"
    assert kb.by_name("US parliament").id == "rsh:parliament:Q30"
    assert kb.get("rsh:intelligence:Q7747") is None  # people have no institutions


def test_kb_actor_takes_the_slot(kb: KB) -> None:
    # the fixture KB has "Ukrainian intelligence" itself: no derived twin
    assert kb.institution("Q212", "intelligence").id == "Q1502590"
    assert kb.get("rsh:intelligence:Q212") is None
    assert found(kb, "Ukrainian intelligence services said") == [
        ("Ukrainian intelligence services", "Q1502590")]


@pytest.mark.parametrize("text, span, actor", [
    ("Russian intelligence reported it.", "Russian intelligence", "rsh:intelligence:Q159"),
    ("the US intelligence community says", "US intelligence community", "rsh:intelligence:Q30"),
    ("Russia's security services detained him", "Russia's security services", "rsh:security:Q159"),
    ("the Russian special services", "Russian special services", "rsh:security:Q159"),
    ("the Iranian foreign ministry said", "Iranian foreign ministry", "rsh:foreign_ministry:Q794"),
    ("the Ministry", None, None),
    ("the Iranian Ministry of Foreign Affairs said", "Iranian Ministry of Foreign Affairs",
     "rsh:foreign_ministry:Q794"),
    ("the British Defence Ministry", "British Defence Ministry", "rsh:defence_ministry:Q145"),
    ("the Turkish parliament voted", "Turkish parliament", "rsh:parliament:Q43"),
])
def test_institution_phrases(kb: KB, text: str, span: str | None, actor: str | None) -> None:
    got = found(kb, text)
    assert got == ([(span, actor)] if span else [])


def test_not_institutions(kb: KB) -> None:
    assert found(kb, "the Russian government said") == [("Russian government", "Q159")]
    assert found(kb, "Russian troops advanced") == [("Russian troops", "Q159")]
    assert found(kb, "Russian peacekeepers left") == [("Russian peacekeepers", "Q159")]
    assert found(kb, "Russian intelligence-gathering ships") == []
    assert found(kb, "Russian parliamentary elections") == []
    assert found(kb, "the intelligence services of the world") == []


def test_coordinated_adjectives(kb: KB) -> None:
    assert found(kb, "talks with American and British intelligence") == [
        ("American", "rsh:intelligence:Q30"), ("British intelligence", "rsh:intelligence:Q145")]
    assert found(kb, "Russian and Iranian troops") == [("Russian", "Q159"), ("Iranian troops", "Q794")]
    assert found(kb, "Russian and Iranian cars") == []


def test_head_at() -> None:
    assert head_at(["intelligence", "agencies", "said"]) == (2, "intelligence")
    assert head_at(["foreign", "ministry"]) == (2, "foreign_ministry")
    assert head_at(["federal", "security", "service"]) == (3, "security")
    assert head_at(["foreign", "policy"]) is None


def test_bare_security_closing_a_phrase() -> None:
    from rashomon.registry import Pipeline

    nlp = Pipeline(["sentences", "gazetteer"], {"gazetteer": {"include_user": False}})
    got = [(m.text, m.name) for m in nlp(Doc("t", "He was arrested by Russian security, they said.")).mentions]
    assert ("Russian security", "Russian security services") in got
    got = [(m.text, m.name) for m in nlp(Doc("t", "Russian security concerns grew.")).mentions]
    assert got == []  # "security" before a noun is no agency, and an adjective alone no actor
