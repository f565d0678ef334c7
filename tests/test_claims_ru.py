"""Russian claims: rules (triggers, negation, hedging, attribution), the pair model, and
the claims component's dispatch by document language."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.doc import Claim, Doc
from rashomon.errors import UserError
from rashomon.registry import Pipeline


def _doc(text: str) -> Doc:
    return Pipeline(["sentences", "gazetteer"])(Doc("ru", text, language="ru"))


def rules(text: str) -> list[Claim]:
    from rashomon.nlp.claims.ru.extract import RussianClaims

    doc = RussianClaims(use_model=False).extract(_doc(text))
    for c in doc.claims:
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text
        assert c.extractor == "rules-ru"
    return doc.claims


def find(claims: list[Claim], s: str, rel: str, o: str) -> Claim:
    got = [c for c in claims if (c.subject, c.relation, c.object) == (s, rel, o)]
    assert got, [(c.subject, c.relation, c.object) for c in claims]
    return got[0]


def test_verb_trigger_with_dative_object_and_trailing_speaker() -> None:
    c = find(rules("Россия поставляет оружие Сирии, заявил Сергей Лавров."),
             "Russia", "support", "Syria")
    assert not c.negated and not c.hedged
    assert c.source == "Sergey Lavrov"


def test_negation_by_particle_and_by_refusal() -> None:
    assert find(rules("Москва не поставляла оружие Ирану."), "Russia", "support", "Iran").negated
    assert find(rules("Германия отказалась поставлять оружие Украине."),
                "Germany", "support", "Ukraine").negated
    assert not find(rules("Германия поставляет оружие Украине."),
                    "Germany", "support", "Ukraine").negated


def test_denial_negates_and_attributes_to_the_denier() -> None:
    c = find(rules("Иран опроверг, что поставлял оружие России."), "Iran", "support", "Russia")
    assert c.negated and c.source == "Iran"


def test_hedges() -> None:
    assert find(rules("Россия якобы атаковала Украину."), "Russia", "attack", "Ukraine").hedged
    assert find(rules("Китай, по всей видимости, поддерживает Россию."),
                "China", "support", "Russia").hedged
    assert not find(rules("Китай поддерживает Россию."), "China", "support", "Russia").hedged


def test_attribution_phrases() -> None:
    c = find(rules("По словам Зеленского, Россия атаковала Украину."), "Russia", "attack", "Ukraine")
    assert c.source == "Volodymyr Zelensky"
    c = find(rules("В Кремле заявили, что Украина атаковала Россию."), "Ukraine", "attack", "Russia")
    assert c.source == "Russia"
    c = find(rules("Китай поддерживает Россию, как сообщает Рейтер."), "China", "support", "Russia")
    assert c.source == "Reuters"


def test_light_verb_noun_trigger_and_preposition_object() -> None:
    find(rules("Израиль нанес удар по Ирану."), "Israel", "attack", "Iran")
    find(rules("Путин провел переговоры с Си Цзиньпином."), "Vladimir Putin", "cooperate", "Xi Jinping")


def test_no_claim_without_a_relation() -> None:
    assert rules("Россия и Китай расположены в Азии.") == []
    assert rules("В Москве и Пекине прошел дождь.") == []


def test_lexicon_with_a_bad_relation_is_a_user_error(tmp_path) -> None:
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon

    bad = tmp_path / "lex.yaml"
    bad.write_text("verbs:\n  дружить: {relation: friends}\n", encoding="utf-8")
    with pytest.raises(UserError):
        load_ru_lexicon(str(bad))


def test_claims_component_dispatches_russian_documents() -> None:
    pipe = Pipeline(["sentences", "gazetteer", "parse", "entities", "claims"])
    ru = pipe(Doc("r", "Россия поставляет оружие Сирии.", language="ru"))
    assert ("Russia", "support", "Syria") in {(c.subject, c.relation, c.object) for c in ru.claims}
    assert all(c.extractor.endswith("-ru") for c in ru.claims)
    en = pipe(Doc("e", "Russia supplies weapons to Syria.", language="en"))
    assert all(not c.extractor.endswith("-ru") for c in en.claims)


def test_shipped_pair_model_loads_and_gives_probabilities() -> None:
    from rashomon.nlp.claims.ru.extract import RussianClaims
    from rashomon.nlp.claims.ru.features import pair_features, pairs
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.model import load_model
    from rashomon.nlp.claims.ru.rules import View, candidates
    from rashomon.nlp.text.ruparse import parse_texts

    model = load_model()
    if model is None:
        pytest.skip("no ru_pairs.npz shipped")
    assert "none" in model.classes and model.meta.get("sentences", 0) > 0
    doc = _doc("Россия поставляет оружие Сирии.")
    view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
    ps = [pair_features(view, a, b, candidates(view)) for a, b in pairs(view)]
    probs = model.proba(ps)
    assert probs.shape == (1, len(model.classes))
    assert np.allclose(probs.sum(axis=1), 1.0)
    out = RussianClaims().extract(doc)
    for c in out.claims:
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_training_is_seeded_and_the_model_round_trips(tmp_path) -> None:
    from pathlib import Path

    from rashomon.nlp.claims.corpus import load_corpus
    from rashomon.nlp.claims.ru.extract import sentence_claims
    from rashomon.nlp.claims.ru.model import load_model
    from rashomon.nlp.claims.ru.train import corpus_score, fit, gold_rows, main, rows, views

    corpus = Path(__file__).parent / "fixtures" / "claims_ru_mini.jsonl"
    items = views(load_corpus([corpus]))
    a, b = fit(items, {}, "", 1.0, 13), fit(items, {}, "", 1.0, 13)
    assert a.classes == b.classes and np.array_equal(a.coef, b.coef)
    assert "none" in a.classes and "support>" in a.classes
    a.threshold, a.meta = 0.4, {"sentences": len(items)}
    a.save(tmp_path / "m.npz")
    back = load_model(tmp_path / "m.npz")
    assert back is not None and back.classes == a.classes and back.meta["sentences"] == 12
    pairs = [p for it in items for p in it.pairs]
    assert np.allclose(back.proba(pairs), a.proba(pairs), atol=1e-5)
    # fitted on these sentences, it reproduces most of their claims
    pred = [r for it in items for r in rows(it, sentence_claims(it.ex.text, it.view, 0, back))]
    got = corpus_score(pred, gold_rows(items), [it.ex.id for it in items])
    assert got["exact_f1"] > 0.7
    assert main(["--corpus", str(corpus), "--folds", "4"]) == 1  # too few sentences


def test_cross_validation_scores_a_subset_of_sentences_alone() -> None:
    from dataclasses import replace
    from pathlib import Path

    from rashomon.nlp.claims.corpus import load_corpus
    from rashomon.nlp.claims.ru.train import cross_validate, views

    corpus = Path(__file__).parent / "fixtures" / "claims_ru_mini.jsonl"
    items = [replace(it, group=f"g{k}") for k, it in enumerate(views(load_corpus([corpus])))]
    ids = [it.ex.id for it in items]

    def run(subset: frozenset[str]) -> dict:
        res, _ = cross_validate(items, items, 2, 13, ("",), ("given",), (1.0,),
                                log=lambda m: None, subset=subset)
        return next(r for r in res if r["variant"] == "features/given +rules" and r["threshold"] == 0.5)

    whole = run(frozenset(ids))
    assert whole["subset_exact_f1"] == whole["exact_f1"]  # every sentence: the same figure
    half = run(frozenset(ids[:6]))
    assert half["exact_f1"] == whole["exact_f1"] and "subset_exact_f1" in half
    assert "subset_exact_f1" not in run(frozenset())


def test_the_training_cache_is_read_only_by_the_code_that_wrote_it(tmp_path) -> None:
    import pickle

    from rashomon.nlp.claims.ru.train import Cache

    path = tmp_path / "cache.pkl"
    calls: list[list[str]] = []

    def compute(texts: list[str]) -> list[int]:
        calls.append(texts)
        return [len(t) for t in texts]

    assert Cache(str(path)).get("parse", ["ab", "c"], compute) == [2, 1]
    assert Cache(str(path)).get("parse", ["ab", "c"], compute) == [2, 1]
    assert len(calls) == 1  # the second run read the file
    with path.open("rb") as f:
        saved = pickle.load(f)
    saved["stamp"] = "other code"
    with path.open("wb") as f:
        pickle.dump(saved, f)
    assert Cache(str(path)).get("parse", ["ab", "c"], compute) == [2, 1]
    assert len(calls) == 2  # stale: computed again


def test_corpus_files_folds_grouped_by_block_and_pipeline_views(tmp_path) -> None:
    from pathlib import Path

    from rashomon.nlp.claims.corpus import load_corpus
    from rashomon.nlp.claims.ru.train import (
        BLOCK,
        corpus_files,
        folds_of,
        load_grouped,
        pipeline_views,
        views,
    )

    mini = Path(__file__).parent / "fixtures" / "claims_ru_mini.jsonl"
    (tmp_path / "ru-a.jsonl").write_text(mini.read_text("utf-8"), "utf-8")
    (tmp_path / "en-b.jsonl").write_text("", "utf-8")
    files = corpus_files([str(tmp_path)])
    assert files == [tmp_path / "ru-a.jsonl"]  # a folder gives its ru-*.jsonl only
    assert corpus_files([str(tmp_path / "ru-*.jsonl")]) == files
    examples, groups = load_grouped(files)
    assert len(examples) == 12 and set(groups) == {"ru-a.jsonl:0"}
    # blocks stay whole, every fold gets blocks, the deal is seeded
    many = [f"f.jsonl:{k // BLOCK}" for k in range(10 * BLOCK)]
    folds = folds_of(many, 5, 13)
    assert folds == folds_of(many, 5, 13) and folds != folds_of(many, 5, 14)
    assert all(len({f for f, g in zip(folds, many, strict=True) if g == key}) == 1 for key in set(many))
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]
    # end to end: the pipeline's mentions, named after the corpus actor they overlap
    given = views(load_corpus([mini])[:2])
    piped = pipeline_views(given)
    first = piped[0]
    assert [m.name for m in first.view.mentions] == ["Russia", "Syria"]
    assert [m.actor for m in first.view.mentions] == ["Q159", "Q858"]  # the pipeline's ids
    assert first.labels == given[0].labels == ["support>"]


def test_pair_features_read_the_words_joining_the_pair() -> None:
    from rashomon.nlp.claims.ru.features import pair_features, pairs
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.rules import View, candidates
    from rashomon.nlp.text.ruparse import parse_texts

    doc = _doc("Турция отказалась поддержать санкции против России.")
    view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
    (a, b), = pairs(view)
    f = pair_features(view, a, b, candidates(view)).feats
    assert {"plem=поддержать", "plem=санкция", "a_gov=отказаться"} <= set(f)
    assert "btw_lem=санкция" in f and "btw_lem=турция" not in f
    assert any(k.startswith("lca_roles=отказаться|nsubj|") for k in f)


def test_a_refusal_negates_the_act_and_an_accusation_is_the_speakers_own() -> None:
    from rashomon.nlp.claims.ru.extract import sentence_claims
    from rashomon.nlp.claims.ru.features import NONE
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.model import PairModel
    from rashomon.nlp.claims.ru.rules import View
    from rashomon.nlp.text.ruparse import parse_texts

    class Says(PairModel):  # a model that gives one label to every pair
        def __init__(self, label: str) -> None:
            super().__init__([NONE, label], {}, np.zeros((2, 0)), np.zeros(2), "", 0.5, {})

        def proba(self, pairs: list) -> np.ndarray:
            return np.tile([0.0, 1.0], (len(pairs), 1))

    def claims(text: str, label: str) -> list[Claim]:
        doc = _doc(text)
        view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
        return sentence_claims(doc.text, view, 0, Says(label))

    refused = claims("Турция отказалась поддержать санкции против России.", "oppose>")
    assert [(c.subject, c.relation, c.object, c.negated) for c in refused] == [
        ("Turkey", "oppose", "Russia", True)]
    backed = claims("Турция поддержала санкции против России.", "oppose>")
    assert [(c.subject, c.negated) for c in backed] == [("Turkey", False)]
    # "Песков заявил, обвинив Вашингтон ...": Peskov's own accusation, no source
    own = claims("Об этом заявил Дмитрий Песков, обвинив Вашингтон во лжи.", "oppose>")
    assert [(c.subject, c.object, c.source) for c in own] == [
        ("Dmitry Peskov", "United States", None)]


def test_a_word_of_an_actors_name_is_no_trigger() -> None:
    # "союз" in "Европейский союз", "альянс" in "Североатлантический альянс" are names
    got = rules("Европейский союз и Китай обсудили торговлю.")
    assert [(c.subject, c.relation, c.object) for c in got] == [
        ("China", "cooperate", "European Union")]
    assert not [c for c in rules("Североатлантический альянс и Япония провели учения.")
                if c.relation == "ally"]
    # the same word outside a name still is one
    find(rules("Франция заключила союз с Германией."), "France", "ally", "Germany")


def test_pair_features_do_not_read_words_inside_a_name() -> None:
    from rashomon.nlp.claims.ru.features import pair_features, pairs
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.rules import View, candidates
    from rashomon.nlp.text.ruparse import parse_texts

    doc = _doc("Североатлантический альянс и Россия находятся в состоянии противостояния.")
    view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
    (a, b), = pairs(view)
    f = pair_features(view, a, b, candidates(view)).feats
    assert not any(k.startswith(("out_lemma=альянс", "btw_lemma=альянс")) for k in f)
    assert "out_trig=ally" not in f and "btw_trig=ally" not in f and "lca_trig=ally" not in f
    assert "out_lemma=противостояние" in f or "btw_lemma=противостояние" in f


def test_lexicon_covers_more_of_the_codebooks_acts() -> None:
    find(rules("Израиль нанес авиаудар по Ливану."), "Israel", "attack", "Lebanon")
    find(rules("Франция выдворила российских дипломатов."), "France", "oppose", "Russia")
    find(rules("Индия и Китай заключили договоренность о разведении войск."),
         "China", "cooperate", "India")
    find(rules("Япония состоит в G7."), "Japan", "part_of", "G7")
    assert rules("Япония и G7 расположены далеко.") == []


def test_word_vectors_read_the_joining_words_not_the_names() -> None:
    from rashomon.nlp.claims.ru.features import WordVectors, pair_features, pairs
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
    from rashomon.nlp.claims.ru.rules import View, candidates
    from rashomon.nlp.text.ruparse import parse_texts

    def pair(text: str):  # noqa: ANN202 - a test helper
        doc = _doc(text)
        view = View(parse_texts([doc.text])[0], doc.mentions, 0, doc.text, load_ru_lexicon())
        (a, b), = pairs(view)
        return pair_features(view, a, b, candidates(view))

    hit = pair("Франция резко осудила Иран.")
    assert "осудить" in hit.words[0] and not any("франц" in w for g in hit.words for w in g)
    near, far = pair("Германия раскритиковала Иран."), pair("Германия похвалила Иран.")
    v = WordVectors()([hit, near, far, pair("Россия и Китай.")])
    assert v.shape == (4, 2 * WordVectors.DIM)
    assert np.isclose(np.linalg.norm(v[0, :WordVectors.DIM]), 1.0, atol=1e-4)
    assert v[0, :300] @ v[1, :300] > v[0, :300] @ v[2, :300]  # criticise is nearer condemn
    assert not v[3].any()  # no word between or joining: zeros


def test_a_costlier_variant_must_beat_the_cheaper_by_its_margin() -> None:
    from rashomon.nlp.claims.ru.train import MARGIN, choose

    def r(embed: str, f1: float) -> dict:
        return {"key": (embed, "both", 3.0, 0.7, True), "shifted_f1": f1}

    base = [r("rules", 0.40), r("", 0.540)]
    assert choose(base + [r("navec", 0.540 + MARGIN["navec"] / 2)])["key"][0] == ""
    assert choose(base + [r("navec", 0.540 + 2 * MARGIN["navec"])])["key"][0] == "navec"
    assert choose(base + [r("navec", 0.55), r("marked", 0.555)])["key"][0] == "navec"


def test_false_claims_on_unrelated_pairs_weigh_more_in_the_choice() -> None:
    """A wrong relation on a related pair costs one false claim; a claim on a pair the gold
    leaves unrelated costs ``none_weight`` (news has more such pairs than the corpus)."""
    from rashomon.nlp.claims.ru.train import corpus_score

    def row(s: str, rel: str, o: str) -> dict:
        return {"doc": "s1", "subject": s, "relation": rel, "object": o, "negated": False,
                "hedged": False, "source": None, "evidence": "", "aliases": {}}

    gold = [row("Russia", "attack", "Ukraine")]
    w = 2.0
    wrong_relation = corpus_score(gold + [row("Russia", "oppose", "Ukraine")], gold, ["s1"], w)
    unrelated = corpus_score(gold + [row("Russia", "oppose", "Poland")], gold, ["s1"], w)
    assert wrong_relation["exact_f1"] == unrelated["exact_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert wrong_relation["shifted_f1"] == pytest.approx(2 / 3)
    assert unrelated["shifted_f1"] == pytest.approx(2 / (2 + w))  # 2tp + w fp + fn
    assert unrelated["shifted_f1"] < wrong_relation["shifted_f1"]


def test_membership_under_talks_or_blocking_is_no_membership() -> None:
    """"переговоры о вступлении Украины в ЕС" are talks: no Ukraine part_of EU; a refusal
    to join and joining itself stay claims."""
    for text in ("Орбан снова заблокировал переговоры о вступлении Украины в ЕС.",
                 "Фицо пообещал блокировать вступление Украины в НАТО.",
                 "Будапешт никогда не поддержит вступление Украины в ЕС."):
        assert not [c for c in rules(text) if c.relation == "part_of"], text
    c = find(rules("Милей отказался от вступления Аргентины в БРИКС."), "Argentina", "part_of", "BRICS")
    assert c.negated
    assert not find(rules("Финляндия вступила в НАТО в 2023 году."), "Finland", "part_of", "NATO").negated


def test_a_conjunct_inside_a_name_ends_the_coordination() -> None:
    """"Право и справедливость": the parse's conjunct lies inside the party's own name,
    which sent the coordinated-actor walk round in a circle (RecursionError)."""
    got = rules("Польская «Право и справедливость» и венгерская «Фидес», ещё недавно "
                "выступавшие союзниками в Европарламенте, разошлись во взглядах на Россию: "
                "если Ярослав Качиньский требует максимального давления на Кремль, то Виктор "
                "Орбан продолжает наращивать энергетическое сотрудничество с Москвой.")
    assert all(c.subject != c.object for c in got)


@pytest.mark.parametrize("text,person,state", [
    ("Российский президент Владимир Путин провёл переговоры с Эрдоганом.", "Vladimir Putin", "Russia"),
    ("Эстонский премьер Кая Каллас раскритиковала Москву.", "Kaja Kallas", "Estonia"),
    ("Американский госсекретарь Энтони Блинкен встретился с Ван И.", "Antony Blinken", "United States"),
    ("Турецкий министр иностранных дел Хакан Фидан заявил, что Анкара поддерживает Баку.",
     "Hakan Fidan", "Turkey"),
    ("Встреча с украинским президентом Зеленским прошла в Париже.", "Volodymyr Zelensky", "Ukraine"),
    ("Сирийские повстанцы обвинили российского президента Владимира Путина.", "Vladimir Putin", "Russia"),
    ("Лавров провел переговоры со своим турецким коллегой Хаканом Фиданом.", "Hakan Fidan", "Turkey"),
])
def test_a_state_adjective_on_a_title_makes_the_holder_part_of_the_state(
        text: str, person: str, state: str) -> None:
    """"Российский президент Владимир Путин" -> Vladimir Putin part_of Russia (spec: a title
    in apposition); the adjective is the object, never the subject of the title."""
    got = rules(text)
    assert not find(got, person, "part_of", state).negated
    assert not [c for c in got if c.subject == state and c.relation == "part_of"]


def test_no_part_of_without_a_named_holder_or_on_armed_forces() -> None:
    assert not [c for c in rules("Американский президент заявил, что Вашингтон не будет "
                                 "вводить санкции против Ирана.") if c.relation == "part_of"]
    assert not [c for c in rules("Российские войска нанесли удар по позициям ВСУ.")
                if c.relation == "part_of"]
    assert find(rules("Российские войска нанесли удар по позициям ВСУ."), "Russia", "attack", "Ukraine")


def test_titles_are_one_list_shared_with_the_actors_layer() -> None:
    from rashomon.nlp.actors.words import WORDS
    from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon

    lex = load_ru_lexicon()
    titles = WORDS.words("ru_titles")
    assert lex.lists["titles"] == titles
    for title in titles:
        t = lex.trigger("noun", title)
        assert t is not None and t.relation == "part_of" and t.obj == ("gen",), title
    assert lex.trigger("noun", "президент").strength == 0.75
    assert lex.trigger("noun", "госсекретарь").strength == 0.65


def _triples(claims: list[Claim]) -> set[tuple[str, str, str, bool]]:
    return {(c.subject, c.relation, c.object, c.negated) for c in claims}


def test_a_copula_or_a_refusal_lends_its_subject_to_a_noun_trigger() -> None:
    assert ("Armenia", "ally", "Iran", True) in _triples(rules("Иран не станет союзником Армении."))
    assert ("Kazakhstan", "ally", "Russia", False) in _triples(
        rules("Казахстан и Россия остаются союзниками."))
    assert ("Egypt", "cooperate", "Ethiopia", True) in _triples(
        rules("Эфиопия отказалась от переговоров с Египтом."))


def test_naming_and_accusing_verbs_say_the_noun_of_their_object() -> None:
    c = find(rules("Трамп назвал Израиль «величайшим союзником» Америки."),
             "Israel", "ally", "United States")
    assert c.source == "Donald Trump"
    got = rules("Латвия обвинила Россию в поддержке Белоруссии.")
    assert find(got, "Russia", "support", "Belarus").source == "Latvia"
    assert find(got, "Latvia", "oppose", "Russia").source is None  # the accuser's own act
    assert find(rules("Душанбе обвинил талибов в обстреле Таджикистана."),
                "Taliban", "attack", "Tajikistan").source == "Tajikistan"


def test_a_converse_trigger_makes_the_giver_the_subject() -> None:
    find(rules("Ливийская национальная армия получила от России партию бронетехники."),
         "Russia", "support", "Libyan National Army")
    find(rules("Киев получил помощь от Вашингтона."), "United States", "support", "Ukraine")


def test_between_joint_and_coordinated_actors_pair_every_one() -> None:
    find(rules("Переговоры между Москвой и Анкарой прошли в Сочи."), "Russia", "cooperate", "Turkey")
    find(rules("Совместные патрули Китая и Пакистана охраняют коридор."),
         "China", "cooperate", "Pakistan")
    three = _triples(rules("Армии Японии, Южной Кореи и США провели трёхсторонние учения."))
    assert {("Japan", "cooperate", "South Korea", False), ("Japan", "cooperate", "United States", False),
            ("South Korea", "cooperate", "United States", False)} <= three
    assert len(_triples(rules("Литва, Латвия и Эстония подписали соглашение."))) == 3
    # objects in a list are no pair of each other
    assert _triples(rules("Германия осудила Россию и Иран.")) == {
        ("Germany", "oppose", "Russia", False), ("Germany", "oppose", "Iran", False)}


def test_a_clause_with_its_own_subject_is_not_the_speakers_act() -> None:
    # "компания" is the subject of the reported act: not the speaker's (no actor)
    assert not rules("Лавров заявил, что компания поставляет нефть Индии.")
    # "его беспилотники" are the speaker's own
    find(rules("Израиль заявил, что его беспилотники атаковали Иран."), "Israel", "attack", "Iran")
    find(rules("Израиль заявил, что атаковал Иран."), "Israel", "attack", "Iran")


def _analysed(text: str) -> Doc:
    from rashomon.nlp.claims.ru.extract import RussianClaims

    pre = Pipeline(["sentences", "gazetteer", "parse", "entities"])
    return RussianClaims(use_model=False).extract(pre(Doc("ru", text, language="ru")))


def test_an_expert_is_part_of_the_institute_named_with_the_title() -> None:
    doc = _analysed("Политолог Института стратегий ближнего зарубежья Евгений Сапожников "
                    "предположил, что за обысками стоит борьба кланов.")
    assert [(c.subject, c.relation) for c in doc.claims] == [("Евгений Сапожников", "part_of")]
    assert doc.claims[0].object.startswith("Институт")


def test_a_place_is_no_party_to_an_attack_but_a_region_has_a_head() -> None:
    doc = _analysed("В ночь на четверг россияне атаковали Харьков управляемыми авиабомбами.")
    assert any(m.text == "Харьков" for m in doc.mentions)
    assert not doc.claims
    doc = _analysed("Губернатор Белгородской области Вячеслав Гладков сообщил о новых атаках.")
    assert [(c.subject, c.relation) for c in doc.claims] == [("Vyacheslav Gladkov", "part_of")]


def test_an_ombudsman_is_a_title() -> None:
    doc = _analysed("Украинский омбудсмен Дмитрий Лубинец сообщил, что на родину вернулись морпехи.")
    assert [(c.subject, c.relation, c.object) for c in doc.claims] == [
        ("Dmytro Lubinets", "part_of", "Ukraine")]
