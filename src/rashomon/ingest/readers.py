"""Readers: files and folders to ``Doc``s, or one-line ``Rejection``s.

Supported: .txt/.md (front matter: see ``text.py``), .html/.htm, .jsonl, .csv,
RSS/Atom feeds (.rss, .atom, or .xml that is a feed), and folders (recursively,
skipping hidden files and folders and files of other types).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.doc import Doc
from rashomon.ingest.base import DEFAULT_MAX_BYTES, Rejected, Rejection, too_large
from rashomon.ingest.dates import normalise_date
from rashomon.ingest.decode import decode
from rashomon.ingest.markup import extract_page, html_to_text
from rashomon.ingest.text import front_matter, headline, meta_fields

Item = Doc | Rejection

TEXT_EXT = (".txt", ".md", ".markdown", ".text")
HTML_EXT = (".html", ".htm")
FEED_EXT = (".rss", ".atom", ".xml")
ROW_EXT = (".jsonl", ".csv")
SUPPORTED = (*TEXT_EXT, *HTML_EXT, *FEED_EXT, *ROW_EXT)
ROW_FIELDS = ("id", "text", "title", "published", "source", "url", "language", "author")
CONTAINER_FACTOR = 20  # a feed file may hold many documents: its own limit is this x max_bytes


def read_paths(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document (or rejection) in the given files and folders, in a stable order."""
    for p in paths:
        yield from read_path(Path(p), max_bytes)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    shown = str(path)
    if not os.path.lexists(path):
        yield Rejection(shown, "no such file or directory")
        return
    if path.is_dir():
        yield from _read_folder(path, max_bytes)
        return
    if not path.exists():
        yield Rejection(shown, "broken link (target does not exist)")
        return
    if path.suffix.lower() not in SUPPORTED:
        yield Rejection(shown, f"unsupported file type {path.suffix or '(none)'!r}; "
                               f"use one of {', '.join(SUPPORTED)}")
        return
    yield from read_file(path, path.name, shown, max_bytes)


def _read_folder(root: Path, max_bytes: int) -> Iterator[Item]:
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED:
                continue
            full = Path(folder) / name
            rel = full.relative_to(root).as_posix()
            yield from read_file(full, rel, str(full), max_bytes)
        while errors:
            e = errors.pop(0)
            yield Rejection(str(e.filename or root), _os_reason(e))


def read_file(path: Path, doc_id: str, shown: str, max_bytes: int) -> Iterator[Item]:
    """Documents of one file. ``doc_id`` names single-document files; ``shown`` is for messages."""
    ext = path.suffix.lower()
    try:
        if ext in ROW_EXT:
            yield from (_jsonl if ext == ".jsonl" else _csv)(path, shown, max_bytes)
        elif ext in FEED_EXT:
            yield from _feed(path, shown, max_bytes)
        else:
            yield _single(path, doc_id, shown, max_bytes, html=ext in HTML_EXT)
    except Rejected as r:
        yield Rejection(shown, r.reason, r.line)
    except OSError as e:
        yield Rejection(shown, _os_reason(e))


def _os_reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {e.strerror or e.__class__.__name__}"


def _read_bytes(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise Rejected(too_large(size, limit))
    with open(path, "rb") as f:
        return f.read(limit + 1)


def _single(path: Path, doc_id: str, shown: str, max_bytes: int, html: bool) -> Doc:
    data = _read_bytes(path, max_bytes * (CONTAINER_FACTOR if html else 1))
    text = decode(data, html=html)
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
    return _make_doc(doc_id, text, shown, max_bytes, fields)


def _make_doc(doc_id: str, text: str, shown: str, max_bytes: int, fields: dict[str, Any],
              line: int | None = None) -> Doc:
    if not text.strip():
        raise Rejected("empty document (no text)", line)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise Rejected(too_large(size, max_bytes), line)
    clean = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in fields.items()}
    return Doc(id=doc_id, text=text, path=shown, **clean)


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
    return _make_doc(str(row["id"]).strip(), row["text"], shown, max_bytes, fields, line)


def _open_text(path: Path) -> io.TextIOWrapper:
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        if b"\x00" in head:
            raise Rejected("binary file (not text)")
        enc = "utf-8-sig"
    return open(path, encoding=enc, errors="strict", newline="")


def _jsonl(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    line = 0
    try:
        with _open_text(path) as f:
            for line, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    row = json.loads(raw.strip())
                except json.JSONDecodeError as e:
                    yield Rejection(shown, f"malformed JSON: {e.msg} (column {e.colno})", line)
                    continue
                if not isinstance(row, dict):
                    yield Rejection(shown, "malformed JSON: a line must be an object", line)
                    continue
                try:
                    yield _row_doc(row, shown, max_bytes, line)
                except Rejected as r:
                    yield Rejection(shown, r.reason, line)
    except UnicodeDecodeError:
        yield Rejection(shown, "not UTF-8 or UTF-16 text; the rest of the file is skipped", line + 1)


def _csv(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    csv.field_size_limit(max(max_bytes * 2, 1 << 20))
    line = 1
    try:
        with _open_text(path) as f:
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
                        yield _row_doc(clean, shown, max_bytes, line)
                    except Rejected as r:
                        yield Rejection(shown, r.reason, line)
                    line = reader.line_num + 1
            except csv.Error as e:
                yield Rejection(shown, f"malformed CSV: {e}", line)
    except UnicodeDecodeError:
        yield Rejection(shown, "not UTF-8 or UTF-16 text; the rest of the file is skipped", line)


def _feed(path: Path, shown: str, max_bytes: int) -> Iterator[Item]:
    import feedparser

    data = _read_bytes(path, max_bytes * CONTAINER_FACTOR)
    decode(data)  # rejects binary and undecodable files with the usual message
    parsed = feedparser.parse(data)
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
            yield _make_doc(doc_id, html_to_text(body), shown, max_bytes, fields)
        except Rejected as r:
            yield Rejection(shown, f"feed item {doc_id}: {r.reason}")
