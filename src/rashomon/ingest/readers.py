"""Readers: files and folders to ``Doc``s, or one-line ``Rejection``s.

Supported: .txt/.md (front matter: see ``text.py``), .html/.htm, .jsonl, .csv,
RSS/Atom feeds (.rss, .atom, or .xml that is a feed), .pdf (text layer), .docx, and
folders (recursively, skipping hidden files and folders; files of other types are counted
in the ``Tally``). Only regular files are read (a FIFO would block forever), never more
than a bounded number of bytes. Any failure inside one file or row is that item's
one-line ``Rejection``: it never stops the run.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.doc import Doc
from rashomon.ingest import normalise, office
from rashomon.ingest.base import DEFAULT_MAX_BYTES, Rejected, Rejection, Tally, too_large
from rashomon.ingest.dates import normalise_date
from rashomon.ingest.decode import SNIFF_BYTES, decode, decode_with, detect_encoding, utf8_prefix_ok
from rashomon.ingest.markup import extract_page, html_to_text
from rashomon.ingest.text import front_matter, headline, meta_fields

Item = Doc | Rejection

TEXT_EXT = (".txt", ".md", ".markdown", ".text")
HTML_EXT = (".html", ".htm")
FEED_EXT = (".rss", ".atom", ".xml")
ROW_EXT = (".jsonl", ".csv")
OFFICE_EXT = (".pdf", ".docx")
SUPPORTED = (*TEXT_EXT, *HTML_EXT, *FEED_EXT, *ROW_EXT, *OFFICE_EXT)
ROW_FIELDS = ("id", "text", "title", "published", "source", "url", "language", "author")
CONTAINER_FACTOR = 20  # a feed file may hold many documents: its own limit is this x max_bytes
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def read_paths(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
               tally: Tally | None = None) -> Iterator[Item]:
    """Every document (or rejection) in the given files and folders, in a stable order.
    ``tally`` counts the files read and the files skipped by type."""
    for p in paths:
        yield from read_path(Path(p), max_bytes, tally)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              tally: Tally | None = None) -> Iterator[Item]:
    shown = str(path)
    tally = tally if tally is not None else Tally()
    if not os.path.lexists(path):
        yield Rejection(shown, "no such file or directory")
        return
    if path.is_dir():
        yield from _read_folder(path, max_bytes, tally)
        return
    if not path.exists():
        yield Rejection(shown, "broken link (target does not exist)")
        return
    if path.suffix.lower() not in SUPPORTED:
        yield Rejection(shown, f"unsupported file type {path.suffix or '(none)'!r}; "
                               f"use one of {', '.join(SUPPORTED)}")
        return
    yield from _read_regular(path, path.name, shown, max_bytes, tally)


def _read_folder(root: Path, max_bytes: int, tally: Tally) -> Iterator[Item]:
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = Path(folder) / name
            if Path(name).suffix.lower() not in SUPPORTED:
                if os.path.isfile(full):  # other kinds of file are rejected as such below
                    tally.skip(Path(name).suffix)
                    continue
            rel = full.relative_to(root).as_posix()
            yield from _read_regular(full, rel, str(full), max_bytes, tally)
        while errors:
            e = errors.pop(0)
            yield Rejection(str(e.filename or root), _os_reason(e))


def _read_regular(path: Path, doc_id: str, shown: str, max_bytes: int,
                  tally: Tally) -> Iterator[Item]:
    """``read_file`` for a regular file; anything else (FIFO, socket, device) is rejected."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        yield Rejection(shown, _os_reason(e))
        return
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        yield Rejection(shown, f"not a regular file ({kind}); skipped")
        return
    tally.files += 1
    yield from read_file(path, doc_id, shown, max_bytes)


