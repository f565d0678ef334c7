"""Readers: every input format, and every kind of bad input, with exact one-line reasons."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from ingestkit import items
from rashomon.doc import Doc
from rashomon.ingest import read_paths
from rashomon.ingest.base import Tally
from rashomon.ingest.dates import normalise_date
from rashomon.ingest.text import front_matter, headline

ING = Path(__file__).parent / "fixtures" / "ingest"



def test_txt_front_matter_sets_metadata_and_is_not_text() -> None:
    docs, rejected = items(ING / "front.txt")
    assert rejected == []
    d = docs["front.txt"]
    assert d.title == "Turkey and Qatar agree to expand defence cooperation"
    assert d.source == "Harbour Times"
    assert d.published == "2022-05-03"
    assert d.language == "en"
    assert d.text.startswith("ANKARA, May 3 - Turkey")
    assert "Title:" not in d.text
    assert d.path == str(ING / "front.txt")


def test_front_matter_needs_known_keys_and_a_blank_line() -> None:
    assert front_matter("Title: A\nSource: B\n\nBody")[0] == {"title": "A", "source": "B"}
    assert front_matter("Title: A\nnot a key\n\nBody") == ({}, "Title: A\nnot a key\n\nBody")
    assert front_matter("Title: only a header line")[0] == {}
    assert front_matter("Summary: x\n\nBody")[0] == {}


def test_markdown_headline_becomes_title_but_stays_in_text() -> None:
    docs, _ = items(ING / "plain.md")
    d = docs["plain.md"]
    assert d.title == "Egypt hosts ceasefire talks"
    assert d.text.startswith("Egypt hosts ceasefire talks\n\nCAIRO")
    assert headline("A first line\nstraight into the body") is None


def test_html_main_text_and_metadata() -> None:
    docs, rejected = items(ING / "page.html")
    assert rejected == []
    d = docs["page.html"]
    assert d.title == "Poland sends tanks to Ukraine"
    assert d.source == "Vistula Daily"
    assert d.published == "2023-02-24"
    assert d.author == "Anna Nowak"
    assert "Poland delivered the first Leopard tanks" in d.text
    assert "thanked Warsaw" in d.text
    assert "Sport section link" not in d.text
    assert "Copyright notice" not in d.text


def test_jsonl_rows_and_per_line_rejections() -> None:
    docs, rejected = items(ING / "rows.jsonl")
    shown = str(ING / "rows.jsonl")
    assert sorted(docs) == ["2", "j1", "j5"]
    j1 = docs["j1"]
    assert (j1.title, j1.source, j1.published, j1.url) == (
        "Trade pact", "Southern Wire", "2021-07-09", "https://example.org/j1")
    assert docs["2"].language == "ru"  # the row's own language, lower-cased
    assert docs["j5"].published is None  # an unparseable date is dropped, the row kept
    assert rejected == [
        f"{shown}:3: malformed JSON: Expecting ',' delimiter (column 73)",
        f'{shown}:4: missing "text"',
    ]


def test_csv_rows_quoted_newlines_and_rejections() -> None:
    docs, rejected = items(ING / "rows.csv")
    shown = str(ING / "rows.csv")
    assert sorted(docs) == ["c1", "c3"]
    assert docs["c1"].source == "Rift Post" and docs["c1"].published == "2020-01-31"
    assert docs["c3"].text == "Line one of a quoted text.\nLine two: Chile and Peru signed a deal."
    assert docs["c3"].published == "2019-06-15"
    # c3 spans lines 4-5, so the id-less row starts on line 6
    assert rejected == [f'{shown}:3: missing "text"', f'{shown}:6: missing "id"']


def test_csv_without_text_column(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("id,body\n1,hello\n", encoding="utf-8")
    docs, rejected = items(f)
    assert docs == {}
    assert rejected == [f"{f}:1: CSV header lacks column(s) text"]


def test_rss_items_html_stripped() -> None:
    docs, rejected = items(ING / "feed.rss")
    assert sorted(docs) == ["ht-1", "https://example.org/ht/2"]
    d = docs["ht-1"]
    assert d.text == "TOKYO - Japan and Australia signed a security pact.\nChina criticised the deal."
    assert (d.source, d.published, d.url) == ("Harbour Times", "2022-10-22", "https://example.org/ht/1")
    assert rejected == [f"{ING / 'feed.rss'}: feed item ht-3: empty document (no text)"]


def test_atom_feed_and_xml_that_is_not_a_feed() -> None:
    docs, rejected = items(ING / "feed.atom", ING / "notfeed.xml")
    assert list(docs) == ["urn:bb:1"]
    assert docs["urn:bb:1"].text == "TALLINN - Estonia and Latvia held joint air defence drills."
    assert docs["urn:bb:1"].source == "Baltic Bulletin"
    assert rejected == [f"{ING / 'notfeed.xml'}: not an RSS or Atom feed"]


def test_folder_recursive_relative_ids_hidden_skipped() -> None:
    tally = Tally()
    docs = [d for d in read_paths([ING / "folder"], tally=tally) if isinstance(d, Doc)]
    assert sorted(d.id for d in docs) == ["sub/nested.txt", "top.md"]
    assert next(d for d in docs if d.id == "sub/nested.txt").title == "Nested"
    # every file met is accounted for: two read, one of a type Rashomon does not read
    assert (tally.files, tally.skipped) == (2, {".odt": 1})


def test_file_given_directly_with_unsupported_type(tmp_path: Path) -> None:
    f = tmp_path / "report.odt"
    f.write_bytes(b"PK\x03\x04")
    _, rejected = items(f)
    assert rejected[0].startswith(f"{f}: unsupported file type '.odt'")


def test_encodings_accepted(tmp_path: Path) -> None:
    text = "Сербия и Венгрия: «дружба»."
    (tmp_path / "bom8.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (tmp_path / "u16le.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (tmp_path / "u16be.txt").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    docs, rejected = items(tmp_path)
    assert rejected == []
    assert {d.text for d in docs.values()} == {text}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file (not text)"),
        ("ctrl.txt", bytes(range(1, 9)) * 50, "binary file (not text)"),
        ("random.txt", bytes(range(128, 256)) * 4,
         "not text in a known encoding (bad UTF-8 byte 0x80 at offset 0, and no legacy "
         "encoding fits)"),
        ("empty.txt", b"", "empty document (no text)"),
        ("blank.md", b" \n\t\r\n  ", "empty document (no text)"),
        ("huge.txt", b"word " * 300, "too large: 1,500 bytes (limit 1,000; see --max-bytes)"),
    ],
)
def test_bad_inputs(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    docs, rejected = items(f, max_bytes=1000)
    assert docs == {}
    assert rejected == [f"{f}: {reason}"]


def test_too_large_rows_are_rejected_alone(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    f.write_text('{"id": "a", "text": "short"}\n{"id": "b", "text": "%s"}\n' % ("x" * 2000), encoding="utf-8")
    docs, rejected = items(f, max_bytes=1000)
    assert list(docs) == ["a"]
    assert rejected == [f"{f}:2: too large: 2,000 bytes (limit 1,000; see --max-bytes)"]


def test_missing_and_unreadable_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.txt"
    locked = tmp_path / "locked.txt"
    locked.write_text("Some text.", encoding="utf-8")
    real_open = open

    def fake_open(file, *a, **k):  # root can read anything: simulate a permission error
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)
    docs, rejected = items(missing, locked)
    assert docs == {}
    assert rejected == [f"{missing}: no such file or directory", f"{locked}: permission denied"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text("text", encoding="utf-8")
    f.chmod(0)
    _, rejected = items(f)
    assert rejected == [f"{f}: permission denied"]


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    _, rejected = items(link)
    assert rejected == [f"{link}: broken link (target does not exist)"]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-05", "2024-03-05"), ("2024-03-05T10:00:00+02:00", "2024-03-05"),
        ("20240305", "2024-03-05"), ("05.03.2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"), ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"), ("2024-02-30", None), ("yesterday", None), ("", None),
        (None, None),
    ],
)
def test_dates(value: str | None, iso: str | None) -> None:
    assert normalise_date(value) == iso
