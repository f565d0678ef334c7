"""Hostile and unusual inputs at the readers: each becomes one rejection or a clean document,
never an exception; legacy encodings, PDF and DOCX are read."""

from __future__ import annotations

import io
import json
import os
import socket
import threading
from pathlib import Path

import pytest

from ingestkit import items
from rashomon.doc import Doc
from rashomon.ingest import read_paths
from rashomon.ingest.base import Tally
from rashomon.ingest.normalise import clean, json_depth, loads, visible

RUSSIAN = ("Министр иностранных дел России заявил, что Москва поддерживает переговоры "
           "с Пекином. Сербия и Венгрия выступили против новых санкций.")



def test_clean_replaces_nul_and_lone_surrogates_keeping_offsets() -> None:
    raw = "a\x00b\ud800c\udfffd"
    assert clean(raw) == "a\ufffdb\ufffdc\ufffdd"
    assert len(clean(raw)) == len(raw)
    assert clean("ok 😀") == "ok 😀"  # a real astral character is kept


def test_visible() -> None:
    assert not visible("\u200b\ufeff \u200d\n\u00ad\u2060")
    assert visible("\u200bx")
    assert not visible("")


def test_json_depth_bounded_before_parsing() -> None:
    assert json_depth('{"a": "[[[[[[[[[[[[["}') == 0
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(ValueError, match="nested deeper than 64"):
        loads(deep)
    assert loads('{"a": [[1]]}') == {"a": [[1]]}


def test_jsonl_poison_lines_beside_good_ones(tmp_path: Path) -> None:
    f = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"id": "good1", "text": "Kenya and Tanzania signed a pact."}),
        '{"id": "deep", "text": ' + "[" * 200_000 + "]" * 200_000 + "}",
        '{"id": "sur", "title": "T\\ud800", "text": "Lone \\udc00 surrogate and a NUL \\u0000 here."}',
        '{"id": "inv", "text": "\\u200b\\ufeff\\u200b"}',
        json.dumps({"id": "good2", "text": "Uganda welcomed the deal."}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = items(f)
    assert sorted(docs) == ["good1", "good2", "sur"]
    sur = docs["sur"]
    assert sur.text == "Lone \ufffd surrogate and a NUL \ufffd here."
    assert sur.title == "T\ufffd"
    sur.text.encode("utf-8")  # storable
    assert rejected == [f"{f}:2: malformed JSON: nested deeper than 64 levels",
                        f"{f}:4: empty document (no text)"]


def test_jsonl_overlong_line_is_skipped_alone(tmp_path: Path) -> None:
    f = tmp_path / "long.jsonl"
    f.write_text('{"id": "a", "text": "' + "x" * 10_000 + '"}\n{"id": "b", "text": "fine"}\n',
                 encoding="utf-8")
    docs, rejected = items(f, max_bytes=1000)
    assert list(docs) == ["b"]
    assert rejected == [f"{f}:1: line longer than 8,096 characters (see --max-bytes)"]


def test_rss_surrogate_character_reference(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><guid>bad</guid><title>x&#xD800;y</title>"
        "<description>Hello &#xD800; world &#55296; and &#0;.</description></item>"
        "<item><guid>good</guid><title>Fine</title><description>Serbia backs Hungary.</description></item>"
        "</channel></rss>", encoding="utf-8")
    docs, rejected = items(f)
    assert rejected == []
    assert docs["good"].text == "Serbia backs Hungary."
    assert "\ufffd" in docs["bad"].text and docs["bad"].title == "x\ufffdy"


@pytest.mark.parametrize("content", ["\u200b\u200b\n", "\ufeff\u200b \u2060", "\u00ad\u200d"])
def test_only_invisible_characters_is_empty(tmp_path: Path, content: str) -> None:
    f = tmp_path / "blank.txt"
    f.write_text(content, encoding="utf-8")
    docs, rejected = items(f)
    assert docs == {}
    assert rejected == [f"{f}: empty document (no text)"]


def test_fifo_and_socket_are_reported_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Kenya signed a pact.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "direct.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "s.txt"))
    result: list[tuple[dict[str, Doc], list[str]]] = []
    t = threading.Thread(target=lambda: result.append(items(folder, tmp_path / "direct.jsonl")),
                         daemon=True)
    t.start()
    t.join(20)
    sock.close()
    assert result, "reading a FIFO blocked"
    docs, rejected = result[0]
    assert list(docs) == ["a.txt"]
    assert rejected == [f"{folder / 'pipe.txt'}: not a regular file (a FIFO (named pipe)); skipped",
                        f"{folder / 's.txt'}: not a regular file (a socket); skipped",
                        f"{tmp_path / 'direct.jsonl'}: not a regular file (a FIFO (named pipe)); skipped"]


def test_device_is_not_read() -> None:
    docs, rejected = items(Path("/dev/zero"))
    assert docs == {}
    assert len(rejected) == 1 and "/dev/zero: " in rejected[0]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "iso-8859-5"])
