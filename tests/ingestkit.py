"""Reading test inputs the way analyze does: documents by id, and the one-line rejections."""

from __future__ import annotations

from pathlib import Path

from rashomon.doc import Doc
from rashomon.ingest import Rejection, read_paths


def items(*paths: str | Path, max_bytes: int = 5_000_000) -> tuple[dict[str, Doc], list[str]]:
    """The documents read from ``paths`` (ids unique) and the rejection lines."""
    docs: dict[str, Doc] = {}
    rejected: list[str] = []
    for it in read_paths(list(paths), max_bytes):
        if isinstance(it, Rejection):
            rejected.append(str(it))
        else:
            assert it.id not in docs
            docs[it.id] = it
    return docs, rejected
