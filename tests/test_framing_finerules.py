"""The role codebook's fine roles (issue 14): the fine roles a mention's deeds imply, fine
roles answered only on explicit evidence, the generic fine role's margin, and the fine-role
exact match of a set of fine roles."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc
from rashomon.nlp.framing.corpus import cv_scores
from rashomon.nlp.framing.evidence import Cue
from rashomon.nlp.framing.lexicon import NEEDS_EVIDENCE
from rashomon.nlp.framing.model import Item
from rashomon.nlp.framing.roles import RoleClassifier, RoleScores, merge
from rashomon.nlp.narratives.tasks import make_doc


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from rashomon.nlp.parse import load_spacy

    return load_spacy()


@pytest.fixture(scope="module")
def clf() -> RoleClassifier:
    return RoleClassifier()


def _scores(nlp, clf: RoleClassifier, text: str, surface: str) -> RoleScores:  # noqa: ANN001
    doc = make_doc("t", text)
    for s in doc.sentences:
        s.parse = nlp(s.text)
    start = text.index(surface)
    return clf.score(doc, start, start + len(surface))


# (text, mention, the fine role its deed implies): sentences written for this test
@pytest.mark.parametrize(("text", "surface", "fine"), [
    ("The ministry spread lies about the harvest.", "The ministry", "Deceiver"),
    ("The governor embezzled the flood relief money.", "The governor", "Corrupt"),
    ("The talks were derailed by the opposition bloc.", "the opposition bloc", "Saboteur"),
    ("The council, which rigged nothing, blocked the new bridge.", "The council", "Saboteur"),
    ("Lowland farmers have been abandoned by the capital.", "Lowland farmers", "Forgotten"),
    ("The cartel exploited the migrants for cheap labour.", "the migrants", "Exploited"),
    ("The army, which invaded the valley in May, denies any losses.", "The army", "Foreign Adversary"),
])
def test_deeds_imply_fine_roles(nlp, clf, text: str, surface: str, fine: str) -> None:  # noqa: ANN001
    assert fine in _scores(nlp, clf, text, surface).hints


@pytest.mark.parametrize(("text", "surface"), [
    ("The ministry did not spread lies about the harvest.", "The ministry"),  # negated
    ("The governor visited the flooded villages.", "The governor"),  # no deed of the lists
    ("Reporters said the ministry spread lies.", "Reporters"),  # someone else's deed
])
def test_no_deed_hint(nlp, clf, text: str, surface: str) -> None:  # noqa: ANN001
    assert _scores(nlp, clf, text, surface).hints == []


def test_a_deed_decides_the_fine_role_and_keeps_the_main_role(nlp) -> None:  # noqa: ANN001
    clf = RoleClassifier()
    rs = _scores(nlp, clf, "The regional office blocked the new bridge for two years.", "The regional office")
    main = clf.main_role(rs)
    assert rs.hints == ["Saboteur"]
    assert clf.decide(rs) == (main, ["Saboteur"]) == ("Antagonist", ["Saboteur"])
    clf.deeds = False  # without deed hints, the same main role and a fine role by similarity
    assert clf.decide(rs)[0] == main


def _synthetic(clf: RoleClassifier, fine: dict[str, float], **kw: object) -> RoleScores:
    base = dict.fromkeys(clf.book.fine, 0.0)
    return RoleScores({"Protagonist": 0.0, "Antagonist": 0.0, "Innocent": 0.0}, {**base, **fine}, **kw)


def test_deed_hints_of_another_main_role_are_ignored(clf) -> None:  # noqa: ANN001
    rs = _synthetic(clf, {"Corrupt": 0.4}, hints=["Guardian"])
    assert clf.decide(rs) == ("Antagonist", ["Corrupt"])
    rs = _synthetic(clf, {"Corrupt": 0.4}, hints=["Guardian", "Tyrant"])
    assert clf.decide(rs) == ("Antagonist", ["Tyrant"])


def test_cue_fine_roles_come_before_deed_hints(clf) -> None:  # noqa: ANN001
    rs = _synthetic(clf, {}, cues=[Cue("Antagonist", 1.0, "called 'liar'", "Deceiver")], hints=["Corrupt"])
    assert clf.decide(rs) == ("Antagonist", ["Deceiver"])


def test_spy_and_traitor_need_evidence(clf) -> None:  # noqa: ANN001
    assert {"Spy", "Traitor"} <= NEEDS_EVIDENCE
    sims = {"Spy": 0.5, "Traitor": 0.45, "Saboteur": 0.4}
    assert clf.decide(_synthetic(clf, sims)) == ("Antagonist", ["Saboteur"])  # by similarity alone: no
    assert clf.decide(_synthetic(clf, sims, hits={"Spy": 1.0})) == ("Antagonist", ["Spy"])  # a spy word
    assert clf.decide(_synthetic(clf, sims, hits={"Traitor": 1.0})) == ("Antagonist", ["Traitor"])
    assert clf.decide(_synthetic(clf, sims, hints=["Spy"])) == ("Antagonist", ["Spy"])  # a deed
    other = RoleClassifier()
    other.needs_evidence = frozenset()
    assert other.decide(_synthetic(other, sims)) == ("Antagonist", ["Spy"])


def test_generic_fine_role_within_the_margin(clf) -> None:  # noqa: ANN001
    assert clf.cfg["generic_margin"] == 0.2
    helper = [Cue("Protagonist", 1.0, "does 'help'")]
    assert clf.decide(_synthetic(clf, {"Rebel": 0.35, "Guardian": 0.2}, cues=helper)) == ("Protagonist", ["Guardian"])
    assert clf.decide(_synthetic(clf, {"Rebel": 0.45, "Guardian": 0.2}, cues=helper)) == ("Protagonist", ["Rebel"])
    assert RoleClassifier(generic_margin=0.1).decide(
        _synthetic(clf, {"Rebel": 0.35, "Guardian": 0.2}, cues=helper)) == ("Protagonist", ["Rebel"])


def test_merge_pools_hints_and_hits(clf) -> None:  # noqa: ANN001
    a = _synthetic(clf, {}, hints=["Spy"], hits={"Spy": 1.0})
    b = _synthetic(clf, {}, hints=["Corrupt"], hits={"Spy": 2.0, "Corrupt": 1.0})
    m = merge([a, b])
    assert m.hints == ["Spy", "Corrupt"]
    assert m.hits == {"Spy": 3.0, "Corrupt": 1.0}


def test_fine_emr_counts_the_whole_set() -> None:
    doc = Doc("d", "Alpha and Beta and Gamma.")
    items = [Item(doc, 0, 5, "en", None, "Antagonist", ["Deceiver", "Corrupt"]),
             Item(doc, 10, 14, "en", None, "Antagonist", ["Corrupt"]),
             Item(doc, 19, 24, "en", None, "Innocent", ["Victim"])]
    pred = [("Antagonist", ["Deceiver"]), ("Antagonist", ["Corrupt"]), ("Antagonist", ["Tyrant"])]
    r = cv_scores(items, pred)["en"]
    assert r["fine_exact"] == pytest.approx(2 / 3)  # the first gold fine role
    assert r["fine_emr"] == pytest.approx(1 / 3)  # all gold fine roles
    pred[0] = ("Antagonist", ["Corrupt", "Deceiver"])
    assert cv_scores(items, pred)["en"]["fine_emr"] == pytest.approx(2 / 3)
