"""Fuzzy resolution: misspellings resolve; distinct actors never merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.component import Gazetteer
from rashomon.nlp.actors.kb import build_kb
from rashomon.nlp.actors.resolve import fuzzy_resolve, key, stem


@pytest.fixture(scope="module")
def kb(fixtures: Path):
    return build_kb([fixtures / "kb" / "actors.yaml"], [])


@pytest.mark.parametrize("text, name", [
    ("Ansar Alla", "Houthis"), ("Hezbolla", "Hezbollah"), ("Husitov", "Houthis"),
    ("Houthies", "Houthis"), ("Hizbolah", "Hezbollah"), ("Хезболлы", "Hezbollah"),
    ("Nigerya", "Nigeria"), ("Slovakya", "Slovakia"),
])
def test_fuzzy_positives(kb, text: str, name: str) -> None:
    a = fuzzy_resolve(kb, text)
    assert a is not None and a.name == name


@pytest.mark.parametrize("text", [
    "Austrlia", "Austira",  # between Austria and Australia: no margin
    "Irak", "Iraq", "Iran",  # too short to guess
    "Nigeri", "Slovenakia",  # between Niger/Nigeria, Slovakia/Slovenia
    "Liberty", "Services", "Island",  # English words are not garbled names
    "Khorasan",
])
def test_fuzzy_never_merges(kb, text: str) -> None:
    a = fuzzy_resolve(kb, text)
    assert a is None


def test_keys() -> None:
    assert key("Hezbollah") == key("Hezbolla")
    assert stem(key("Husitov")) == stem(key("хуситы"))
    assert key("Austria") != key("Australia")


def test_fuzzy_mentions_in_text(kb) -> None:
    g = Gazetteer(kb, fuzzy=True)
    doc = g(Doc("t", "The Husitov and Ansar Alla fired at ships. Austrlia protested. "
                     "ISIS-Khorasan is not ISIS."))
    got = [(m.text, m.name, m.kind) for m in doc.mentions]
    assert ("Husitov", "Houthis", "fuzzy") in got and ("Ansar Alla", "Houthis", "fuzzy") in got
    assert not any(m.text == "Austrlia" for m in doc.mentions)
    assert ("ISIS-Khorasan", "ISIS-Khorasan", "kb") in got and ("ISIS", "Islamic State", "kb") in got
    no_fuzzy = Gazetteer(kb, fuzzy=False)(Doc("t", "The Husitov fired."))
    assert no_fuzzy.mentions == []
