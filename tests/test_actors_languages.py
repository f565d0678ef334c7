"""Actors in languages other than English: the name finder (no English NER there),
Ukrainian case forms and Bulgarian article forms of KB names, and the analysis summary's
per-language claims and notice."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rashomon.doc import Doc
from rashomon.registry import Pipeline


def _mentions(text: str, lang: str, names: tuple[str, ...] = ("sentences", "gazetteer", "parse", "entities")) -> Doc:
    return Pipeline(list(names))(Doc("t", text, language=lang))


def by_text(doc: Doc) -> dict[str, tuple[str, str, str | None]]:
    return {m.text: (m.actor, m.name, m.type) for m in doc.mentions}


def test_portuguese_unknown_people_and_organisations_are_found() -> None:
    doc = _mentions("O ministro Duarte Cordeiro criticou o grupo Climáximo em Lisboa. "
                    "Segundo a Engajamundo, a Climáximo vai protestar.", "pt")
    got = by_text(doc)
    assert got["Duarte Cordeiro"][0] == "unk:duarte cordeiro"
    assert got["Duarte Cordeiro"][2] == "person"
    assert "Climáximo" in got and "Engajamundo" in got
    assert "Segundo" not in got  # a capitalised sentence opener
    assert not any(m.text == "Lisboa" and m.kind == "ner" for m in doc.mentions)  # "em Lisboa"


def test_name_finder_does_not_run_on_english() -> None:
    doc = _mentions("Duarte Cordeiro met Climáximo.", "en", ("sentences", "gazetteer", "entities"))
    assert not any(m.kind == "ner" for m in doc.mentions)  # no parse, no NER, no finder


def test_russian_unknown_names_in_the_nominative_and_surnames_joined() -> None:
    doc = _mentions("Сергей Цеков выступил в Совете Федерации. Позже Цекова поддержали коллеги.",
                    "ru")
    people = [m for m in doc.mentions if m.type == "person"]
    assert {m.name for m in people} == {"Сергей Цеков"}
    assert len({m.actor for m in people}) == 1 and len(people) == 2


def test_a_russian_name_with_its_acronym_in_brackets_is_one_actor() -> None:
    got = by_text(_mentions("Национальная служба разведки (НСР) Южной Кореи сообщила о пуске. "
                            "По оценке НСР, ракета упала в море.", "ru"))
    assert got["Национальная служба разведки (НСР)"][:2] == got["НСР"][:2] == (
        "unk:национальная служба разведки", "Национальная служба разведки")
    # an acronym the KB knows is the KB actor, the name before it no other
    got = by_text(_mentions("Организация Договора о безопасности (ОДКБ) провела учения.", "ru"))
    assert got == {"ОДКБ": ("rsh:csto", "Collective Security Treaty Organization", got["ОДКБ"][2])}


def test_gazprom_neft_is_not_gazprom() -> None:
    got = by_text(_mentions("«Газпром» и «Газпром нефть» подписали соглашение. В «Газпром нефти» "
                            "это подтвердили.", "ru", ("sentences", "gazetteer")))
    assert got["Газпром нефть"][1] == got["Газпром нефти"][1] == "Gazprom Neft"
    assert got["«Газпром»"][1] == "Gazprom"


def test_justice_ministries_and_prosecutors_are_their_states_and_bare_ones_russias() -> None:
    def names(text: str) -> list[str]:
        return [m.name for m in _mentions(text, "ru", ("sentences", "gazetteer")).mentions]

    assert names("Минюст Украины отказал в регистрации.") == ["Ukrainian Justice Ministry"]
    assert names("Генпрокуратура Молдавии возбудила дело.") == ["Moldovan Prosecutor General's Office"]
    assert names("Минюст внес издание в реестр.") == ["Russian Ministry of Justice"]
    assert names("Генпрокуратура признала НКО нежелательной.")[0] == "Prosecutor General's Office of Russia"
    doc = _mentions("Ukraine's Justice Ministry refused.", "en", ("sentences", "gazetteer"))
    assert [m.name for m in doc.mentions] == ["Ukrainian Justice Ministry"]


def test_the_nominative_adds_no_yo_the_writer_did_not_write() -> None:
    from rashomon.nlp.actors.names import nominative

    assert nominative("Артема Лисицына") == "Артем Лисицын"  # pymorphy: "артём"
    assert nominative("Артёма Лисицына") == "Артём Лисицын"


def test_the_nominative_reads_the_gender_the_surname_agrees_with() -> None:
    from rashomon.nlp.actors.names import nominative

    # "Евгения" is a woman's name in the nominative or a man's in the genitive; an
    # indeclinable surname in the nominative decides it
    assert nominative("Евгения Альбац") == "Евгения Альбац"
    assert nominative("Евгения Гуцул") == "Евгения Гуцул"  # "гуцул": a common noun too
    assert nominative("Марии Захаровой") == "Мария Захарова"
    # no vocative readings: "Бадром" is no form of a "Бадрома"
    assert nominative("Бадром Абдель Ати") == "Бадром Абдель Ати"


def test_russian_sentence_opener_is_no_name_but_a_name_there_is() -> None:
    doc = _mentions("Делегация Исламской Республики Иран прибыла. Атаки Исламского государства "
                    "продолжились. Сергей Цеков выступил.", "ru")
    got = by_text(doc)
    assert "Делегация" not in got and "Атаки" not in got  # common nouns opening a sentence
    assert got["Исламской Республики Иран"][1] == "Iran"
    assert got["Сергей Цеков"][2] == "person"  # a name opening a sentence stays


def test_hindi_name_after_a_title() -> None:
    doc = _mentions("राष्ट्रपति वादिम क्रासिकोव ने कहा कि यह गलत है।", "hi")
    assert any(m.text == "वादिम क्रासिकोव" and m.type == "person" for m in doc.mentions)


def test_ukrainian_case_forms_resolve_to_kb_actors() -> None:
    doc = _mentions("Зустріч із Володимиром Зеленським відбулася. Україною керують. "
                    "Сполученим Штатам Америки це не сподобалося.", "uk", ("sentences", "gazetteer"))
    got = {m.text: m.name for m in doc.mentions}
    assert got["Володимиром Зеленським"] == "Volodymyr Zelensky"
    assert got["Україною"] == "Ukraine"
    assert got["Сполученим Штатам Америки"] == "United States"


def test_bulgarian_article_forms_resolve_and_plain_words_do_not() -> None:
    doc = _mentions("Кремълът заяви, че Украйната и Европейският съюз грешат. Масата е бяла.",
                    "bg", ("sentences", "gazetteer"))
    got = {m.text: m.name for m in doc.mentions}
    assert got.get("Кремълът") == "Russia"
    assert got.get("Украйната") == "Ukraine"
    assert got.get("Европейският съюз") == "European Union"
    assert "Масата" not in got


def test_inflect_rules() -> None:
    from rashomon.nlp.actors.inflect import bulgarian, ukrainian

    assert "Сполучених Штатів Америки" in ukrainian("Сполучені Штати Америки")
    assert ukrainian("НАТО") == []
    assert bulgarian("Путин", person=True) == []
    assert bulgarian("Украйна") == ["Украйната"]


def test_summary_counts_claims_per_language_and_names_the_missing_ones() -> None:
    from rashomon.engine.local import Summary

    s = Summary()
    s.count_languages([Doc("a", "x", language="en"), Doc("b", "y", language="pt"),
                       Doc("c", "z", language="pt"), Doc("d", "w", language="ru")])
    rows = dict(s.rows())
    assert rows["  claims in pt (2 docs)"] == 0
    notice = s.no_claim_model()
    assert notice is not None and "2 documents" in notice and "pt 2" in notice
    assert "(pt 2)" in notice and "ru " not in notice and "en " not in notice
    only = Summary()
    only.count_languages([Doc("a", "x", language="en"), Doc("d", "w", language="ru")])
    assert only.no_claim_model() is None


def test_analyze_prints_one_notice_for_languages_without_claims(tmp_path: Path) -> None:
    from rashomon.cli.main import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pt.txt").write_text(
        "Language: pt\n\nO governo de Portugal criticou a Espanha ontem.\n", encoding="utf-8")
    (tmp_path / "in" / "en.txt").write_text(
        "Language: en\n\nRussia supplies weapons to Syria.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "in"), "--db",
                                   str(tmp_path / "x.duckdb"), "--workers", "1",
                                   "--components", "sentences,gazetteer,claims"])
    assert res.exit_code == 0, res.output
    out = res.output
    assert out.count("notice: no claims extracted") == 1
    assert "(pt 1)" in out
    assert "claims in en" in out and "claims in pt" in out
