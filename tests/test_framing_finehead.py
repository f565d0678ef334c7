"""The role codebook's fine-role decision: a learned head over its own evidence, and the
weight a speaker cue carries in the main-role decision."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.nlp.framing.finehead import FineHead
from rashomon.nlp.framing.roles import RoleClassifier, merge
from rashomon.nlp.narratives.tasks import make_doc


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from rashomon.nlp.parse import load_spacy

    return load_spacy()


def _score(nlp, clf: RoleClassifier, text: str, surface: str):  # noqa: ANN001, ANN202
    doc = make_doc("t", text)
    for s in doc.sentences:
        s.parse = nlp(s.text)
    start = text.index(surface)
    return clf.score(doc, start, start + len(surface))


# (text, mention, main, fine): short passages written for this test
TRAIN = [
    ("The governor lied to voters about the budget and spread false claims.", "The governor", "Antagonist", "Deceiver"),
    ("The agency spread propaganda and fake reports about the floods.", "The agency", "Antagonist", "Deceiver"),
    ("The spokesman misled reporters and covered up the failures.", "The spokesman", "Antagonist", "Deceiver"),
    ("The channel pushed disinformation and lies about the vaccine.", "The channel", "Antagonist", "Deceiver"),
    ("The mayor took bribes from builders and embezzled city funds.", "The mayor", "Antagonist", "Corrupt"),
    ("The minister stole millions and laundered the money abroad.", "The minister", "Antagonist", "Corrupt"),
    ("The director enriched his friends with kickbacks and bribes.", "The director", "Antagonist", "Corrupt"),
    ("The senator pocketed bribes and embezzled aid money.", "The senator", "Antagonist", "Corrupt"),
    ("The envoy mediated talks and brokered a ceasefire between the sides.", "The envoy", "Protagonist", "Peacemaker"),
    ("The mediator called for a truce and peace negotiations.", "The mediator", "Protagonist", "Peacemaker"),
    ("The volunteers protected the town and defended its residents.", "The volunteers", "Protagonist", "Guardian"),
    ("The guards shielded the school and defended the children.", "The guards", "Protagonist", "Guardian"),
]


@pytest.fixture(scope="module")
def fitted(nlp):  # noqa: ANN001, ANN201
    clf = RoleClassifier()
    scores = [_score(nlp, clf, t, m) for t, m, _, _ in TRAIN]
    head = FineHead.fit(np.stack([rs.x for rs in scores]), [r[2] for r in TRAIN], [r[3] for r in TRAIN])
    return clf, head


def test_features_are_one_row_per_mention_and_merge_averages(nlp) -> None:  # noqa: ANN001
    clf = RoleClassifier()
    a = _score(nlp, clf, "The mayor took bribes.", "The mayor")
    b = _score(nlp, clf, "The mayor lied about it.", "The mayor")
    assert a.x is not None and a.x.shape == b.x.shape
    assert a.x.shape[0] == 2 * (3 + len(clf.book.fine)) + len(clf.book.fine) + 3
    assert np.allclose(merge([a, b]).x, (a.x + b.x) / 2)


@pytest.mark.parametrize(("text", "surface", "fine"), [
    ("The official fabricated reports and told lies to the press.", "The official", "Deceiver"),
    ("The tycoon bribed judges and siphoned public money into offshore accounts.", "The tycoon", "Corrupt"),
])
def test_head_picks_the_fine_role_of_held_out_text(nlp, fitted, text: str, surface: str, fine: str) -> None:  # noqa: ANN001
    clf, head = fitted
    rs = _score(nlp, clf, text, surface)
    main, _ = clf.decide(rs)
    assert main == "Antagonist"
    clf.head = head
    try:
        assert clf.decide(rs) == ("Antagonist", [fine])
    finally:
        clf.head = None


def test_head_keeps_the_main_role_and_its_fine_roles(nlp, fitted) -> None:  # noqa: ANN001
    clf, head = fitted
    rs = _score(nlp, clf, "The negotiator brokered a truce and called for peace talks.", "The negotiator")
    plain = clf.decide(rs)
    clf.head = head
    try:
        main, fine = clf.decide(rs)
    finally:
        clf.head = None
    assert main == plain[0] == "Protagonist"
    assert fine and clf.book.fine[fine[0]].main == "Protagonist"


def test_speak_scale_below_one_needs_more_than_speaking(nlp) -> None:  # noqa: ANN001
    text, who = "The minister said the talks would resume.", "The minister"
    default = RoleClassifier()
    rs = _score(nlp, default, text, who)
    assert any(c.kind == "speak" for c in rs.cues)
    assert default.decide(rs)[0] == "Protagonist"  # default: a speaker alone switches
    assert RoleClassifier(speak_scale=0.5).decide(rs)[0] == "Antagonist"
    # with other evidence for the role, a discounted speaker still switches
    rs = _score(nlp, default, "Norway offered to mediate and called for an immediate ceasefire.", "Norway")
    assert RoleClassifier(speak_scale=0.5).decide(rs)[0] == "Protagonist"


def test_the_head_decides_not_the_codebook_cues(nlp, fitted) -> None:  # noqa: ANN001
    # a head fitted with Deceiver and Corrupt swapped follows its labels, against the cues
    clf, _ = fitted
    swap = {"Deceiver": "Corrupt", "Corrupt": "Deceiver"}
    scores = [_score(nlp, clf, t, m) for t, m, _, _ in TRAIN]
    head = FineHead.fit(np.stack([rs.x for rs in scores]), [r[2] for r in TRAIN],
                        [swap.get(r[3], r[3]) for r in TRAIN])
    rs = _score(nlp, clf, "The official fabricated reports and told lies to the press.", "The official")
    assert clf.decide(rs) == ("Antagonist", ["Deceiver"])
    clf.head = head
    try:
        assert clf.decide(rs) == ("Antagonist", ["Corrupt"])
    finally:
        clf.head = None
