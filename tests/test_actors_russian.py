"""Russian actor resolution in the gazetteer: state adjectives in every case before
armed-forces and government nouns, institution and sector nouns before or after a state,
multi-word names in every case, lower-case demonym forms."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.inflect import russian_adjective, russian_phrase
from rashomon.registry import Pipeline


def _found(text: str) -> dict[str, tuple[str, str]]:
    doc = Pipeline(["sentences", "gazetteer"])(Doc("t", text, language="ru"))
    return {m.text: (m.actor, m.name) for m in doc.mentions}


def test_adjective_forms_and_phrases_in_every_case() -> None:
    forms = russian_adjective("российский")
    assert {"российских", "российской", "российскими", "российскую"} <= set(forms)
    assert russian_adjective("Россия") == []  # a noun: no adjective forms
    assert {"Белого дома", "Белом доме", "Белым домом"} <= set(russian_phrase("Белый дом"))
    assert "Белого дом" not in russian_phrase("Белый дом")  # inanimate accusative
    assert "Владимира Путина" in russian_phrase("Владимир Путин", person=True)
    assert "Южной Кореи" in russian_phrase("Южная Корея")
    # the genitive complement stays as it is
    assert "Министерством обороны Украины" in russian_phrase("Министерство обороны Украины")


@pytest.mark.parametrize("text,span,actor", [
    ("Российские войска нанесли удар.", "Российские войска", "Q159"),
    ("Колонна российской армии вошла в город.", "российской армии", "Q159"),
    ("Киевский режим продолжает обстрелы.", "Киевский режим", "Q212"),
    ("Против этого выступили французские власти.", "французские власти", "Q142"),
    ("Удары ВСУ не прекращаются.", "ВСУ", "Q212"),
    ("Об этом сообщили в Белом доме.", "Белом доме", "Q30"),
    ("Иран поставляет оружие хуситам.", "хуситам", "rsh:houthis"),
    # units, crews and services of the armed forces are the state too
    ("Российские миротворцы покинули Карабах.", "Российские миротворцы", "Q159"),
    ("Украинские подразделения отошли от Торецка.", "Украинские подразделения", "Q212"),
    ("По хуситам ударили американские ВВС.", "американские ВВС", "Q30"),
    ("Цель сбила украинская ПВО.", "украинская ПВО", "Q212"),
    ("Израильские военно-воздушные силы атаковали порт.",
     "Израильские военно-воздушные силы", "Q801"),
    ("Удар нанесли ВКС России.", "ВКС России", "Q159"),
    ("ВМС Украины атаковали катер.", "ВМС Украины", "Q212"),
    ("Нацбатальоны обстреляли город.", "Нацбатальоны", "Q212"),
    # a bloc's members, a service's seat, a parliament's deputies
    ("Натовцы помогают Киеву.", "Натовцы", "Q7184"),
    ("По данным Лубянки, агент задержан.", "Лубянки", "rsh:fsb"),
    ("Евродепутаты призвали ввести санкции.", "Евродепутаты", "Q8889"),
    # descriptions of states, blocs and Europe
    ("Западные кураторы Киева требуют новых атак.", "Западные кураторы", "rsh:the_west"),
    ("Об этом заявили западные политики.", "западные политики", "rsh:the_west"),
    ("Оружие передали западным партнёрам Киева.", "западным партнёрам", "rsh:the_west"),
    ("Западные санкции ударили по экономике.", "Западные", "rsh:the_west"),
    ("Европа ввела новые санкции.", "Европа", "Q458"),
    ("Москва ответила европейцам.", "европейцам", "Q458"),
    ("Против выступили европейские политики.", "европейские политики", "Q458"),
    ("Европейские страны осудили удар.", "Европейские страны", "Q458"),
    ("Вашингтонские ястребы давят на Москву.", "Вашингтонские ястребы", "Q30"),
    ("Японские милитаристы снова вооружаются.", "Японские милитаристы", "Q17"),
    ("Об этом мечтают англосаксы.", "англосаксы", "rsh:the_west"),
    ("Брюссельские бюрократы ввели пошлины.", "Брюссельские бюрократы", "Q458"),
    ("Эквадорские военные задержали судно.", "Эквадорские военные", "Q736"),
    ("Угандийские войска вошли в Конго.", "Угандийские войска", "Q1036"),
    ("Эмираты финансируют боевиков.", "Эмираты", "Q878"),
    ("Сионистский режим наносит удары.", "Сионистский режим", "Q801"),
    ("Банковая промолчала.", "Банковая", "Q212"),
    ("Рашисты бросили в бой штурмовые группы.", "Рашисты", "Q159"),
    ("Без натовских кураторов рейд бы не состоялся.", "натовских кураторов", "Q7184"),
    ("Натовские инструкторы обучают военных.", "Натовские инструкторы", "Q7184"),
    # a state's body with the state in the genitive is that body, not the state
    ("Минюстом России внесен в реестр.", "Минюстом России", "rsh:justice_ministry_russia"),
    ("Задержание провёл ГКНБ Киргизии.", "ГКНБ Киргизии", "rsh:gknb_kyrgyzstan"),
])
def test_russian_phrases_that_name_a_state_or_group(text: str, span: str, actor: str) -> None:
    assert _found(text).get(span, ("", ""))[0] == actor


def test_an_adjective_on_a_thing_is_no_actor_but_an_action_names_its_doer() -> None:
    got = _found("Российские корабли вошли в порт.")
    assert not any(a == "Q159" for a, _ in got.values())  # "Russian ships" is no actor
    got = _found("Российская агрессия против Украины продолжается.")
    assert got.get("Российская", ("", ""))[0] == "Q159"  # the doer of "агрессия"
    assert got.get("Украины", ("", ""))[0] == "Q212"
    got = _found("Американские военные корабли вошли в Черное море.")
    assert got.get("Американские военные корабли", ("", ""))[0] == "Q30"  # warships
    # a military district is no actor; "российские военные" (the military) still are
    got = _found("Командующий Западным военным округом и российские военные прибыли.")
    assert not any(a == "rsh:the_west" for a, _ in got.values())
    assert got.get("российские военные", ("", ""))[0] == "Q159"


def test_institutions_named_before_or_after_the_state() -> None:
    got = _found("МИД Белоруссии осудил Литву, а министерство обороны Китая промолчало.")
    assert got["МИД Белоруссии"][0] == "rsh:foreign_ministry:Q184"
    assert got["министерство обороны Китая"][0] == "rsh:defence_ministry:Q148"
    assert got["Литву"][0] == "Q37"
    got = _found("Это подтвердили источники в американской разведке.")
    assert got["американской разведке"][0] == "rsh:intelligence:Q30"
    # a known institution keeps its KB entry
    assert _found("МИД России выступил с заявлением.")["МИД России"][0] == "rsh:russian_mfa"


def _entities(text: str) -> dict[str, tuple[str, str]]:
    doc = Pipeline(["sentences", "gazetteer", "parse", "entities"])(Doc("t", text, language="ru"))
    return {m.text: (m.actor, m.type) for m in doc.mentions}


def test_named_and_numbered_formations_are_their_own_actors() -> None:
    found = _entities("Войска группировки «Запад» нанесли удар по позициям 56-й "
                      "мотопехотной бригады ВСУ.")
    assert found["группировки «Запад»"] == ("unk:группировка запад", "agency")
    assert "Запад" not in found  # not the West
    assert found["56-й мотопехотной бригады"][1] == "agency"
    assert found["ВСУ"][0] == "Q212"
    # the same formation in another case is the same actor; a number and a quoted name join
    again = _entities("Подразделения группировкой «Запад» и 214-го отдельного батальона "
                      "«Опфор» атаковали.")
    assert again["группировкой «Запад»"][0] == "unk:группировка запад"
    assert "214-го отдельного батальона «Опфор»" in again
    # a quoted KB group keeps its actor; a number before an ordinary noun is no formation
    assert "Azov" in Pipeline(["sentences", "gazetteer", "parse", "entities"])(
        Doc("t", "Бойцы полка «Азов» вышли из города.", language="ru")).mentions[0].name
    assert not any("2014" in m for m in _entities("В 2014 году Россия присоединила Крым."))
    assert not any("бригад" in m for m in _entities("НАТО развернёт 4 бригады в Литве."))
    assert "201-я военная база" in _entities("Российская 201-я военная база усилила охрану.")
    # an army grouping's name is not broken by a wider unknown name the NER found over it
    army = _entities("Подразделения группировки войск «Центр» продвинулись.")
    assert army == {"группировки войск «Центр»": ("unk:группировка центр", "agency")}
    # an armed group is its quoted name: the bare name later is the same actor
    group = Pipeline(["sentences", "gazetteer", "parse", "entities"])(Doc(
        "t", "Боевики группировки «Аль-Фаджр аль-Джадид» атаковали аэропорт. Позже "
        "Аль-Фаджр аль-Джадид взяла на себя ответственность.", language="ru")).mentions
    assert [(m.text, m.actor) for m in group] == [("Аль-Фаджр аль-Джадид", "unk:аль-фаджр аль-джадид")] * 2


def test_adjectives_in_tsky_are_adjectives_not_demonyms() -> None:
    """"немецкий", "турецкий" (Ukrainian "німецький") end in -цкий: adjectives, so "Немецкий
    концерн" names no actor (they were read as the collective "немцы")."""
    from rashomon.nlp.actors.gazetteer import form_tables
    from rashomon.nlp.actors.kb import load_kb

    lower = form_tables(load_kb())[0]
    for form, actor in (("немецкий", "Q183"), ("турецкий", "Q43"), ("німецький", "Q183"),
                        ("турецкой", "Q43")):
        assert any(f.actor == actor and f.field == "adjective" for f in lower[form]), form
    assert any(f.actor == "Q183" and f.field == "demonym" for f in lower["немцы"])
    assert not any(a == "Q183" for a, _ in _found("Немецкий концерн Rheinmetall поставит снаряды.").values())
    assert _found("Турецкие войска вошли в Сирию.").get("Турецкие войска", ("", ""))[0] == "Q43"


