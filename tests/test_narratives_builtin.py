"""The project's narratives set (data/narratives) and the model shipped from it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from rashomon.errors import UserError
from rashomon.nlp.narratives import builtin, ranker
from rashomon.nlp.narratives.codebook import LANGS, OTHER
from rashomon.nlp.narratives.tasks import make_doc

BLAME = "URW: Blaming the war on others rather than the invader"


@pytest.fixture(scope="module")
def articles() -> list[builtin.Article]:
    return builtin.load_set()


def test_set_covers_every_language_with_some_other(articles) -> None:  # noqa: ANN001
    per = Counter(a.lang for a in articles)
    assert set(per) == set(LANGS) and min(per.values()) >= 75
    for lang in LANGS:
        sel = [a for a in articles if a.lang == lang]
        other = sum(a.narratives == [OTHER] for a in sel) / len(sel)
        assert 0.2 <= other <= 0.35, (lang, other)
        # every article is short news copy: 4 to 10 sentences
        assert all(4 <= len(a.doc.sentences) <= 10 for a in sel), lang
    # both sides of the mirror: pro-Kremlin blame and pro-Ukrainian copy with no listed narrative
    assert any(BLAME in a.narratives for a in articles)
    assert any(a.voice == "pro-ukrainian" and a.narratives == [OTHER] for a in articles)


def test_set_rejects_labels_outside_the_codebook(tmp_path: Path) -> None:
    rec = {"id": "x1", "group": "g", "text": "One. Two. Three. Four.",
           "narratives": ["URW: Not a narrative"], "subnarratives": ["URW: Not a narrative: Other"]}
    (tmp_path / "en.jsonl").write_text(json.dumps(rec) + "\n", "utf-8")
    with pytest.raises(UserError, match="unknown narrative"):
        builtin.load_set(tmp_path)
    rec |= {"narratives": [BLAME], "subnarratives": ["URW: Discrediting Ukraine: Other"]}
    (tmp_path / "en.jsonl").write_text(json.dumps(rec) + "\n", "utf-8")
    with pytest.raises(UserError, match="without its narrative"):
        builtin.load_set(tmp_path)
    rec |= {"narratives": [BLAME], "subnarratives": [f"{BLAME}: Other"]}
    (tmp_path / "en.jsonl").write_text(json.dumps(rec) + "\n", "utf-8")
    assert builtin.load_set(tmp_path)[0].narratives == [BLAME]


def test_folds_keep_a_theme_in_one_fold(articles) -> None:  # noqa: ANN001
    folds = builtin.group_folds(articles)
    fold_of = {i: k for k, f in enumerate(folds) for i in f}
    assert len(fold_of) == len(articles)
    by_group: dict[str, set[int]] = {}
    for a in articles:
        by_group.setdefault(a.group, set()).add(fold_of[a.id])
    assert all(len(v) == 1 for v in by_group.values())
    assert any(len({a.lang for a in articles if a.group == g}) == 5 for g in by_group)  # parallel themes
    sizes = [len(f) for f in folds]
    assert max(sizes) - min(sizes) <= 0.2 * len(articles)
    assert builtin.group_folds(articles) == folds  # seeded


def test_shipped_model_loads_with_its_cv_figures() -> None:
    m = builtin.load(builtin.MODEL, force=True)
    assert m.meta["format"] == builtin.FORMAT and set(m.models) == {"en", "xx"}
    assert m.meta["data"] == builtin.set_hash()  # made from the set as it is in the repo
    assert m.meta["codebook"] == builtin.codebook_hash()
    for sp, info in m.meta["spaces"].items():
        shipped = m.models[sp]
        assert shipped.narr.w.shape == (len(ranker.NARR_FEATURES),)
        assert shipped.sub.w.shape == (len(ranker.SUB_FEATURES),)
        for figures in info["languages"].values():
            for name in ("model", "model_nested", "codebook", "prior"):
                for variant in ("", builtin.LONG):
                    assert 0 < figures[name + variant]["narratives_f1"] <= 1
        # the default only where grouped CV on our set (selection held out, articles as written
        # and long, F1 averaged over shares of "Other") beats the codebook alone
        beats = info["robust"]["model_nested"] > info["robust"]["codebook"]
        assert info["default"] == beats
        assert (sp in builtin.load().use) == beats
    assert (builtin.default() is not None) == (builtin.AUTO and bool(builtin.load().use))
    assert (builtin.MODEL / "weights.safetensors").stat().st_size < 100_000


def test_long_variants_spread_an_article_among_other_copy(articles) -> None:  # noqa: ANN001
    sel = articles
    folds = builtin.group_folds(sel)
    fold_of = {i: k for k, f in enumerate(folds) for i in f}
    hits = {a.id: {"URW": 0, "CC": 0} for a in sel}
    longs = builtin.lengthen(sel, folds, hits)
    assert [x.doc.text for x in builtin.lengthen(sel, folds, hits)] == [x.doc.text for x in longs]  # seeded
    by_id = {a.id: a for a in sel}
    for x in longs:
        a = by_id[x.id.removesuffix(builtin.LONG)]
        assert (x.lang, x.group, x.narratives, x.subnarratives) == (a.lang, a.group, a.narratives, a.subnarratives)
        hi = builtin.LONG_SENTENCES[1]
        texts = [s.text for s in x.doc.sentences]
        own = [s.text for s in a.doc.sentences]
        assert 10 <= len(texts) <= hi + 1  # real news length (ours: 4-6 sentences)
        pos = [texts.index(t) for t in own]
        assert pos == sorted(pos)  # its own sentences, in order
        # the rest comes from "Other" articles of the same language and fold, never itself
        pool = {s.text for b in sel if b.narratives == [OTHER] and b.lang == a.lang
                and fold_of[b.id] == fold_of[a.id] and b.id != a.id for s in b.doc.sentences}
        assert all(t in pool for t in texts if t not in own)


def test_ranker_reads_labels_through_the_same_numbers() -> None:
    """The features of a label do not depend on which label it is: two codebooks' labels are
    read through the same columns, and padding an article with reporting sentences leaves its
    best narrative's top sentences in place."""
    comp = _component("builtin")
    short = make_doc("s", TEXT)
    long = make_doc("l", TEXT + " " + " ".join(
        f"The regional council met on day {k} to discuss road repairs and school budgets." for k in range(12)))
    m = comp.model
    fs, fl = (m.clf.features(d) for d in (short, long))
    sp = m.models["en"].space
    rs, rl = ranker.narrative_rows(sp, fs), ranker.narrative_rows(sp, fl)
    assert rs.shape == rl.shape == (len(sp.labels), len(ranker.NARR_FEATURES))
    best = int(np.argmax(m.models["en"].narr.proba(rs)))
    assert sp.labels[best].startswith("URW:")
    top1 = ranker.NARR_FEATURES.index("top1")
    assert rl[best, top1] == pytest.approx(rs[best, top1], abs=1e-5)
    assert m.predict(long, fl).narratives[0].label != OTHER


