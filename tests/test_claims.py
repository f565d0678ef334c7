"""Rule-based claim extraction: constructions, negation, hedging, attribution (hand-made mentions)."""

from __future__ import annotations

import pytest

from claimkit import extract_with, triples
from rashomon.doc import Claim

# surface form -> (actor id, canonical name, kind)
ACTORS = {
    "Iran": ("Q794", "Iran", "kb"), "Tehran": ("Q794", "Iran", "metonym"),
    "Iranian": ("Q794", "Iran", "adjective"), "Hamas": ("Q38", "Hamas", "kb"),
    "Syria": ("Q858", "Syria", "kb"), "Hezbollah": ("Q1", "Hezbollah", "kb"),
    "Russia": ("Q159", "Russia", "kb"), "Russians": ("Q159", "Russia", "demonym"),
    "Russian": ("Q159", "Russia", "adjective"), "Moscow": ("Q159", "Russia", "metonym"),
    "Ukrainian intelligence": ("Q2", "Ukrainian intelligence", "kb"),
    "Houthis": ("Q3", "Houthis", "kb"), "Ansar Allah": ("Q3", "Houthis", "kb"),
    "Israel": ("Q801", "Israel", "kb"), "Vladimir Putin": ("Q7747", "Vladimir Putin", "kb"),
    "Putin": ("Q7747", "Vladimir Putin", "kb"), "Xi Jinping": ("Q15031", "Xi Jinping", "kb"),
    "Washington": ("Q30", "United States", "metonym"), "US": ("Q30", "United States", "kb"),
    "North Korea": ("Q423", "North Korea", "kb"), "Ukraine": ("Q212", "Ukraine", "kb"),
    "Biden": ("Q6279", "Joe Biden", "kb"), "Assad": ("Q4", "Bashar al-Assad", "kb"),
    "Fatah": ("Q5", "Fatah", "kb"), "Egypt": ("Q79", "Egypt", "kb"),
}


def extract(text: str, **config: object) -> list[Claim]:
    return extract_with(ACTORS, text, kinds=True, **config)



def one(claims: list[Claim], s: str, rel: str, o: str) -> Claim:
    found = [c for c in claims if (c.subject, c.relation, c.object) == (s, rel, o)]
    assert found, f"no {s} {rel} {o} in {triples(claims)}"
    return found[0]


def test_svo_active() -> None:
    c = one(extract("Iran armed Hamas."), "Iran", "support", "Hamas")
    assert not c.negated and not c.hedged and c.source is None
    assert c.plover == "AID" and c.extractor == "rules" and c.sentence == 0


def test_passive_with_coordinated_agents() -> None:
    t = triples(extract("Hamas was armed by Iran and Syria."))
    assert t == {("Iran", "support", "Hamas"), ("Syria", "support", "Hamas")}


def test_coordinated_objects_give_one_claim_each() -> None:
    t = triples(extract("The Soviet Union supplied tanks to Syria and Egypt. Putin visited Syria and Egypt."))
    assert ("Vladimir Putin", "cooperate", "Syria") in t or ("Syria", "cooperate", "Vladimir Putin") in t
    assert ("Egypt", "cooperate", "Vladimir Putin") in t


def test_prepositional_object() -> None:
    assert ("Israel", "attack", "Hamas") in triples(extract("Israel fought against Hamas for years."))


def test_negation() -> None:
    c = one(extract("Iran did not arm Hamas."), "Iran", "support", "Hamas")
    assert c.negated
    c = one(extract("Iran refused to recognise Israel."), "Iran", "cooperate", "Israel")
    assert c.negated
    assert not one(extract("Iran armed Hamas."), "Iran", "support", "Hamas").negated
    # opposing the act negates it, in a relative clause too
    for text in ("Egypt opposes sending weapons to Hamas.",
                 "Assad, who opposes sending weapons to Hamas, met Putin."):
        assert all(c.negated for c in extract(text) if c.relation == "support")
        assert any(c.relation == "support" for c in extract(text))


def test_not_only_is_not_negation() -> None:
    c = one(extract("Russia not only funded Hamas but also trained it."), "Russia", "support", "Hamas")
    assert not c.negated


def test_hedging() -> None:
    assert one(extract("Iran allegedly armed Hamas."), "Iran", "support", "Hamas").hedged
    assert one(extract("Iran may arm Hamas."), "Iran", "support", "Hamas").hedged
    assert one(extract("Iran is believed to have supplied Hamas with weapons."),
               "Iran", "support", "Hamas").hedged
    assert not one(extract("Iran supplied Hamas with weapons."), "Iran", "support", "Hamas").hedged


def test_hedged_claims_get_lower_confidence() -> None:
    plain = one(extract("Iran armed Hamas."), "Iran", "support", "Hamas")
    hedged = one(extract("Iran allegedly armed Hamas."), "Iran", "support", "Hamas")
    assert hedged.confidence < plain.confidence