@pytest.mark.parametrize("text,span,actor", [
    ("Российский президент Владимир Путин провёл переговоры.", "Российский", "Q159"),
    ("Эстонский премьер Кая Каллас раскритиковала Москву.", "Эстонский", "Q191"),
    ("Турецкий министр иностранных дел Хакан Фидан прибыл в Баку.", "Турецкий", "Q43"),
    ("Встреча с украинским президентом Зеленским прошла в Париже.", "украинским", "Q212"),
    ("Оппозиция обвинила российского президента Владимира Путина.", "российского", "Q159"),
    # "премьера" is first read as a premiere; the adjective's case picks the premier
    ("Встреча японского премьера Сигэру Исибы прошла в Токио.", "японского", "Q17"),
])
def test_a_state_adjective_on_a_title_with_a_named_holder_is_the_state(
        text: str, span: str, actor: str) -> None:
    assert _found(text).get(span, ("", ""))[0] == actor


def test_a_state_adjective_on_a_title_without_a_name_or_on_a_thing_is_no_actor() -> None:
    assert not any(a == "Q30" for a, _ in _found("Американский президент заявил о санкциях.").values())
    assert not any(a == "Q159" for a, _ in _found("Российские суда вошли в порт.").values())
    assert not any(a == "Q159" for a, _ in _found("Российский лидер заявил Путину о планах.").values())
    assert not any(a == "Q30" for a, _ in _found("Американская премьера фильма Кристофера Нолана прошла.").values())
    # armed forces and diplomats as a body stay the state
    assert _found("Российские дипломаты покинули Лондон.").get("Российские дипломаты", ("", ""))[0] == "Q159"


