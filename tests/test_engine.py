"""The multi-process engine: bounded memory, rejections, the run() front door, remote inputs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.doc import Doc
from rashomon.engine import default_workers, peek, run
from rashomon.engine.parallel import Flow, batches, component_modules, process_stream, shared_tail
from rashomon.engine.remote import is_uri, read_inputs
from rashomon.errors import UserError
from rashomon.registry import component
from rashomon.store import open_store


# Test components: registered here, so spawned workers import this module to find them.
@component("test_explode", reads=("text",), writes=())
def make_explode() -> object:
    def explode(doc: Doc) -> Doc:
        if "BOOM" in doc.text:
            raise ValueError("boom")
        return doc

    return explode


@component("test_nap", reads=("text",), writes=())
def make_nap(*, seconds: float = 0.2) -> object:
    def nap(doc: Doc) -> Doc:
        time.sleep(seconds)
        return doc

    return nap


def write_rows(path: Path, texts: dict[str, str]) -> Path:
    """A JSONL input (language given, so no language model is loaded)."""
    import json

    lines = [json.dumps({"id": k, "text": v, "language": "en"}) for k, v in texts.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tiny_docs(n: int) -> list[Doc]:
    return [Doc(id=f"d{i:04d}", text=f"Document {i}. It has two sentences.", language="en")
            for i in range(n)]


def test_batches_are_lazy_and_complete() -> None:
    pulled = []

    def gen() -> Iterator[Doc]:
        for d in tiny_docs(7):
            pulled.append(d.id)
            yield d

    it = batches(gen(), 3)
    assert [d.id for d in next(it)] == ["d0000", "d0001", "d0002"]
    assert len(pulled) == 3  # nothing read ahead
    assert [len(b) for b in it] == [3, 1]


def test_peek_replays_the_head() -> None:
    head, rest = peek(iter(tiny_docs(5)), 2)
    assert [d.id for d in head] == ["d0000", "d0001"]
    assert [d.id for d in rest] == [f"d{i:04d}" for i in range(5)]
    head, rest = peek(iter([]), 4)
    assert head == [] and list(rest) == []


def test_default_workers() -> None:
    assert default_workers(3) == 3
    assert default_workers(None) >= 1
    with pytest.raises(UserError):
        default_workers(-1)


def test_pipeline_times_each_component() -> None:
    from rashomon.registry import Pipeline

    pipe = Pipeline(["sentences", "test_nap"], {"test_nap": {"seconds": 0.05}})
    assert pipe.seconds == {"sentences": 0.0, "test_nap": 0.0}
    done = list(pipe.pipe(tiny_docs(3), batch_size=2))
    assert [d.id for d in done] == ["d0000", "d0001", "d0002"]
    assert pipe.seconds["test_nap"] >= 0.15  # three naps, whatever the batching
    assert pipe.seconds["sentences"] < pipe.seconds["test_nap"]
    pipe(tiny_docs(1)[0])  # one doc at a time is timed too
    assert pipe.seconds["test_nap"] >= 0.2


def test_component_modules_point_workers_at_plugins() -> None:
    mods = component_modules(["sentences", "test_nap"])
    assert mods == ["rashomon.nlp.sentences", __name__]


def test_a_short_last_batch_is_shared_by_the_workers() -> None:
    docs = tiny_docs(40)
    cut = [[d.id for d in c] for c in shared_tail(batches(docs, 16), 16, 2)]
    assert [len(c) for c in cut] == [16, 16, 4, 4]  # the last 8 in two pieces
    assert sum(cut, []) == [d.id for d in docs]  # the same documents, in order
    assert [len(c) for c in shared_tail(batches(docs, 16), 16, 3)] == [16, 16, 3, 3, 2]
    assert [len(c) for c in shared_tail(batches(docs, 8), 8, 2)] == [8] * 5  # no short batch
    assert [len(c) for c in shared_tail(batches(docs, 16), 16, 1)] == [16, 16, 8]  # one worker


def test_in_flight_batches_stay_bounded(tmp_path: Path) -> None:
    """A few hundred docs, small batches: the stream is pulled only as far as the in-flight
    limit allows, whatever the corpus size (memory flat = count, not RSS)."""
    n, size, limit = 300, 2, 3
    state = {"pulled": 0, "saved": 0, "worst": 0}

    def stream() -> Iterator[Doc]:
        for d in tiny_docs(n):
            state["pulled"] += 1
            state["worst"] = max(state["worst"], state["pulled"] - state["saved"])
            yield d

    saved_ids: list[str] = []

    def save(done: list[Doc]) -> None:
        state["saved"] += len(done)
        saved_ids.extend(d.id for d in done)

    flow = Flow()
    with open_store(tmp_path / "x.duckdb") as store:
        process_stream(stream(), store, ["sentences"], workers=2, batch_size=size,
                       max_in_flight=limit, save=save, flow=flow)
    assert sorted(saved_ids) == [d.id for d in tiny_docs(n)]
    assert flow.batches == n // size
    assert 1 <= flow.max_in_flight <= limit
    # at most `limit` batches out, plus the one being cut: never the whole corpus
    assert state["worst"] <= (limit + 1) * size
    assert state["worst"] < n // 10


def test_workers_reject_a_failing_document_and_keep_the_rest(tmp_path: Path) -> None:
    texts = {f"a{i}": "Russia and Iran met. BOOM" if i == 3 else f"Russia and Iran met, day {i}."
             for i in range(6)}
    src = write_rows(tmp_path / "in.jsonl", texts)
    rejected = []
    with open_store(tmp_path / "x.duckdb") as store:
        summary = run([src], store, workers=2, names=["sentences", "test_explode"],
                      batch_size=2, on_reject=rejected.append)
        ids = sorted(r["id"] for r in store.query("SELECT id FROM documents"))
    assert ids == ["a0", "a1", "a2", "a4", "a5"]
    assert summary.analysed == 5 and len(summary.rejected) == 1
    assert "a3" in summary.rejected[0] and "boom" in summary.rejected[0]
    assert [r.path for r in rejected] == [str(src)]


def test_run_rejects_unknown_engine_and_component(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.duckdb") as store:
        with pytest.raises(UserError, match="unknown engine"):
            run([tmp_path], store, engine="spark", names=["sentences"])
        with pytest.raises(UserError, match="unknown component"):
            run([tmp_path], store, names=["sentences", "no_such_thing"])


def test_rerun_with_workers_skips_unchanged(tmp_path: Path) -> None:
    texts = {f"b{i}": f"France and Mali talked, round {i}." for i in range(5)}
    src = write_rows(tmp_path / "in.jsonl", texts)
    with open_store(tmp_path / "x.duckdb") as store:
        first = run([src], store, workers=2, names=["sentences"], batch_size=1)
        write_rows(src, {**texts, "b0": "France and Mali broke off talks."})
        second = run([src], store, workers=2, names=["sentences"], batch_size=1)
        assert store.count("documents") == 5
        text = store.query("SELECT text FROM documents WHERE id = 'b0'")[0]["text"]
    assert (first.analysed, first.unchanged) == (5, 0)
    assert (second.analysed, second.unchanged) == (1, 4)
    assert "broke off" in text


def test_file_uris_read_like_local_folders(tmp_path: Path) -> None:
    folder = tmp_path / "bucket"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Title: One\n\nRussia and Iran met.\n", encoding="utf-8")
    (folder / "sub" / "two.txt").write_text("Egypt backs Somalia.\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    (folder / "skip.bin").write_bytes(b"\x00\x01")
    uri = folder.as_uri()
    assert is_uri(uri) and not is_uri(folder)
    remote = [d for d in read_inputs([uri], 10_000)]
    local = [d for d in read_inputs([folder], 10_000)]
    assert [d.id for d in remote] == [d.id for d in local] == ["one.txt", "sub/two.txt"]
    assert [d.text for d in remote] == [d.text for d in local]
    assert remote[0].title == "One" and remote[0].path == f"{uri}/one.txt"
    missing = list(read_inputs([uri + "/nope.txt"], 10_000))
    assert len(missing) == 1 and "no such file" in missing[0].reason
    bad = list(read_inputs(["nosuchscheme://x/y.txt"], 10_000))
    assert len(bad) == 1 and bad[0].path == "nosuchscheme://x/y.txt"


def test_cli_analyze_with_workers_and_engine(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app

    src = write_rows(tmp_path / "in.jsonl", {f"c{i}": f"Chad and Sudan met, day {i}."
                                              for i in range(4)})
    db = tmp_path / "cli.duckdb"
    args = ["analyze", str(src), "--db", str(db), "--components", "sentences", "-q",
            "--batch-size", "1"]
    ok = CliRunner().invoke(app, [*args, "--workers", "2"])
    assert ok.exit_code == 0, ok.output
    with open_store(db) as store:
        assert store.count("documents") == 4
    bad = CliRunner().invoke(app, [*args, "--engine", "spark"])
    assert bad.exit_code != 0 and isinstance(bad.exception, UserError)
    assert "unknown engine" in str(bad.exception)


def test_limit_threads_caps_running_blas_and_torch_pools() -> None:
    """A spawned worker has numpy's BLAS loaded before it can set OPENBLAS_NUM_THREADS:
    limit_threads must cap the running pools (checked in a fresh process)."""
    import subprocess
    import sys

    code = (
        "import numpy, torch\n"
        "from threadpoolctl import threadpool_info\n"
        "from rashomon.engine.parallel import limit_threads\n"
        "before = max(p['num_threads'] for p in threadpool_info())\n"
        "limit_threads(1)\n"
        "after = max(p['num_threads'] for p in threadpool_info())\n"
        "print(before, after, torch.get_num_threads())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={k: v for k, v in __import__("os").environ.items()
                              if not k.endswith("_NUM_THREADS")})
    before, after, torch_threads = map(int, out.stdout.split())
    assert after == 1 and torch_threads == 1
    assert before >= 1


def test_default_workers_start_no_pool_for_a_handful_of_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.engine as engine

    pools: list[int] = []
    real = engine.parallel.process_stream

    def spy(*a: object, **k: object) -> None:
        pools.append(1)
        real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.parallel, "process_stream", spy)
    src = write_rows(tmp_path / "in.jsonl", {f"c{i}": f"Chad and Niger met, day {i}." for i in range(10)})
    with open_store(tmp_path / "x.duckdb") as store:
        assert run([src], store, names=["sentences"], batch_size=2).analysed == 10
    assert pools == []  # ten documents: analysed in this process, models loaded once
    with open_store(tmp_path / "y.duckdb") as store:
        assert run([src], store, workers=2, names=["sentences"], batch_size=2).analysed == 10
    assert pools == [1]  # asked for: two workers