def _component(model: str | None = None):  # noqa: ANN202
    from rashomon.registry import get_component

    info = get_component("narratives")
    return info.factory({**info.default_config, "model": model})


TEXT = ("NATO spent thirty years pushing east towards Russia's borders and ignoring Moscow's warnings. "
        "Washington armed Kyiv and turned Ukraine into a weapon against Russia. "
        "The war was provoked by the West, which now fights Russia to the last Ukrainian. "
        "American arms makers count their profits while Europe pays the bill.")


def test_component_labels_carry_evidence_spans() -> None:
    comp = _component()
    doc = comp(make_doc("a1", TEXT))
    narrs = [lb for lb in doc.labels if lb.kind == "narrative"]
    assert narrs and narrs[0].value != OTHER
    assert narrs[0].value.startswith("URW:")
    for lb in doc.labels:
        if lb.kind in ("narrative", "subnarrative"):
            assert lb.evidence, lb
            assert all(doc.text[e.start:e.end] == e.text and e.text.strip() for e in lb.evidence)
    shipped = builtin.default()
    assert narrs[0].model == ("model:builtin" if shipped and "en" in shipped.use else "codebook")
    off = _component("none")(make_doc("a1", TEXT))
    assert {lb.model for lb in off.labels if lb.kind == "narrative"} == {"codebook"}
    on = _component("builtin")(make_doc("a1", TEXT))  # every language, whatever the default
    narrs = [lb for lb in on.labels if lb.kind == "narrative"]
    assert {lb.model for lb in narrs} == {"model:builtin"}
    assert all(lb.evidence for lb in on.labels if lb.kind == "narrative" and lb.value != OTHER)


RU = ("Расширение НАТО на восток стало причиной войны, заявил политолог. "
      "По его словам, Вашингтон годами вооружал Киев против России. "
      "«Войну развязали в Вашингтоне, а воевать заставили украинцев», — сказал он. "
      "Ответственность за кровопролитие лежит на альянсе.")


def test_russian_article_is_read_by_the_multilingual_model() -> None:
    doc = make_doc("r1", RU)
    doc.language = "ru"
    doc = _component("builtin")(doc)
    narrs = [lb for lb in doc.labels if lb.kind == "narrative"]
    assert narrs[0].model == "model:builtin"
    assert narrs[0].value == BLAME
    assert all(doc.text[e.start:e.end] == e.text for lb in doc.labels for e in lb.evidence)
    subs = [lb.value for lb in doc.labels if lb.kind == "subnarrative"]
    assert subs and all(s.startswith(BLAME + ": ") for s in subs)


