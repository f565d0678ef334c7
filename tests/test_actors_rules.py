"""Matcher rules on the packaged KB: surnames, former states, blocs, institutions."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.gazetteer import matcher_for
from rashomon.nlp.actors.kb import KB, load_kb
from rashomon.registry import Pipeline


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb(include_user=False)


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    cfg = {"include_user": False}
    return Pipeline(["sentences", "gazetteer"], {"gazetteer": cfg})


def found(nlp: Pipeline, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in nlp(Doc("t", text)).mentions]


def test_common_surnames_need_the_full_name(kb: KB) -> None:
    m = matcher_for(kb)
    assert [x.text for x in m.mentions(Doc("t", "Costa said no. Reeves and Cooper agreed."))] == []
    got = [(x.text, x.name) for x in m.mentions(Doc("t", "Rachel Reeves spoke. Reeves left."))]
    assert got == [("Rachel Reeves", "Rachel Reeves"), ("Reeves", "Rachel Reeves")]
    assert [x.name for x in m.mentions(Doc("t", "Putin said no."))] == ["Vladimir Putin"]  # an alias


def test_shared_capital_means_the_former_state_only_where_named(nlp: Pipeline) -> None:
    assert found(nlp, "In Soviet times, Moscow armed them. Today Moscow denies it.") == [
        ("Moscow", "Soviet Union"), ("Moscow", "Russia")]
    assert found(nlp, "Moscow courts the former Soviet republics.")[0] == ("Moscow", "Russia")
    assert found(nlp, "Moscow and the post-Soviet space.") == [("Moscow", "Russia")]


def test_west_acts_as_a_bloc(nlp: Pipeline) -> None:
    assert found(nlp, "Western leaders met.") == [("Western leaders", "the West")]
    assert found(nlp, "He hates the Western world.") == [("Western world", "the West")]
    assert found(nlp, "Western media reported it.") == []


@pytest.mark.parametrize("text, name", [
    ("Russia's space agency warned", "Roscosmos"),
    ("the Russian Defence Ministry said", "Russian Ministry of Defence"),
    ("British intelligence believes", "British intelligence"),
    ("Ukrainian security services detained", "SBU"),
    ("the German security services", "German security services"),
    ("Turkish intelligence agencies said", "MIT"),
])
def test_institutions_in_the_packaged_kb(nlp: Pipeline, text: str, name: str) -> None:
    assert found(nlp, text)[0][1] == name


def test_derived_actors_roll_up(kb: KB) -> None:
    a = kb.by_name("German security services")
    assert a is not None and a.origin == "derived" and [p.id for p in kb.ancestors(a.id)] == ["Q183"]
    assert not kb.problems
