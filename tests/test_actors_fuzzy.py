"""Fuzzy resolution: misspellings resolve; distinct actors never merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.component import Gazetteer
from rashomon.nlp.actors.kb import build_kb
from rashomon.nlp.actors.resolve import FuzzyIndex, fuzzy_resolve, key, stem


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


# forms the KB lists for one Cyrillic language only (invented actors)
_CYRILLIC_KB = """
- id: rsh:zorvenia
  name: Zorvenia
  type: state
  names: {uk: [Зорвенщина]}
- id: rsh:kartalinsk
  name: Kartalia
  type: state
  names: {ru: [Карталинск]}
- id: rsh:velmaria
  name: Velmaria
  type: state
  aliases: [Вельмарина]
- id: rsh:velgoria
  name: Velgoria
  type: state
  names: {pt: [Pardonis]}
"""


@pytest.fixture(scope="module")
def cyrillic_kb(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("kb") / "actors.yaml"
    path.write_text(_CYRILLIC_KB, "utf-8")
    return build_kb([path], [])


def test_fuzzy_keeps_to_the_documents_cyrillic_language(cyrillic_kb) -> None:
    index = FuzzyIndex(cyrillic_kb)
    # a Ukrainian-only form is no candidate for a Russian word, but is for Ukrainian text
    assert index.lookup("Зорвенщиной", "ru") is None
    assert index.lookup("Зорвенщиной", "uk")[0] == "rsh:zorvenia"
    assert index.lookup("Карталинска", "ru")[0] == "rsh:kartalinsk"
    # Bulgarian and Ukrainian documents borrow Russian forms (the KB lists fewer of theirs)
    assert index.lookup("Карталински", "bg")[0] == "rsh:kartalinsk"
    # no language, or a language not written in Cyrillic: every form, as before
    assert index.lookup("Зорвенщиной")[0] == "rsh:zorvenia"
    assert index.lookup("Карталински", "en")[0] == "rsh:kartalinsk"
    # an alias is any language's
    assert index.lookup("Вельмарины", "ru")[0] == "rsh:velmaria"
    # a Portuguese-only form is no candidate for a Russian word either, but is in English
    assert index.lookup("Пардонией", "ru") is None
    assert index.lookup("Pardonis", "en")[0] == "rsh:velgoria"


def test_fuzzy_mentions_read_the_documents_language(cyrillic_kb) -> None:
    g = Gazetteer(cyrillic_kb, fuzzy=True)
    text = "Зорвэнщина управляется из столицы."  # misspelt: no exact form
    assert [m.name for m in g(Doc("t", text, language="uk")).mentions] == ["Zorvenia"]
    assert g(Doc("t", text, language="ru")).mentions == []


def test_a_multiword_name_keeps_a_word_to_be_misspelt(tmp_path: Path) -> None:
    """A misspelt full name keeps one of its words; two different short names that are
    near in every word ("Линь Цзянь", "Ли Цян") are different people."""
    path = tmp_path / "actors.yaml"
    path.write_text("- id: rsh:li\n  name: Li Qiang\n  type: person\n  names: {ru: [Ли Цян]}\n"
                    "- id: rsh:ze\n  name: Volodymyr Zelensky\n  type: person\n", "utf-8")
    index = FuzzyIndex(build_kb([path], []))
    assert index.lookup("Линь Цзянь", "ru") is None
    assert (index.lookup("Ли Цяна", "ru") or ("",))[0] == "rsh:li"
    assert (index.lookup("Volodymyr Zelenskky") or ("",))[0] == "rsh:ze"


def test_a_first_name_before_a_found_name_is_not_tried() -> None:
    from rashomon.registry import Pipeline  # noqa: PLC0415 - the package KB

    doc = Pipeline(["sentences", "gazetteer"])(Doc("t", "Песков прокомментировал интервью "
                                                        "министра обороны Германии Бориса "
                                                        "Писториуса.", language="ru"))
    got = {m.text: m.name for m in doc.mentions}
    assert got["Писториуса"] == "Boris Pistorius"
    assert "Бориса" not in got  # not Boyko Borissov, by fuzzy match of a first name


def test_a_common_russian_word_is_no_near_miss_of_a_name() -> None:
    """"Паутина" (a web) is no misspelt Путин, "Брянской" no "Британии", "Самое" no Samoa
    (neither by fuzzy match nor as a generated case form); a real case form still is
    ("Кремлём" for the listed "Кремлем", "Известий" for "Известия")."""
    from rashomon.registry import Pipeline  # noqa: PLC0415 - the package KB

    doc = Pipeline(["sentences", "gazetteer"])(Doc(
        "t", "Самое главное — не верить. Паутина лжи опутала всё. В Брянской области тихо. "
             "Договорённость с Кремлём есть, пишет газета «Известий» нет.", language="ru"))
    got = {m.text: m.name for m in doc.mentions}
    assert not {"Самое", "Паутина", "Брянской"} & set(got)
    assert got["Кремлём"] == "Russia" and got["Известий"] == "Izvestia"
