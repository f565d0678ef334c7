"""Claim constructions added for recall: pronouns, receiving, titles, event-noun adjuncts,
misparsed datatives, entity nouns under negation, and lexicon families (hand-made mentions)."""

from __future__ import annotations

import pytest

from claimkit import extract_with, triples
from rashomon.doc import Claim

# surface form -> (actor id, canonical name, type); ids of persons match the packaged KB
ACTORS = {
    "Iran": ("Q794", "Iran", "state"), "Hamas": ("Q38", "Hamas", "armed_group"),
    "Hezbollah": ("Q1", "Hezbollah", "armed_group"), "Russia": ("Q159", "Russia", "state"),
    "Washington": ("Q30", "United States", "state"), "Beijing": ("Q148", "China", "state"),
    "ASEAN": ("Q7768", "ASEAN", "org"), "Philippines": ("Q928", "Philippines", "state"),
    "US": ("Q30", "United States", "state"), "Japan": ("Q17", "Japan", "state"),
    "Ukraine": ("Q212", "Ukraine", "state"), "Italy": ("Q38i", "Italy", "state"),
    "Germany": ("Q183", "Germany", "state"), "Israel": ("Q801", "Israel", "state"),
    "UK": ("Q145", "United Kingdom", "state"), "China": ("Q148", "China", "state"),
    "Joe Biden": ("Q6279", "Joe Biden", "person"),
    "Vladimir Putin": ("Q7747", "Vladimir Putin", "person"),
    "Zelensky": ("Q3874799", "Volodymyr Zelensky", "person"),
    "Boris Johnson": ("Q180589", "Boris Johnson", "person"),
    "Syria": ("Q858", "Syria", "state"), "Assad": ("Q4", "Bashar al-Assad", "person"),
}


def extract(text: str, **config: object) -> list[Claim]:
    return extract_with(ACTORS, text, **config)



# ---- pronouns ---------------------------------------------------------------------------
def test_object_pronoun_takes_previous_subject() -> None:
    claims = extract("Hezbollah is strong. Iran supplies it with missiles.")
    assert ("Iran", "support", "Hezbollah") in triples(claims)
    c = next(c for c in claims if c.relation == "support")
    assert c.object_text == "it"


def test_object_pronoun_is_never_its_own_clause_subject() -> None:
    assert extract("Iran supplies it with missiles.") == []


def test_subject_pronoun_from_previous_sentence() -> None:
    claims = extract("Hamas is an Islamist group. It attacked Israel in October.")
    assert ("Hamas", "attack", "Israel") in triples(claims)


def test_it_never_stands_for_a_person() -> None:
    claims = extract("Vladimir Putin spoke on Friday. It attacked Ukraine.")
    assert not any(c.subject == "Vladimir Putin" for c in claims)


def test_plural_possessive_takes_a_coordination() -> None:
    claims = extract("ASEAN has been courted by Washington and Beijing, "
                     "but their fierce rivalry has caused concern.")
    assert {("United States", "oppose", "China"), ("China", "oppose", "United States")} <= triples(claims)


def test_possessive_skips_noun_modifiers() -> None:
    claims = extract("The Philippines, which has US backing, seeks to boost its military ties with Japan.")
    assert ("Japan", "cooperate", "Philippines") in triples(claims)
    assert ("Japan", "cooperate", "United States") not in triples(claims)


# ---- receiving ------------------------------------------------------------------------
def test_receiving_aid_from_an_actor_is_support() -> None:
    claims = extract("Hamas receives money and weapons from Iran.")
    assert ("Iran", "support", "Hamas") in triples(claims)


def test_receiving_goods_that_are_not_aid_is_no_claim() -> None:
    claims = extract("The UK gets gas from Russia.")
    assert not any(c.relation == "support" for c in claims)


# ---- event nouns in adjuncts, datives ---------------------------------------------------
def test_visit_in_an_adjunct_takes_the_clause_subject() -> None:
    claims = extract("During a visit to Italy and Germany, Zelensky asked for more weapons.")
    assert {("Italy", "cooperate", "Volodymyr Zelensky"),
            ("Germany", "cooperate", "Volodymyr Zelensky")} <= triples(claims)


def test_attack_in_an_adjunct_is_not_the_clause_subjects() -> None:
    claims = extract("After the attack on Ukraine, Germany condemned the strike.")
    assert ("Germany", "attack", "Ukraine") not in triples(claims)


def test_misparsed_dative_of_a_support_noun() -> None:
    claims = extract("Boris Johnson escalated the conflict, promising Ukraine full support.")
    assert ("Boris Johnson", "support", "Ukraine") in triples(claims)
    assert ("Ukraine", "support", "Boris Johnson") not in triples(claims)


