"""Narratives in RU, BG, PT, HI (multilingual-e5, calibrated per language) and the stance
that decides between mirror narratives."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.doc import Claim, Label
from rashomon.nlp.narratives.codebook import load_codebook
from rashomon.nlp.narratives.tasks import make_doc

BLAME = "URW: Blaming the war on others rather than the invader"
DISCREDIT = "URW: Discrediting Ukraine"


def test_codebook_has_examples_written_in_every_language() -> None:
    cb = load_codebook(None)
    for n in cb.narratives:
        for lang in ("ru", "bg", "pt", "hi"):
            assert len(n.foreign.get(lang, [])) >= 2, (n.label, lang)
            assert all(x.strip() and x not in n.examples for x in n.foreign[lang])


@pytest.fixture(scope="module")
def ml():  # noqa: ANN201
    from rashomon.nlp.narratives.classify import prototypes
    from rashomon.nlp.narratives.multilingual import multilingual

    return multilingual(prototypes(None))


def test_scores_are_calibrated_per_language(ml) -> None:  # noqa: ANN001
    from rashomon.nlp.text.e5 import embed_e5

    assert set(ml.maps) >= {"ru", "bg", "pt", "hi"}
    assert all(b > 0 for _, b in ml.maps.values())
    idx = {e.label: i for i, e in enumerate(ml_entries())}
    # new sentences (not in the codebook): a narrative's own score beats an unrelated one
    cases = {
        "ru": ("Это НАТО загнало Россию в угол и спровоцировало войну.", "Футбольный клуб выиграл кубок страны."),
        "pt": ("Foi o Ocidente que provocou a Rússia ao alargar a NATO até às suas fronteiras.",
               "O clube de futebol venceu a taça nacional."),
    }
    for lang, (narr, unrelated) in cases.items():
        s = ml.sims(embed_e5([narr, unrelated]), lang)
        assert s[0, idx[BLAME]] > s[1, idx[BLAME]] + 0.1
        # on the English scale, the unrelated sentence scores like MiniLM's unrelated pairs
        assert s[1, idx[BLAME]] < 0.45


def ml_entries() -> list:
    from rashomon.nlp.narratives.classify import prototypes

    return prototypes(None).entries


def test_russian_article_gets_a_war_narrative() -> None:
    from rashomon.nlp.narratives.classify import CodebookClassifier

    text = ("Киевский режим восемь лет обстреливал Донбасс, а Запад закрывал на это глаза. "
            "Расширение НАТО на восток не оставило России выбора. "
            "Вашингтон ведёт прокси-войну против России руками украинцев. "
            "Путин неоднократно предупреждал, что Москва не потерпит натовских баз у своих границ.")
    doc = make_doc("ru1", text)
    doc.language = "ru"
    clf = CodebookClassifier()
    f = clf.features(doc)
    assert not f.english
    labels = clf.decide(f).labels()[0]
    assert labels != ["Other"]
    assert all(x.startswith("URW:") for x in labels)


def _doc_with_roles(roles: list[tuple[str, str, list[str]]], claims: list[tuple[str, str, str]] = ()):  # noqa: ANN202
    doc = make_doc("s", "Text.")
    for actor, role, fine in roles:
        doc.labels.append(Label("role", role, 1.0, actor=actor, fine=fine))
    for s, rel, o in claims:
        doc.claims.append(Claim(s, rel, o, doc.span(0, 5)))
    return doc


def test_stance_reads_who_is_cast_as_aggressor() -> None:
    from rashomon.nlp.narratives.classify import stance

    anti = _doc_with_roles([("Q159", "Antagonist", ["Instigator"]), ("Q212", "Innocent", ["Victim"])])
    assert stance(anti)[0] >= 1
    pro = _doc_with_roles([("Q159", "Innocent", ["Victim"]), ("Q212", "Antagonist", ["Corrupt"])])
    score, mirror = stance(pro)
    assert score <= -1 and mirror["discrediting"] > mirror["blaming"]
    blame = _doc_with_roles([("Q7184", "Antagonist", ["Instigator"]), ("Q159", "Protagonist", ["Guardian"])])
    score, mirror = stance(blame)
    assert score <= -1 and mirror["blaming"] > mirror["discrediting"]
    assert stance(_doc_with_roles([]))[0] == 0
    # claims count too: a Russian attack on Ukraine
    assert stance(_doc_with_roles([], [("Russia", "attack", "Ukraine")]))[0] > 0


def test_stance_moves_mirror_narratives() -> None:
    from rashomon.nlp.narratives.classify import prototypes, stance_boost

    protos = prototypes(None)
    b, d = protos.index[BLAME], protos.index[DISCREDIT]
    anti = stance_boost(_doc_with_roles([("Q159", "Antagonist", ["Instigator"]),
                                         ("Q212", "Innocent", ["Victim"])]), protos)
    assert anti[b] < 0 and anti[d] < 0
    pro = stance_boost(_doc_with_roles([("Q212", "Antagonist", ["Corrupt"]),
                                        ("Q159", "Innocent", ["Victim"])]), protos)
    assert pro[d] > 0 and pro[b] == 0
    none = stance_boost(_doc_with_roles([]), protos)
    assert not np.any(none)
