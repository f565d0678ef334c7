"""Uploads: JSON articles or files in the formats ``rashomon.ingest`` reads -> analysed docs."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rashomon.doc import Doc, content_hash
from rashomon.engine.local import Planner, Summary, analyse_isolated, save
from rashomon.envconfig import from_env
from rashomon.ingest import Rejection
from rashomon.ingest.base import Rejected
from rashomon.ingest.dates import normalise_date
from rashomon.ingest.normalise import clean
from rashomon.ingest.readers import SUPPORTED, make_doc, read_file
from rashomon.registry import Pipeline

Analyse = Callable[[list[Doc]], list[Doc]]


class BadUpload(Exception):
    """The upload cannot become documents: a one-line reason for a 400/422 answer."""


def docs_from_json(data: Any, max_bytes: int = 5_000_000) -> list[Doc]:
    """One article ``{id?, title?, text, source?, published?, url?}`` or a list of them,
    made into documents as the readers make them (``ingest.readers.make_doc``)."""

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
        fields["published"] = normalise_date(fields["published"]) or fields["published"]
        if fields["language"]:
            fields["language"] = fields["language"].strip().lower()
        doc_id = fields.pop("id") or "upload:" + content_hash(clean(text))[:16]
        try:
            docs.append(make_doc(doc_id, text, None, max_bytes, fields))
        except Rejected as r:
            raise BadUpload(f"item {i}: {r.reason}") from None
    return docs


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def docs_from_file(filename: str, data: bytes, max_bytes: int) -> list[Doc]:
    """Documents of one uploaded file, read by ``rashomon.ingest`` from a private temp file.

    The client's file name is data: only its suffix picks the reader, and it becomes the
    document id of single-document files; it never names a path on this machine.
    """

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


def ingest(state: Any, docs: list[Doc]) -> dict[str, Any]:
    """Uploaded docs through the path of ``rashomon analyze``: planned against the store
    (unchanged, exact and near duplicates, language), analysed, stored one transaction
    (a document the database refuses is rejected alone). What happened, as JSON."""
    summary = Summary()
    with state.db() as store:
        planner = Planner.over(store, summary)
        todo = [d for d in (planner.consider(doc) for doc in docs) if d is not None]
        planner.flush()
    analysed = analyse_isolated(todo, state.analyse, summary) if todo else []
    with state.db() as store:
        stored = save(store, analysed, summary) if analysed else []
        if stored or summary.duplicates:
            state.writes += 1
    return {
        "documents": describe(stored),
        "duplicates": [{"id": d.id, "duplicate_of": d.duplicate_of} for d in docs
                       if d.meta.get("exact_duplicate")],
        "unchanged": [d.id for d in docs if planner.stored.get(d.id) == d.content_hash],
        "rejected": summary.rejected,
    }


_PIPELINE: Any = None


def default_analyse(docs: list[Doc]) -> list[Doc]:
    """Run the default pipeline (loaded once, on the first upload)."""
    global _PIPELINE
    if _PIPELINE is None:

        _PIPELINE = Pipeline(config=from_env())
    return list(_PIPELINE.pipe(docs))


def describe(docs: Iterable[Doc]) -> list[dict[str, Any]]:
    return [
        {"id": d.id, "title": d.title, "language": d.language, "duplicate_of": d.duplicate_of,
         "mentions": len(d.mentions), "claims": len(d.claims)}
        for d in docs
    ]
