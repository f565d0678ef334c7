"""`rashomon analyze`: formats end to end, idempotence, replacement, dedup, errors, offsets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.engine import Summary, run
from rashomon.errors import UserError
from rashomon.registry import DEFAULT_PIPELINE, component, get_component
from rashomon.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TABLES = ("documents", "sentences", "mentions", "claims", "labels", "signatures")

ARTICLE = (
    "Title: {title}\nSource: Test Wire\nPublished: 2024-02-0{n}\n\n"
    "The governments of Kenya and Tanzania signed an agreement on {topic} on Monday, officials "
    "said. The two countries promised to share information and to hold joint exercises next "
    "year. Uganda welcomed the deal. Critics said the plan lacked money.\n"
)


def analyse(paths: list[Path], db: Path, names: tuple[str, ...] = ("sentences",),
            **kw: object) -> Summary:
    with open_store(db) as store:
        return run(paths, store, workers=1, names=names, **kw)  # type: ignore[arg-type]


def counts(db: Path) -> dict[str, int]:
    with open_store(db, read_only=True) as s:
        return {t: s.count(t) for t in TABLES}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon.cli.main", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_examples_every_format(tmp_path: Path) -> None:
    db = tmp_path / "ex.duckdb"
    s = analyse([EXAMPLES], db)
    assert s.rejected == []
    assert s.read == s.analysed == 13
    with open_store(db, read_only=True) as store:
        rows = store.query("SELECT id, source, published, language FROM documents")
    assert len(rows) == 13
    assert all(r["source"] and r["published"] and r["language"] == "en" for r in rows)
    assert {r["source"] for r in rows} >= {"Caspian Herald", "Atlantic Ledger"}


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    first = analyse([EXAMPLES], db)
    before = counts(db)
    second = analyse([EXAMPLES], db)
    assert first.analysed == 13
    assert (second.read, second.analysed, second.unchanged) == (13, 0, 13)
    assert counts(db) == before


def test_changed_file_replaces_its_analysis(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    f = src / "a.txt"
    f.write_text(ARTICLE.format(title="Pact", n=1, topic="trade"), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    analyse([src], db)
    n1 = counts(db)["sentences"]
    f.write_text(ARTICLE.format(title="Pact", n=1, topic="trade") + "A new last sentence. And one more.",
                 encoding="utf-8")
    s = analyse([src], db)
    assert (s.analysed, s.unchanged) == (1, 0)
    c = counts(db)
    assert c["documents"] == 1
    assert c["sentences"] == n1 + 2
    with open_store(db, read_only=True) as store:
        text = store.query("SELECT text FROM documents WHERE id = 'a.txt'")[0]["text"]
    assert text.endswith("And one more.")


def test_exact_duplicate_is_skipped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    body = ARTICLE.format(title="Pact", n=1, topic="trade")
    (src / "a.txt").write_text(body, encoding="utf-8")
    (src / "b.txt").write_text(body, encoding="utf-8")
    db = tmp_path / "d.duckdb"
    s = analyse([src], db)
    assert (s.read, s.analysed, s.duplicates) == (2, 1, 1)
    assert counts(db)["documents"] == 2  # listed, linked, analysed once
    with open_store(db) as store:
        rows = store.query("SELECT id, duplicate_of FROM documents ORDER BY id")
        assert rows == [{"id": "a.txt", "duplicate_of": None}, {"id": "b.txt", "duplicate_of": "a.txt"}]
        assert store.query("SELECT DISTINCT doc FROM sentences") == [{"doc": "a.txt"}]
    again = analyse([src], db)
    assert (again.analysed, again.unchanged, again.duplicates) == (0, 2, 0)


def test_near_duplicate_is_linked_to_original(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE.format(title="Pact", n=1, topic="maritime security"), encoding="utf-8")
    (src / "b.txt").write_text(
        ARTICLE.format(title="Pact", n=3, topic="maritime security") + "More talks are planned.",
        encoding="utf-8")
    (src / "c.txt").write_text(
        "Heavy rain flooded several districts of the capital on Tuesday, closing schools and "
        "roads. The weather service warned that more storms were expected this week.", encoding="utf-8")
    db = tmp_path / "n.duckdb"
    s = analyse([src], db)
    assert (s.analysed, s.near_duplicates) == (3, 1)
    with open_store(db, read_only=True) as store:
        dup = {r["id"]: r["duplicate_of"] for r in store.query("SELECT id, duplicate_of FROM documents")}
        assert store.count("signatures") == 3
    assert dup == {"a.txt": None, "b.txt": "a.txt", "c.txt": None}


def test_duplicate_id_across_paths_is_rejected(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
    (tmp_path / "x" / "a.txt").write_text("Chad and Niger met.", encoding="utf-8")
    (tmp_path / "y" / "a.txt").write_text("Mali and Niger met.", encoding="utf-8")
    s = analyse([tmp_path / "x", tmp_path / "y"], tmp_path / "i.duckdb")
    assert s.analysed == 1
    assert s.rejected == [f"{tmp_path / 'y' / 'a.txt'}: duplicate id 'a.txt' (already read from "
                          f"{tmp_path / 'x' / 'a.txt'})"]


@component("test_explode_cli", reads=("text",), writes=())
def _explode():  # a component that fails on one document
    def step(doc):
        if "EXPLODE" in doc.text:
            raise ValueError("boom")
        return doc

    return step


def test_failing_component_rejects_only_that_document(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Chad and Niger met.", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("EXPLODE here.", encoding="utf-8")
    s = analyse([tmp_path], tmp_path / "f.duckdb", ("sentences", "test_explode_cli"))
    assert s.analysed == 1
    assert s.rejected == [f"{tmp_path / 'bad.txt'}: analysis of 'bad.txt' failed: ValueError: boom"]


def test_unknown_component_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown component 'nope'"):
        analyse([EXAMPLES], tmp_path / "u.duckdb", ("sentences", "nope"))


def test_cli_bad_inputs_one_line_each_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Ghana and Togo agreed to cooperate on security.", encoding="utf-8")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (src / "latin1.txt").write_bytes("Café".encode("latin-1"))
    (src / "empty.md").write_bytes(b"")
    (src / "huge.txt").write_text("word " * 400, encoding="utf-8")
    (src / "rows.jsonl").write_text('{"id": "r1", "text": "Peru and Chile met."}\n{"id": "r2", \n',
                                    encoding="utf-8")
    (src / "rows.csv").write_text("id,text\nc1,Laos and Vietnam met.\nc2,\n", encoding="utf-8")
    r = cli("analyze", "in", "missing-folder", "--db", "t.duckdb", "--components", "sentences",
            "--max-bytes", "1000", "--quiet", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        "in/empty.md: empty document (no text)",
        "in/huge.txt: too large: 2,000 bytes (limit 1,000; see --max-bytes)",
        "in/image.txt: binary file (not text)",
        'in/rows.csv:3: missing "text"',
        "in/rows.jsonl:2: malformed JSON: Expecting property name enclosed in double quotes (column 13)",
        "missing-folder: no such file or directory",
    ]
    assert counts(tmp_path / "t.duckdb")["documents"] == 4  # good.txt, latin1.txt (legacy encoding), r1, c1


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    r = cli("analyze", str(EXAMPLES), "--db", "u.duckdb", "--components", "sentences,nonsense",
            cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("rashomon: error: unknown component 'nonsense'")
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli("analyze", str(EXAMPLES), "--batch-size", "0", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = cli("analyze", str(EXAMPLES), "--db", str(tmp_path), "--components", "sentences", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == f"rashomon: error: database path {tmp_path} is a folder, not a DuckDB file"


def test_cli_summary_and_success(tmp_path: Path) -> None:
    r = cli("analyze", str(EXAMPLES), "--db", "ok.duckdb", "--components", "sentences", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "documents read" in r.stderr and "13" in r.stderr
    assert "Traceback" not in r.stderr


def test_python_api(tmp_path: Path) -> None:
    import rashomon.api as rsh

    s = rsh.analyze(EXAMPLES / "wire-roundup.jsonl", db=tmp_path / "api.duckdb", components=["sentences"])
    assert (s.read, s.analysed, s.rejected) == (3, 3, [])
    with rsh.open_db(tmp_path / "api.duckdb", read_only=True) as store:
        assert store.count("documents") == 3


def available_pipeline() -> tuple[str, ...]:
    """The default pipeline, less components not written yet."""
    names = []
    for name in DEFAULT_PIPELINE:
        try:
            get_component(name)
            names.append(name)
        except (ImportError, KeyError):
            continue
    return tuple(names)


def check_offsets(db: Path) -> int:
    """Every stored offset points at its text; returns how many spans were checked."""
    checked = 0
    with open_store(db, read_only=True) as s:
        texts = {r["id"]: r["text"] for r in s.query("SELECT id, text FROM documents")}
        for r in s.query("SELECT doc, start_char, end_char FROM sentences"):
            t = texts[r["doc"]][r["start_char"]:r["end_char"]]
            assert t and t == t.strip(), r
            checked += 1
        for r in s.query("SELECT doc, start_char, end_char, text FROM mentions"):
            assert texts[r["doc"]][r["start_char"]:r["end_char"]] == r["text"], r
            checked += 1
        for r in s.query("SELECT doc, ev_start, ev_end, ev_text FROM claims"):
            assert texts[r["doc"]][r["ev_start"]:r["ev_end"]] == r["ev_text"], r
            checked += 1
        for r in s.query("SELECT doc, target_start, target_end, target_text, evidence FROM labels"):
            if r["target_start"] is not None:
                assert texts[r["doc"]][r["target_start"]:r["target_end"]] == r["target_text"], r
                checked += 1
            for ev in json.loads(r["evidence"] or "[]"):
                assert texts[r["doc"]][ev["start"]:ev["end"]] == ev["text"], (r, ev)
                checked += 1
    return checked


@pytest.mark.slow
def test_examples_offsets_exact_full_pipeline(tmp_path: Path) -> None:
    db = tmp_path / "full.duckdb"
    s = analyse([EXAMPLES], db, available_pipeline())
    assert s.rejected == []
    assert check_offsets(db) > 100


def test_offsets_exact_fast(tmp_path: Path) -> None:
    db = tmp_path / "fast.duckdb"
    analyse([EXAMPLES], db, ("sentences", "parse"))
    assert check_offsets(db) > 100


@pytest.mark.shared
def test_seeds_offsets_exact(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.duckdb"
    s = analyse([shared / "corpus" / "seeds"], db, available_pipeline())
    assert s.rejected == [] and s.analysed == 2
    assert check_offsets(db) > 50
