"""The learned relation model: corpus format, training command, prediction in the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.nlp.claims.candidates import pairs_of
from rashomon.nlp.claims.corpus import CorpusError, load_corpus, parse_line
from rashomon.nlp.claims.features import LABELS, decode, label_of
from rashomon.registry import Pipeline

FIX = Path(__file__).parent / "fixtures"
MINI = FIX / "claims-mini.jsonl"


def _line(**kw: object) -> dict:
    base = {"id": "t-1", "text": "Veldoria accused Marenland of lying.",
            "mentions": [["Veldoria", "Veldoria", "state"], ["Marenland", "Marenland", "state"]],
            "claims": [{"subject": "Veldoria", "relation": "oppose", "object": "Marenland"}]}
    base.update(kw)
    return base


def test_corpus_offsets_and_pairs() -> None:
    ex = load_corpus([MINI])[4]  # "Minister Adaeze Okonkwo of Marenland met envoys from Ostrava."
    for m in ex.mentions:
        assert ex.text[m.start:m.end] == m.text
    assert ex.label("Marenland", "Adaeze Okonkwo").relation == "part_of"
    assert ex.label("Marenland", "Ostrava") is None  # a labelled "none" pair


@pytest.mark.parametrize("bad, message", [
    ({"mentions": [["Marenland", "Marenland", "state"], ["Veldoria", "Veldoria", "state"]]}, "not found"),
    ({"claims": [{"subject": "Veldoria", "relation": "hates", "object": "Marenland"}]}, "relation"),
    ({"claims": [{"subject": "Veldoria", "relation": "oppose", "object": "Marenland",
                  "source": "Ostrava"}]}, "source"),
    ({"claims": [{"subject": "Veldoria", "relation": "oppose", "object": "Marenland"},
                 {"subject": "Veldoria", "relation": "attack", "object": "Marenland"}]}, "two claims"),
    ({"register": "tweet"}, "register"),
])
def test_corpus_rejects_bad_lines(bad: dict, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        parse_line(_line(**bad), "x:1")


def test_corpus_allows_mutual_relation() -> None:
    ex = parse_line(_line(claims=[{"subject": "Veldoria", "relation": "attack", "object": "Marenland"},
                                  {"subject": "Marenland", "relation": "attack", "object": "Veldoria"}]), "x")
    assert len(ex.pair_claims("Veldoria", "Marenland")) == 2


def test_labels_round_trip() -> None:
    assert label_of("support", a_is_subject=False) == "support<"
    assert label_of("ally", a_is_subject=False) == "ally"
    assert decode(label_of("attack", True, both=True)) == ("attack", "=")
    assert decode("none") is None
    assert len(set(LABELS)) == len(LABELS)


def test_pairs_take_the_closest_mentions() -> None:
    from rashomon.doc import Mention

    ms = [Mention(0, 1, "A", "a", "A"), Mention(10, 11, "B", "b", "B"), Mention(15, 16, "A", "a", "A")]
    pairs = pairs_of(0, ms)
    assert len(pairs) == 1
    assert (pairs[0].a.start, pairs[0].b.start) == (10, 15)  # 4 characters apart, not 9


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rashomon.nlp.claims.train import train

    out = tmp_path_factory.mktemp("model")
    meta = train([MINI], out, folds_k=2, epochs=1, seed=3, progress=lambda s: None)
    assert meta["sentences"] == 12 and 0.2 <= meta["threshold"] <= 0.8
    assert "cv" in meta and meta["cv"]["gold_claims"] > 0
    return out


def test_training_is_reproducible(tiny_model: Path, tmp_path: Path) -> None:
    from rashomon.nlp.claims.train import train

    train([MINI], tmp_path, folds_k=2, epochs=1, seed=3, progress=lambda s: None)
    assert (tmp_path / "weights.safetensors").read_bytes() == (tiny_model / "weights.safetensors").read_bytes()
    assert json.loads((tmp_path / "meta.json").read_text()) == json.loads((tiny_model / "meta.json").read_text())


def test_trained_model_runs_in_the_pipeline(tiny_model: Path) -> None:
    text = "Turkey accused Greece of violating its airspace. Reporters from Chile and Peru watched."
    pipe = Pipeline(("sentences", "gazetteer", "parse", "entities", "claims"),
                    {"claims": {"model": str(tiny_model)}})
    doc = next(iter(pipe.pipe([Doc(id="d", text=text, language="en")])))
    assert doc.claims, "the accusation gives a claim"
    for c in doc.claims:
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text
        assert c.extractor in ("model", "model+rules", "rules")
        assert 0.0 < c.confidence <= 1.0


def test_cli_train_claims_from_gold(tmp_path: Path) -> None:
    out = tmp_path / "m"
    res = CliRunner().invoke(app, ["train", "claims", "--gold", str(FIX / "gold-mini" / "gold.jsonl"),
                                   "--docs", str(FIX / "gold-mini"), "-o", str(out), "--folds", "0",
                                   "--epochs", "1"])
    assert res.exit_code == 0, res.output
    assert "5 training sentences" in res.output
    assert (out / "weights.safetensors").is_file()
    meta = json.loads((out / "meta.json").read_text())
    assert meta["threshold"] == 0.5 and meta["pairs"] == 7  # 3 + 1 + 1 + 1 + 1


def test_cli_train_claims_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["train", "claims", "--gold", str(FIX / "gold-mini" / "gold.jsonl"),
                              "-o", str(tmp_path / "m")])
    assert isinstance(res.exception, UserError) and "--docs" in str(res.exception)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "A and B", "mentions": [["C", "C"]], "claims": []}\n')
    res = runner.invoke(app, ["train", "claims", str(bad), "-o", str(tmp_path / "m")])
    assert isinstance(res.exception, UserError) and "not found" in str(res.exception)


def test_cli_teacher_dry_run(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["train", "claims", "--teacher", "http://127.0.0.1:9", "--model", "m",
                                   "--docs", str(FIX / "gold-mini"), "--dry-run", "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    assert "dry run: 1 of 1 article(s)" in res.output and "nothing was sent" in res.output
    assert not (tmp_path / "m").exists()


def test_analyze_rejects_a_missing_claims_model(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["analyze", str(FIX / "gold-mini"), "--db", str(tmp_path / "x.duckdb"),
                                   "--claims-model", str(tmp_path / "nothing")])
    assert isinstance(res.exception, UserError) and "no model there" in str(res.exception)
