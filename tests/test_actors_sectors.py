"""Country + sector actors ("Rwandan rebels", "Iraqi police"): their own actor, the state as parent."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.kb import load_kb
from rashomon.registry import Pipeline


@pytest.fixture(scope="module")
def gaz() -> Pipeline:
    return Pipeline(("sentences", "gazetteer"), {})


def mentions(gaz: Pipeline, text: str) -> list[tuple[str, str]]:
    doc = next(iter(gaz.pipe([Doc(id="t", text=text, language="en")])))
    return [(m.text, m.name) for m in doc.mentions]


@pytest.mark.parametrize("text, surface, name, parent", [
    ("Rwandan rebels crossed the border.", "Rwandan rebels", "Rwandan rebels", "Rwanda"),
    ("Palestinian militants fired rockets.", "Palestinian militants", "Palestinian militants", "Palestine"),
    ("Iraqi police arrested five men.", "Iraqi police", "Iraqi police", "Iraq"),
    ("Somali pirates seized a tanker.", "Somali pirates", "Somali pirates", "Somalia"),
    ("Venezuelan opposition leaders met in Bogota.", "Venezuelan opposition leaders", "Venezuelan opposition", "Venezuela"),
])
def test_sector_actor_with_state_parent(gaz: Pipeline, text: str, surface: str, name: str, parent: str) -> None:
    assert (surface, name) in mentions(gaz, text)
    kb = load_kb()
    actor = kb.by_name(name)
    assert actor is not None and kb.parent(actor.id).name == parent


def test_armed_forces_are_still_the_state(gaz: Pipeline) -> None:
    assert ("Russian troops", "Russia") in mentions(gaz, "Russian troops entered the town.")


def test_kb_actor_wins_over_a_derived_one(gaz: Pipeline) -> None:
    assert ("Syrian rebels", "Syrian opposition") in mentions(gaz, "Syrian rebels took the town.")
    assert not load_kb().problems


def test_pro_state_sector_is_not_the_state(gaz: Pipeline) -> None:
    got = mentions(gaz, "Pro-Russian separatists shelled the town.")
    assert got == [("Pro-Russian separatists", "pro-Russian separatists")]


def test_a_description_is_left_to_coreference(gaz: Pipeline) -> None:
    got = mentions(gaz, "The Palestinian militant group said it would fight on.")
    assert all(name != "Palestinian militants" for _, name in got)