def read_file(path: Path, doc_id: str, shown: str, max_bytes: int) -> Iterator[Item]:
    """Documents of one file. ``doc_id`` names single-document files; ``shown`` is for messages.
    Whatever fails inside the file becomes a rejection of that file (or row), never an error."""
    ext = path.suffix.lower()
    try:
        if ext in ROW_EXT:
            yield from (_jsonl if ext == ".jsonl" else _csv)(path, shown, max_bytes)
        elif ext in FEED_EXT:
            yield from _feed(path, shown, max_bytes)
        elif ext in OFFICE_EXT:
            yield _office(path, doc_id, shown, max_bytes)
        else:
            yield _single(path, doc_id, shown, max_bytes, html=ext in HTML_EXT)
    except Rejected as r:
        yield Rejection(shown, r.reason, r.line)
    except OSError as e:
        yield Rejection(shown, _os_reason(e))
    except (RecursionError, MemoryError) as e:
        yield Rejection(shown, f"cannot read: {type(e).__name__} (input too deeply nested or too big)")
    except Exception as e:  # noqa: BLE001 (the per-file boundary: whatever a reader library raises on hostile input rejects that file alone)
        first = (str(e).strip().splitlines() or [""])[0][:200]
        yield Rejection(shown, f"cannot read: {type(e).__name__}: {first}".rstrip(": "))


