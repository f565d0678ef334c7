"""Responses: JSON or CSV tables (Datasette-style ``?format=csv`` or ``.csv``), safe JSON in
HTML, and the error responses each route declares in the OpenAPI schema."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import duckdb
import psycopg
from fastapi import Request
from fastapi.responses import JSONResponse, Response

MAX_OFFSET = 1_000_000_000


def _detail(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {
        "type": "object", "properties": {"detail": {}}}}}}


BAD = {400: _detail("A parameter is malformed (dates, NUL characters, Host header)"),
       422: _detail("A parameter is missing or out of its bounds"),
       503: _detail("The database is busy or a module is unavailable")}
NOT_FOUND = {404: _detail("No such item"), **BAD}
UPLOAD = {401: _detail("Missing or wrong token"), 403: _detail("Uploads are disabled"),
          408: _detail("The body took too long to arrive"), 413: _detail("Upload too large"),
          415: _detail("Not JSON or multipart/form-data"), **BAD}
# value errors the databases raise on a parameter (a 400), and any database error
DATA_ERRORS: tuple[type[Exception], ...] = (
    duckdb.ConversionException, duckdb.InvalidInputException, duckdb.OutOfRangeException,
    psycopg.DataError)
DB_ERRORS: tuple[type[Exception], ...] = (duckdb.Error, psycopg.Error)

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