def _resolved(text: str) -> dict[str, str]:
    """Each mention's text -> its actor's name, after "entities" (no coreference)."""
    pre = Pipeline(["sentences", "gazetteer", "parse", "entities"], config={"entities": {"coref": False}})
    return {m.text: m.name for m in pre(Doc("t", text, language="ru")).mentions}


def test_western_places_and_policies_are_no_actor() -> None:
    for text in ("В западных районах страны объявили тревогу.", "Западная политика изменилась.",
                 "На западном направлении тихо.", "Европейская безопасность под угрозой."):
        assert _found(text) == {}, text
    # a name that holds "Европа" stays that name
    got = _found("Об этом сообщило Радио Свободная Европа.")
    assert [n for _, n in got.values()] == ["Radio Free Europe/Radio Liberty"]


def test_a_balance_is_no_saldo() -> None:
    assert _found("Сальдо торгового баланса выросло.") == {}  # the word, not Vladimir Saldo


def test_special_services_are_the_states_intelligence() -> None:
    found = _found("Российские спецслужбы и спецслужбы Франции стоят за этим.")
    assert found["Российские спецслужбы"][1] == "Russian intelligence"
    assert found["спецслужбы Франции"][1] == "French intelligence"


@pytest.mark.parametrize("text,span,name", [
    ("Ушаков заявил, что переговоры продолжатся.", "Ушаков", "Yuri Ushakov"),
    ("По словам Гладкова, пострадали трое.", "Гладкова", "Vyacheslav Gladkov"),
    ("Владимир Сальдо заявил об эвакуации.", "Владимир Сальдо", "Vladimir Saldo"),
    ("Медведчук выступил с обращением.", "Медведчук", "Viktor Medvedchuk"),
    ("Встреча с Токаевым прошла в Астане.", "Токаевым", "Kassym-Jomart Tokayev"),
    ("Мирзиёев подписал указ.", "Мирзиёев", "Shavkat Mirziyoyev"),
    ("Жапаров и Рахмон договорились о границе.", "Жапаров", "Sadyr Japarov"),
    ("Секретарь Совбеза выступил с заявлением.", "Совбеза", "Security Council of Russia"),
    ("СК возбудил уголовное дело.", "СК", "Investigative Committee of Russia"),
    ("Латвийская СГБ задержала гражданина.", "Латвийская СГБ", "Latvian State Security Service"),
])
def test_kb_people_and_offices_in_russian(text: str, span: str, name: str) -> None:
    assert _resolved(text).get(span) == name


