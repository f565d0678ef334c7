"""The progress of `analyze` moves within a large document (characters per component)."""

from __future__ import annotations

from pathlib import Path

from rashomon.engine import run
from rashomon.engine.local import make_pipeline, with_progress
from rashomon.ingest import read_paths
from rashomon.store import open_store


def test_steps_report_characters_within_one_document(tmp_path: Path) -> None:
    text = "Kenya and Tanzania signed a pact. " * 3000
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    doc = next(iter(read_paths([tmp_path / "big.txt"])))
    moves: list[int] = []
    pipeline = with_progress(make_pipeline(["sentences", "gazetteer"]), moves.append)
    out = list(pipeline.pipe([doc], batch_size=1))
    assert len(moves) == 2  # once per component: the bar moves before the document is done
    assert sum(moves) == len(doc.text) - len(doc.text) % 2
    assert out[0].sentences and out[0].mentions


def test_engine_reports_documents_and_characters(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Chad and Niger met, round {i}.", encoding="utf-8")
    docs, chars = [], []
    with open_store(tmp_path / "p.duckdb") as store:
        s = run([tmp_path], store, workers=1, names=["sentences"], progress=docs.append,
                chars=chars.append)
    assert s.analysed == 3 and sum(docs) == 3
    assert sum(chars) == sum(len(f"Chad and Niger met, round {i}.") for i in range(3))