def test_according_to() -> None:
    claims = extract("According to Ukrainian intelligence, the Russians supplied Hamas with weapons.")
    c = one(claims, "Russia", "support", "Hamas")
    assert c.source == "Ukrainian intelligence" and c.source_id == "Q2"


def test_reported_speech_and_speaker_own_act() -> None:
    c = one(extract("Biden said Putin invaded Ukraine."), "Vladimir Putin", "attack", "Ukraine")
    assert c.source == "Joe Biden"
    c = one(extract("Biden called Putin a tyrant."), "Joe Biden", "oppose", "Vladimir Putin")
    assert c.source is None
    assert ("Joe Biden", "cooperate", "Vladimir Putin") not in triples(extract("Biden called Putin a tyrant."))


def test_quote_with_speaker() -> None:
    c = one(extract("“Iran supplied Hamas with rockets,” Israel said."), "Iran", "support", "Hamas")
    assert c.source == "Israel"


def test_nested_reporting_innermost_speaker() -> None:
    c = one(extract("Putin said that Iran claimed Israel attacked Syria."), "Israel", "attack", "Syria")
    assert c.source == "Iran"


def test_denial_negates_with_denier_as_source() -> None:
    c = one(extract("Russia denied that Hamas attacked Israel."), "Hamas", "attack", "Israel")
    assert c.negated and c.source == "Russia"


def test_accusation() -> None:
    claims = extract("Washington has accused North Korea of supplying military equipment to Russia.")
    assert one(claims, "United States", "oppose", "North Korea").source is None
    c = one(claims, "North Korea", "support", "Russia")
    assert c.source == "United States" and c.hedged


def test_nominalisations() -> None:
    assert ("Iran", "support", "Hezbollah") in triples(extract("Iran's support for Hezbollah is well known."))
    assert ("United States", "oppose", "Iran") in triples(extract("US sanctions on Iran hurt."))
    assert ("Russia", "attack", "Ukraine") in triples(extract("Russia's war on Ukraine continues."))
    assert ("Russia", "attack", "Ukraine") in triples(extract("The Russian invasion of Ukraine began."))


def test_between_gives_pairs() -> None:
    t = triples(extract("The alliance between Iran and Russia is strong."))
    assert t == {("Iran", "ally", "Russia")}  # symmetric: stored once, names ordered
    t = triples(extract("The war between Fatah and Hamas lasted years."))
    assert t == {("Fatah", "attack", "Hamas"), ("Hamas", "attack", "Fatah")}


def test_copular_predicate_noun() -> None:
    assert ("Hezbollah", "ally", "Russia") in triples(extract("Hezbollah is an ally of Russia."))
    assert ("Iran", "ally", "Russia") in triples(extract("Iran and Russia are allies."))


def test_apposition() -> None:
    claims = extract("Ansar Allah, an Iranian proxy, attacked Israel.")
    assert triples(claims) == {("Iran", "support", "Houthis"), ("Houthis", "attack", "Israel")}


def test_title_apposition_is_part_of() -> None:
    t = triples(extract("Russian President Vladimir Putin met Xi Jinping."))
    assert ("Vladimir Putin", "part_of", "Russia") in t
    assert ("Vladimir Putin", "cooperate", "Xi Jinping") in t


def test_a_counterpart_is_a_title_of_its_state_not_of_its_possessor() -> None:
    t = triples(extract("Biden held talks with his Russian counterpart Vladimir Putin."))
    assert ("Vladimir Putin", "part_of", "Russia") in t
    assert ("Vladimir Putin", "cooperate", "Joe Biden") in t or (
        "Joe Biden", "cooperate", "Vladimir Putin") in t
    assert not {c for c in t if c[1] == "part_of" and c[2] == "Joe Biden"}
    assert not {c for c in triples(extract("Biden held talks with his Russian counterpart."))
                if c[1] == "part_of"}


def test_relative_clause() -> None:
    t = triples(extract("The Houthis, who are backed by Iran, attacked Israel."))
    assert t == {("Iran", "support", "Houthis"), ("Houthis", "attack", "Israel")}


def test_on_the_side_of() -> None:
    c = one(extract("In 2015, Russia entered the war in Syria on the side of Assad."),
            "Russia", "support", "Bashar al-Assad")
    assert c.time == "2015"


def test_adjective_alone_is_no_actor() -> None:
    assert extract("Russian ships sailed past Israel.") == []


def test_two_actors_without_relation_give_no_claim() -> None:
    assert extract("Hamas and Iran discussed the weather in Syria.") == []
    assert extract("Iran and Israel are in the Middle East.") == []


def test_min_confidence_filters() -> None:
    assert extract("Iran armed Hamas.", min_confidence=0.99) == []


