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


def test_shared_capital_is_the_former_state_when_dated(nlp: Pipeline) -> None:
    assert ("Moscow", "Soviet Union") in found(nlp, "Since 1967, Moscow has not recognized Israel.")
    assert ("Moscow", "Soviet Union") in found(nlp, "In the 1980s Moscow armed the Afghan government.")
    # after the former state's end, undated, an ambiguous decade, or a mere place: the state
    assert ("Moscow", "Russia") in found(nlp, "In 2015, Moscow bombed Syria.")
    assert ("Moscow", "Russia") in found(nlp, "Moscow armed Syria.")
    assert ("Moscow", "Russia") in found(nlp, "In the 1990s Moscow lost influence.")
    assert ("Moscow", "Russia") in found(nlp, "In 1985 he studied in Moscow.")


def test_general_metonyms_and_officials(nlp: Pipeline) -> None:
    got = found(nlp, "The Jewish state was hostile. The Islamic Republic armed Hamas. "
                     "Soviet functionaries agreed.")
    assert ("Jewish state", "Israel") in got and ("Islamic Republic", "Iran") in got
    assert ("Soviet functionaries", "Soviet Union") in got
    assert not found(nlp, "The Jewish community met an Islamic scholar.")


def test_a_leaders_forces_are_the_state(nlp: Pipeline) -> None:
    assert ("Putin’s forces", "Russia") in found(nlp, "Then Putin’s forces rolled into Ukraine.")
    assert ("Putin's regular troops", "Russia") in found(nlp, "Putin's regular troops moved.")
    # the leader stays himself elsewhere, and his regime or spokesman is not the army
    assert ("Putin", "Vladimir Putin") in found(nlp, "Putin's spokesman denied it.")
    assert ("Putin", "Vladimir Putin") in found(nlp, "Putin's regime survived.")