def test_an_unknown_surname_stays_unknown_and_the_un_council_stays_the_uns() -> None:
    found = _resolved("Петренко заявил, что Совбез ООН соберётся.")
    assert found["Петренко"] == "Петренко"
    assert found["Совбез ООН"] == "UN Security Council"


def test_latin_names_inside_russian_text() -> None:
    found = _resolved("Журналист Iran International сообщил, что KAPO и банда Tren de Aragua "
                      "ни при чём, а истребители J-10C и гаубицы M777 — лишь техника.")
    assert found["Iran International"] == "Iran International"  # a channel, not Iran
    assert found["KAPO"] == "KAPO" and found["Tren de Aragua"] == "Tren de Aragua"
    assert not any(k in found for k in ("Iran", "J-10C", "M777"))
    # a KB name written in Latin script keeps its KB actor
    assert _resolved("Об этом написал Donald Trump.")["Donald Trump"] == "Donald Trump"


def test_a_state_adjective_on_a_thing_stays_no_actor() -> None:
    assert _found("Эквадорские бананы подорожали, а перуанская кухня популярна.") == {}


def test_a_form_of_another_cyrillic_language_is_not_matched() -> None:
    # "Кубата" is the Bulgarian "the Cuba"; in Russian it is a name's genitive
    ru = Pipeline(["sentences", "gazetteer"])(Doc("t", "Он встретил Кубата Оторбаева.", language="ru"))
    assert not any(m.actor == "Q241" for m in ru.mentions)
    bg = Pipeline(["sentences", "gazetteer"])(Doc("t", "Кубата отговори на САЩ.", language="bg"))
    assert [m.actor for m in bg.mentions][:1] == ["Q241"]
    # Russian forms listed in Russian still match: "Куба", "Кубы"
    assert _found("Куба ответила, а у Кубы есть союзники.")["Кубы"][0] == "Q241"


