"""The Ray engine on a local Ray instance: rejections, resume, no Ray for no work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rashomon.engine import run
from rashomon.store import open_store

pytestmark = pytest.mark.ray
TESTS = Path(__file__).parent


@pytest.mark.slow
def test_ray_engine_rejects_a_failing_doc_and_resumes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray")
    import test_engine  # noqa: F401  (registers test_explode; Ray workers import it too)

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        text = "Chad and Sudan met. BOOM" if i == 2 else f"Chad and Sudan met, day {i}."
        (folder / f"r{i}.txt").write_text(text + "\n", encoding="utf-8")
    got = []
    with open_store(tmp_path / "r.duckdb") as store:
        s = run([folder], store, engine="ray", workers=2, names=["sentences", "test_explode"],
                batch_size=2, on_reject=got.append)
        ids = sorted(r["id"] for r in store.query("SELECT id FROM documents"))
        again = run([folder], store, engine="ray", workers=2,
                    names=["sentences", "test_explode"], batch_size=2)
    assert ids == ["r0.txt", "r1.txt", "r3.txt", "r4.txt"]
    assert s.analysed == 4 and len(s.rejected) == 1 and "boom" in s.rejected[0]
    assert [r.path for r in got] == [str(folder / "r2.txt")]
    # the re-run skips the stored docs; only the failing one is tried again
    assert (again.analysed, again.unchanged, len(again.rejected)) == (0, 4, 1)


def test_ray_engine_does_not_start_ray_for_nothing(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    empty = tmp_path / "empty"
    empty.mkdir()
    with open_store(tmp_path / "e.duckdb") as store:
        s = run([empty], store, engine="ray", names=["sentences"], ray_address="127.0.0.1:1")
    assert s.analysed == 0 and not ray.is_initialized()