def test_component_rejects_a_missing_model(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        _component(str(tmp_path / "nothing.model"))


def test_training_is_seeded_and_reproducible(tmp_path: Path, articles) -> None:  # noqa: ANN001
    """`train` on a tiny set (12 articles in each of two languages), twice: the same files."""
    tiny = tmp_path / "set"
    tiny.mkdir()
    for lang in ("en", "ru"):
        src = [line for line in (builtin.DATA / f"{lang}.jsonl").read_text("utf-8").splitlines()]
        (tiny / f"{lang}.jsonl").write_text("\n".join(src[:9] + src[-3:]) + "\n", "utf-8")
    metas = [builtin.train(tiny, tmp_path / f"m{i}", log=lambda *_: None) for i in (1, 2)]
    assert metas[0] == metas[1] and metas[0]["articles"] == 24
    a, b = ((tmp_path / f"m{i}" / "weights.safetensors").read_bytes() for i in (1, 2))
    assert a == b
    m = builtin.load(tmp_path / "m1", force=True)
    assert set(m.models) == {"en", "xx"}
    assert np.isfinite(m.models["xx"].narr.w).all()
    pred = m.predict(make_doc("t", TEXT))
    assert pred.narratives and all(s.label for s in pred.subnarratives)


def test_train_command_needs_data_or_builtin() -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app

    res = CliRunner().invoke(app, ["train", "narratives"])
    assert res.exit_code != 0
    assert "--builtin" in (res.output + str(res.exception or ""))


def test_hard_other_part_is_english_reporting_in_its_own_groups(articles) -> None:  # noqa: ANN001
    """data/narratives/hard: English "Other" reports on the narratives' topics, of varied length,
    each its own theme (none shared with the main set, so CV folds stay grouped)."""
    from rashomon.nlp.narratives.calibrate import HARD, HARD_PREFIX, load_articles

    hard = builtin.load_set(HARD)
    assert len(hard) >= 60 and all(a.lang == "en" and a.narratives == [OTHER] for a in hard)
    assert all(a.id.startswith(HARD_PREFIX) for a in hard) and not any(a.id.startswith(HARD_PREFIX) for a in articles)
    assert len({a.group for a in hard}) == len(hard) and not {a.group for a in hard} & {a.group for a in articles}
    words = sorted(len(a.doc.text.split()) for a in hard)
    assert words[0] < 80 and words[-1] > 400 and sum(w >= 250 for w in words) >= 5
    assert len(load_articles(subtle=None)) == len(articles) + len(hard)
    assert len(load_articles(None, None)) == len(articles)


def test_subtle_part_is_english_narrative_news_in_its_own_groups(articles) -> None:  # noqa: ANN001
    """data/narratives/subtle: English news-like articles that push 1-2 of the codebook's
    narratives (every one of them somewhere), 8-16 sentences, each its own theme, checked by
    the loader, read by the calibration with the hard "Other" part (``--no-subtle``: without)."""
    from rashomon.nlp.narratives.calibrate import HARD, SUBTLE, SUBTLE_PREFIX, load_articles
    from rashomon.nlp.narratives.codebook import load_codebook

    subtle, hard = builtin.load_set(SUBTLE), builtin.load_set(HARD)
    assert len(subtle) >= 100 and all(a.lang == "en" and OTHER not in a.narratives for a in subtle)
    assert all(1 <= len(a.narratives) <= 2 and a.id.startswith(SUBTLE_PREFIX) for a in subtle)
    assert not any(a.id.startswith(SUBTLE_PREFIX) for a in articles + hard)
    groups = {a.group for a in subtle}
    assert len(groups) == len(subtle) and not groups & {a.group for a in articles + hard}
    assert {n for a in subtle for n in a.narratives} == set(load_codebook(None).narrative_labels()) - {OTHER}
    assert all(8 <= len(a.doc.sentences) <= 16 for a in subtle)
    # written for the set, not lifted from the codebook: no sentence is one of its examples
    cb = load_codebook(None)
    examples = {e.strip().lower() for x in cb.narratives + cb.subnarratives for e in x.examples}
    assert not [s.text for a in subtle for s in a.doc.sentences if s.text.strip().lower() in examples]
    n = len(articles)
    assert len(load_articles()) == n + len(hard) + len(subtle)
    assert len(load_articles(HARD, None)) == n + len(hard) and len(load_articles(None, SUBTLE)) == n + len(subtle)


def test_subtle_part_labels_are_checked_by_the_loader(tmp_path: Path) -> None:
    """A subtle article with a label the codebook lacks, or a sub-narrative without its
    narrative, stops the load with a one-line error naming the file and line."""
    from rashomon.nlp.narratives.calibrate import SUBTLE, load_articles

    lines = (SUBTLE / "en.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[0])
    bad = {**rec, "subnarratives": ["URW: Praise of Russia: Praise of Russian military might"]}
    if rec["narratives"] == ["URW: Praise of Russia"]:
        bad["subnarratives"] = ["CC: Downplaying climate change: Ice is not melting"]
    for broken in (bad, {**rec, "narratives": ["URW: Blaming the moon"]}):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        (folder / "en.jsonl").write_text("\n".join([json.dumps(broken), *lines[1:]]) + "\n", encoding="utf-8")
        with pytest.raises(UserError, match="en.jsonl"):
            load_articles(None, folder)
