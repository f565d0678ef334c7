"""Uploads: JSON articles or files in the formats ``rashomon.ingest`` reads -> analysed docs."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rashomon.doc import Doc, content_hash

Analyse = Callable[[list[Doc]], list[Doc]]


class BadUpload(Exception):
    """The upload cannot become documents: a one-line reason for a 400/422 answer."""


def docs_from_json(data: Any) -> list[Doc]:
    """One article ``{id?, title?, text, source?, published?, url?}`` or a list of them."""
    items = data if isinstance(data, list) else [data]
    if not items:
        raise BadUpload("no documents in the upload")
    docs = []
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise BadUpload(f"item {i}: expected an object with a 'text' field")
        text = it.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadUpload(f"item {i}: 'text' must be a non-empty string")
        fields = {}
        for k in ("id", "title", "source", "published", "url", "author", "language"):
            v = it.get(k)
            if v is not None and not isinstance(v, str):
                raise BadUpload(f"item {i}: '{k}' must be a string")
            fields[k] = v
        doc_id = fields.pop("id") or "upload:" + content_hash(text)[:16]
        docs.append(Doc(id=doc_id, text=text, **fields))
    return docs


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def docs_from_file(filename: str, data: bytes, max_bytes: int) -> list[Doc]:
    """Documents of one uploaded file, read by ``rashomon.ingest`` from a private temp file.

    The client's file name is data: only its suffix picks the reader, and it becomes the
    document id of single-document files; it never names a path on this machine.
    """
    from rashomon.ingest import Rejection
    from rashomon.ingest.readers import SUPPORTED, read_file

    name = Path(filename.replace("\\", "/")).name or "upload.txt"
    m = _SUFFIX.search(name)
    suffix = m.group(0).lower() if m else ""
    if suffix not in SUPPORTED:
        raise BadUpload(f"unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}")
    with tempfile.TemporaryDirectory(prefix="rashomon-upload-") as tmp:
        path = Path(tmp) / ("upload" + suffix)
        path.write_bytes(data)
        items = list(read_file(path, name, name, max_bytes))
    docs = [it for it in items if isinstance(it, Doc)]
    rejected = [str(it) for it in items if isinstance(it, Rejection)]
    if not docs:
        raise BadUpload(rejected[0] if rejected else "no documents in the file")
    for d in docs:
        d.path = None
    return docs


_PIPELINE: Any = None


def default_analyse(docs: list[Doc]) -> list[Doc]:
    """Run the default pipeline (loaded once, on the first upload)."""
    global _PIPELINE
    if _PIPELINE is None:
        from rashomon.registry import Pipeline

        _PIPELINE = Pipeline()
    return list(_PIPELINE.pipe(docs))


def summary(docs: Iterable[Doc]) -> list[dict[str, Any]]:
    return [
        {"id": d.id, "title": d.title, "mentions": len(d.mentions), "claims": len(d.claims)}
        for d in docs
    ]
