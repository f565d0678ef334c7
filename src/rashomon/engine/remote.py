"""Inputs from object stores (s3://, gs://, hdfs://, file://) through pyarrow filesystems.

Each remote file is copied to a temporary file, read with the ordinary readers (same
document ids as a local folder: the path relative to the folder given) and deleted: one
file on local disk at a time, whatever the size of the bucket.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from rashomon.ingest import Rejection, read_path
from rashomon.ingest.base import Tally, too_large
from rashomon.ingest.readers import CONTAINER_FACTOR, SUPPORTED, Item, read_file


def is_uri(path: str | Path) -> bool:
    return "://" in str(path)


def read_inputs(paths: Iterable[str | Path], max_bytes: int,
                tally: Tally | None = None) -> Iterator[Item]:
    """Like ``read_paths``, but a path may also be an object-store URI."""
    tally = tally if tally is not None else Tally()
    for p in paths:
        if is_uri(p):
            yield from read_uri(str(p), max_bytes, tally)
        else:
            yield from read_path(Path(p), max_bytes, tally)


def _filesystem(uri: str) -> tuple[Any, str]:
    from pyarrow import fs  # noqa: PLC0415 - heavy, loaded on use

    try:
        return fs.FileSystem.from_uri(uri)
    except (ValueError, OSError, NotImplementedError) as e:  # scheme, credentials, service
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise OSError(f"cannot open {uri}: {first}") from None


def read_uri(uri: str, max_bytes: int, tally: Tally | None = None) -> Iterator[Item]:
    from pyarrow import fs  # noqa: PLC0415 - heavy, loaded on use

    try:
        filesystem, root = _filesystem(uri)
        info = filesystem.get_file_info(root)
    except OSError as e:
        yield Rejection(uri, str(e).removeprefix(f"cannot open {uri}: "))
        return
    if info.type == fs.FileType.NotFound:
        yield Rejection(uri, "no such file or directory")
        return
    if info.type == fs.FileType.Directory:
        found = filesystem.get_file_info(fs.FileSelector(root, recursive=True))
        files = sorted((f for f in found if f.type == fs.FileType.File), key=lambda f: f.path)
        base = uri.rstrip("/")
        for f in files:
            rel = PurePosixPath(f.path).relative_to(root.rstrip("/")).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            if PurePosixPath(rel).suffix.lower() not in SUPPORTED:
                if tally is not None:
                    tally.skip(PurePosixPath(rel).suffix)
                continue
            if tally is not None:
                tally.files += 1
            yield from _read_remote_file(filesystem, f, rel, f"{base}/{rel}", max_bytes)
        return
    suffix = PurePosixPath(root).suffix.lower()
    if suffix not in SUPPORTED:
        yield Rejection(uri, f"unsupported file type {suffix or '(none)'!r}; "
                             f"use one of {', '.join(SUPPORTED)}")
        return
    if tally is not None:
        tally.files += 1
    yield from _read_remote_file(filesystem, info, PurePosixPath(root).name, uri, max_bytes)


def _read_remote_file(filesystem: Any, info: Any, doc_id: str, shown: str,
                      max_bytes: int) -> Iterator[Item]:
    limit = max_bytes * CONTAINER_FACTOR
    if info.size is not None and info.size > limit:
        yield Rejection(shown, too_large(info.size, limit))
        return
    suffix = PurePosixPath(info.path).suffix
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="rashomon-")
    try:
        with os.fdopen(fd, "wb") as out, filesystem.open_input_stream(info.path) as src:
            shutil.copyfileobj(src, out)
        yield from read_file(Path(tmp), doc_id, shown, max_bytes)
    except OSError as e:
        yield Rejection(shown, f"cannot read: {str(e).splitlines()[0]}")
    finally:
        os.unlink(tmp)
