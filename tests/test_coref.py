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
    return Pipeline(["sentences", "gazetteer", "parse", "entities"],
                    {"gazetteer": kb, "entities": kb, "parse": {"gate": False}})


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


@pytest.fixture(scope="module")
def full() -> Pipeline:
    """The packaged KB (with parents, countries and types) and every sentence parsed."""
    cfg = {"include_user": False}
    return Pipeline(["sentences", "gazetteer", "parse", "entities"],
                    {"gazetteer": cfg, "entities": cfg, "parse": {"gate": False}})


def names(nlp: Pipeline, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.name, m.kind) for m in nlp(Doc("t", text)).mentions]


def test_description_with_a_state_adjective(full: Pipeline) -> None:
    got = names(full, "Hamas fired rockets at Israel. Iran praised Hezbollah. "
                      "Later the Palestinian militant group said it would go on.")
    assert ("the Palestinian militant group", "Hamas", "coref") in got  # not the nearer Hezbollah
    got = names(full, "Hamas fired rockets. Later the Lebanese group said no.")
    assert not any(k == "coref" for _, _, k in got)  # no Lebanese group named before
    got = names(full, "Iran praised Hezbollah. The Lebanese group Hezbollah said no.")
    assert [n for _, n, k in got if k == "coref"] == []  # the name follows: no anaphor
    got = names(full, "Hamas attacked. The Wagner group said no.")
    assert ("Wagner group", "Wagner Group", "kb") in got
    got = names(full, "Hamas fired rockets, according to the local monitoring group Adrar Watch.")
    assert not any(k == "coref" for _, _, k in got)  # a name follows, state adjective or not


def test_the_branch_prefers_a_branch(full: Pipeline) -> None:
    got = names(full, "ISIS-K claimed the attack. The Islamic State praised it. "
                      "The branch was founded in 2014.")
    assert ("The branch", "Islamic State Khorasan Province", "coref") in got
    got = names(full, "A UN report was published. It said the branch remains active.")
    assert not any(k == "coref" for _, _, k in got)  # the UN is no branch (nor a group)


def test_the_group_falls_back_to_the_main_actor(full: Pipeline) -> None:
    text = ("Hamas fired rockets. Hamas leaders met. It rained. It rained again. "
            "It rained more. Officials said the group was ready.")
    assert ("the group", "Hamas", "coref") in names(full, text)
    text = ("Hamas fired rockets. Hezbollah fired too. It rained. It rained again. "
            "It rained more. Officials said the group was ready.")
    assert not any(k == "coref" for _, _, k in names(full, text))  # no main actor: no guess


def test_he_in_a_quote_is_not_the_speaker(full: Pipeline) -> None:
    got = names(full, "Vladimir Putin massed troops. Joe Biden told reporters: “He has much "
                      "larger ambitions.”")
    assert ("He", "Vladimir Putin", "coref") in got
    got = names(full, "Vladimir Putin massed troops. Joe Biden told reporters that he was worried.")
    assert ("he", "Joe Biden", "coref") in got  # outside a quote the speaker may be "he"
    # the pronoun attributing a quote is not a person the quote names
    got = names(full, "Joe Biden spoke first. \u201cVladimir Putin will fail,\u201d he said.")
    assert ("he", "Joe Biden", "coref") in got


def test_gender_learned_in_the_document(full: Pipeline) -> None:
    got = names(full, "Annalena Baerbock spoke. She said Germany was ready. "
                      "Olaf Scholz agreed. Baerbock and Scholz met. Later he said no.")
    assert ("he", "Olaf Scholz", "coref") in got
    got = names(full, "Annalena Baerbock spoke. She said Germany was ready. Later she said no.")
    assert [n for t, n, _ in got if t in ("She", "she")] == ["Annalena Baerbock"] * 2


def test_surname_after_the_full_name(full: Pipeline) -> None:
    got = names(full, "Armin Papperger runs the firm. Papperger himself said he was safe.")
    assert ("Papperger", "Armin Papperger", "ner") in got
    assert ("he", "Armin Papperger", "coref") in got
    got = names(full, "Papperger said so. Armin Papperger runs the firm.")
    assert not (got and got[0][:2] == ("Papperger", "Armin Papperger"))  # not before the full name


def test_family_name_first_after_the_full_name(full: Pipeline) -> None:
    got = names(full, "Kim Jong Un met Vladimir Putin. Kim said North Korea stood with Russia.")
    assert ("Kim", "Kim Jong Un") in [(t, n) for t, n, _ in got]
    got = names(full, "Xi Jinping spoke to reporters. Later Xi said China wanted talks.")
    assert ("Xi", "Xi Jinping") in [(t, n) for t, n, _ in got]
    got = names(full, "Nguyen Van Thanh runs the port. Nguyen said trade would grow.")
    assert ("Nguyen", "Nguyen Van Thanh") in [(t, n) for t, n, _ in got]  # not in the KB
    got = names(full, "Emma Watson spoke. Emma said nothing more.")
    assert ("Emma", "Emma Watson") not in [(t, n) for t, n, _ in got]  # a given name first


def test_office_words_are_no_organisations(full: Pipeline) -> None:
    got = names(full, "Defense Secretary Lloyd Austin met Secretary of State Antony Blinken. "
                      "The pro-Kremlin press was angry.")
    assert not any(n in ("Defense", "State", "pro-Kremlin") for _, n, _ in got)
    assert ("Lloyd Austin", "Lloyd Austin", "kb") in got


def test_pronoun_number_agreement() -> None:
    from rashomon.doc import Mention
    from rashomon.nlp.claims.pronouns import compatible

    def m(text: str, kind: str, typ: str = "state") -> Mention:
        return Mention(0, len(text), text, "Q159", "Russia", kind=kind, type=typ)

    assert compatible("many", m("Russians", "demonym")) and not compatible("one", m("Russians", "demonym"))
    assert not compatible("one", m("Russian troops", "adjective"))
    assert compatible("one", m("Russian army", "adjective"))
    assert compatible("one", m("Russia", "kb")) and compatible("many", m("Russia", "kb"))
    assert compatible("one", m("Hamas", "kb", "armed_group"))  # a name ending in s is no plural
    assert not compatible("one", m("Putin", "kb", "person"))
    assert compatible("person", m("Putin", "kb", "person"))
