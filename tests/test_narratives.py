"""Narratives: codebook coverage, classification of hand-written articles, explanations,
component labels, a swapped user codebook, and the stored summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.nlp.narratives.codebook import OTHER, cue_hits, load_codebook, parse_codebook

FIX = Path(__file__).parent / "fixtures" / "narratives"

# The public SemEval-2025 Task 10 taxonomy (label names only).
NARRATIVES = {
    "URW": ["Amplifying war-related fears", "Blaming the war on others rather than the invader",
            "Discrediting Ukraine", "Discrediting the West, Diplomacy", "Distrust towards Media",
            "Hidden plots by secret schemes of powerful groups", "Negative Consequences for the West",
            "Overpraising the West", "Praise of Russia", "Russia is the Victim",
            "Speculating war outcomes"],
    "CC": ["Amplifying Climate Fears", "Climate change is beneficial",
           "Controversy about green technologies", "Criticism of climate movement",
           "Criticism of climate policies", "Criticism of institutions and authorities",
           "Downplaying climate change", "Green policies are geopolitical instruments",
           "Hidden plots by secret schemes of powerful groups",
           "Questioning the measurements and science"],
}
SOME_SUBS = [
    "URW: Discrediting Ukraine: Ukraine is a puppet of the West",
    "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons will be employed",
    "CC: Climate change is beneficial: Temperature increase is beneficial",
    "CC: Controversy about green technologies: Nuclear energy is not climate friendly",
    "CC: Green policies are geopolitical instruments: Climate-related international relations are abusive/exploitative",
    "CC: Downplaying climate change: Sea levels are not rising",
    "URW: Hidden plots by secret schemes of powerful groups: Other",
]


def test_codebook_covers_taxonomy() -> None:
    cb = load_codebook()
    labels = {n.label for n in cb.narratives}
    for dom, names in NARRATIVES.items():
        for n in names:
            assert f"{dom}: {n}" in labels
    assert len(labels) == 21
    subs = set(cb.subnarrative_labels())
    for s in SOME_SUBS:
        assert s in subs
    for n in cb.narratives:  # every narrative has its "Other" sub-narrative
        assert f"{n.label}: {OTHER}" in subs
    assert len(subs) == 1 + 74 + 21  # Other + specific sub-narratives + one "Other" per narrative
    for e in [*cb.narratives, *cb.subnarratives]:
        assert e.definition and 3 <= len(e.examples) <= 6, e.label
        assert e.synthetic or len(e.definition.split()) >= 5


def test_codebook_errors() -> None:
    with pytest.raises(UserError):
        load_codebook("/nonexistent/codebook.yaml")
    with pytest.raises(UserError, match="definition"):
        parse_codebook({"domains": {"X": {"narratives": [{"label": "X: a", "examples": ["e"]}]}}})


def test_cues_are_word_prefixes_in_any_script() -> None:
    assert cue_hits("Sanctions backfired on Europe", ["sanction"]) == [(0, 8)]
    assert cue_hits("unsanctioned", ["sanction"]) == []
    assert len(cue_hits("Ядерный удар и ядерного оружия", ["ядерн"])) == 2
    assert cue_hits("the proxy  war", ["proxy war"]) == [(4, 14)]


@pytest.fixture(scope="module")
def narratives_component():  # noqa: ANN201
    from rashomon.registry import get_component

    info = get_component("narratives")
    return info.factory(dict(info.default_config))


def _doc(name: str) -> Doc:
    from rashomon.nlp.narratives.tasks import make_doc

    return make_doc(name, (FIX / name).read_text("utf-8"))


def _labels(doc: Doc, kind: str) -> list[str]:
    return [lb.value for lb in doc.labels if lb.kind == kind]


def test_urw_article(narratives_component) -> None:  # noqa: ANN001
    doc = narratives_component(_doc("urw_blame.txt"))
    narrs = _labels(doc, "narrative")
    assert narrs[0] == "URW: Blaming the war on others rather than the invader"
    assert "URW: Blaming the war on others rather than the invader: The West are the aggressors" \
        in _labels(doc, "subnarrative")
    top = next(lb for lb in doc.labels if lb.kind == "narrative")
    assert top.evidence and all(doc.text[e.start:e.end] == e.text for e in top.evidence)
    expl = _labels(doc, "explanation")
    assert len(expl) == 1 and 5 < len(expl[0].split()) <= 81
    assert any(s in expl[0] for s in ("proxy war", "NATO", "provoked"))


def test_cc_article(narratives_component) -> None:  # noqa: ANN001
    doc = narratives_component(_doc("cc_movement.txt"))
    assert _labels(doc, "narrative")[0] == "CC: Criticism of climate movement"
    assert all(s.startswith("CC: Criticism of climate movement") for s in _labels(doc, "subnarrative"))
    assert not any(n.startswith("URW") for n in _labels(doc, "narrative"))


def test_unrelated_article_is_other(narratives_component) -> None:  # noqa: ANN001
    doc = narratives_component(_doc("football.txt"))
    assert _labels(doc, "narrative") == [OTHER]
    assert _labels(doc, "subnarrative") == [OTHER]
    assert _labels(doc, "explanation") == []


def test_rerun_replaces_labels(narratives_component) -> None:  # noqa: ANN001
    doc = narratives_component(narratives_component(_doc("football.txt")))
    assert len([lb for lb in doc.labels if lb.kind == "narrative"]) == 1


def test_claims_cast_the_west_as_aggressor() -> None:
    from rashomon.doc import Claim, Span
    from rashomon.nlp.narratives.classify import claim_boost, prototypes

    p = prototypes(None)
    doc = Doc(id="c", text="NATO attacked Russia.")
    ev = Span(0, 21, doc.text)
    west = "URW: Blaming the war on others rather than the invader: The West are the aggressors"
    doc.claims = [Claim("NATO", "attack", "Russia", ev)]
    assert claim_boost(doc, p)[p.index[west]] > 0
    doc.claims = [Claim("Russia", "attack", "Ukraine", ev)]
    assert claim_boost(doc, p)[p.index[west]] == 0
    doc.claims = [Claim("NATO", "attack", "Russia", ev, negated=True)]
    assert claim_boost(doc, p)[p.index[west]] == 0


def test_user_codebook_swaps_labels() -> None:
    from rashomon.nlp.narratives.component import Narratives
    from rashomon.nlp.narratives.tasks import make_doc

    comp = Narratives({"codebook": str(FIX / "user_codebook.yaml"), "min_domain_hits": 2})
    doc = comp(make_doc("k", "The chef put butter in every recipe.\nButter causes heart attacks, "
                             "doctors say, and eating butter leads to disease.\n"
                             "The kitchen staff refuse to bake without it."))
    assert _labels(doc, "narrative") == ["FOOD: Butter is evil"]
    assert _labels(doc, "subnarrative") == ["FOOD: Butter is evil: Butter causes disease"]
    doc = comp(make_doc("f", "The match ended in a draw after extra time."))
    assert _labels(doc, "narrative") == [OTHER]


def test_summary_by_outlet_and_actor(tmp_path: Path) -> None:
    from rashomon.doc import Label, Span
    from rashomon.nlp.narratives import summary
    from rashomon.store import open_store

    store = open_store(str(tmp_path / "t.duckdb"))
    store.migrate()
    docs = []
    for i, (src, narr) in enumerate([("A", "URW: Praise of Russia"), ("A", OTHER), ("B", "URW: Praise of Russia")]):
        d = Doc(id=f"d{i}", text="Russia won.", source=src)
        d.labels = [Label("narrative", narr),
                    Label("role", "Protagonist", actor="Q159", target=Span(0, 6, "Russia"), fine=["Guardian"])]
        docs.append(d)
    store.save(docs)
    rows = summary(store, by="outlet")
    a = {(r["outlet"], r["label"]): r for r in rows}
    assert a[("A", "URW: Praise of Russia")]["share"] == 0.5
    assert a[("B", "URW: Praise of Russia")]["share"] == 1.0
    actors = summary(store, by="actor")
    assert actors == [{"actor": "Q159", "name": "Q159", "role": "Protagonist", "docs": 3, "fine": {"Guardian": 3}}]
    with pytest.raises(UserError):
        summary(store, by="planet")
    store.close()


def _features(n_entries: int, cues: dict[int, float] | None = None):  # noqa: ANN202
    import numpy as np

    from rashomon.nlp.narratives.classify import DocFeatures

    c = np.zeros(n_entries, dtype=np.float32)
    for j, v in (cues or {}).items():
        c[j] = v
    return DocFeatures([0, 1], np.zeros((2, 384), np.float32), np.zeros((2, n_entries), np.float32),
                       c, {}, np.zeros(n_entries, np.float32))


def test_contrastive_rank_prefers_the_specific_label() -> None:
    import numpy as np

    from rashomon.nlp.narratives.classify import CodebookClassifier

    # sentence 0 is close to every label (generic); sentence 1 is close to label 1 only
    per = np.array([[0.70, 0.62, 0.68], [0.30, 0.66, 0.30]])
    groups = [[0], [1], [2]]
    plain = CodebookClassifier(contrast=0.0, cue_weight=0.0, top_k=1)
    f = _features(len(plain.protos.entries))
    absolute, rank = plain.rank(f, per, groups)
    assert int(np.argmax(rank)) == 0 and absolute[0] == 0.70
    contrastive = CodebookClassifier(contrast=1.0, cue_weight=0.0, top_k=1)
    absolute, rank = contrastive.rank(f, per, groups)
    assert int(np.argmax(rank)) == 1 and absolute[0] == 0.70  # absolute scores unchanged


def test_cue_hits_raise_a_label_in_the_ranking() -> None:
    import numpy as np

    from rashomon.nlp.narratives.classify import CodebookClassifier

    per = np.array([[0.60, 0.58]])
    clf = CodebookClassifier(contrast=1.0, cue_weight=0.08, top_k=1)
    assert int(np.argmax(clf.rank(_features(len(clf.protos.entries)), per, [[0], [1]])[1])) == 0
    f = _features(len(clf.protos.entries), {1: 3.0})
    assert int(np.argmax(clf.rank(f, per, [[0], [1]])[1])) == 1


def test_weak_subnarratives_fall_back_to_other() -> None:

    from rashomon.nlp.narratives.classify import CodebookClassifier, Scored

    clf = CodebookClassifier(sub_threshold=0.99)
    narr = "URW: Blaming the war on others rather than the invader"
    f = _features(len(clf.protos.entries))
    f.sims[:] = 0.5
    parent = Scored(narr, 0.6, [0])
    assert [s.label for s in clf.subs(f, narr, parent)] == [f"{narr}: {OTHER}"]
    clf.cfg["sub_threshold"] = 0.3
    f.sims[:, clf.protos.index[f"{narr}: Ukraine is the aggressor"]] = 0.8
    assert [s.label for s in clf.subs(f, narr, parent)] == [f"{narr}: Ukraine is the aggressor"]


def _two_domain_features(clf, urw: float, cc: float, english: bool = True):  # noqa: ANN001, ANN202
    """A two-sentence document with cue hits in both domains: sentence 0 is ``urw`` close to
    one war narrative, sentence 1 ``cc`` close to one climate narrative."""
    f = _features(len(clf.protos.entries))
    f.domain_hits = {"URW": 5, "CC": 2}
    f.english = english
    f.sims[:] = 0.1
    f.sims[0, clf.protos.index["URW: Praise of Russia"]] = urw
    f.sims[1, clf.protos.index["CC: Downplaying climate change"]] = cc
    return f


# the English decision grouped CV on data/narratives chose without its hard "Other" part
# (calibrate.PREVIOUS_CHOICE; not the default), and the one before any calibration (the
# default: calibrate.BEFORE)
CV_CHOICE = {"min_domain_hits": 1, "domain_by_similarity": 1, "gate_top": 1, "narrative_threshold": 0.5}
FIRST = {"min_domain_hits": 4, "domain_by_similarity": 0, "gate_top": 0, "narrative_threshold": 0.6, "neutral_gate": 0}


def test_english_domain_is_the_closest_of_those_its_cues_name() -> None:
    from rashomon.nlp.narratives.classify import CodebookClassifier

    clf = CodebookClassifier(**CV_CHOICE, top_k=1)
    # more war cues, but the climate narrative is far closer: read as climate (English)
    f = _two_domain_features(clf, urw=0.45, cc=0.8)
    assert clf.domain(f) == "CC"
    assert clf.decide(f).labels()[0] == ["CC: Downplaying climate change"]
    f = _two_domain_features(clf, urw=0.8, cc=0.45)
    assert clf.domain(f) == "URW"
    # off (the default): the domain with the most cue hits (as for other languages)
    f = _two_domain_features(clf, urw=0.45, cc=0.8)
    assert CodebookClassifier(top_k=1).domain(f) == "URW"
    assert clf.domain(_two_domain_features(clf, urw=0.45, cc=0.8, english=False)) == "URW"
    # a domain needs its cue hits: none named, "Other" however close the sentences are
    f.domain_hits = {"URW": 0, "CC": 0}
    assert clf.domain(f) is None and clf.decide(f).labels() == ([OTHER], [OTHER])


def test_domain_gate_is_set_apart_for_english_and_other_languages() -> None:
    from rashomon.nlp.narratives.classify import CodebookClassifier

    clf = CodebookClassifier(**CV_CHOICE, top_k=1)
    f = _two_domain_features(clf, urw=0.8, cc=0.1)
    f.domain_hits = {"URW": 1, "CC": 0}
    assert clf.domain(f) == "URW"
    assert CodebookClassifier(**FIRST, top_k=1).domain(f) is None  # the first decision: 4 hits
    f.english = False
    assert clf.domain(f) is None  # foreign_min_domain_hits: 4
    f.domain_hits = {"URW": 4, "CC": 0}
    assert clf.domain(f) == "URW"


def test_english_bar_is_on_the_narrative_ranked_first() -> None:
    from rashomon.nlp.narratives.classify import CodebookClassifier

    cfg = {"top_k": 1, "contrast": 0.0, "cue_weight": 0.08, "narrative_threshold": 0.5, "narrative_margin": 0.0}
    clf = CodebookClassifier(**cfg, gate_top=1)
    f = _features(len(clf.protos.entries))
    f.domain_hits = {"URW": 5, "CC": 0}
    praise, victim = clf.protos.index["URW: Praise of Russia"], clf.protos.index["URW: Russia is the Victim"]
    f.sims[:] = 0.1
    f.sims[0, praise] = 0.55  # close, but ranked second: the other narrative's cues lift it
    f.sims[1, victim] = 0.45
    f.cues[victim] = 3.0
    # the narrative ranked first is below the bar: "Other", though another one passes it
    assert clf.decide(f).labels() == ([OTHER], [OTHER])
    # off (the first decision): the bar is on the best absolute score of any narrative (0.55 passes)
    assert CodebookClassifier(**cfg, gate_top=0).decide(f).labels()[0] == ["URW: Russia is the Victim"]
    f.sims[1, victim] = 0.52
    assert clf.decide(f).labels()[0] == ["URW: Russia is the Victim"]


def test_calibration_objective_and_nested_selection() -> None:
    import numpy as np

    from rashomon.nlp.narratives.calibrate import nested, objective

    told = np.array([True, False, True, False])
    long = np.array([False, False, True, True])
    f1 = np.array([[1.0, 0.5], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    every = np.ones(4, dtype=bool)
    # per variant: 0.73 * told + 0.27 * other, then the mean of the variants
    assert np.allclose(objective(f1, told, long, every), [(0.73 + 1.0) / 2, (0.365 + 1.0) / 2])
    assert np.allclose(objective(f1, told, long, ~long), [0.73, 0.365])  # one variant: not halved
    # nested: each fold scored with the setting best on the other folds
    fold = np.array([0, 1, 0, 1])
    a, b = np.array([[1.0] * 2, [0.0] * 2, [1.0] * 2, [0.0] * 2]), np.array([[0.0] * 2, [1.0] * 2, [0.0] * 2, [1.0] * 2])
    held, picks = nested([a, b], fold, lambda s, m: float(s[m].sum()))
    assert picks == [1, 0] and not held.any()  # the best elsewhere is the worst here


def test_neutral_gate_leaves_reporting_other() -> None:
    """English, ``neutral_gate``: a narrative whose best sentences are no closer to it than to
    neutral reporting on the same topics (reporting.yaml) is not given; off by default."""
    import numpy as np

    from rashomon.nlp.narratives.classify import CodebookClassifier
    from rashomon.nlp.narratives.prototypes import reporting_sentences

    cfg = {"top_k": 1, "contrast": 0.0, "cue_weight": 0.0, "narrative_threshold": 0.5, "narrative_margin": 0.0}
    gated = CodebookClassifier(**cfg, neutral_gate=1, neutral_margin=0.05)
    assert len(reporting_sentences()) >= 20 and gated.protos.reporting.shape == (len(reporting_sentences()), 384)
    f = _features(len(gated.protos.entries))
    f.domain_hits = {"URW": 5, "CC": 0}
    praise = gated.protos.index["URW: Praise of Russia"]
    f.sims[:] = 0.1
    f.sims[0, praise] = 0.62
    f.vectors[:] = gated.protos.reporting[0]  # both sentences are neutral reporting itself
    assert gated.decide(f).labels() == ([OTHER], [OTHER])  # 0.62 - 1.0 < 0.05
    assert CodebookClassifier(**cfg).decide(f).labels()[0] == ["URW: Praise of Russia"]  # off: the default
    assert CodebookClassifier(**cfg, neutral_gate=1).decide(f).labels() == ([OTHER], [OTHER])  # margin 0.25
    # a sentence far from every reporting sentence keeps its narrative
    v = np.linalg.svd(gated.protos.reporting)[2][-1]  # orthogonal to the reporting sentences' span
    f.vectors[:] = v / np.linalg.norm(v)
    assert float((f.vectors @ gated.protos.reporting.T).max()) < 0.05
    assert gated.decide(f).labels()[0] == ["URW: Praise of Russia"]
    f.english = False  # other languages: no neutral gate (nor this bar)
    assert CodebookClassifier(**cfg, neutral_gate=1, neutral_margin=9.0).beyond_reporting(f, f.sims[:, praise])


# short English articles: a few cue hits, a plain narrative or neutral reporting on its topic
SHORT = {
    "URW: Blaming the war on others rather than the invader":
        "For years NATO pushed its bases east and ignored every warning from Moscow. This war was provoked by "
        "the West, which wanted to weaken Russia and now keeps it going with weapons.",
    "CC: Downplaying climate change":
        "The climate has always changed, and the warming of recent decades is mostly natural. Scientists who "
        "warn of catastrophe have been wrong for forty years.",
    OTHER: "Officials in Kyiv said talks with Moscow on a prisoner exchange would continue next week. The claim "
           "could not be independently verified, and neither side gave figures for its losses.",
    f"{OTHER} ": "Negotiators at the climate talks agreed on a finance goal late on Sunday. Delegates from small "
                 "island states said the sum was too low, while European officials called it the best possible deal.",
}


def test_english_cv_choices_read_short_articles_and_leave_reporting_other() -> None:
    """The English settings grouped CV chose with the hard "Other" part (calibrate.HARD_CHOICE,
    opt-in) and with the subtle part too (calibrate.SUBTLE_CHOICE, opt-in): a domain named
    once or twice is read (the first decision needs 4 cue hits), and neutral reporting on the
    same topics stays "Other"."""
    from rashomon.nlp.narratives.calibrate import BEFORE, HARD_CHOICE, SUBTLE_CHOICE
    from rashomon.nlp.narratives.classify import DEFAULTS, CodebookClassifier
    from rashomon.nlp.narratives.tasks import make_doc

    assert all(DEFAULTS[k] == v for k, v in FIRST.items())  # the default: the first decision
    assert all(BEFORE[k] == v for k, v in FIRST.items())
    before = CodebookClassifier(None)
    for clf in (CodebookClassifier(None, **HARD_CHOICE), CodebookClassifier(None, **SUBTLE_CHOICE)):
        for want, text in SHORT.items():
            doc = make_doc("s", text)
            doc.language = "en"
            f = clf.features(doc)
            assert 1 <= max(f.domain_hits.values()) < 4
            assert clf.decide(f).labels()[0] == [want.strip()]
            assert before.decide(f).labels()[0] == [OTHER]  # too few cue hits for the first decision


def test_calibrate_help_prints_its_usage_and_runs_nothing(capsys) -> None:  # noqa: ANN001
    from rashomon.nlp.narratives.calibrate import main

    main(["--help"])
    assert "python -m rashomon.nlp.narratives.calibrate" in capsys.readouterr().out
