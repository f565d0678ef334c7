"""Kill -9 in the middle of a multi-process run, then resume: exactly N documents, no dups."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from rashomon.store import open_store

TESTS = Path(__file__).parent
N = 30

SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    import test_engine  # registers the test_nap component (workers import it too)
    from rashomon.engine import run
    from rashomon.store import open_store

    if __name__ == "__main__":
        with open_store({db!r}) as store:
            s = run([{folder!r}], store, workers=2, names=["sentences", "test_nap"],
                    batch_size=1, config={{"test_nap": {{"seconds": {nap}}}}},
                    progress=lambda n: print("saved", n, flush=True))
        print("summary", s.analysed, s.unchanged, flush=True)
""")


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        (folder / f"n{i:02d}.txt").write_text(
            f"Report {i}. Mali and Niger signed accord number {i}.\n", encoding="utf-8")


def start(tmp_path: Path, folder: Path, db: Path, nap: float) -> subprocess.Popen[str]:
    script = tmp_path / "job.py"
    script.write_text(SCRIPT.format(tests=str(TESTS), db=str(db), folder=str(folder), nap=nap))
    return subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", encoding="utf-8") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return out


def wait_gone(pids: list[int], seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not any(os.path.exists(f"/proc/{p}") and not _zombie(p) for p in pids):
            return True
        time.sleep(0.2)
    return False


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def test_sigkill_mid_run_then_resume_leaves_exactly_n_docs(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "k.duckdb"
    write_corpus(folder)
    proc = start(tmp_path, folder, db, nap=0.3)
    saved = 0
    deadline = time.time() + 120
    assert proc.stdout is not None
    while saved < 4 and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        saved += line.startswith("saved")
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only: its workers must follow
    proc.wait(timeout=30)
    gone = wait_gone(workers, 15)
    os.killpg(proc.pid, signal.SIGKILL)  # clean up in any case (our own process group)
    assert saved >= 4, proc.stderr.read() if proc.stderr else ""
    assert len(workers) >= 2 and gone, "worker processes outlived the killed main process"
    with open_store(db) as store:
        kept = store.count("documents")
        assert store.count("sentences") == 2 * kept  # whole batches only
    assert 4 <= kept < N

    proc = start(tmp_path, folder, db, nap=0.0)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"summary {N - kept} {kept}" in out  # resumed: the stored ones are skipped
    with open_store(db) as store:
        assert store.count("documents") == N
        assert store.count("sentences") == 2 * N
        dups = store.query("SELECT count(*) AS n FROM (SELECT doc, idx FROM sentences "
                           "GROUP BY doc, idx HAVING count(*) > 1) t")
        assert dups[0]["n"] == 0