def test_legacy_cyrillic_encodings(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "ru.txt").write_bytes(RUSSIAN.encode(encoding))
    rows = "id,text\n1," + RUSSIAN.replace(",", "") + "\n"
    (tmp_path / "ru.csv").write_bytes(rows.encode(encoding))
    docs, rejected = items(tmp_path)
    assert rejected == []
    assert docs["ru.txt"].text == RUSSIAN
    assert docs["1"].text == RUSSIAN.replace(",", "")
    found = docs["ru.txt"].meta["encoding"].replace("_", "-").lower()
    assert found.replace("-", "") == encoding.replace("-", "")
    assert docs["1"].meta["encoding"] == docs["ru.txt"].meta["encoding"]


def test_latin1_and_utf8_encodings_recorded(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_bytes("Le ministre a déclaré à Zürich : « accord ».".encode("latin-1"))
    (tmp_path / "en.txt").write_text("Plain text.", encoding="utf-8")
    docs, rejected = items(tmp_path)
    assert rejected == []
    assert docs["fr.txt"].text == "Le ministre a déclaré à Zürich : « accord »."
    assert docs["fr.txt"].meta["encoding"] not in ("utf-8", "ascii")
    assert docs["en.txt"].meta["encoding"] == "utf-8"


def test_binary_is_still_rejected_clearly(tmp_path: Path) -> None:
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 8)
    docs, rejected = items(tmp_path)
    assert docs == {}
    assert rejected[0] == f"{tmp_path / 'img.txt'}: binary file (not text)"
    assert rejected[1].startswith(f"{tmp_path / 'noise.txt'}: not text in a known encoding")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica), written by hand."""
    ops = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Title (Talks in Cairo) /Author (Desk) /CreationDate (D:20240305101500Z) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_text_layer_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(make_pdf(["Egypt hosts ceasefire talks.",
                                                    "Qatar supports the plan."]))
    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    docs, rejected = items(tmp_path)
    d = docs["report.pdf"]
    assert "Egypt hosts ceasefire talks." in d.text and "Qatar supports the plan." in d.text
    assert (d.title, d.author, d.published) == ("Talks in Cairo", "Desk", "2024-03-05")
    assert rejected[1] == f"{tmp_path / 'scan.pdf'}: no text in the PDF (a scan without a text layer? run OCR first)"
    assert rejected[0].startswith(f"{tmp_path / 'broken.pdf'}: cannot read")
    assert len(rejected) == 2


def test_docx_paragraphs_tables_and_metadata(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Turkey and Qatar agree to expand defence cooperation.")
    d.add_paragraph("\u200b")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Ankara", "Doha"
    d.core_properties.title = "Defence pact"
    d.save(str(tmp_path / "brief.docx"))
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    docs, rejected = items(tmp_path)
    doc = docs["brief.docx"]
    assert doc.text.startswith("Turkey and Qatar agree to expand defence cooperation.")
    assert "Ankara\tDoha" in doc.text
    assert doc.title == "Defence pact"
    assert rejected == [f"{tmp_path / 'fake.docx'}: cannot read the DOCX: File is not a zip file"]


def test_tally_counts_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kenya signed.", encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"\x89PNG")
    (tmp_path / "c.zip").write_bytes(b"PK")
    (tmp_path / "d.png").write_bytes(b"\x89PNG")
    (tmp_path / "e.txt").write_bytes(b"")
    tally = Tally()
    out = list(read_paths([tmp_path], tally=tally))
    assert [type(x).__name__ for x in out] == ["Doc", "Rejection"]
    assert tally.files == 2
    assert tally.skipped == {".png": 2, ".zip": 1}
