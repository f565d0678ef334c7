"""Claim constructions added for recall (issue #4), with hand-written sentences and
hand-made mentions: each construction has a positive and a negative case."""

from __future__ import annotations

from claimkit import extract_with, triples
from rashomon.doc import Claim

# surface form -> (actor id, canonical name, type)
ACTORS = {
    "Iran": ("Q794", "Iran", "state"), "Hamas": ("Q38", "Hamas", "armed_group"),
    "Russia": ("Q159", "Russia", "state"), "Moscow": ("Q159", "Russia", "state"),
    "Washington": ("Q30", "United States", "state"), "US": ("Q30", "United States", "state"),
    "U.S.": ("Q30", "United States", "state"), "China": ("Q148", "China", "state"),
    "Ukraine": ("Q212", "Ukraine", "state"), "Kyiv": ("Q212", "Ukraine", "state"),
    "Italy": ("Q38i", "Italy", "state"),
    "Germany": ("Q183", "Germany", "state"), "France": ("Q142", "France", "state"),
    "Israel": ("Q801", "Israel", "state"), "Syria": ("Q858", "Syria", "state"),
    "Egypt": ("Q79", "Egypt", "state"), "Spain": ("Q29", "Spain", "state"),
    "EU": ("Q458", "European Union", "org"), "Taliban": ("Q42418", "Taliban", "armed_group"),
    "ISIS": ("Q2429253", "Islamic State", "armed_group"),
    "the West": ("rsh:the_west", "the West", "bloc"),
    "Joe Biden": ("Q6279", "Joe Biden", "person"),
    "Zelensky": ("Q3874799", "Volodymyr Zelensky", "person"),
}


def extract(text: str, **config: object) -> list[Claim]:
    return extract_with(ACTORS, text, **config)



# ---- pronouns: a nearer antecedent that is no actor ----------------------------------------
def test_pronoun_takes_the_relative_head_not_an_actor_inside_its_clause() -> None:
    got = triples(extract("The Taliban seek recognition from those who, in the opinion of ISIS, "
                          "should not exist, and cooperate with them."))
    assert not any("Islamic State" in (s, o) for s, r, o in got if r == "cooperate")


def test_pronoun_still_takes_an_actor_outside_relative_clauses() -> None:
    got = triples(extract("Iran is a strong state. Hamas cooperates with it."))
    assert ("Hamas", "cooperate", "Iran") in got


# ---- event nouns as adjuncts: every participant takes part ---------------------------------
def test_visit_to_a_list_misparsed_as_apposition() -> None:
    got = triples(extract("European leaders promised Zelensky missiles during a visit to "
                          "Italy, the Vatican, Germany, France and Spain."))
    for country in ("Italy", "Germany", "France", "Spain"):
        assert (country, "cooperate", "Volodymyr Zelensky") in got


def test_call_takes_the_clause_object_as_a_participant() -> None:
    claims = extract("Joe Biden warned Zelensky during a phone call that war was near.")
    coop = [c for c in claims if c.relation == "cooperate"]
    assert [(c.subject, c.object) for c in coop] == [("Joe Biden", "Volodymyr Zelensky")]
    assert coop[0].source is None  # a call during which he warned: not what he warned of


def test_adjunct_event_without_an_actor_gives_no_participant() -> None:
    got = triples(extract("European leaders promised missiles during a visit to Italy."))
    assert got == set()


# ---- countering a measure: the one shielding mechanism --------------------------------------
def test_threatening_sanctions_is_oppose_not_shielding() -> None:
    got = triples(extract("The US threatened sanctions against Iran."))
    assert ("United States", "oppose", "Iran") in got
    assert ("United States", "support", "Iran") not in got


def test_vetoing_a_named_doers_sanctions_opposes_the_doer() -> None:
    got = triples(extract("Russia vetoed US sanctions on Iran."))
    assert ("Russia", "oppose", "United States") in got
    assert ("United States", "support", "Iran") not in got


def test_vetoing_a_resolution_condemning_y_shields_y() -> None:
    got = triples(extract("Russia vetoed a resolution condemning Syria."))
    assert got == {("Russia", "support", "Syria")}


def test_lifting_sanctions_shields_and_imposing_them_opposes() -> None:
    assert ("European Union", "support", "Iran") in triples(extract("The EU lifted sanctions on Iran."))
    got = triples(extract("The EU imposed sanctions on Iran."))
    assert got == {("European Union", "oppose", "Iran")}


def test_not_opposing_sanctions_is_negated_support() -> None:
    claims = extract("China did not oppose sanctions against Iran.")
    assert [(c.subject, c.relation, c.object, c.negated) for c in claims] == [
        ("China", "support", "Iran", True)]


