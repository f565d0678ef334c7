"""Wire datelines name where a story was filed: no actor, and so no claim, comes from them."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.text.dateline import datelines
from rashomon.registry import Pipeline


def found(text: str) -> list[str]:
    return [text[s:e] for s, e in datelines(text)]


def test_datelines_in_the_wire_styles() -> None:
    assert found("MOSCOW, Jan 17 - Russian President Vladimir Putin met") == ["MOSCOW, Jan 17 -"]
    assert found("Strikes on Yemen\nWASHINGTON/LONDON, Jan 12 (Reuters) - The United States") == [
        "WASHINGTON/LONDON, Jan 12 (Reuters) -"]
    assert found("KYIV — Ukrainian forces said") == ["KYIV —"]
    assert found("VOSTOCHNY, Russia, Sept 14 - Kim Jong Un met") == ["VOSTOCHNY, Russia, Sept 14 -"]
    assert found("МОСКВА, 17 января. /ТАСС/. Президент России") == ["МОСКВА, 17 января. /ТАСС/."]
    assert found("BRASÍLIA, 12 de março - O governo") == ["BRASÍLIA, 12 de março -"]
    assert found("KYIV (AFP) - Ukraine said") == ["KYIV (AFP) -"]
    assert found("NEW DELHI (Press Trust) — India said") == ["NEW DELHI (Press Trust) —"]


def test_an_opening_actor_is_no_dateline() -> None:
    assert found("NATO, which has 32 members - said no.") == []
    assert found("NATO, it said on 12 May - no.") == []
    assert found("NATO (the alliance) - said no.") == []  # no agency in the brackets
    assert found("Moscow, Jan 17 - not in capitals") == []
    assert found("The talks - in MOSCOW, Jan 17 - ended") == []  # not at a line start
    assert found("ISIS-K claimed the attack.\nPORT-AU-PRINCE gangs - x") == []  # a hyphen


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    cfg = {"include_user": False}
    return Pipeline(["sentences", "gazetteer", "parse", "entities", "claims"],
                    {"gazetteer": cfg, "entities": cfg, "parse": {"gate": False}})


def test_the_dateline_place_is_not_an_actor(nlp: Pipeline) -> None:
    doc = nlp(Doc("t", "MOSCOW, Jan 17 - Russian President Vladimir Putin and Iranian President "
                       "Masoud Pezeshkian signed a treaty in Moscow."))
    assert [m.text for m in doc.mentions if m.start < 16] == []
    assert "Moscow" in [m.text for m in doc.mentions]  # the same place in the story is
    got = {(c.subject, c.relation, c.object) for c in doc.claims}
    assert ("Russia", "part_of", "Iran") not in got
    assert ("Vladimir Putin", "part_of", "Russia") in got


def test_no_claim_for_the_filing_place(nlp: Pipeline) -> None:
    doc = nlp(Doc("t", "WASHINGTON, July 11 - NATO leaders pledged on Wednesday to keep "
                       "supporting Ukraine against Russia's invasion."))
    assert not [c for c in doc.claims if "United States" in (c.subject, c.object)]
    assert ("NATO", "support", "Ukraine") in {(c.subject, c.relation, c.object) for c in doc.claims}


def test_the_agency_of_a_dateline_is_not_an_actor(nlp: Pipeline) -> None:
    doc = nlp(Doc("t", "BOGOTA, Oct 3 (AFP) - Colombia condemned a US strike off the coast of "
                       "Venezuela.\nKYIV (AFP) - Ukraine said Russia shelled Kharkiv."))
    assert not [m for m in doc.mentions if m.text == "AFP"]
    assert not [c for c in doc.claims if "Agence France-Presse" in (c.subject, c.object)]
    assert [m.name for m in doc.mentions if m.text == "Ukraine"] == ["Ukraine"]
