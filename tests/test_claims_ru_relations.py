"""Russian claims (issue 13e): the relation, direction and negation a construction gives
(leaving a body, a deal about an alliance, repelling an attack, support said of its
receiver, designations, threats, figurative wars, a refusal's scope) and the pair model's
reading of the rules between other mentions of the same two actors. Sentences written for
these tests."""

from __future__ import annotations

from rashomon.doc import Claim, Doc
from rashomon.registry import Pipeline


def _doc(text: str) -> Doc:
    return Pipeline(["sentences", "gazetteer"])(Doc("ru", text, language="ru"))


def rules(text: str) -> list[Claim]:
    from rashomon.nlp.claims.ru.extract import RussianClaims

    return RussianClaims(use_model=False).extract(_doc(text)).claims


def triples(claims: list[Claim]) -> set[tuple[str, str, str, bool]]:
    return {(c.subject, c.relation, c.object, c.negated) for c in claims}


def test_leaving_a_body_is_a_negated_part_of() -> None:
    got = triples(rules("Мали и Нигер официально вышли из ЭКОВАС."))
    assert ("Mali", "part_of", "ECOWAS", True) in got
    assert ("Niger", "part_of", "ECOWAS", True) in got
    # not leaving: the negations cancel
    assert ("Armenia", "part_of", "Collective Security Treaty Organization", False) in triples(
        rules("Армения не будет выходить из ОДКБ."))
    assert ("Turkmenistan", "part_of", "Collective Security Treaty Organization", True) in triples(
        rules("Туркменистан так и не присоединился к ОДКБ."))


def test_joining_a_measure_is_no_membership() -> None:
    got = triples(rules("Япония присоединилась к санкциям G7 против Ирана."))
    assert not any(r == "part_of" for _, r, _, _ in got), got


def test_a_deal_about_an_alliance_is_ally_and_another_deal_is_cooperate() -> None:
    got = triples(rules("Казахстан и Узбекистан подписали договор о взаимной обороне."))
    assert ("Kazakhstan", "ally", "Uzbekistan", False) in got
    assert not any(r == "cooperate" for _, r, _, _ in got)
    got = triples(rules("Казахстан и Узбекистан подписали договор о торговле."))
    assert ("Kazakhstan", "cooperate", "Uzbekistan", False) in got
    assert not any(r == "ally" for _, r, _, _ in got)


def test_repelling_an_attack_is_the_attackers_act() -> None:
    got = triples(rules("Армия Нигера отбила атаку боевиков «Исламского государства» у границы."))
    assert ("Islamic State", "attack", "Niger", False) in got
    assert ("Niger", "attack", "Islamic State", False) not in got
    # rejecting an accusation stays the rejector's oppose (codebook)
    got = triples(rules("Тегеран отверг обвинения Лондона."))
    assert ("Iran", "oppose", "United Kingdom", False) in got


def test_support_said_of_its_receiver() -> None:
    got = triples(rules("Армия Мали при поддержке России разгромила лагерь боевиков."))
    assert ("Russia", "support", "Mali", False) in got
    got = triples(rules("Индия стала крупнейшим поставщиком оружия для Армении."))
    assert ("India", "support", "Armenia", False) in got


def test_the_agent_of_a_passive_light_verb_does_the_act() -> None:
    got = triples(rules("Удар по позициям армии Украины был нанесён российскими войсками."))
    assert ("Russia", "attack", "Ukraine", False) in got


def test_designations_threats_and_figurative_wars() -> None:
    assert ("Canada", "oppose", "Islamic Revolutionary Guard Corps", False) in triples(
        rules("Канада признала КСИР террористической организацией."))
    assert ("Donald Trump", "oppose", "Volodymyr Zelensky", False) in triples(
        rules("Трамп назвал Зеленского «диктатором без выборов»."))
    got = triples(rules("Токаев назвал Путина «близким другом»."))
    assert ("Kassym-Jomart Tokayev", "ally", "Vladimir Putin", False) in got
    assert not any(r == "oppose" for _, r, _, _ in got)
    # a quoted name of praise is no insult
    assert not triples(rules("Трамп назвал Путина «сильным лидером»."))
    got = triples(rules("Израиль пригрозил уничтожить «Хезболлу»."))
    assert ("Israel", "oppose", "Hezbollah", False) in got
    assert not any(r == "attack" for _, r, _, _ in got)
    got = triples(rules("Вашингтон и Пекин ведут торговую войну."))
    assert any(r == "oppose" for _, r, _, _ in got) and not any(r == "attack" for _, r, _, _ in got)


def test_a_refusal_negates_only_its_own_subjects_act() -> None:
    got = triples(rules("Будапешт блокирует транш Евросоюза для Украины."))
    assert ("European Union", "support", "Ukraine", False) in got
    got = triples(rules("Москва прекратила поставки оружия Ирану."))
    assert ("Russia", "support", "Iran", True) in got