# ---- entity nouns and negation -----------------------------------------------------------
def test_negated_copula_negates_an_entity_noun() -> None:
    claims = extract("Russia is not an ally of Iran.")
    assert [c.negated for c in claims if c.relation == "ally"] == [True]


def test_negation_of_another_verb_does_not_negate_an_entity_noun() -> None:
    claims = extract("Russia did not arm Iran's ally Syria.")
    ally = [c for c in claims if c.relation == "ally"]
    assert ally and not ally[0].negated
    assert [c.negated for c in claims if c.relation == "support"] == [True]


# ---- titles (packaged KB) ---------------------------------------------------------------
def test_title_naming_the_state_makes_a_person_part_of_the_kb_country() -> None:
    claims = extract("US President Joe Biden ordered the strike.", use_kb=True)
    c = next(c for c in claims if c.relation == "part_of")
    assert (c.subject, c.object_id, c.source) == ("Joe Biden", "Q30", None)
    for text in ("Russian President Vladimir Putin spoke.",
                 "Boris Johnson, the British prime minister, spoke."):
        assert [c.relation for c in extract(text, use_kb=True)] == ["part_of"], text


def test_a_bare_title_names_no_state() -> None:
    # writers annotate part_of only where the state is named with the title (the spec's
    # "Russian President Vladimir Putin"): not the KB's country behind a bare title, nor the
    # country of a person who serves an organisation or a ministry
    for text in ("President Joe Biden ordered the strike.",
                 "Prime Minister Boris Johnson spoke.",
                 "Foreign Ministry spokesman Vladimir Putin spoke."):
        claims = extract(text, use_kb=True)
        assert not any(c.relation == "part_of" and c.object_id in ("Q30", "Q55", "Q159")
                       for c in claims), (text, claims)


def test_no_title_no_part_of() -> None:
    claims = extract("Joe Biden ordered the strike.", use_kb=True)
    assert not any(c.relation == "part_of" for c in claims)


# ---- lexicon families -------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Iran propped up Assad for a decade.", ("Iran", "support", "Bashar al-Assad")),
    ("China lambasted Japan on Monday.", ("China", "oppose", "Japan")),
    ("Russia bombarded Ukraine overnight.", ("Russia", "attack", "Ukraine")),
    ("Israel and Hamas agreed to a truce.", ("Hamas", "cooperate", "Israel")),
    ("Germany is critical of China.", ("Germany", "oppose", "China")),
])
def test_lexicon_families(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(extract(text))


def test_neutral_relations_noun_is_no_claim() -> None:
    claims = extract("Relations between China and the US have been frosty.")
    assert not any(c.relation == "cooperate" for c in claims)


# ---- blocking measures against an actor: support (the spec: vetoing sanctions) --------------
def test_vetoing_measures_against_y_is_support_of_y() -> None:
    got = triples(extract("Russia vetoed sanctions against Hamas."))
    assert ("Russia", "support", "Hamas") in got
    assert ("Russia", "oppose", "Hamas") not in got


def test_blocking_a_resolution_aimed_at_sanctions() -> None:
    claims = extract("Russia blocked resolutions aimed at imposing sanctions against Hamas.")
    assert ("Russia", "support", "Hamas") in triples(claims)
    assert all(not c.negated for c in claims)


def test_imposing_sanctions_stays_oppose() -> None:
    got = triples(extract("Russia imposed sanctions against Hamas."))
    assert got == {("Russia", "oppose", "Hamas")}


# ---- negation shared by verb conjuncts ----------------------------------------------------
def test_negation_scopes_over_a_bare_verb_conjunct() -> None:
    claims = extract("Iran did not support or recognize Hamas.")
    coop = [c for c in claims if c.relation == "cooperate"]  # "recognize", the bare conjunct
    assert coop and all(c.negated for c in coop)


def test_conjunct_with_own_subject_keeps_its_polarity() -> None:
    claims = extract("Russia did not condemn Iran, and Germany sanctioned Iran.")
    germany = [c for c in claims if c.subject == "Germany"]
    assert germany and not any(c.negated for c in germany)


# ---- opposing a harmful act: against its doer, for its patients ---------------------------
def test_condemning_an_invasion_opposes_its_doer_not_its_victim() -> None:
    got = triples(extract("Germany condemned Russia's invasion of Ukraine."))
    assert ("Germany", "oppose", "Russia") in got
    assert ("Germany", "oppose", "Ukraine") not in got


def test_opposing_sanctions_on_y_shields_y() -> None:
    got = triples(extract("China opposed sanctions against Iran."))
    assert ("China", "support", "Iran") in got and ("China", "oppose", "Iran") not in got


def test_opposing_a_named_doers_sanctions_opposes_the_doer() -> None:
    got = triples(extract("Germany opposed US sanctions on Iran."))
    assert ("Germany", "oppose", "United States") in got
    assert ("Germany", "support", "Iran") not in got
