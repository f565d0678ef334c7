"""Russian light coreference (nlp/actors/coref_ru.py) through the real pipeline (the package
KB, natasha, pymorphy3), and a Russian claim whose actor only coreference finds."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc, Sentence
from rashomon.nlp.actors.coref_ru import _co_arguments, _phrase, name_gender
from rashomon.nlp.text.ruparse import Tok
from rashomon.registry import Pipeline

PRE = ["sentences", "gazetteer", "parse", "entities"]


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline(PRE)


def corefs(nlp: Pipeline, text: str) -> dict[str, str]:
    """Anaphor text -> canonical actor name of each coref mention."""
    doc = nlp(Doc("t", text, language="ru"))
    ms = doc.mentions
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:], strict=False))  # sorted, no overlap
    assert all(doc.text[m.start:m.end] == m.text and m.sentence >= 0 for m in ms)
    return {m.text: m.name for m in ms if m.kind == "coref"}


def test_description_noun_takes_the_alliance_named_before(nlp: Pipeline) -> None:
    got = corefs(nlp, "Генсек НАТО Марк Рютте прибыл в Вильнюс. Альянс намерен усилить "
                      "восточный фланг.")
    assert got == {"Альянс": "NATO"}  # not the name finder's unknown "Альянс"


def test_agency_and_state_descriptions(nlp: Pipeline) -> None:
    got = corefs(nlp, "Министерство обороны России сообщило об отражении атаки. Ведомство "
                      "утверждает, что Израиль атаковал Сирию. Эта страна уже не раз наносила удары.")
    assert got["Ведомство"] == "Russian Ministry of Defence"
    assert got["Эта страна"] == "Israel"  # a state (never the ministry): the previous subject


def test_titled_description_is_a_person_of_that_state(nlp: Pipeline) -> None:
    got = corefs(nlp, "Президент Франции Эмманюэль Макрон встретился с Владимиром Зеленским. "
                      "Украинского лидера он назвал другом Европы.")
    assert got["Украинского лидера"] == "Volodymyr Zelensky"
    assert got["он"] == "Emmanuel Macron"  # the previous subject; not his clause-mate Zelensky


def test_a_description_under_a_title_with_its_holder_is_an_anaphor(nlp: Pipeline) -> None:
    # the name after "представитель движения" is the spokesman's, not the movement's
    got = corefs(nlp, "Хуситы атаковали танкер. Как заявил официальный представитель "
                      "движения Яхья Сариа, судно принадлежит Израилю.")
    assert got == {"движения": "Houthis"}
    got = corefs(nlp, "«Роснефть» подписала контракт. Глава компании Игорь Сечин похвалил сделку.")
    assert got == {"компании": "Rosneft"}
    # an institution is no movement: "движения" takes the Houthis, not the later command
    got = corefs(nlp, "Хуситы атаковали танкер. Центральное командование ВС США сообщило об "
                      "ударах. Лидер движения Абдель Малик аль-Хуси пригрозил Израилю.")
    assert got == {"движения": "Houthis"}
    # a name in the noun's own apposition is still its name
    assert corefs(nlp, "Хуситы атаковали танкер. Движение «Ансар Аллах» это подтвердило.") == {}


def test_names_and_generic_descriptions_are_not_anaphors(nlp: Pipeline) -> None:
    got = corefs(nlp, "Россия и Китай провели учения. Министерство обороны Японии выразило "
                      "протест. Любая другая страна поступила бы так же. Президент Владимир "
                      "Путин промолчал.")
    assert got == {}


def test_pronoun_gender_and_clause_mates(nlp: Pipeline) -> None:
    got = corefs(nlp, "Анналена Бербок встретилась с Сергеем Лавровым. Она призвала его "
                      "прекратить обстрелы.")
    assert got == {"Она": "Annalena Baerbock", "его": "Sergey Lavrov"}
    assert name_gender("Мария Захарова") == "f" and name_gender("Сергей Лавров") == "m"
    assert name_gender("Mark Rutte") is None


def test_pronoun_in_a_quote_is_not_its_speaker(nlp: Pipeline) -> None:
    text = "Сергей Лавров ответил Энтони Блинкену. «Он ничего не понимает», — сказал Лавров."
    assert corefs(nlp, text) == {"Он": "Antony Blinken"}
    # outside the quote the same pronoun is the previous subject
    assert corefs(nlp, "Сергей Лавров ответил Энтони Блинкену. Он сказал, что ничего не "
                       "понимает.") == {"Он": "Sergey Lavrov"}


def test_no_antecedent_stays_unresolved(nlp: Pipeline) -> None:
    assert corefs(nlp, "Он заявил, что страна готова к переговорам.") == {}
    assert corefs(nlp, "Игорь Ступин и Ольга Лазарева подписали соглашение. Она назвала "
                       "документ историческим.") == {"Она": "Ольга Лазарева"}


def test_english_documents_keep_the_english_coref(nlp: Pipeline) -> None:
    doc = nlp(Doc("t", "NATO met in Brussels. The alliance agreed to send more troops.", language="en"))
    assert [(m.text, m.name) for m in doc.mentions if m.kind == "coref"] == [("The alliance", "NATO")]


def test_claim_actor_found_only_through_coref() -> None:
    text = "Генсек НАТО Марк Рютте прибыл в Вильнюс. Альянс осуждает Россию за агрессию."
    doc = Pipeline([*PRE, "claims"])(Doc("t", text, language="ru"))
    got = [c for c in doc.claims if c.subject == "NATO" and c.object == "Russia"]
    assert got, [(c.subject, c.relation, c.object) for c in doc.claims]
    c = got[0]
    assert c.relation == "oppose" and c.subject_text == "Альянс"
    second = text.index("Альянс")
    assert c.evidence.start == second and c.evidence.end == len(text)
    assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text
    # without coreference the sentence has one actor and no claim
    plain = Pipeline([*PRE, "claims"], {"entities": {"coref": False}})(Doc("t", text, language="ru"))
    assert not [c for c in plain.claims if c.object == "Russia"]


def test_title_must_fit_the_persons_role(nlp: Pipeline) -> None:
    text = "Владимир Зеленский провёл совещание в Киеве. Украинский {} заявил о новых поставках."
    assert corefs(nlp, text.format("президент")) == {"Украинский президент": "Volodymyr Zelensky"}
    assert corefs(nlp, text.format("министр")) == {}  # his KB role is President


def test_title_with_an_office_and_a_state(nlp: Pipeline) -> None:
    got = corefs(nlp, "Андрей Белоусов посетил штаб группировки войск. Министр обороны России "
                      "заслушал доклады командиров.")
    assert got == {"Министр обороны России": "Andrei Belousov"}
    # an organisation's office is no state's: nothing to resolve
    assert corefs(nlp, "Андрей Белоусов посетил завод. Глава компании показал цеха.") == {}


def test_a_cycle_in_the_parse_ends() -> None:
    toks = [Tok(0, "а", "а", "NOUN", {}, 1, "nmod", 0, 1, [1, 2]),
            Tok(1, "б", "б", "NOUN", {}, 0, "nmod", 2, 3, [0]),
            Tok(2, "его", "он", "PRON", {}, 0, "nmod", 4, 7, [])]
    doc = Doc("t", "а б его")
    doc.sentences = [Sentence(0, 7, "а б его")]
    assert _co_arguments(doc, 0, toks, 2) == []
    assert sorted(_phrase(toks, 0)) == [0, 1, 2]


def test_predicate_nouns_refer_to_no_one(nlp: Pipeline) -> None:
    text = ("Россия запретила движение «Талибан» в 2003 году. Позднее суд признал движение "
            "террористической организацией. Удар был нанесён группировкой.")
    got = corefs(nlp, text)
    assert "террористической организацией" not in got and "организацией" not in got
    assert got.get("группировкой") == "Taliban"  # a passive agent is an actor


def test_bare_title_is_the_articles_leader(nlp: Pipeline) -> None:
    got = corefs(nlp, "Владимир Путин провел совещание с Совбезом. Президент поручил усилить "
                      "оборону. Глава государства также осудил Киев.")
    assert got == {"Президент": "Vladimir Putin", "Глава государства": "Vladimir Putin"}


def test_bare_title_stays_unresolved_when_leaders_tie_or_the_office_is_vague(nlp: Pipeline) -> None:
    # two presidents named once each: no leader of the article
    assert corefs(nlp, "Дональд Трамп и Владимир Путин созвонились. Президент заявил о "
                       "прогрессе.") == {}
    # "министр обороны" without a state: which minister is not said
    assert corefs(nlp, "Сергей Лавров прибыл в Анкару. Министр обороны заявил о "
                       "переговорах.") == {}
    # a former president is not "президент"
    assert "Президент" not in corefs(nlp, "Дмитрий Медведев выступил в Думе. Президент "
                                          "ответил депутатам.")


def test_possessive_forces_are_the_states(nlp: Pipeline) -> None:
    # "его армия", "её военные": a state's forces are the state (codebook), of the
    # pronoun's gender: Израиль is masculine, Франция feminine
    assert corefs(nlp, "Израиль заявил, что его армия атаковала позиции Хезболлах.") == {
        "его армия": "Israel"}
    assert corefs(nlp, "Россия обвинила Францию в том, что ее военные воюют на Украине.") == {
        "ее военные": "France"}
    # a person is nearer: "его армия" is not a state named before
    assert corefs(nlp, "Владимир Зеленский посетил Израиль. Его армия готовится к "
                       "наступлению.") == {}
    # "его" before a noun that is no force: a person's, unresolved without a person
    assert corefs(nlp, "Израиль заявил, что его позиция не изменилась.") == {}


def test_possessive_forces_give_the_states_claim() -> None:
    from rashomon.nlp.claims.ru.extract import RussianClaims

    doc = Pipeline(PRE)(Doc("t", "Израиль заявил, что его армия атаковала Хезболлах.", language="ru"))
    claims = RussianClaims(use_model=False).extract(doc).claims
    assert [(c.subject, c.relation, c.object, c.subject_text) for c in claims] == [
        ("Israel", "attack", "Hezbollah", "его армия")]


def test_plural_pronoun_takes_an_actor_named_in_the_plural(nlp: Pipeline) -> None:
    assert corefs(nlp, "Хуситы взяли на себя ответственность за атаку. Они заявили, что "
                       "продолжат удары по Израилю.") == {"Они": "Houthis"}
    assert corefs(nlp, "Иран поддерживает хуситов. Они атаковали судно.") == {"Они": "Houthis"}
    # two actors listed together are "они" both: no single antecedent
    assert corefs(nlp, "Россия и Китай провели учения. Они обсудили сотрудничество.") == {}
    assert corefs(nlp, "США и хуситы обменялись ударами. Они заявили о победе.") == {}


def test_enemy_in_a_russian_voice_report_is_ukraine(nlp: Pipeline) -> None:
    got = corefs(nlp, "Министерство обороны России сообщило, что подразделения группировки «Юг» "
                      "освободили Берестовое. Противник потерял до 200 военнослужащих. Наши войска "
                      "отразили три атаки противника.")
    assert got == {"Противник": "Ukraine", "противника": "Ukraine", "Наши войска": "Russia"}


def test_enemy_in_a_ukrainian_voice_report_is_russia(nlp: Pipeline) -> None:
    got = corefs(nlp, "Генеральный штаб ВСУ сообщает, что Силы обороны отразили 40 атак. "
                      "Противник обстрелял Херсон. Наши воины уничтожили 12 танков врага.")
    assert got == {"Противник": "Russia", "Наши воины": "Ukraine", "врага": "Russia"}


def test_voice_from_the_forces_that_succeed(nlp: Pipeline) -> None:
    got = corefs(nlp, "Российские военные уничтожили склад. Наши бойцы продвинулись. "
                      "Противник отступил.")
    assert got == {"Наши бойцы": "Russia", "Противник": "Ukraine"}


def test_mixed_or_absent_voice_resolves_nothing(nlp: Pipeline) -> None:
    mixed = corefs(nlp, "Минобороны России заявило, что российские военные освободили село. "
                        "Генштаб ВСУ сообщил, что Силы обороны отразили атаку. Противник несет "
                        "потери, наши войска наступают.")
    assert mixed == {}
    assert corefs(nlp, "В Донбассе идут бои. Противник закрепился на высоте, наши войска "
                       "готовятся, говорят жители.") == {}


def test_generic_opponents_and_our_partners_are_no_side(nlp: Pipeline) -> None:
    got = corefs(nlp, "Российские военные освободили Работино, сообщило Минобороны России. "
                      "Депутат остается противником реформы. Политический противник губернатора "
                      "выступил с критикой. Противники мира затягивают конфликт. Наши партнеры "
                      "поддержали Москву.")
    assert got == {}


def test_crews_arms_and_equipment_words(nlp: Pipeline) -> None:
    got = corefs(nlp, "Минобороны России сообщило, что наши пилоты нанесли удар по аэродрому "
                      "противника. Наша артиллерия поразила склады врага.")
    assert got == {"наши пилоты": "Russia", "противника": "Ukraine", "Наша артиллерия": "Russia",
                   "врага": "Ukraine"}


def test_enemy_up_a_chain_of_genitives_and_across_conjuncts(nlp: Pipeline) -> None:
    got = corefs(nlp, "Силы обороны Украины отразили штурм. Наши расчеты поразили пункт "
                      "управления врага и нанесли удар по местам дислокации противника. "
                      "Уничтожены техника и живая сила противника.")
    assert got == {"Наши расчеты": "Ukraine", "врага": "Russia", "противника": "Russia"}
    # a genitive chain that ends in no enemy head: someone's opponent, not a side
    assert corefs(nlp, "Минобороны России сообщило о боях. Сторонники противника реформы "
                       "вышли на митинг.") == {}


def test_source_through_a_chain_of_source_nouns(nlp: Pipeline) -> None:
    got = corefs(nlp, "Пресс-служба Генштаба ВСУ сообщила, что наша артиллерия поразила пункт "
                      "управления врага.")
    assert got == {"наша артиллерия": "Ukraine", "врага": "Russia"}
    got = corefs(nlp, "Представитель Минобороны России заявил, что противник отступил.")
    assert got == {"противник": "Ukraine"}


def test_coordinated_sources_or_forces_of_both_sides_resolve_nothing(nlp: Pipeline) -> None:
    assert corefs(nlp, "Генштаб ВСУ и Минобороны России сообщили о боях. Противник понес "
                       "потери.") == {}
    assert corefs(nlp, "Российские и украинские военные отразили атаки. Противник понес "
                       "потери.") == {}


def test_named_grouping_gives_the_russian_voice(nlp: Pipeline) -> None:
    # acting forces, as a subject or as a passive's agent, and as a reporting source
    assert corefs(nlp, "Подразделения группировки «Запад» отразили пять атак. Уничтожены "
                       "скопления живой силы противника.") == {"противника": "Ukraine"}
    assert corefs(nlp, "Подразделениями группировки войск «Центр» освобожден населенный пункт "
                       "Новое. Противник потерял до 300 военнослужащих.") == {"Противник": "Ukraine"}
    assert corefs(nlp, "В группировке войск «Север» сообщили, что противник потерял до 200 "
                       "военнослужащих.") == {"противник": "Ukraine"}
    # a grouping that neither acts nor reports, or a shop called «Запад», gives no voice
    assert corefs(nlp, "Группировка «Центр» не комментирует, противник отступил, пишет "
                       "блогер.") == {}
    assert corefs(nlp, "В Москве открылся торговый центр «Запад». Наши войска отступили, "
                       "сказал директор.") == {}


def test_passive_agent_of_a_success_verb_gives_the_voice(nlp: Pipeline) -> None:
    assert corefs(nlp, "Силами обороны отражено 12 атак. Враг понес потери.") == {"Враг": "Russia"}
    assert corefs(nlp, "Село было освобождено с помощью местных жителей. Противник "
                       "отступил.") == {}


def test_side_words_in_a_quotation_are_the_speakers(nlp: Pipeline) -> None:
    got = corefs(nlp, "«Наши войска продвигаются на всех направлениях», — заявил Валерий "
                      "Герасимов.")
    assert got == {"Наши войска": "Russia"}
    assert corefs(nlp, "«Противник перебрасывает резервы», — сказал Александр Сырский.") == {
        "Противник": "Russia"}
    # the speaker's voice, not the document's
    got = corefs(nlp, "Минобороны России сообщило, что противник отступил. «Наши воины делают "
                      "невозможное», — написал Зеленский.")
    assert got == {"противник": "Ukraine", "Наши воины": "Ukraine"}


def test_quotation_without_a_named_speaker_of_a_side_resolves_nothing(nlp: Pipeline) -> None:
    # an unnamed speaker, even in a voiced report, or one described by a state adjective
    got = corefs(nlp, "«Наши бойцы держатся», — сказал командир роты. Минобороны России "
                      "сообщило, что противник отступил.")
    assert got == {"противник": "Ukraine"}
    got = corefs(nlp, "Минобороны России сообщило о потерях противника. «Наши войска "
                      "отступили», — признал украинский офицер.")
    assert got == {"противника": "Ukraine"}
    # speakers of both sides
    assert corefs(nlp, "«Наши войска отходят», — сказал Сырский, а Герасимов заявил, что "
                       "противник бежит.") == {}


@pytest.mark.parametrize("text, expected", [
    # a title on a state or a known body in the genitive: its holder named before
    ("Владимир Зеленский провел брифинг. Президент Украины назвал санкции недостаточными.",
     {"Президент Украины": "Volodymyr Zelensky"}),
    ("Владимир Зеленский выступил в Раде. Просроченный президент Украины снова попросил денег.",
     {"Просроченный президент Украины": "Volodymyr Zelensky"}),
    # the body's head (a KB member whose role fits), not its spokeswoman named next to him
    ("Мария Захарова и Сергей Лавров выступили в Москве. Глава российского МИД осудил удары "
     "Израиля.", {"Глава российского МИД": "Sergey Lavrov"}),
    ("Дмитрий Песков провел брифинг. Представитель Кремля назвал санкции незаконными.",
     {"Представитель Кремля": "Dmitry Peskov"}),
    # no holder named before; a name after the title; a title in the genitive of another
    ("Глава российского МИД осудил удары Израиля.", {}),
    ("Президент Украины Владимир Зеленский провел брифинг.", {}),
    ("Владимир Путин выступил. Пресс-секретарь президента РФ Дмитрий Песков пояснил его слова.",
     {"его": "Vladimir Putin"}),
    # an agency is no unknown fund (the last subject); a country no unknown island named nearer
    ("Минобороны России обвинило фонд «Светлый путь» в финансировании диверсий. Фонд «Светлый "
     "путь» эти обвинения отверг. В ведомстве настаивают, что проверка продолжится.",
     {"ведомстве": "Russian Ministry of Defence"}),
    ("Учения прошли у берегов Эстонии в районе острова Вайндлоо, сообщили в Силах обороны "
     "страны.", {"страны": "Estonia"}),
    # an alliance is a known bloc before an unknown fund
    ("Венгрия и Словакия остаются членами НАТО. Будапешт заблокировал транш из Европейского "
     "фонда мира. Ни Будапешт, ни Братислава из альянса выходить не собираются.",
     {"альянса": "NATO"}),
    # "Лисицына" reads as a woman's name, his nominative "Артем Лисицын" does not (he is
    # named by the article's own form, the nominative occurring nowhere in it)
    ("Адвокат Олег Журавлев выступил в суде. «Мемориал» признал Артема Лисицына "
     "политзаключенным и потребовал его освобождения.", {"его": "Артема Лисицына"}),
    # a title over an office names its holder: a head of government, a foreign minister
    ("Премьер-министр Грузии Ираклий Кобахидзе выступил в парламенте. Глава кабмина "
     "подчеркнул, что правительство не уступит.", {"Глава кабмина": "Irakli Kobakhidze"}),
    ("Лавров и Сибига выступили в ООН. Глава российской дипломатии обвинил Киев.",
     {"Глава российской дипломатии": "Sergey Lavrov"}),
    # a thing named by an inanimate noun ("назвав его нарушением") is no person
    ("Ким Чен Ын посетил Москву. Сеул и Токио осудили сотрудничество Москвы и Пхеньяна, назвав "
     "его нарушением резолюций Совбеза ООН.", {}),
    # the pronoun attributing a quote is not a person named inside it; "из них" is partitive
    ("Мария Захарова раскритиковала власти Молдавии. «Кишинев под руководством Майи Санду "
     "уничтожает все связи с Россией», — сказала она.", {"она": "Maria Zakharova"}),
    ("Александр Лукашенко посетил полигон. По его словам, часть из них работает инструкторами "
     "в белорусской армии.", {"его": "Alexander Lukashenko"}),
])
def test_titles_descriptions_and_pronouns_resolve_as_written(nlp: Pipeline, text: str,
                                                             expected: dict[str, str]) -> None:
    assert corefs(nlp, text) == expected