def test_the_model_reads_the_rule_between_other_mentions_of_its_actors() -> None:
    from rashomon.nlp.claims.ru.extract import _rule_of, _rule_pairs
    from rashomon.nlp.claims.ru.features import pair_features, pairs
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.rules import View, candidates
    from rashomon.nlp.text.ruparse import parse_texts

    doc = _doc("Кремль: Москва не будет поставлять оружие КНДР.")
    view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
    cands = candidates(view)
    (a, b), = pairs(view)
    names = [m.text for m in view.mentions]
    assert names[a] == "Кремль"  # the closest pair is not the one the rule joins
    assert (a, b) not in _rule_pairs(view, cands)
    rule = _rule_of(view, _rule_pairs(view, cands), a, b)
    assert rule is not None and rule[1] == "support>"
    assert pair_features(view, a, b, cands).feats.get("rule=support>", 0) > 0
    # and the claim carries the rule's negation
    assert ("Russia", "support", "North Korea", True) in triples(rules(doc.text))


def test_undergoing_an_act_and_by_side_make_the_doer_the_subject() -> None:
    got = triples(rules("Израиль подвергся резкой критике со стороны Евросоюза."))
    assert ("European Union", "oppose", "Israel", False) in got
    assert ("Israel", "oppose", "European Union", False) not in got
    assert ("European Union", "oppose", "Georgia", False) in triples(
        rules("Евросоюз подверг Грузию резкой критике."))


def test_a_noun_trigger_through_a_quantity_noun_or_announced() -> None:
    assert ("Israel", "attack", "Hamas", False) in triples(
        rules("Армия Израиля нанесла серию ударов по позициям ХАМАС."))
    assert ("European Union", "oppose", "Russia", False) in triples(
        rules("Евросоюз утвердил новый пакет санкций против России."))
    got = rules("Евросоюз объявил о поддержке Молдовы.")
    c = next(c for c in got if (c.subject, c.relation, c.object) ==
             ("European Union", "support", "Moldova"))
    assert c.source is None  # the act's own verb is no speaker


def test_handing_over_a_message_or_bodies_is_cooperate_not_support() -> None:
    got = triples(rules("Уиткофф передал Путину послание от Трампа."))
    assert ("Steve Witkoff", "cooperate", "Vladimir Putin", False) in got
    assert not any(r == "support" for _, r, _, _ in got)
    got = triples(rules("Кремль не получал от Киева новых предложений."))
    assert ("Russia", "cooperate", "Ukraine", True) in got
    # handing over arms stays support
    assert ("Russia", "support", "Iran", False) in triples(
        rules("Москва передала Ирану зенитные комплексы."))


def test_membership_under_a_copula_a_mediator_and_a_question() -> None:
    got = triples(rules("Индонезия стала полноправным членом БРИКС."))
    assert ("Indonesia", "part_of", "BRICS", False) in got
    got = triples(rules("Лукашенко выступил посредником между Кремлём и Пригожиным."))
    assert ("Alexander Lukashenko", "cooperate", "Russia", False) in got
    assert ("Alexander Lukashenko", "cooperate", "Yevgeny Prigozhin", False) in got
    assert ("Russia", "cooperate", "Yevgeny Prigozhin", False) not in got  # the mediated
    assert not triples(rules("Станет ли Турция посредником между Израилем и Сирией?"))
    # "Ли" in a name is no question
    assert ("Lee Jae-myung", "part_of", "South Korea", False) in triples(
        rules("Южнокорейский президент Ли Чжэ Мён встретился с Путиным."))


def test_an_alliance_named_by_its_phrase() -> None:
    for text in ("Узбекистан и Казахстан подписали договор о союзнических отношениях.",
                 "Казахстан и Узбекистан договорились о размещении военной базы.",
                 "Казахстан и Узбекистан подписали «столетнее партнёрство»."):
        got = triples(rules(text))
        assert ("Kazakhstan", "ally", "Uzbekistan", False) in got, (text, got)


def test_negation_of_conjuncts_copula_titles_and_speaking_against() -> None:
    assert ("Israel", "support", "Ukraine", True) in triples(
        rules("Израиль не поставлял и не будет поставлять Украине оружие."))
    assert ("Serbia", "part_of", "NATO", True) in triples(
        rules("Вучич пообещал, что Сербия никогда не станет членом НАТО."))
    assert ("Hungary", "support", "Ukraine", True) in triples(
        rules("Венгрия выступает против военной помощи Украине."))


def test_readiness_is_no_act_but_a_negated_intention_is_a_negated_claim() -> None:
    assert not triples(rules("Германия готова передать Украине ракеты Taurus."))
    assert ("Russia", "attack", "Poland", True) in triples(
        rules("Россия не собирается нападать на Польшу."))


def test_a_compound_noun_takes_its_last_parts_trigger() -> None:
    assert ("the West", "attack", "Russia", False) in triples(
        rules("Запад ведет прокси-войну против России."))


def test_fighting_or_standing_on_a_side_supports_it() -> None:
    assert ("Poland", "support", "Ukraine", False) in triples(rules("Польша воюет на стороне Украины."))
    assert ("Turkey", "support", "Ukraine", False) in triples(rules("Турция на стороне Украины."))
    assert ("Hezbollah", "support", "Hamas", True) in triples(
        rules("«Хезболла» не намерена вступать в войну на стороне ХАМАС."))
    assert not rules("Правда на стороне России, заявил Лавров.")  # no actor holds the side
