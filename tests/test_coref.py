"""Entities (NER unknowns, surnames) and light coreference, through the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.registry import Pipeline


@pytest.fixture(scope="module")
def nlp(fixtures: Path) -> Pipeline:
    kb = {"kb_files": [str(fixtures / "kb" / "actors.yaml")], "include_user": False,
          "include_package": False}
    return Pipeline(["sentences", "gazetteer", "parse", "entities"], {"gazetteer": kb, "entities": kb})


def ments(nlp: Pipeline, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(Doc("t", text))
    ms = doc.mentions
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:], strict=False))  # sorted, no overlap
    assert all(doc.text[m.start:m.end] == m.text and m.sentence >= 0 for m in ms)
    return [(m.text, m.actor, m.kind) for m in ms]


def test_unknown_actors_and_surnames(nlp: Pipeline) -> None:
    got = ments(nlp, "President Joe Biden met Elon Musk in Paris. Later, Biden praised the Wagner Group.")
    assert ("Joe Biden", "unk:joe biden", "ner") in got
    assert ("Biden", "unk:joe biden", "ner") in got  # surname -> full name seen earlier
    assert ("Elon Musk", "unk:elon musk", "ner") in got
    assert any(a == "unk:wagner group" for _, a, _ in got)
    assert not any(t.startswith("President") for t, _, _ in got)  # titles stripped


def test_norp_adjective_is_no_actor(nlp: Pipeline) -> None:
    got = ments(nlp, "French ships docked. The Palestinians protested.")
    assert not any(t == "French" for t, _, _ in got)
    assert any(t == "Palestinians" for t, _, _ in got)


def test_coref_group_and_person(nlp: Pipeline) -> None:
    got = ments(nlp, "Hamas fired rockets at Israel on Monday. The group said it would continue. "
                     "Vladimir Putin spoke later. He said Russia would help.")
    assert ("The group", "Q38799", "coref") in got
    assert ("He", "Q7747", "coref") in got


def test_coref_needs_a_compatible_recent_actor(nlp: Pipeline) -> None:
    got = ments(nlp, "Russia was silent. It rained. It rained again. It rained more. The group said no.")
    assert not any(k == "coref" for _, _, k in got)  # no group, and Russia is no group
    got = ments(nlp, "Iran spoke first. The country denied everything.")
    assert ("The country", "Q794", "coref") in got


def test_coref_prefers_the_previous_subject(nlp: Pipeline) -> None:
    got = ments(nlp, "Hamas thanked Hezbollah for its help. The group said more attacks would come.")
    assert ("The group", "Q38799", "coref") in got  # the subject, not the nearest group
    got = ments(nlp, "Iran armed Hamas and Hezbollah. The group said it was ready.")
    assert ("The group", "Q41053", "coref") in got  # a state subject is no group: nearest one
    got = ments(nlp, "Hamas fired rockets after Hezbollah joined the group in Gaza.")
    assert ("the group", "Q38799", "coref") in got  # a verb's subject is not its object
    got = ments(nlp, "Israel struck Hamas, and Hezbollah said that the group would answer.")
    assert ("the group", "Q41053", "coref") in got  # same sentence: the nearest group before


def test_coref_group_is_no_agency_or_court(nlp: Pipeline) -> None:
    got = ments(nlp, "Hamas made threats. Russian intelligence watched. The group said no.")
    assert ("The group", "Q38799", "coref") in got  # Russian intelligence is an agency
    got = ments(nlp, "The Basmanny District Court of Moscow ruled on Friday. The group said no.")
    assert not any(k == "coref" for _, _, k in got)


def test_adjective_as_a_collective_noun(nlp: Pipeline) -> None:
    got = ments(nlp, "The Iranians and the British agreed on talks with the Chinese.")
    assert ("British", "Q145", "demonym") in got and ("Chinese", "Q148", "demonym") in got
    got = ments(nlp, "The British ships sailed past the Chinese embassy.")
    assert not any(a in ("Q145", "Q148") for _, a, _ in got)  # adjectives on nouns


def test_possessive_institution(nlp: Pipeline) -> None:
    got = ments(nlp, "Iran denied it, but its intelligence service admitted the raid.")
    assert ("its intelligence service", "rsh:intelligence:Q794", "coref") in got
    got = ments(nlp, "Hamas denied it, but its intelligence service admitted the raid.")
    assert not any(k == "coref" for _, _, k in got)  # no state before
    got = ments(nlp, "Iran warned Hamas, and its security forces were on alert.")
    assert not any(k == "coref" for _, _, k in got)  # "its" is Hamas here: no state institution