def test_long_sentence_evidence_is_a_clause() -> None:
    text = ("Iran funded Hamas, " + "and the weather was mild in the region that year, " * 8
            + "while the talks went on.")
    c = one(extract(text), "Iran", "support", "Hamas")
    assert len(c.evidence.text) < len(text) and "Iran" in c.evidence.text


def test_user_lexicon_file(tmp_path) -> None:
    lex = tmp_path / "extra.yaml"
    lex.write_text("verbs:\n  bankroll: {relation: support, plover: AID}\n"
                   "  stonewall: {relation: oppose, plover: REJECT}\n", encoding="utf-8")
    assert ("Iran", "oppose", "Israel") in triples(extract("Iran stonewalled Israel.", lexicon_files=[str(lex)]))
    assert extract("Iran stonewalled Israel.") == []


def test_bad_lexicon_is_a_user_error(tmp_path) -> None:
    from rashomon.errors import UserError

    lex = tmp_path / "bad.yaml"
    lex.write_text("verbs:\n  snub: {relation: hates}\n", encoding="utf-8")
    with pytest.raises(UserError):
        extract("Iran stonewalled Israel.", lexicon_files=[str(lex)])


def test_non_restrictive_relative_clause_is_the_writers_voice() -> None:
    claims = extract("Russia was accused of aggression against Ukraine, which has US backing.")
    assert one(claims, "Russia", "attack", "Ukraine").hedged  # what Russia is accused of
    c = one(claims, "United States", "support", "Ukraine")
    assert not c.hedged and c.source is None


def test_coordinated_predicate_nouns() -> None:
    claims = extract("Fatah and Hamas are not allies, but enemies.")
    assert one(claims, "Fatah", "ally", "Hamas").negated
    assert not one(claims, "Fatah", "oppose", "Hamas").negated


def test_possessor_of_object_is_the_target() -> None:
    c = one(extract("Washington ignored Moscow's demands."), "United States", "oppose", "Russia")
    assert c.confidence < 0.75  # indirect object: lower confidence


def test_attack_on_a_place_targets_its_state() -> None:
    assert ("Hamas", "attack", "Israel") in triples(
        extract("Hamas attacked a military base in Israel."))


def test_event_noun_under_a_trigger_verb_keeps_its_own_subject() -> None:
    t = triples(extract("Iran condemned the attack on Syria."))
    assert ("Iran", "attack", "Syria") not in t  # condemning an attack is not attacking
    assert ("Iran", "attack", "Syria") in triples(extract("Iran launched an attack on Syria."))


def test_nouns_of_saying_attribute_and_hedge() -> None:
    c = one(extract("Israel dismissed US warnings about an imminent Iranian attack on Syria."),
            "Iran", "attack", "Syria")
    assert c.hedged and c.source == "United States"
    c = one(extract("Biden repeated concerns about Iran helping Hamas."), "Iran", "support", "Hamas")
    assert c.hedged and c.source == "Joe Biden"


def test_hyphenated_pair_and_adjective_allies() -> None:
    t = triples(extract("The Fatah-Hamas conflict worsened."))
    assert t == {("Fatah", "attack", "Hamas"), ("Hamas", "attack", "Fatah")}


def test_predicate_negation_does_not_reach_a_subject_noun() -> None:
    claims = extract("Hamas's main opponent, Fatah, was never able to win.")
    assert not one(claims, "Fatah", "oppose", "Hamas").negated


def test_particle_verb_object() -> None:
    c = one(extract("The United States will not let Ukraine fail in fighting off Russia."),
            "Ukraine", "attack", "Russia")
    assert not c.negated  # "not let ... fail": the two negations cancel


def test_denials_and_rejected_claims() -> None:
    c = one(extract("Iran denied any alliance with Hamas."), "Hamas", "ally", "Iran")
    assert c.negated
    c = one(extract("Russia rejected claims that Hamas attacked Israel."), "Hamas", "attack", "Israel")
    assert c.negated and c.source == "Russia"


def test_in_someones_words() -> None:
    c = one(extract("In Israel's words, Iran supplied Hamas with rockets."), "Iran", "support", "Hamas")
    assert c.source == "Israel"


def test_an_adverbial_clause_is_not_what_a_report_verb_says() -> None:
    """"X, speaking after talks with Y, rejected claims that ...": the talks are in the
    article's voice and not denied; the claims rejected are."""
    got = extract("Putin, speaking after talks with Xi Jinping, rejected claims that Russia armed "
                  "the Houthis.")
    talks = one(got, "Vladimir Putin", "cooperate", "Xi Jinping")
    assert not talks.negated and talks.source is None
    armed = one(got, "Russia", "support", "Houthis")
    assert armed.negated and armed.source == "Vladimir Putin"
