"""Exact matching rules of the gazetteer (on the fixture KB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.gazetteer import Matcher
from rashomon.nlp.actors.kb import build_kb


@pytest.fixture(scope="module")
def matcher(fixtures: Path) -> Matcher:
    return Matcher(build_kb([fixtures / "kb" / "actors.yaml"], []))


def found(matcher: Matcher, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.name, m.kind) for m in matcher.mentions(Doc("t", text))]


def test_names_and_longest_match(matcher: Matcher) -> None:
    assert found(matcher, "According to Ukrainian intelligence, Hamas grew.") == [
        ("Ukrainian intelligence", "Ukrainian intelligence", "kb"), ("Hamas", "Hamas", "kb")]
    assert found(matcher, "ISIS-Khorasan is a branch of ISIS.") == [
        ("ISIS-Khorasan", "ISIS-Khorasan", "kb"), ("ISIS", "Islamic State", "kb")]


def test_metonymy_and_place_use(matcher: Matcher) -> None:
    ms = matcher.mentions(Doc("t", "Moscow denied it. The Kremlin agreed. He lives in Moscow, a Moscow suburb."))
    assert [(m.name, m.kind) for m in ms] == [("Russia", "metonym")] * 4
    assert ms[0].score > 0.8 and ms[1].score > 0.8
    assert ms[2].score < 0.5 and ms[3].score < 0.5


def test_demonym_vs_adjective(matcher: Matcher) -> None:
    assert found(matcher, "The Russians supplied Hamas.")[0] == ("Russians", "Russia", "demonym")
    assert found(matcher, "Russian ships sailed past Iranian weapons.") == []
    assert found(matcher, "The Chinese have refused.") == [("Chinese", "China", "demonym")]
    assert found(matcher, "Chinese cars are cheap.") == []


def test_armed_forces_and_government(matcher: Matcher) -> None:
    assert found(matcher, "Russian troops advanced.") == [("Russian troops", "Russia", "adjective")]
    assert found(matcher, "the Ukrainian army held") == [("Ukrainian army", "Ukraine", "adjective")]
    assert found(matcher, "the Russian armed forces") == [("Russian armed forces", "Russia", "adjective")]
    assert found(matcher, "the Iranian government said")[0][1] == "Iran"


def test_agentive_adjective(matcher: Matcher) -> None:
    assert found(matcher, "the Russian invasion of Ukraine") == [
        ("Russian", "Russia", "adjective"), ("Ukraine", "Ukraine", "kb")]
    assert found(matcher, "American support for Kyiv")[0] == ("American", "United States", "adjective")
    assert found(matcher, "Iranian backing")[0][1] == "Iran"
    assert found(matcher, "American films") == []


def test_acronyms_are_case_sensitive(matcher: Matcher) -> None:
    assert found(matcher, "Tell us what this is.") == []
    assert found(matcher, "The US and the UK and the EU and IS.") == [
        ("US", "United States", "kb"), ("UK", "United Kingdom", "kb"),
        ("EU", "European Union", "kb"), ("IS", "Islamic State", "kb")]
    assert found(matcher, "US sanctions")[0][1] == "United States"


def test_possessives_plurals_and_titles(matcher: Matcher) -> None:
    assert found(matcher, "Russia's war") == [("Russia", "Russia", "kb")]
    assert found(matcher, "the Houthis' attacks")[0] == ("Houthis", "Houthis", "kb")
    assert found(matcher, "two Houthi fighters and the Houthis")[0][1] == "Houthis"
    assert found(matcher, "President Vladimir Putin said") == [("Vladimir Putin", "Vladimir Putin", "kb")]
    assert found(matcher, "Vladimir Putin came. President Putin said") == [
        ("Vladimir Putin", "Vladimir Putin", "kb"), ("Putin", "Vladimir Putin", "kb")]
    assert found(matcher, "pro-Russian groups") == []
    assert [n for _, n, _ in found(matcher, "the Russia-Ukraine war")] == ["Russia", "Ukraine"]


def test_ambiguous_names(matcher: Matcher) -> None:
    assert found(matcher, "We ate turkey and chad.") == []
    assert found(matcher, "Turkey and Chad signed.") == [("Turkey", "Turkey", "kb"), ("Chad", "Chad", "kb")]
    assert found(matcher, "He met Michael Jordan and Chad Smith.") == []
    assert found(matcher, "Voters in Atlanta, Georgia.") == []
    assert found(matcher, "Georgia Republicans voted.") == []
    assert found(matcher, "Russia invaded Georgia in 2008.")[1] == ("Georgia", "Georgia", "kb")
    assert found(matcher, "King Abdullah of Jordan met them.")[0][1] == "Jordan"


@pytest.mark.parametrize("text, name", [
    ("Россия заявила", "Russia"), ("против России и Украины", "Russia"),  # ru, inflected
    ("Росія напала", "Russia"),  # uk
    ("Русия и Украйна", "Russia"),  # bg
    ("A Rússia atacou a Ucrânia", "Russia"),  # pt
    ("قالت روسيا", "Russia"), ("وروسيا", "Russia"),  # ar, with the proclitic 'and'
    ("रूस ने कहा", "Russia"),  # hi
])
def test_other_languages(matcher: Matcher, text: str, name: str) -> None:
    assert found(matcher, text)[0][1] == name


def test_offsets_are_exact(matcher: Matcher) -> None:
    text = "İstanbul: The Kremlin’s envoy met Hamas."
    for m in matcher.mentions(Doc("t", text)):
        assert text[m.start:m.end] == m.text


def test_bare_surnames_need_an_alias_or_the_full_name_first(matcher: Matcher) -> None:
    assert found(matcher, "Assad said no.") == [("Assad", "Bashar al-Assad", "kb")]  # an alias
    assert found(matcher, "President Putin said") == []  # neither alias nor full name before
    assert found(matcher, "Trump won. Later Donald Trump spoke.") == [
        ("Donald Trump", "Donald Trump", "kb")]  # the full name comes after the surname
    assert [t for t, _, _ in found(matcher, "Donald Trump spoke; Trump's aide agreed.")] == [
        "Donald Trump", "Trump"]


def test_collective_adjective_needs_a_nominal_form(matcher: Matcher) -> None:
    assert found(matcher, "Later, said the British.") == [("British", "United Kingdom", "demonym")]
    assert found(matcher, "along the Russian-Ukrainian border") == []
    assert found(matcher, "the Russian, brutal invasion") == []
