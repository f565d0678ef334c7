"""`rashomon export`: exact keys per kind, JSONL/CSV/Parquet, flattening, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.doc import Claim, Doc, Label, Mention, Sentence, Span
from rashomon.store import open_store

TEXT = "Iran supports the Houthis, officials said. Russia denied arming them."
CLAIM_KEYS = ["doc", "subject", "relation", "object", "negated", "hedged", "source", "confidence",
              "subject_text", "object_text", "evidence", "time", "published", "plover", "outlet"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    d = Doc(id="d1", text=TEXT, title="T", source="Test Wire", published="2024-02-01", language="en")
    d.sentences = [Sentence(0, 42, TEXT[:42]), Sentence(43, len(TEXT), TEXT[43:])]
    d.mentions = [Mention(0, 4, "Iran", "Q794", "Iran", sentence=0, type="state"),
                  Mention(18, 25, "Houthis", "Q1062385", "Houthis", sentence=0),
                  Mention(43, 49, "Russia", "Q159", "Russia", sentence=1)]
    d.claims = [
        Claim("Iran", "support", "Houthis", d.span(0, 42), source=None, confidence=0.8,
              subject_text="Iran", object_text="Houthis", plover="SUPPORT"),
        Claim("Russia", "support", "Houthis", d.span(43, len(TEXT)), negated=True, source="Russia",
              subject_text="Russia", object_text="them"),
    ]
    d.labels = [Label("role", "Antagonist", actor="Q794", target=Span(0, 4, "Iran"), fine=["Instigator"]),
                Label("narrative", "URW: Blaming the war on others", evidence=[d.span(43, 49)])]
    path = tmp_path / "e.duckdb"
    with open_store(path) as s:
        s.save([d])
        s.upsert_actors([("Q794", "Iran", "state", "IR", None, json.dumps(["Islamic Republic"]), "kb")])
    return path


def export(*args: str) -> str:
    r = CliRunner().invoke(app, ["export", *args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_claims_jsonl_exact_keys(db: Path) -> None:
    lines = [json.loads(x) for x in export("claims", "--db", str(db), "--format", "jsonl").splitlines()]
    assert len(lines) == 2
    assert list(lines[0]) == CLAIM_KEYS
    assert lines[0]["evidence"] == {"start": 0, "end": 42, "text": TEXT[:42]}
    assert lines[0]["outlet"] == "Test Wire" and lines[0]["published"] == "2024-02-01"
    assert lines[1]["negated"] is True and lines[1]["source"] == "Russia"
    for c in lines:
        assert TEXT[c["evidence"]["start"]:c["evidence"]["end"]] == c["evidence"]["text"]


def test_claims_csv_flattens_evidence(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export("claims", "--db", str(db), "--format", "csv"))))
    assert len(rows) == 2
    assert "evidence" not in rows[0]
    assert (rows[0]["evidence_start"], rows[0]["evidence_end"]) == ("0", "42")
    assert rows[0]["evidence_text"] == TEXT[:42]


def test_mentions_documents_actors_labels(db: Path) -> None:
    m = [json.loads(x) for x in export("mentions", "--db", str(db), "--format", "jsonl").splitlines()]
    assert [list(x) for x in m][0] == ["doc", "actor", "text", "start", "end", "name", "kind"]
    assert [(x["text"], x["start"], x["end"]) for x in m] == [("Iran", 0, 4), ("Houthis", 18, 25),
                                                             ("Russia", 43, 49)]
    docs = [json.loads(x) for x in export("documents", "--db", str(db)).splitlines()]
    assert docs == [{"doc": "d1", "title": "T", "source": "Test Wire", "published": "2024-02-01",
                     "language": "en", "duplicate_of": None}]
    actors = {a["id"]: a for a in map(json.loads, export("actors", "--db", str(db)).splitlines())}
    assert actors["Q794"] == {"id": "Q794", "name": "Iran", "type": "state", "parent": None,
                              "aliases": ["Islamic Republic"], "mentions": 1}
    assert actors["Q159"]["mentions"] == 1  # mentioned, not in the actors table
    labels = [json.loads(x) for x in export("labels", "--db", str(db)).splitlines()]
    assert labels[0]["target"] == {"start": 0, "end": 4, "text": "Iran"}
    assert labels[0]["fine"] == ["Instigator"]
    assert labels[1]["evidence"] == [{"start": 43, "end": 49, "text": "Russia"}]


def test_parquet_readable_by_pandas(db: Path, tmp_path: Path) -> None:
    for what in ("claims", "mentions", "documents", "actors", "labels"):
        out = tmp_path / f"{what}.parquet"
        export(what, "--db", str(db), "--format", "parquet", "-o", str(out))
        df = pd.read_parquet(out)
        assert len(df) >= 1, what
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert list(claims.columns) == CLAIM_KEYS
    assert claims.loc[0, "evidence"]["text"] == TEXT[:42]


def test_csv_to_file_and_empty_export_keeps_header(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    open_store(empty).close()
    out = tmp_path / "c.csv"
    export("claims", "--db", str(empty), "--format", "csv", "-o", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("doc,subject,relation,object")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claims", "--format", "parquet"], "parquet output needs a file"),
        (["claims", "--format", "xml"], "unknown format 'xml'"),
        (["things"], "cannot export 'things'"),
    ],
)
def test_export_user_errors(db: Path, args: list[str], message: str) -> None:
    from rashomon.errors import UserError

    with pytest.raises(UserError, match=message):
        CliRunner().invoke(app, ["export", *args, "--db", str(db)], catch_exceptions=False)


def test_export_without_database_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "export", "claims", "--db",
                        str(tmp_path / "none.duckdb")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip() == f"rashomon: error: no database at {tmp_path / 'none.duckdb'} (run `rashomon analyze` first)"


def test_edges_jsonl_and_csv(db: Path) -> None:
    pytest.importorskip("rashomon.graph.export")
    lines = [json.loads(x) for x in export("edges", "--db", str(db), "--format", "jsonl").splitlines()]
    assert lines and {"subject", "relation", "object"} <= set(lines[0])
    assert ("Iran", "support", "Houthis") in {(e["subject"], e["relation"], e["object"]) for e in lines}
    header = export("edges", "--db", str(db), "--format", "csv").splitlines()[0]
    assert header.startswith("subject,relation,object")
