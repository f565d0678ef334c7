"""A bench whose test data is missing stops with one line, not a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("script", ["claims.py", "claims_ru.py"])
def test_a_bench_without_its_gold_says_so_in_one_line(tmp_path: Path, script: str) -> None:
    missing = tmp_path / "no-gold.jsonl"
    run = subprocess.run([sys.executable, str(BENCH / script), "--gold", str(missing),
                          "--docs", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        f"{script}: {missing} not found: this bench reads test data from ../shared "
        "(see --help to give other paths)"]