# ---- a gerund under a noun: the noun's owner, else its verb's subject does it --------------
def test_gerund_under_a_noun_takes_the_governing_verbs_subject() -> None:
    got = triples(extract("Washington calls for a long-term strategy of confronting Russia."))
    assert ("United States", "oppose", "Russia") in got


def test_gerund_under_a_possessed_noun_takes_the_possessor() -> None:
    got = triples(extract("Germany criticised Russia's strategy of attacking Ukraine."))
    assert ("Russia", "attack", "Ukraine") in got
    assert ("Germany", "attack", "Ukraine") not in got


def test_not_hesitating_to_attack_is_attacking() -> None:
    claims = extract("Russia did not hesitate to attack Ukraine.")
    assert [(c.relation, c.negated) for c in claims if c.object == "Ukraine"] == [("attack", False)]
    claims = extract("Russia hesitated to attack Ukraine.")
    assert [(c.relation, c.negated) for c in claims if c.object == "Ukraine"] == [("attack", True)]


# ---- relation nouns: the predicate gives the sign ---------------------------------------------
def test_ties_with_y_that_soured_oppose_both_ways_but_not_among_the_ys() -> None:
    got = triples(extract("Russia's ties with Iran and Germany have soured."))
    assert {("Russia", "oppose", "Iran"), ("Iran", "oppose", "Russia")} <= got
    assert ("Iran", "oppose", "Germany") not in got


def test_relations_that_plunged_are_mutual_opposition() -> None:
    got = triples(extract("Relations between Moscow and Washington have plunged to new lows."))
    assert {("Russia", "oppose", "United States"), ("United States", "oppose", "Russia")} <= got
    assert not any(r == "cooperate" for _, r, _ in got)


def test_ties_that_warmed_are_cooperation() -> None:
    got = triples(extract("Ties between China and Russia have warmed."))
    assert ("China", "cooperate", "Russia") in got and not any(r == "oppose" for _, r, _ in got)


def test_relations_with_a_neutral_predicate_give_no_sign() -> None:
    got = triples(extract("Relations between China and Russia were discussed."))
    assert not any(r in ("oppose", "cooperate") for _, r, _ in got)


# ---- threats, concerns, objects named by their modifier ---------------------------------------
def test_threatening_to_attack_is_a_threat_not_an_attack() -> None:
    got = triples(extract("Russia threatened to attack Ukraine."))
    assert ("Russia", "oppose", "Ukraine") in got and ("Russia", "attack", "Ukraine") not in got
    assert ("Russia", "attack", "Ukraine") in triples(extract("Russia planned to attack Ukraine."))


def test_voicing_concerns_about_x_opposes_x() -> None:
    got = triples(extract("Germany voiced concerns about China."))
    assert ("Germany", "oppose", "China") in got
    assert triples(extract("Germany voiced concerns about the weather.")) == set()


def test_challenging_an_actors_warnings_opposes_the_actor() -> None:
    got = triples(extract("Zelensky rejected U.S. warnings about an attack."))
    assert ("Volodymyr Zelensky", "oppose", "United States") in got
    got = triples(extract("Zelensky received U.S. scholarships."))  # only for oppose verbs
    assert ("Volodymyr Zelensky", "cooperate", "United States") not in got


def test_threatening_strikes_is_a_threat() -> None:
    got = triples(extract("Russia threatened nuclear strikes on the West."))
    assert ("Russia", "oppose", "the West") in got and ("Russia", "attack", "the West") not in got
    assert ("Russia", "attack", "the West") in triples(
        extract("Russia launched strikes on the West."))


def test_attack_on_a_place_of_an_actor() -> None:
    got = triples(extract("ISIS attacked a concert on the outskirts of Moscow."))
    assert ("Islamic State", "attack", "Russia") in got
    assert triples(extract("ISIS attacked a concert on Friday.")) == set()


# ---- appositions the parser missed, entity nouns inside mentions ------------------------------
def test_apposition_hung_on_the_verb_as_a_second_object() -> None:
    got = triples(extract("Russia supplied tanks and guns to Syria and Egypt, Israel's main rivals."))
    assert {("Syria", "oppose", "Israel"), ("Egypt", "oppose", "Israel")} <= got
    assert ("Russia", "support", "Israel") not in got
    assert ("Russia", "support", "Syria") in got


def test_possessed_entity_noun_inside_a_mention() -> None:
    doc_claims = extract("Ukraine's Western allies met.")
    assert doc_claims == []  # "Western allies" is no mention here: no referent
    # with "the West" mentioned as "Western allies", the allies are the West
    ACTORS["Western allies"] = ("rsh:the_west", "the West", "bloc")
    try:
        got = triples(extract("Ukraine's Western allies met."))
    finally:
        del ACTORS["Western allies"]
    assert ("Ukraine", "ally", "the West") in got


