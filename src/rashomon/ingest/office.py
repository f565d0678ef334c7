"""PDF (its text layer, with pypdf) and DOCX (python-docx) to text and metadata."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from rashomon.ingest.base import Rejected
from rashomon.ingest.dates import normalise_date


def pdf(data: bytes) -> tuple[str, dict[str, Any]]:
    """(text of every page, metadata). Scanned pages without a text layer give no text."""
    from pypdf import PdfReader  # noqa: PLC0415 - heavy, loaded on use
    from pypdf.errors import PdfReadError  # noqa: PLC0415 - heavy, loaded on use

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Rejected("encrypted PDF (needs a password)")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata or {}
    except Rejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise Rejected(f"cannot read the PDF: {_first_line(e)}") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise Rejected("no text in the PDF (a scan without a text layer? run OCR first)")
    fields = {"title": _str(info.get("/Title")), "author": _str(info.get("/Author")),
              "published": _pdf_date(info.get("/CreationDate"))}
    return text, fields


def docx(data: bytes, limit: int) -> tuple[str, dict[str, Any]]:
    """(paragraphs and table cells, one per line; metadata). ``limit`` bounds the unzipped size."""
    import docx as python_docx  # noqa: PLC0415 - heavy, loaded on use

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist())
        if size > limit:
            raise Rejected(f"DOCX unpacks to {size:,} bytes (limit {limit:,}; see --max-bytes)")
        d = python_docx.Document(io.BytesIO(data))
    except Rejected:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise Rejected(f"cannot read the DOCX: {_first_line(e)}") from None
    except Exception as e:  # noqa: BLE001 (python-docx and lxml raise their own types for a damaged package: this file alone)
        raise Rejected(f"cannot read the DOCX: {type(e).__name__}: {_first_line(e)}") from None
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.append("\t".join(c.text for c in row.cells))
    props = d.core_properties
    fields = {"title": props.title or None, "author": props.author or None,
              "published": normalise_date(props.created)}
    return "\n".join(ln for ln in lines if ln.strip()), fields


def _str(v: Any) -> str | None:
    return str(v) if v else None


def _pdf_date(v: Any) -> str | None:
    """PDF dates look like ``D:20240305101500+01'00'``."""
    s = str(v or "").removeprefix("D:")
    return normalise_date(s[:8]) if len(s) >= 8 else None


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
