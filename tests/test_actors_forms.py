"""Which actor a surface form names in the shipped KB: Russian plural demonyms and nouns in
every case, a generated case form never taking another actor's own name, the EU by its seat
in Russian, a bare "Минобороны" as Russia's, a state's armed forces as the state (the claim
spec's convention)."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.actors.inflect import russian_noun
from rashomon.registry import Pipeline


def _found(text: str, language: str) -> dict[str, str]:
    doc = Pipeline(["sentences", "gazetteer"])(Doc("t", text, language=language))
    return {m.text: m.name for m in doc.mentions}


def test_russian_nouns_inflect_in_their_own_number() -> None:
    assert {"американцев", "американцам", "американцами"} <= set(russian_noun("американцы"))
    assert "американец" not in russian_noun("американцы")  # one American is no collective
    assert "бундесвера" in russian_noun("бундесвер")
    assert russian_noun("Россия") == [] and russian_noun("российский") == []


@pytest.mark.parametrize("text,span,name", [
    ("По словам американцев, Киев готовит наступление.", "американцев", "United States"),
    ("Москва передала россиянам ноту протеста.", "россиянам", "Russia"),
    ("Учения бундесвера прошли в Литве.", "бундесвера", "Germany"),
    ("Багдад осудил удар по Ирану.", "Багдад", "Iraq"),
    ("Соратники Багдади скрылись.", "Багдади", "Abu Bakr al-Baghdadi"),
    ("Брюссель давит на Будапешт.", "Брюссель", "European Union"),
    ("Орбан поспорил с Брюсселем.", "Брюсселем", "European Union"),
    ("ЦАХАЛ нанес удар по Газе.", "ЦАХАЛ", "Israel"),
    # pro-Kremlin names for Ukraine's forces are Ukraine (armed forces are the state)
    ("Украинские неонацисты обстреляли Донецк.", "Украинские неонацисты", "Ukraine"),
    ("Боевики ВСУ обстреляли Горловку.", "Боевики ВСУ", "Ukraine"),
    ("Удары по позициям бандеровцев продолжаются.", "бандеровцев", "Ukraine"),
    ("Сирийские боевики атаковали Алеппо.", "Сирийские боевики", "Syrian militants"),
    ("Кигали обвинил Киншасу в поддержке повстанцев.", "Кигали", "Rwanda"),  # capitals
    ("В Маниле заявили протест Пекину.", "Маниле", "Philippines"),
    # bare, the ministry is Russia's in Russian news; with a state, that state's
    ("Минобороны сообщило о перехвате дронов.", "Минобороны", "Russian Ministry of Defence"),
    ("Минобороны Армении сообщило о перестрелке.", "Минобороны Армении", "Armenian Defence Ministry"),
    ("Об этом сообщили в Минобороны Казахстана.", "Минобороны Казахстана", "Kazakh Defence Ministry"),
])
def test_russian_forms(text: str, span: str, name: str) -> None:
    assert _found(text, "ru")[span] == name


def test_coordinated_state_adjectives_each_name_their_state() -> None:
    found = _found("Американские и британские ВВС нанесли удары.", "ru")
    assert found == {"Американские": "United States", "британские ВВС": "United Kingdom"}
    found = _found("Российские и белорусские военные провели учения.", "ru")
    assert found == {"Российские": "Russia", "белорусские военные": "Belarus"}
    assert _found("Российские и китайские компании торгуют.", "ru") == {}  # no actor noun


def test_a_venue_is_no_actor_in_russian_either() -> None:
    doc = Pipeline(["sentences", "gazetteer", "parse", "entities"])(Doc(
        "t", "Террористы напали на «Крокус Сити Холл», заявил Вячеслав Володин.", language="ru"))
    names = {m.name for m in doc.mentions}
    assert "Вячеслав Володин" in names or "Vyacheslav Volodin" in names
    assert not any("Крокус" in n for n in names)


def test_a_bare_ministry_in_ukrainian_is_ukraines() -> None:
    assert _found("Міноборони повідомило про збиті дрони.", "uk")["Міноборони"] == (
        "Ukrainian Ministry of Defence")


def test_a_states_armed_forces_are_the_state_but_a_named_unit_is_not() -> None:
    found = _found("The IDF said Unit 8200 and the People's Liberation Army were not involved, "
                   "and the PLA Eastern Theater Command held drills.", "en")
    assert found["IDF"] == "Israel"
    assert found["Unit 8200"] == "Unit 8200"
    assert found["People's Liberation Army"] == "China"
    assert found["PLA Eastern Theater Command"] == "PLA Eastern Theater Command"