# ---- more argument positions ---------------------------------------------------------------
def test_possessive_gerund_misattached_by_the_parser() -> None:
    got = triples(extract("This war was a response to Israel's fighting against Hamas."))
    assert ("Israel", "attack", "Hamas") in got
    assert triples(extract("This war was a response to the fighting against Hamas.")) == set()


def test_relative_clause_on_an_apposition_takes_the_anchor() -> None:
    got = triples(extract("Germany praised Zelensky, a leader who has led the charge in support "
                          "of Ukraine."))
    assert ("Volodymyr Zelensky", "support", "Ukraine") in got
    assert ("Germany", "support", "Ukraine") not in got


def test_preposition_on_a_quantity_noun_names_the_recipient() -> None:
    got = triples(extract("Germany has offered a million euros worth of military aid to Ukraine."))
    assert ("Germany", "support", "Ukraine") in got
    got = triples(extract("Germany has offered a million euros worth of military aid."))
    assert not any(r == "support" for _, r, _ in got)


def test_including_adds_members_to_an_actor_argument() -> None:
    got = triples(extract("Russia attacked the West (including France) in words."))
    assert ("Russia", "attack", "France") in got
    # a group that is no actor: "countries including France" names no member relation
    got = triples(extract("Spain leads a push by countries including France."))
    assert ("Spain", "part_of", "France") not in got


def test_condemning_attacks_committed_by_x_opposes_x() -> None:
    got = triples(extract("Russia issued words condemning the attacks committed by Hamas."))
    assert ("Russia", "oppose", "Hamas") in got
    got = triples(extract("Russia issued words condemning the attacks on Hamas."))
    assert ("Russia", "oppose", "Hamas") not in got


def test_trailing_said_clause_gives_the_source() -> None:
    claims = extract("Russia attacked Ukraine on Friday, Germany said.")
    assert [(c.relation, c.source) for c in claims] == [("attack", "Germany")]
    claims = extract("Russia attacked Ukraine, and Germany reported the attack.")
    assert all(c.source is None for c in claims if c.relation == "attack")


# ---- pronouns: co-arguments and controllers are never the antecedent ------------------------
def test_subject_pronoun_is_not_its_own_verbs_prepositional_object() -> None:
    got = triples(extract("Hamas fighters came too. From Iran, they received small arms."))
    assert ("Iran", "support", "Hamas") in got


def test_object_pronoun_skips_the_controller_of_its_verb() -> None:
    claims = extract("Russia recognized the Taliban. It did not prevent Moscow from "
                     "negotiating with them.")
    assert ("Russia", "cooperate", "Taliban") in triples(claims)
    assert not any(c.object_text == "them" and c.object == "Russia" for c in claims)


def test_parallel_non_actor_object_takes_the_pronoun() -> None:
    got = triples(extract("Moscow is far. The US brought the fighters to a base and "
                          "transferred them to Syria."))
    assert ("United States", "support", "Russia") not in got


def test_cleft_focus_is_the_subject() -> None:
    got = triples(extract("Moreover, it was Moscow that armed the Taliban."))
    assert ("Russia", "support", "Taliban") in got
    assert triples(extract("It was late when the Taliban came.")) == set()


def test_adjective_control_takes_the_copulas_subject() -> None:
    got = triples(extract("Germany was then able to protect Zelensky."))
    assert ("Germany", "support", "Volodymyr Zelensky") in got
    got = triples(extract("Germany said the guards were able to protect Zelensky."))
    assert ("Germany", "support", "Volodymyr Zelensky") not in got


def test_source_of_aid_names_a_supplier() -> None:
    claims = extract("Washington has been Kyiv's major source of military aid.")
    assert ("United States", "support", "Ukraine") in triples(claims)
    assert triples(extract("Washington has been Kyiv's major source of news.")) == set()


def test_donor_to_y_supports_y() -> None:
    assert ("Germany", "support", "Ukraine") in triples(
        extract("Germany is the largest donor to Ukraine."))


def test_gapped_object_of_accuse_is_an_object_and_a_controller() -> None:
    claims = extract("Washington accused Iran of arming Hamas, and Moscow of supplying Syria.")
    got = triples(claims)
    assert {("United States", "oppose", "Iran"), ("United States", "oppose", "Russia")} <= got
    assert ("Russia", "support", "Syria") in got and ("Iran", "support", "Syria") not in got


def test_noun_of_change_on_relations_gives_the_sign() -> None:
    got = triples(extract("The deterioration of relations between Russia and Syria worried Iran."))
    assert {("Russia", "oppose", "Syria"), ("Syria", "oppose", "Russia")} <= got
    got = triples(extract("Iran studied the history of relations between Russia and Syria."))
    assert not any(r == "oppose" for _, r, _ in got)