def _os_reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {e.strerror or e.__class__.__name__}"


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a file (a file that grows past it is rejected too)."""
    size = path.stat().st_size
    if size > limit:
        raise Rejected(too_large(size, limit))
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise Rejected(too_large(len(data), limit))
    return data


def _office(path: Path, doc_id: str, shown: str, max_bytes: int) -> Doc:
    limit = max_bytes * CONTAINER_FACTOR
    data = _read_bytes(path, limit)
    if path.suffix.lower() == ".pdf":
        text, fields = office.pdf(data)
    else:
        text, fields = office.docx(data, limit)
    return make_doc(doc_id, text, shown, max_bytes, fields, meta={"format": path.suffix[1:].lower()})


def _single(path: Path, doc_id: str, shown: str, max_bytes: int, html: bool) -> Doc:
    data = _read_bytes(path, max_bytes * (CONTAINER_FACTOR if html else 1))
    text, encoding = decode_with(data, html=html)
    fields: dict[str, Any] = {}
    if html:
        page = extract_page(text)
        text = page.get("text") or ""
        fields = {"title": page.get("title"), "published": normalise_date(page.get("date")),
                  "author": page.get("author"), "source": page.get("sitename"),
                  "url": page.get("url")}
        if not text.strip():
            raise Rejected("no article text found in the page")
    else:
        meta, text = front_matter(text)
        fields = meta_fields(meta) if meta else {"title": headline(text)}
    return make_doc(doc_id, text, shown, max_bytes, fields, meta={"encoding": encoding})


def make_doc(doc_id: str, text: str, shown: str | None, max_bytes: int, fields: dict[str, Any],
             line: int | None = None, meta: dict[str, Any] | None = None) -> Doc:
    """The one way text becomes a ``Doc`` (files, rows, feed items, uploads): text and
    fields normalised (``normalise.clean``), empty and oversized texts rejected."""
    text = normalise.clean(text)
    normalise.reject_unless_visible(text, line)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise Rejected(too_large(size, max_bytes), line)
    doc_id = normalise.clean(doc_id).strip()
    if not doc_id:
        raise Rejected('empty "id"', line)
    clean = {k: normalise.clean_field(v) for k, v in fields.items()}
    return Doc(id=doc_id, text=text, path=shown, meta=dict(meta or {}), **clean)


def _row_doc(row: dict[str, Any], shown: str, max_bytes: int, line: int) -> Doc:
    for key in ("id", "text"):
        if row.get(key) is None or (key == "id" and not str(row[key]).strip()):
            raise Rejected(f'missing "{key}"', line)
    if not isinstance(row["text"], str):
        raise Rejected('"text" is not a string', line)
    if isinstance(row["id"], dict | list | bool):
        raise Rejected('"id" is not a string or number', line)
    fields: dict[str, Any] = {}
    for k in ("title", "source", "url", "author", "language"):
        v = row.get(k)
        fields[k] = None if v is None else str(v)
    if fields["language"]:
        fields["language"] = fields["language"].strip().lower()
    fields["published"] = normalise_date(row.get("published"))
    return make_doc(str(row["id"]), row["text"], shown, max_bytes, fields, line)


def _open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """The file as text (UTF-8, UTF-16 with BOM, or the legacy encoding its first
    megabyte is in), and that encoding."""
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        if b"\x00" in head[:4]:
            raise Rejected("binary file (not text)")
        enc = "utf-8-sig"
        if not utf8_prefix_ok(head):
            enc = detect_encoding(head) or enc  # undecodable: fails as UTF-8 below
    return open(path, encoding=enc, errors="strict", newline=""), enc.removesuffix("-sig")


def _lines(f: io.TextIOWrapper, limit: int) -> Iterator[tuple[str | None, int]]:
    """(line, its number); None for a line longer than ``limit`` characters (skipped)."""
    n = 0
    while True:
        raw = f.readline(limit + 1)
        if not raw:
            return
        n += 1
        if len(raw) > limit and not raw.endswith("\n"):
            while (rest := f.readline(1 << 16)) and not rest.endswith("\n"):
                pass
            yield None, n
            continue
        yield raw, n


def _jsonl(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    line = 0
    encoding = "UTF-8"
    limit = 4 * max_bytes + 4096  # a row's JSON: its text (escaped) plus metadata
    try:
        opened, encoding = _open_text(path)
        with opened as f:
            for raw, line in _lines(f, limit):
                if raw is None:
                    yield Rejection(shown, f"line longer than {limit:,} characters (see --max-bytes)", line)
                    continue
                if not raw.strip():
                    continue
                try:
                    row = normalise.loads(raw.strip())
                except json.JSONDecodeError as e:
                    yield Rejection(shown, f"malformed JSON: {e.msg} (column {e.colno})", line)
                    continue
                except ValueError as e:
                    yield Rejection(shown, f"malformed JSON: {e}", line)
                    continue
                if not isinstance(row, dict):
                    yield Rejection(shown, "malformed JSON: a line must be an object", line)
                    continue
                try:
                    doc = _row_doc(row, shown, max_bytes, line)
                    doc.meta["encoding"] = encoding
                    yield doc
                except Rejected as r:
                    yield Rejection(shown, r.reason, line)
    except UnicodeDecodeError:
        yield Rejection(shown, f"not {encoding} text from here on; the rest of the file is "
                               "skipped", line + 1)


def _csv(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    csv.field_size_limit(max(max_bytes * 2, 1 << 20))
    line = 1
    encoding = "UTF-8"
    try:
        opened, encoding = _open_text(path)
        with opened as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [k for k in ("id", "text") if k not in header]
            if missing:
                raise Rejected(f"CSV header lacks column(s) {', '.join(missing)}", 1)
            line = reader.line_num + 1
            try:
                for row in reader:
                    try:
                        if None in row:  # more cells than header columns
                            raise Rejected("row has more cells than the header", line)
                        clean = {k: (v if v != "" else None) for k, v in row.items()}
                        doc = _row_doc(clean, shown, max_bytes, line)
                        doc.meta["encoding"] = encoding
                        yield doc
                    except Rejected as r:
                        yield Rejection(shown, r.reason, line)
                    line = reader.line_num + 1
            except csv.Error as e:
                yield Rejection(shown, f"malformed CSV: {e}", line)
    except UnicodeDecodeError:
        yield Rejection(shown, f"not {encoding} text from here on; the rest of the file is "
                               "skipped", line)


def _feed(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    import feedparser  # noqa: PLC0415 - heavy, loaded on use

    data = _read_bytes(path, max_bytes * CONTAINER_FACTOR)
    decode(data)  # rejects binary and undecodable files with the usual message
    try:
        parsed = feedparser.parse(normalise.safe_char_refs(data))
    except Exception as e:  # noqa: BLE001 (feedparser's own failure on hostile markup: this feed alone)
        raise Rejected(f"cannot parse the feed: {type(e).__name__}") from None
    if not parsed.get("version"):
        raise Rejected("not an RSS or Atom feed")
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries, 1):
        doc_id = entry.get("id") or entry.get("link")
        if not doc_id:
            yield Rejection(shown, f"feed item {i} has neither id nor link")
            continue
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        body = body or entry.get("summary", "")
        fields = {
            "title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
            "source": outlet, "language": (entry.get("language") or parsed.feed.get("language")),
            "published": normalise_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        }
        if fields["language"]:
            fields["language"] = fields["language"].split("-")[0].lower()
        try:
            yield make_doc(doc_id, html_to_text(body), shown, max_bytes, fields)
        except Rejected as r:
            yield Rejection(shown, f"feed item {normalise.clean(doc_id)}: {r.reason}")
        except Exception as e:  # noqa: BLE001 (the per-item boundary: one hostile feed item alone)
            yield Rejection(shown, f"feed item {i}: cannot read: {type(e).__name__}")
