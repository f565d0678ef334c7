"""The knowledge base: loading, validation, lookups, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import UserError
from rashomon.nlp.actors.kb import build_kb, load_kb, normalise_name
from rashomon.nlp.actors.resolve import resolve


@pytest.fixture(scope="module")
def kb(fixtures: Path):
    return build_kb([fixtures / "kb" / "actors.yaml"], [])


def test_lookups(kb) -> None:
    assert kb.get("Q159").name == "Russia"
    assert kb.by_name("the Kremlin").id == "Q159"
    assert kb.by_name("Daesh").id == "Q2813"
    assert kb.by_name("Россия").id == "Q159"
    assert kb.by_name("Atlantis") is None
    assert kb.parent("Q19831321").id == "Q2813"
    assert [a.id for a in kb.ancestors("Q19831321")] == ["Q2813"]
    assert kb.ancestors("Q159") == []


def test_resolve(kb) -> None:
    assert resolve(kb, "Russian troops").id == "Q159"
    assert resolve(kb, "President Vladimir Putin's").id == "Q7747"
    assert resolve(kb, "Hezbolla").id == "Q41053"  # fuzzy
    assert resolve(kb, "US Defense Secretary Lloyd Austin") is None  # 'US' is only a small part
    assert resolve(kb, "ISIS-K").id == "Q19831321"


def test_normalise_name() -> None:
    assert normalise_name("President Trump's") == "trump"
    assert normalise_name("the Houthis") == "houthis"
    assert normalise_name("Trump") == "trump"


@pytest.mark.parametrize("text, name", [
    ("Iran's Supreme National Security Council", "Supreme National Security Council of Iran"),
    ("the Taiwan Ministry of National Defense", "Taiwanese Ministry of National Defense"),
    ("Sovcomflot", "Sovcomflot"),
    ("AZAL", "Azerbaijan Airlines"),
])
def test_a_longer_name_is_not_taken_by_a_listed_part(text: str, name: str) -> None:
    """"Supreme National Security Council" is no UN Security Council; the Taiwanese
    ministry is no Turkish "Ministry of National Defence"."""
    from rashomon.doc import Doc
    from rashomon.nlp.actors.gazetteer import Matcher

    kb = load_kb(include_user=False)
    assert [m.name for m in Matcher(kb).mentions(Doc("t", f"{text} said so."))] == [name]


def test_package_kb_is_valid() -> None:
    kb = load_kb(include_user=False)
    ids = [a.id for a in kb.actors]
    assert len(ids) == len(set(ids))
    assert all(a.parent is None or a.parent in kb for a in kb.actors)


def test_user_file_extends_and_adds(tmp_path: Path, fixtures: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text("- id: Q159\n  aliases: [Rashka]\n- name: Wagner Group\n  type: armed_group\n"
                    "  parent: Q159\n", "utf-8")
    kb = build_kb([fixtures / "kb" / "actors.yaml"], [user])
    assert kb.by_name("Rashka").id == "Q159"
    assert kb.by_name("Wagner Group").id == "user:wagner-group"
    assert kb.get("user:wagner-group").origin == "user"
    assert kb.parent("user:wagner-group").name == "Russia"


@pytest.mark.parametrize("content, message", [
    ("- id: [\n", "not valid YAML"),
    ("- name: X\n  parent: Q999999999\n", "unknown parent"),
    ("- name: X\n- name: X\n", "duplicate id"),
    ("just a string\n", "list of actor records"),
    ("- id: Q424242\n  aliases: [x]\n", "unknown actor id"),
])
def test_bad_user_file_is_one_line_error(tmp_path: Path, fixtures: Path, content: str, message: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(content, "utf-8")
    with pytest.raises(UserError) as e:
        build_kb([fixtures / "kb" / "actors.yaml"], [user])
    assert message in str(e.value) and "\n" not in str(e.value)


def test_missing_extra_file() -> None:
    with pytest.raises(UserError, match="not found"):
        load_kb(("/nonexistent/kb.yaml",))


def test_former_state_until_year(tmp_path: Path) -> None:
    good = tmp_path / "a.yaml"
    good.write_text("- {id: X1, name: Old Land, type: historical_state, until: 1991}\n"
                    "- {id: X2, name: New Land, type: state}\n", "utf-8")
    kb = build_kb([good], [])
    assert kb.get("X1").until == 1991
    assert kb.get("X2").until is None
    bad = tmp_path / "b.yaml"
    bad.write_text("- {id: X1, name: Old Land, until: long ago}\n", "utf-8")
    assert build_kb([bad], []).problems  # a bad year is reported, not loaded silently
    assert load_kb(include_user=False).by_name("Soviet Union").until == 1991


def test_general_metonyms_of_the_packaged_kb() -> None:
    kb = load_kb(include_user=False)
    assert resolve(kb, "the Jewish state").name == "Israel"
    assert resolve(kb, "the Islamic Republic").name == "Iran"
    assert resolve(kb, "Islamic Republic of Pakistan").name == "Pakistan"  # full names stay
    assert resolve(kb, "ISS") is None  # the space station, not IS-Somalia
    assert resolve(kb, "Jewish") is None
