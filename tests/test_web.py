"""`rashomon serve`: options, read-only opening, one-line errors; the graph cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rashomon.api.app import create_app
from rashomon.api.sample import sample_docs
from rashomon.api.server import open_for_serving
from rashomon.cli.main import app
from rashomon.store import StoreError, open_store


def test_serve_help_has_an_example() -> None:
    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    assert "--token" in r.output and "--port" in r.output and "Example" in r.output


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_for_serving(str(tmp_path / "missing.duckdb"), token=None)
    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code != 0 and isinstance(r.exception, StoreError)


def test_serve_opens_read_only_without_a_token(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with open_store(db) as s:
        s.save(sample_docs())
    ro = open_for_serving(str(db), token=None)
    with pytest.raises(Exception, match="read-only|read only"):
        ro.execute("DELETE FROM documents")
    ro.close()
    rw = open_for_serving(str(db), token="t")
    rw.execute("DELETE FROM claims WHERE doc = 'd/2'")
    rw.close()


def test_graph_answers_are_cached_until_the_data_changes(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.duckdb")
    store.save(sample_docs()[:1])
    client = TestClient(create_app(store, token="t", analyse=lambda docs: docs))
    first = client.get("/api/graph").json()
    assert client.get("/api/graph").json() == first
    # a new document through the API invalidates the cached map
    doc = sample_docs()[1]
    store.save([doc])
    client.post("/api/documents", json={"id": "z", "text": "Nothing."},
                headers={"Authorization": "Bearer t"})
    after = client.get("/api/graph").json()
    assert len(after["edges"]) > len(first["edges"])
    store.close()
