"""The role codebook's fine roles from labelled examples (issue 14): the framing set's English
mentions as examples of their fine roles (finehead.FineExamples), added to the prototypes'
similarity when the fine role falls to similarity."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rashomon.nlp.framing.corpus import DATA, fingerprint, main
from rashomon.nlp.framing.evidence import Cue
from rashomon.nlp.framing.finehead import FineExamples, shipped_examples
from rashomon.nlp.framing.roles import DEFAULTS, NEAR_WEIGHT, RoleClassifier, RoleScores, merge


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, np.float32)
    return v / np.linalg.norm(v)


# three fine roles' examples in a 3-d space: Corrupt along x, Deceiver along y, Tyrant along z
EXAMPLES = FineExamples(np.stack([_unit(1, 0, 0), _unit(1, 0.2, 0), _unit(1, 0, 0.3),
                                  _unit(0, 1, 0), _unit(0.2, 1, 0), _unit(0, 0, 1)]),
                        ["Corrupt", "Corrupt", "Corrupt", "Deceiver", "Deceiver", "Tyrant"])


def test_near_is_the_mean_of_the_k_nearest_examples() -> None:
    v = _unit(1, 0, 0)
    near = EXAMPLES.near(v[None, :], ["Corrupt", "Deceiver", "Tyrant", "Spy"], k=2)
    sims = EXAMPLES.vectors @ v
    assert near["Corrupt"] == pytest.approx(np.sort(sims[:3])[-2:].mean())
    assert near["Deceiver"] == pytest.approx(sims[3:5].mean())
    assert near["Tyrant"] == pytest.approx(sims[5])  # fewer examples than k: all of them
    assert "Spy" not in near  # no examples, no closeness
    # an actor's mentions: the mean over its sentences
    two = np.stack([_unit(1, 0, 0), _unit(0, 1, 0)])
    got = EXAMPLES.near(two, ["Deceiver"], k=1)["Deceiver"]
    assert got == pytest.approx(np.mean([(EXAMPLES.vectors[3:5] @ r).max() for r in two]))


def _rs(clf: RoleClassifier, fine: dict[str, float], vec: np.ndarray | None, **kw: object) -> RoleScores:
    base = dict.fromkeys(clf.book.fine, 0.0)
    return RoleScores(dict.fromkeys(("Protagonist", "Antagonist", "Innocent"), 0.0), {**base, **fine},
                      vecs=None if vec is None else vec[None, :], **kw)


def test_examples_decide_between_close_prototypes() -> None:
    clf = RoleClassifier(near_weight=NEAR_WEIGHT)
    clf.examples = EXAMPLES
    protos = {"Corrupt": 0.40, "Deceiver": 0.38}
    near_deceiver = _unit(0.1, 1, 0)
    assert clf.decide(_rs(clf, protos, near_deceiver)) == ("Antagonist", ["Deceiver"])
    assert clf.decide(_rs(clf, protos, _unit(1, 0, 0))) == ("Antagonist", ["Corrupt"])
    # prototypes alone (near_weight 0), or no sentence vector: the most similar prototype
    alone = RoleClassifier(near_weight=0)
    alone.examples = EXAMPLES
    assert alone.decide(_rs(alone, protos, near_deceiver)) == ("Antagonist", ["Corrupt"])
    assert clf.decide(_rs(clf, protos, None)) == ("Antagonist", ["Corrupt"])
    # explicit evidence still comes first
    liar = [Cue("Antagonist", 1.0, "called 'tyrant'", "Tyrant")]
    assert clf.decide(_rs(clf, protos, near_deceiver, cues=liar)) == ("Antagonist", ["Tyrant"])


def test_fine_scores_add_the_weighted_closeness() -> None:
    clf = RoleClassifier(near_weight=0.5, near_k=1)
    clf.examples = EXAMPLES
    rs = _rs(clf, {"Corrupt": 0.3}, _unit(1, 0, 0))
    s = clf.fine_scores(rs, "Antagonist")
    assert set(s) == {r.name for r in clf.book.fine_of("Antagonist")}
    assert s["Corrupt"] == pytest.approx(0.3 + 0.5 * 1.0)
    assert s["Spy"] == 0.0  # no examples: the prototypes' similarity alone


def test_the_default_leaves_the_examples_out() -> None:
    # off by default: CV on the framing set favours them, the SemEval English file does not
    # (data/framing/README.md)
    clf = RoleClassifier()
    assert DEFAULTS["near_weight"] == 0 and clf.examples is None
    protos = {"Corrupt": 0.40, "Deceiver": 0.38}
    clf.examples = EXAMPLES
    assert clf.decide(_rs(clf, protos, _unit(0.1, 1, 0))) == ("Antagonist", ["Corrupt"])


def test_merge_stacks_the_mentions_vectors() -> None:
    clf = RoleClassifier()
    a, b = _rs(clf, {}, _unit(1, 0, 0)), _rs(clf, {}, _unit(0, 1, 0))
    assert merge([a, b]).vecs.shape == (2, 3)
    assert merge([a, _rs(clf, {}, None)]).vecs is None


def test_the_shipped_examples_match_the_set() -> None:
    ex = shipped_examples()
    assert ex is not None and RoleClassifier(near_weight=NEAR_WEIGHT).examples is ex
    assert RoleClassifier().examples is None
    # made from the set's English files as they are now (remake: `corpus examples`)
    assert ex.meta["data"] == fingerprint(DATA, "en*.jsonl")
    fine = [m["fine"][0] for f in sorted(DATA.glob("en*.jsonl")) for line in f.open(encoding="utf-8")
            for m in json.loads(line)["mentions"] if m.get("fine")]
    assert ex.fine == fine
    assert ex.vectors.shape == (len(fine), 384)
    assert np.allclose(np.linalg.norm(ex.vectors, axis=1), 1.0, atol=1e-2)


def test_examples_command_writes_loadable_examples(tmp_path, capsys) -> None:  # noqa: ANN001
    (tmp_path / "en.jsonl").write_text(json.dumps({
        "id": "t1", "text": "The mayor took bribes from builders. Residents lost their homes in the flood.",
        "mentions": [{"mention": "The mayor", "main": "Antagonist", "fine": ["Corrupt"]},
                     {"mention": "Residents", "main": "Innocent", "fine": ["Victim", "Forgotten"]}]}) + "\n")
    out = tmp_path / "examples"
    assert main(["examples", str(tmp_path), str(out)]) == 0
    assert "2 English fine-role examples" in capsys.readouterr().out
    ex = FineExamples.load(out)
    assert ex.fine == ["Corrupt", "Victim"]
    assert ex.meta["data"] == fingerprint(tmp_path, "en*.jsonl")
    near = ex.near(ex.vectors[:1], ["Corrupt", "Victim"], k=3)
    assert near["Corrupt"] == pytest.approx(1.0, abs=1e-2) and near["Victim"] < near["Corrupt"]
