"""Speakers are people and bodies: a titled person, an envoy named in apposition, a
dateline parsed as the subject, and a quoted denial given to the denier; claim times are
normalised dates from the text."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.registry import Pipeline


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(["sentences", "gazetteer", "parse", "entities", "claims"],
                    {"parse": {"gate": False}})

    def go(text: str, published: str | None = "2024-03-28") -> list:
        doc = Doc("t", text, published=published)
        pipe(doc)
        return doc.claims

    return go


def _find(claims, s, rel, o, negated=False):
    got = [c for c in claims if (c.subject, c.relation, c.object, c.negated) == (s, rel, o, negated)]
    assert got, [(c.subject, c.relation, c.object, c.negated, c.source) for c in claims]
    return got[0]


def test_titled_person_after_a_dateline(run):
    claims = run("MOSCOW, March 26 - Nikolai Patrushev, the Secretary of Russia's Security "
                 "Council, said on Tuesday that Britain supports ISIS-Khorasan.")
    c = _find(claims, "United Kingdom", "support", "Islamic State Khorasan Province")
    assert c.source == "Nikolai Patrushev"  # not Russia (the dateline, the title's state)
    assert c.time == "2024-03-26"  # "on Tuesday", from the publication date


def test_envoy_named_in_apposition(run):
    claims = run("Russia's special envoy for Afghanistan, Zamir Kabulov, said Moscow and "
                 "the Taliban were cooperating against terrorism.")
    assert _find(claims, "Russia", "cooperate", "Taliban").source == "Zamir Kabulov"


def test_a_state_speaking_stays_the_state(run):
    claims = run("Russia said that Britain supports ISIS-Khorasan.")
    assert _find(claims, "United Kingdom", "support", "Islamic State Khorasan Province").source == "Russia"


def test_quoted_denial_belongs_to_the_denier(run):
    claims = run('"The United Kingdom has never supported ISIS-K or any branch of Daesh. We '
                 'have fought Daesh for ten years," a Foreign Office spokesperson said.')
    c = _find(claims, "United Kingdom", "support", "Islamic State Khorasan Province", negated=True)
    assert c.source == "Foreign Office"  # not the outlet's own voice


def test_unquoted_sentence_keeps_the_outlet_voice(run):
    claims = run('The United Kingdom has never supported ISIS-K or any branch of Daesh. '
                 'Ministers met on Monday. '
                 '"We have fought Daesh. We will go on," a Foreign Office spokesperson said.')
    c = _find(claims, "United Kingdom", "support", "Islamic State Khorasan Province", negated=True)
    assert c.source is None


def test_in_text_dates(run):
    claims = run("Britain has been part of the coalition against Islamic State since 2014, "
                 "and British aircraft have struck the group in Iraq.")
    assert {c.time for c in claims if c.object == "Islamic State"} == {"2014/.."}
    undated = run("ISIS-K attacked the Taliban for four days.", published=None)
    assert all(c.time is None for c in undated)  # a duration is no date
