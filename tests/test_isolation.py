"""Per-document isolation end to end, on DuckDB and PostgreSQL: the probe's poison inputs
beside good files; each poison document is one line, every good document is stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.doc import Mention
from rashomon.engine import run
from rashomon.registry import component
from rashomon.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from test_backends import fresh_pg_url, pg_available  # noqa: E402

GOOD = "Kenya and Tanzania signed a trade agreement on Monday. Uganda welcomed the deal."


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "iso.duckdb")
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL is not reachable")
    return fresh_pg_url()


def poison_inputs(root: Path) -> Path:
    """The probe's hostile inputs, each beside good ones."""
    src = root / "in"
    src.mkdir()
    for i in range(3):
        (src / f"good{i}.txt").write_text(f"Title: Good {i}\n\n{GOOD} Item {i}.", encoding="utf-8")
    rows = [
        json.dumps({"id": "row-good", "text": GOOD + " From a row."}),
        '{"id": "deep", "text": ' + "[" * 200_000 + "]" * 200_000 + "}",
        '{"id": "sur-text", "text": "Russia \\ud800 condemns the strike."}',
        '{"id": "sur-title", "title": "\\udfff", "text": "Iran arms the Houthis."}',
        '{"id": "nul", "text": "Serbia\\u0000 backs Hungary.", "source": "Wire\\u0000"}',
    ]
    (src / "rows.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (src / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><guid>feed-bad</guid><description>Turkey &#xD800; supports Qatar.</description></item>"
        "<item><guid>feed-good</guid><description>Chad and Niger met.</description></item>"
        "</channel></rss>", encoding="utf-8")
    (src / "nul.txt").write_bytes(b"Egypt hosts talks.\x00 Qatar mediates." * 3)
    (src / "zwsp.txt").write_text("\u200b\ufeff\u200b", encoding="utf-8")
    (src / "photo.png").write_bytes(b"\x89PNG")
    os.mkfifo(src / "pipe.txt")
    return src


@component("test_unstorable", reads=("text",), writes=("mentions",))
def _unstorable():  # writes a mention no database can store, for one document
    def step(doc):
        if doc.id == "good1.txt":
            doc.mentions.append(Mention(0, 4, "\ud800", "unk:x", "\ud800"))
        return doc

    return step


def test_poison_documents_are_skipped_alone(tmp_path: Path, db: str) -> None:
    src = poison_inputs(tmp_path)
    rejected: list[str] = []
    with open_store(db) as store:
        s = run([src], store, workers=1, names=("sentences", "test_unstorable"), batch_size=4,
                on_reject=lambda r: rejected.append(str(r)))
    assert s.rejected == rejected
    stored = [r for r in rejected if ": storing of " in r]
    assert [r for r in rejected if r not in stored] == [  # reading, in file order
        f"{src / 'nul.txt'}: binary file (not text)",  # NUL bytes in a .txt: not text
        f"{src / 'pipe.txt'}: not a regular file (a FIFO (named pipe)); skipped",
        f"{src / 'rows.jsonl'}:2: malformed JSON: nested deeper than 64 levels",
        f"{src / 'zwsp.txt'}: empty document (no text)",
    ]
    # and the one document the database refused, alone (its batch-mates are stored)
    assert len(stored) == 1 and stored[0].startswith(f"{src / 'good1.txt'}: storing of 'good1.txt' failed: ")
    assert "\n" not in stored[0] and len(rejected) == 5
    with open_store(db) as store:
        rows = {r["id"]: r for r in store.query("SELECT id, title, source, text FROM documents")}
        n_sent = store.count("sentences")
    assert sorted(rows) == ["feed-bad", "feed-good", "good0.txt", "good2.txt", "nul",
                            "row-good", "sur-text", "sur-title"]
    assert rows["sur-text"]["text"] == "Russia \ufffd condemns the strike."
    assert rows["sur-title"]["title"] == "\ufffd"
    assert rows["nul"]["text"] == "Serbia\ufffd backs Hungary." and rows["nul"]["source"] == "Wire\ufffd"
    assert "\ufffd" in rows["feed-bad"]["text"]
    assert n_sent > 0
    assert (s.files.files, s.files.skipped) == (7, {".png": 1})  # the FIFO is not read
    assert s.analysed == 8 and len(s.rejected) == 5


def test_cli_poison_run_exit_1_one_line_each(tmp_path: Path) -> None:
    src = poison_inputs(tmp_path)
    db = tmp_path / "cli.duckdb"
    out = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "analyze", str(src),
                          "--db", str(db), "--components", "sentences", "-w", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith(str(src))]
    assert len(lines) == 4  # NUL bytes in .txt, FIFO, deep JSON, invisible-only file
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    assert "files read" in out.stderr and ".png" in out.stderr
    with open_store(db, read_only=True) as store:
        assert store.count("documents") == 9


def _damage(db: Path) -> None:
    """Overwrite the data block holding the documents' content hashes (as a bad disk sector
    would): the file still opens, and the run meets the damage when it reads them."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    block, offset = con.execute(
        "SELECT block_id, block_offset FROM pragma_storage_info('documents') "
        "WHERE column_name = 'content_hash' AND block_id >= 0").fetchone()
    size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    con.close()
    with open(db, "r+b") as f:  # 3 header pages of 4 KiB, then blocks (8-byte checksum first)
        f.seek(3 * 4096 + block * size + 8 + offset)
        f.write(b"\xa5" * 64)


def test_damaged_duckdb_file_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "damaged.duckdb"
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"a{i}.txt").write_text(f"{GOOD} Story {i}. " * 20, encoding="utf-8")
    with open_store(db) as store:
        run([src], store, workers=1, names=("sentences",))
    _damage(db)
    (src / "new.txt").write_text("Chad and Niger met.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "rashomon.cli.main", "analyze", str(src),
                          "--db", str(db), "--components", "sentences", "-w", "1", "-q"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"rashomon: error: database {db} is damaged (Corrupt database file")
    assert "internal error" not in out.stderr
