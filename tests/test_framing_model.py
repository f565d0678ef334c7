"""The multilingual, prior-guarded framing model and the project's own framing set."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from rashomon.nlp.framing import corpus
from rashomon.nlp.framing.model import (
    Item,
    choose_tau,
    decide,
    group_folds,
    lexical,
    shifted_accuracy,
)
from rashomon.nlp.narratives.tasks import make_doc


def _item(text: str, surface: str, lang: str, main: str = "", fine: list[str] | None = None) -> Item:
    doc = make_doc("t", text)
    doc.language = lang
    start = text.index(surface)
    return Item(doc, start, start + len(surface), lang, None, main, fine or [])


def test_decide_keeps_the_default_unless_the_evidence_beats_the_threshold() -> None:
    p = {"Antagonist": 0.3, "Innocent": 0.5, "Protagonist": 0.2}
    assert decide(p, 0.0) == "Innocent"  # log(0.5 / 0.3) = 0.51
    assert decide(p, 0.6) == "Antagonist"
    assert decide(p, math.inf) == "Antagonist"
    assert decide({"Antagonist": 0.6, "Innocent": 0.2, "Protagonist": 0.2}, -0.5) == "Antagonist"
    assert decide({"Antagonist": 0.6, "Innocent": 0.2, "Protagonist": 0.2}, -2.0) in ("Innocent", "Protagonist")


def test_shifted_accuracy_weighs_antagonists() -> None:
    gold = ["Antagonist", "Antagonist", "Innocent", "Protagonist"]
    assert shifted_accuracy(["Antagonist"] * 4, gold, 0.8) == pytest.approx(0.8)
    assert shifted_accuracy(["Antagonist"] * 4, gold, 0.5) == pytest.approx(0.5)
    assert shifted_accuracy(["Antagonist", "Antagonist", "Innocent", "Antagonist"], gold, 0.8) \
        == pytest.approx(0.8 + 0.2 * 0.5)


def test_threshold_never_loses_to_the_prior() -> None:
    gold = ["Antagonist"] * 6 + ["Innocent"] * 4
    # probabilities that point the wrong way as often as the right way: keep the default
    noisy = [{"Antagonist": 0.2, "Innocent": 0.8, "Protagonist": 0.0}] * 6 + \
            [{"Antagonist": 0.2, "Innocent": 0.8, "Protagonist": 0.0}] * 4
    assert choose_tau(noisy, gold) == math.inf
    # informative probabilities: a finite threshold that switches exactly the innocents
    good = [{"Antagonist": 0.7, "Innocent": 0.3, "Protagonist": 0.0}] * 6 + \
           [{"Antagonist": 0.2, "Innocent": 0.8, "Protagonist": 0.0}] * 4
    tau = choose_tau(good, gold)
    assert math.isfinite(tau)
    assert [decide(p, tau) for p in good] == gold


def test_threshold_for_a_stated_share() -> None:
    """With the share of antagonists where the model runs stated, the threshold is the best
    at that share among those that do not lose to the prior at it and 0.1 either side."""
    from rashomon.nlp.framing.model import ROBUST

    gold = ["Antagonist"] * 6 + ["Innocent"] * 4
    # switching everything below log-odds 0.4 gets every innocent and 3 of 6 antagonists wrong
    probs = [{"Antagonist": 0.4, "Innocent": 0.6, "Protagonist": 0.0}] * 3 + \
            [{"Antagonist": 0.8, "Innocent": 0.2, "Protagonist": 0.0}] * 3 + \
            [{"Antagonist": 0.4, "Innocent": 0.6, "Protagonist": 0.0}] * 4
    loose = [decide(p, 0.0) for p in probs]
    # at 24% antagonists switching pays (0.76 + 0.24 / 2 = 0.88 against 0.24), at 80% it loses
    assert shifted_accuracy(loose, gold, 0.24) == pytest.approx(0.88)
    assert shifted_accuracy(loose, gold, 0.8) < 0.8
    assert choose_tau(probs, gold) == math.inf  # the 50-80% rule never switches here
    tau = choose_tau(probs, gold, target=0.24)
    assert math.isfinite(tau) and [decide(p, tau) for p in probs] == loose
    # the robustness band: at 60% switching wins (1 - 0.5 * 0.6 = 0.7 > 0.6), but at 70% it
    # loses (0.65 < 0.7), so at a stated 60% the model does not switch
    assert shifted_accuracy(loose, gold, 0.6) > 0.6
    assert shifted_accuracy(loose, gold, 0.6 + ROBUST) < 0.6 + ROBUST
    assert choose_tau(probs, gold, target=0.6) == math.inf
    # at a stated 50% (up to 60%) it does
    assert [decide(p, choose_tau(probs, gold, target=0.5)) for p in probs] == loose


def test_role_report_weighs_mentions_to_the_stated_share() -> None:
    from rashomon.nlp.framing.corpus import role_report

    gold = ["Antagonist"] * 8 + ["Protagonist"] * 2
    pred = ["Protagonist"] * 2 + ["Antagonist"] * 6 + ["Protagonist", "Antagonist"]
    # raw: 1 right of 3 Protagonist answers; at 20% antagonists each antagonist weighs
    # 0.2 / 8 and each protagonist 0.8 / 2: precision 0.4 / (0.4 + 0.05) = 0.89
    r = role_report(pred, gold, 0.2)
    assert r["Protagonist"][0] == pytest.approx(0.4 / 0.45)
    assert r["Protagonist"][1] == pytest.approx(0.5)
    assert role_report(pred, gold, 0.8)["Protagonist"][0] == pytest.approx(0.1 / 0.3)
    assert r["Innocent"] == (0.0, 0.0)  # no gold innocents, none said


def test_cv_scores_at_the_stated_share() -> None:
    """`corpus cv` reports a language with a stated share at that share and 0.1 either side;
    English (no stated share) without."""
    from rashomon.nlp.framing.corpus import cv_scores

    gold = ["Antagonist"] * 6 + ["Innocent"] * 4
    items = [_item("A Rússia atacou.", "Rússia", lang, g) for lang in ("pt", "en") for g in gold]
    pred = [("Innocent" if i % 10 in (0, 1, 2, 6, 7, 8, 9) else "Antagonist", []) for i in range(20)]
    r = cv_scores(items, pred)
    assert r["pt"]["share"] == 0.24 and "share" not in r["en"]
    assert r["pt"]["shifted"] == pytest.approx(0.88)  # as in test_threshold_for_a_stated_share
    assert r["pt"]["gains"] == pytest.approx([1 - 1.5 * s for s in (0.14, 0.24, 0.34)])
    assert r["pt"]["roles"]["Innocent"][1] == pytest.approx(1.0)
    assert r["pt"]["accuracy"] == r["en"]["accuracy"] == pytest.approx(0.7)


def test_folds_keep_groups_together() -> None:
    groups = ["a", "a", "b", "c", "c", "c", "d", "e", "f", "g"]
    folds = group_folds(groups, k=3)
    assert sorted(i for f in folds for i in f) == list(range(len(groups)))
    for g in set(groups):
        assert sum(any(groups[i] == g for i in f) for f in folds) == 1


@pytest.mark.parametrize(("text", "surface", "lang", "group", "side"), [
    ("Russian troops shelled the village overnight.", "Russian troops", "en", "harm", "right"),
    ("Российские войска обстреляли село ночью.", "Российские войска", "ru", "harm", "right"),
    ("Руските войски обстреляха селото.", "Руските войски", "bg", "harm", "right"),
    ("As tropas russas bombardearam a aldeia.", "As tropas russas", "pt", "harm", "right"),
    ("रूसी सेना ने गाँव पर गोलाबारी की।", "रूसी सेना", "hi", "harm", "right"),
    ("Os bombeiros salvaram a vila das chamas.", "Os bombeiros", "pt", "help", "right"),
    ("Ракеты уничтожили дом, где жили беженцы.", "беженцы", "ru", "harm", "left"),
])
def test_window_cues_in_five_languages(text: str, surface: str, lang: str, group: str, side: str) -> None:
    from rashomon.nlp.framing.model import GROUPS

    x = lexical(_item(text, surface, lang))
    k = GROUPS.index(group) + (len(GROUPS) if side == "right" else 0)
    other = GROUPS.index(group) + (0 if side == "right" else len(GROUPS))
    assert x[k] > 0
    assert x[other] == 0


def test_hindi_postpositions_mark_agent_and_patient() -> None:
    from rashomon.nlp.framing.model import GROUPS

    n = 3 * len(GROUPS)
    agent = lexical(_item("रूस ने यूक्रेन पर हमला किया।", "रूस", "hi"))
    patient = lexical(_item("रूस ने यूक्रेन पर हमला किया।", "यूक्रेन", "hi"))
    assert (agent[n], agent[n + 1]) == (1.0, 0.0)
    assert (patient[n], patient[n + 1]) == (0.0, 1.0)
    english = lexical(_item("Russia attacked Ukraine.", "Russia", "en"))
    assert (english[n], english[n + 1]) == (0.0, 0.0)


def test_framing_set_loads_with_valid_labels() -> None:
    from collections import Counter

    from rashomon.nlp.framing.corpus import load_corpus

    items = load_corpus()
    by_lang = Counter(it.lang for it in items)
    assert set(by_lang) == {"en", "ru", "bg", "pt", "hi"}
    assert min(by_lang.values()) >= 70
    for lang in by_lang:
        roles = Counter(it.main for it in items if it.lang == lang)
        assert set(roles) == {"Protagonist", "Antagonist", "Innocent"}
    for it in items:
        assert it.doc.text[it.start:it.end].strip()
        assert it.fine


def test_pending_news_passages_are_article_length() -> None:
    """The news-register files waiting in ``pending/`` (ids xx-e...; outside the set, the
    shipped model was not retrained on them, see the datasheet): valid in the set's format,
    BG and PT passages of 680-1,130 characters with mentions beyond the first 600 characters
    the model embeds as the passage (the set's own passages, about 360 characters, have
    none), and every main role in each of BG, PT, HI and EN."""
    from collections import Counter

    from rashomon.nlp.framing.corpus import DATA, file_language, load_file
    from rashomon.nlp.framing.model import PASSAGE

    seen: dict[str, str] = {}
    items = [it for f in sorted((DATA / "pending").glob("*.jsonl")) for it in load_file(f, file_language(f), seen)]
    assert all(it.doc.id[3] == "e" for it in items)
    late = Counter(it.lang for it in items if it.start >= PASSAGE)
    assert late["bg"] >= 60 and late["pt"] >= 40
    roles = Counter((it.lang, it.main) for it in items)
    for lang in ("bg", "pt", "hi", "en"):
        assert min(roles[(lang, m)] for m in ("Protagonist", "Antagonist", "Innocent")) >= 19
    assert not set(seen) & {it.doc.id for it in corpus.load_corpus()}  # ids unique across set and pending


def test_framing_set_errors_are_one_line(tmp_path) -> None:  # noqa: ANN001
    from rashomon.errors import UserError
    from rashomon.nlp.framing.corpus import load_corpus

    (tmp_path / "pt.jsonl").write_text(
        '{"id": "x", "text": "A Rússia atacou.", "mentions": [{"mention": "Rússia", "main": "Villain"}]}\n', "utf-8")
    with pytest.raises(UserError, match="unknown main role"):
        load_corpus(tmp_path)
    (tmp_path / "pt.jsonl").write_text(
        '{"id": "x", "text": "A Rússia atacou.", "mentions": [{"mention": "Rússia", "main": "Innocent", '
        '"fine": ["Tyrant"]}]}\n', "utf-8")
    with pytest.raises(UserError, match="not a Innocent role"):
        load_corpus(tmp_path)
    (tmp_path / "pt.jsonl").write_text('{"id": "x", "text": "A Rússia atacou.", "mentions": '
                                       '[{"mention": "Brasil", "main": "Innocent"}]}\n', "utf-8")
    with pytest.raises(UserError, match="not in the text"):
        load_corpus(tmp_path)


def test_fit_rejects_too_little_data() -> None:
    from rashomon.errors import UserError
    from rashomon.nlp.framing.model import RoleModel

    items = [_item("Russia attacked Ukraine.", "Russia", "en", "Antagonist")] * 3
    with pytest.raises(UserError, match="at least 10"):
        RoleModel.fit(items, np.zeros((3, 4), dtype=np.float32))


def test_train_and_run_in_portuguese(tmp_path) -> None:  # noqa: ANN001
    """`rashomon train framing|narratives` on a Portuguese corpus in the task layout, then
    `semeval st1|st2 --model` with the models."""
    from typer.testing import CliRunner

    from rashomon.cli.main import app

    raw = tmp_path / "raw-documents"
    raw.mkdir()
    war = "Moscovo voltou a ameaçar a Europa com armas nucleares {}. A Europa teme um ataque {}."
    heat = "Uma onda de calor mortal atingiu Portugal {}. Os cientistas falam de emergência climática {}."
    when = ["na segunda-feira", "na terça-feira", "esta semana", "ontem", "na primavera", "outra vez"]
    st1, st2 = [], []
    for i, w in enumerate(when):
        for kind, tmpl, narr in (("U", war, "URW: Amplifying war-related fears"),
                                 ("C", heat, "CC: Amplifying Climate Fears")):
            name = f"PT_{kind}_{i}.txt"
            text = tmpl.format(w, w)
            (raw / name).write_text(text + "\n", "utf-8")
            st2.append(f"{name}\t{narr}\t{narr}: Other")
            if kind == "U":
                s = text.index("Moscovo")
                st1.append(f"{name}\tMoscovo\t{s}\t{s + 6}\tAntagonist\tInstigator")
                s = text.index("Europa")
                st1.append(f"{name}\tEuropa\t{s}\t{s + 5}\tInnocent\tVictim")
    (tmp_path / "st1.txt").write_text("\n".join(st1) + "\n", "utf-8")
    (tmp_path / "st2.txt").write_text("\n".join(st2) + "\n", "utf-8")
    runner = CliRunner()
    roles = tmp_path / "roles.model"
    r = runner.invoke(app, ["train", "framing", "--docs", str(tmp_path), "--labels", str(tmp_path / "st1.txt"),
                            "--lang", "pt", "-o", str(roles)])
    assert r.exit_code == 0, r.output
    assert "pt 12" in r.output
    out = tmp_path / "out1.txt"
    r = runner.invoke(app, ["semeval", "st1", "--docs", str(tmp_path), "--model", str(roles),
                            "--mentions", str(tmp_path / "st1.txt"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = [x.split("\t") for x in out.read_text("utf-8").splitlines()]
    assert sum(x[4] == ("Antagonist" if x[1] == "Moscovo" else "Innocent") for x in rows) >= 10
    r = runner.invoke(app, ["train", "framing", "--docs", str(tmp_path), "--labels", str(tmp_path / "st1.txt"),
                            "--lang", "xx", "-o", str(roles)])
    from rashomon.errors import UserError

    assert r.exit_code != 0 and isinstance(r.exception, UserError) and "--lang" in str(r.exception)
    narr = tmp_path / "narr.model"
    r = runner.invoke(app, ["train", "narratives", "--docs", str(tmp_path), "--labels", str(tmp_path / "st2.txt"),
                            "-o", str(narr)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "out2.txt"
    r = runner.invoke(app, ["semeval", "st2", "--docs", str(tmp_path), "--model", str(narr), "-o", str(out)])
    assert r.exit_code == 0, r.output
    pred = {x.split("\t")[0]: x.split("\t")[1] for x in out.read_text("utf-8").splitlines()}
    assert sum(pred[f"PT_{k}_{i}.txt"] == n for i in range(6) for k, n in
               (("U", "URW: Amplifying war-related fears"), ("C", "CC: Amplifying Climate Fears"))) >= 10


def test_component_uses_the_model_outside_english() -> None:
    from rashomon.doc import Mention
    from rashomon.registry import get_component

    text = ("Os mísseis russos destruíram a escola da aldeia durante a noite. "
            "Os moradores ficaram sem casa e sem água, contaram os voluntários que lhes levaram comida.")
    doc = make_doc("pt1", text)
    doc.language = "pt"
    for surface, actor in (("Os mísseis russos", "Q159"), ("Os moradores", "rsh:moradores")):
        start = text.index(surface)
        doc.mentions.append(Mention(start, start + len(surface), surface, actor, surface,
                                    sentence=doc.sentence_at(start)))
    info = get_component("framing")
    framing = info.factory(dict(info.default_config))
    roles = {lb.actor: lb for lb in framing(doc).labels if lb.kind == "role"}
    assert set(roles) == {"Q159", "rsh:moradores"}
    assert all(lb.model == "framing-set" for lb in roles.values())
    assert roles["Q159"].value == "Antagonist"
    assert roles["rsh:moradores"].value == "Innocent" and roles["rsh:moradores"].fine
    for lb in roles.values():
        assert 0 < lb.score <= 1 and lb.evidence
        assert all(doc.text[e.start:e.end] == e.text for e in lb.evidence)


def test_switches_need_explicit_evidence() -> None:
    from rashomon.nlp.framing.model import corroborated

    def row(item: Item) -> np.ndarray:  # a featurize() row without the embeddings
        from rashomon.nlp.framing.model import votes

        return np.concatenate([np.zeros(768, np.float32), lexical(item), votes(item)])

    victim = row(_item("Os mísseis atingiram os moradores da aldeia.", "os moradores", "pt"))
    assert "Innocent" in corroborated(victim)
    helper = row(_item("Os voluntários levaram comida e ajudaram as famílias.", "Os voluntários", "pt"))
    assert "Protagonist" in corroborated(helper)
    bare = row(_item("O ministro reuniu-se com o embaixador na terça-feira.", "O ministro", "pt"))
    assert corroborated(bare) == frozenset()
    p = {"Antagonist": 0.1, "Innocent": 0.8, "Protagonist": 0.1}
    assert decide(p, 0.0, corroborated(bare)) == "Antagonist"
    assert decide(p, 0.0, corroborated(victim)) == "Innocent"


def test_framing_set_reads_every_file_of_a_language(tmp_path) -> None:  # noqa: ANN001
    from rashomon.errors import UserError
    from rashomon.nlp.framing.corpus import load_corpus

    line = '{{"id": "{}", "text": "A Rússia atacou a aldeia.", "mentions": [{{"mention": "Rússia", "main": "Antagonist"}}]}}\n'
    (tmp_path / "pt.jsonl").write_text(line.format("a"), "utf-8")
    (tmp_path / "pt-2.jsonl").write_text(line.format("b") + line.format("c"), "utf-8")
    items = load_corpus(tmp_path)
    assert sorted(it.doc.id for it in items) == ["a", "b", "c"]
    assert {it.lang for it in items} == {"pt"}
    (tmp_path / "pt-3.jsonl").write_text(line.format("a"), "utf-8")  # an id used twice
    with pytest.raises(UserError, match="passage id .a. also in pt"):
        load_corpus(tmp_path)
    (tmp_path / "pt-3.jsonl").unlink()
    (tmp_path / "xx-2.jsonl").write_text(line.format("d"), "utf-8")
    with pytest.raises(UserError, match="must start with one of"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(("sent", "surface", "inside", "quotes"), [
    ("Он заявил: «Киев лжёт», и ушёл.", "Киев", 1.0, 1.0),
    ('"The Kremlin lies first," said Matviichuk.', "The Kremlin", 1.0, 1.0),
    ('"The Kremlin lies first," said Matviichuk.', "Matviichuk", 0.0, 1.0),
    ("O ministro disse que Moscovo mente.", "Moscovo", 0.0, 0.0),
])
def test_voice_of_the_mention(sent: str, surface: str, inside: float, quotes: float) -> None:
    from rashomon.nlp.framing.model import quoted

    assert quoted(sent, sent.index(surface)) == (inside, quotes)


@pytest.mark.parametrize(("sent", "surface", "open_", "paired"), [
    # Bulgarian „...“: the speaker after the quotation is the article's voice once it closes
    ("„Киев лъже“, заяви Захарова пред журналисти.", "Захарова", (1.0, 1.0), (0.0, 1.0)),
    ("„Киев лъже“, заяви Захарова пред журналисти.", "Киев", (1.0, 1.0), (1.0, 1.0)),
    # English curly quotes and Russian guillemets read the same either way
    ("“The Kremlin lies,” said Matviichuk.", "Matviichuk", (0.0, 1.0), (0.0, 1.0)),
    ("Он заявил: «Киев лжёт», и ушёл.", "Киев", (1.0, 1.0), (1.0, 1.0)),
    ("Он заявил: «Киев лжёт», сказал Песков.", "Песков", (0.0, 1.0), (0.0, 1.0)),
    ("Министърът посети Харков.", "Харков", (0.0, 0.0), (0.0, 0.0)),
])
def test_paired_quotes_close_a_bulgarian_quotation(sent: str, surface: str, open_: tuple, paired: tuple) -> None:
    from rashomon.nlp.framing.model import quoted

    a = sent.index(surface)
    assert quoted(sent, a) == open_  # the shipped model's reading, unchanged
    assert quoted(sent, a, "paired") == paired


def test_a_model_reads_quotes_as_it_was_fitted() -> None:
    from rashomon.errors import UserError
    from rashomon.nlp.framing.model import RoleModel

    rng = np.random.default_rng(7)
    roles = ["Antagonist", "Innocent", "Protagonist"]
    items = [Item(make_doc(f"d{i}", "x"), 0, 1, "bg", None, roles[i % 3], [], f"g{i}") for i in range(30)]
    X = np.array([rng.normal(size=4) + 2.0 * np.eye(4)[i % 3] for i in range(30)], dtype=np.float32)
    assert RoleModel.fit(items, X).quotes == "open"  # the default: as every model before
    paired = RoleModel.fit(items, X, quotes="paired")
    assert paired.quotes == "paired" and paired.meta["quotes"] == "paired"
    assert RoleModel(paired.main, paired.fine, paired.taus, {}).quotes == "open"  # an older meta
    with pytest.raises(UserError, match="quotes must be one of"):
        RoleModel.fit(items, X, quotes="curly")
    # the features follow the model's reading: only the voice column of a BG quotation differs
    it = _item("„Киев лъже“, заяви Захарова пред журналисти.", "Захарова", "bg")
    a, b = lexical(it), lexical(it, "paired")
    assert (a != b).sum() == 1 and a[-2] == 1.0 and b[-2] == 0.0


def test_train_framing_on_passages_in_the_framing_format(tmp_path) -> None:  # noqa: ANN001
    """`rashomon train framing --labels file.jsonl`: the user's passages, the set's format."""
    import json

    from typer.testing import CliRunner

    from rashomon.cli.main import app
    from rashomon.nlp.narratives.train import load_model

    rows = []
    for i, town in enumerate(["Kherson", "Kharkiv", "Sumy", "Odesa", "Mykolaiv", "Izium", "Bucha"]):
        text = (f"Российские войска снова обстреляли {town}. "
                f"Жители {town} остались без света и воды, рассказали волонтёры.")
        rows.append({"id": f"u{i}", "text": text, "mentions": [
            {"mention": "Российские войска", "main": "Antagonist", "fine": ["Instigator"]},
            {"mention": "Жители", "main": "Innocent", "fine": ["Victim"]}]})
    f = tmp_path / "mine.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    out = tmp_path / "roles.model"
    r = CliRunner().invoke(app, ["train", "framing", "--labels", str(f), "--lang", "ru", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "14 mentions (ru 14)" in r.output
    model = load_model(out)
    assert model.meta["languages"] == {"ru": 14}
    # SemEval labels without their articles: a one-line error
    r = CliRunner().invoke(app, ["train", "framing", "--labels", str(tmp_path / "st1.txt"), "-o", str(out)])
    assert r.exit_code != 0 and "--docs" in str(r.exception)


def test_linear_gives_scikit_learns_probabilities() -> None:
    from sklearn.linear_model import LogisticRegression

    from rashomon.nlp.framing.model import Linear

    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 5)).astype(np.float32)
    for k in (2, 3):
        y = np.array(["Antagonist", "Innocent", "Protagonist"][:k])[(X[:, 0] > 0).astype(int) + (X[:, 1] > 1) * (k - 2)]
        fitted = LogisticRegression(max_iter=500).fit(X, y)
        lin = Linear.of(fitted)
        assert lin.classes_ == list(fitted.classes_)
        np.testing.assert_allclose(lin.predict_proba(X), fitted.predict_proba(X), atol=1e-5)
        assert list(lin.predict(X)) == list(fitted.predict(X))


def test_shipped_model_round_trip_and_is_the_sets(tmp_path) -> None:  # noqa: ANN001
    from rashomon.nlp.framing.corpus import DATA, MODEL, fingerprint, load_shipped, save_shipped
    from rashomon.nlp.framing.model import DEPLOY_SHARES, FORMAT, LANGS, RoleModel

    rng = np.random.default_rng(5)
    roles = ["Antagonist", "Innocent", "Protagonist"]
    fine = {"Antagonist": ["Instigator", "Tyrant"], "Innocent": ["Victim"], "Protagonist": ["Guardian", "Martyr"]}
    items, rows = [], []
    for i in range(90):
        main = roles[i % 3]
        items.append(Item(make_doc(f"d{i}", "x"), 0, 1, "pt", None, main, [fine[main][i % len(fine[main])]], f"g{i}"))
        rows.append(rng.normal(size=6) + 2.0 * np.eye(6)[i % 3])
    X = np.array(rows, dtype=np.float32)
    model = RoleModel.fit(items, X, seed=13)
    save_shipped(model, tmp_path / "m")
    back = load_shipped(tmp_path / "m")
    assert back.taus == model.taus and back.meta["format"] == FORMAT
    assert back.predict_rows(X, ["pt"] * 90) == model.predict_rows(X, ["pt"] * 90)
    assert back.fine["Innocent"] == "Victim"  # one fine role: kept as a name
    # the shipped model is the one `python -m rashomon.nlp.framing.corpus train` makes from
    # the set as it is now (a changed set without a retrained model fails here)
    shipped = load_shipped(MODEL)
    assert shipped.meta["data"] == fingerprint(DATA)
    assert set(shipped.meta["languages"]) == set(LANGS)
    assert not shipped.gate and set(shipped.taus) == set(LANGS)
    # its thresholds are chosen for the shares of antagonists issue 14 states (not English)
    assert shipped.meta["targets"] == DEPLOY_SHARES and "en" not in DEPLOY_SHARES


def test_train_framing_needs_labels_or_builtin() -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app
    from rashomon.errors import UserError

    r = CliRunner().invoke(app, ["train", "framing", "-o", "x.model"])
    assert r.exit_code != 0 and isinstance(r.exception, UserError) and "--builtin" in str(r.exception)


def test_corpus_command_help_and_a_missing_set_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["train", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: python -m rashomon.nlp.framing.corpus")
    assert corpus.main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no framing set") and err.count("\n") == 1


def test_fine_report_counts_what_decides_fine_emr() -> None:
    items = [_item("a b", "a", "en", "Antagonist", ["Deceiver"]),
             _item("a b", "a", "en", "Antagonist", ["Deceiver", "Corrupt"]),
             _item("a b", "a", "en", "Antagonist", ["Tyrant"]),
             _item("a b", "a", "en", "Innocent", ["Victim"]),
             _item("a b", "a", "en", "Protagonist", ["Guardian"])]
    pred = [("Antagonist", ["Deceiver"]), ("Antagonist", ["Deceiver"]), ("Antagonist", ["Deceiver"]),
            ("Innocent", ["Victim"]), ("Antagonist", ["Tyrant"])]  # the last: a wrong main role
    r = corpus.fine_report(items, pred)
    assert set(r) == {"Antagonist", "Innocent"}  # only items whose main role is right
    ant = r["Antagonist"]
    assert ant["mentions"] == 3 and ant["fine_emr"] == pytest.approx(1 / 3)  # two gold roles: not exact
    assert ant["one_gold"] == pytest.approx(2 / 3)
    assert ant["roles"] == {"Deceiver": (3, 2, 2), "Tyrant": (0, 1, 0)}
    assert r["Innocent"] == {"mentions": 1, "fine_emr": 1.0, "one_gold": 1.0, "roles": {"Victim": (1, 1, 1)}}