def test_positions_bases_and_embassies_are_the_states() -> None:
    got = _found("Азербайджанские снайперы стреляли по армянским позициям, а дроны атаковали "
                 "американскую базу; российское посольство выразило протест.")
    assert got["армянским позициям"][0] == "Q399"
    assert got["американскую базу"][0] == "Q30"
    assert got["российское посольство"][0] == "Q159"


def test_a_states_position_is_no_actor_its_positions_are() -> None:
    assert _found("Российская позиция не изменилась.") == {}
    assert _found("ВСУ обстреляли российские позиции.")["российские позиции"][0] == "Q159"


def test_a_latin_or_quoted_name_after_a_weapon_or_craft_word_is_that_thing() -> None:
    """"ракеты Storm Shadow", "танкер Sea Falcon": a thing's name, no actor; an owner the KB
    knows stays ("самолёта AZAL", "танкер «Совкомфлота»"), and so does a Cyrillic possessor."""
    got = _resolved("Лондон поставил ракеты Storm Shadow, а Анкара — беспилотники Bayraktar.")
    assert list(got.values()) == ["United Kingdom", "Turkey"]
    assert list(_resolved("Ответственность за атаку на танкер Sea Falcon взяли хуситы.").values()) \
        == ["Houthis"]
    assert "Azerbaijan Airlines" in _resolved("Баку обвинил Россию в гибели самолёта AZAL.").values()
    assert "Sovcomflot" in _resolved("Эстония задержала в Финском заливе танкер «Совкомфлота».").values()
    assert "KAPO" in _resolved("Полиция Эстонии и KAPO задержали двоих.").values()


def test_a_full_name_takes_its_surname_back_from_a_non_person() -> None:
    """"Тереза Кайиквамба Вагнер" is a minister, not the Wagner Group; "Замир Кабулов" is no
    case of "Кабул"; a common word before a name makes no full name ("Обвинённый
    Брюсселем"), and the group stays the group before a person's name."""
    got = _resolved("Министр иностранных дел ДРК Тереза Кайиквамба Вагнер обвинила Руанду.")
    assert got["Тереза Кайиквамба Вагнер"] == "Тереза Кайиквамба Вагнер"
    assert "Wagner Group" not in got.values()
    got = _resolved("Спецпредставитель президента по Афганистану Замир Кабулов заявил это.")
    assert got["Замир Кабулов"] == "Замир Кабулов"
    assert _resolved("Обвинённый Брюсселем Будапешт ответил.")["Брюсселем"] == "European Union"
    assert _resolved("Основатель группы Вагнер Евгений Пригожин погиб.")["Вагнер"] == "Wagner Group"
    assert _resolved("ВС РФ нанесли удар.")["ВС РФ"] == "Russia"
    assert _resolved("Переговоры прошли в Кампале.")["Кампале"] == "Uganda"


@pytest.mark.parametrize(("text", "name"), [
    # a name never crosses a line break (a headline before it)
    ("ТОМСК: ГОСИЗМЕНА\n\nСоветский районный суд Томска арестовал активиста.", "Советский районный суд"),
    # an opened guillemet closes within the name
    ("Эксперт Центра энергетической дипломатии «Евразийский вектор» Дарья Кондрашова согласна.",
     "Центра энергетической дипломатии «Евразийский вектор»"),
])
def test_a_name_is_one_line_with_its_guillemets_paired(text: str, name: str) -> None:
    assert name in _entities(text)
