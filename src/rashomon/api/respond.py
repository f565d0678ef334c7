"""Responses: JSON or CSV tables (Datasette-style ``?format=csv`` or ``.csv``), safe JSON in HTML."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

# HTML pages: scripts and styles from this server only; no frames, no plugins, no forms elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def wants_csv(request: Request) -> bool:
    return request.url.path.endswith(".csv") or request.query_params.get("format") == "csv"


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    cols = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def _cell(v: Any) -> Any:
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and not _is_number(v):
        return "'" + v  # no formulas when the CSV is opened in a spreadsheet
    return "" if v is None else v


def _is_number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def table(
    request: Request, rows: list[dict[str, Any]], name: str, extra: dict[str, Any] | None = None,
) -> Response:
    """Rows as CSV when asked, else JSON ``{**extra, "items": rows}``."""
    if wants_csv(request):
        return Response(
            to_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
        )
    return JSONResponse({**(extra or {}), "items": rows})


def script_json(data: Any) -> str:
    """JSON that is safe inside an inline ``<script>``: no ``<``, ``>``, ``&``, U+2028/9."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
