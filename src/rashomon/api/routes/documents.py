"""Documents: the facets, the list, one document, and uploads (with the server's token)."""

from __future__ import annotations

import asyncio
import hmac
import time
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from rashomon.api import queries
from rashomon.api.respond import BAD, MAX_OFFSET, NOT_FOUND, UPLOAD, table
from rashomon.api.state import BODY_TIMEOUT, Shared
from rashomon.api.upload import BadUpload, docs_from_file, docs_from_json, ingest
from rashomon.errors import UserError
from rashomon.ingest import normalise

router = APIRouter()


@router.get("/api/facets", tags=["meta"], summary="Outlets, relations, date range, counts",
            responses=BAD)
def facets(st: Shared) -> dict[str, Any]:
    with st.db() as s:
        out = queries.facets(s)
    out["upload"] = st.token is not None
    return out


@router.get("/api/documents", tags=["documents"], summary="List documents (filters, pagination)",
            responses=BAD)
@router.get("/api/documents.csv", include_in_schema=False)
def list_documents(
    request: Request, st: Shared,
    q: str | None = Query(None, description="words in the title or id"),
    outlet: str | None = None, since: str | None = None, until: str | None = None,
    actor: str | None = Query(None, description="documents mentioning this actor (id or name)"),
    limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    format: str | None = Query(None, description="csv for CSV"),
) -> Response:
    with st.db() as s:
        total, rows = queries.documents(s, q, outlet, since, until, actor, limit, offset)
    return table(request, rows, "documents", {"total": total, "limit": limit, "offset": offset})


@router.get("/api/documents/{doc_id:path}", tags=["documents"], responses=NOT_FOUND,
            summary="One document: text, actor mentions, claims with evidence offsets, labels")
def get_document(doc_id: str, st: Shared) -> dict[str, Any]:
    with st.db() as s:
        doc = queries.document(s, doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    return doc


@router.post(
    "/api/documents", tags=["documents"], status_code=201, responses=UPLOAD,
    summary="Upload and analyse articles (needs the server's token)",
    openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            k: {"type": "string"} for k in ("id", "title", "text", "source", "published", "url")}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
    }}},
)
async def upload(request: Request, st: Shared) -> JSONResponse:
    if st.token is None:
        raise HTTPException(403, "uploads are disabled: start the server with --token")
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    if not given or not hmac.compare_digest(given.encode(), st.token.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})
    body = await _read_bounded(request, st.max_upload, st.body_timeout)
    try:
        docs = await _parse_upload(request, body, st.max_upload)
    except BadUpload as e:
        raise HTTPException(422, str(e)) from None
    try:
        out = await run_in_threadpool(ingest, st, docs)
    except (UserError, KeyError, ImportError) as e:  # e.g. a component not installed
        raise HTTPException(503, f"analysis is unavailable: {e}") from None
    if not out["documents"] and not out["duplicates"] and not out["unchanged"]:
        raise HTTPException(422, "; ".join(out["rejected"]) or "no documents in the upload")
    return JSONResponse(out, status_code=201)


async def _read_bounded(request: Request, limit: int, timeout: float = BODY_TIMEOUT) -> bytes:
    """The request body, or 413 as soon as it passes ``limit`` bytes, or 408 when it takes
    more than ``timeout`` seconds to arrive."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload too large (limit {limit:,} bytes)")
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), max(0.0, deadline - time.monotonic()))
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise HTTPException(408, f"the upload did not arrive within {timeout:g}s") from None
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"upload too large (limit {limit:,} bytes)")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # lets request.form() parse what was already read
    return body


async def _parse_upload(request: Request, body: bytes, limit: int) -> list[Any]:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = normalise.loads(body)
        except UnicodeDecodeError:
            raise BadUpload("the body is not UTF-8") from None
        except ValueError as e:
            detail = f" ({e})" if "nested" in str(e) else ""
            raise BadUpload(f"the body is not valid JSON{detail}") from None
        return docs_from_json(data, limit)
    if ctype.startswith("multipart/form-data"):
        form = await request.form()
        files = [v for v in form.values() if hasattr(v, "read") and hasattr(v, "filename")]
        if not files:
            raise BadUpload("no file in the form (field 'file')")
        docs = []
        for f in files:
            data = await f.read()
            docs += await run_in_threadpool(docs_from_file, f.filename or "upload.txt", data, limit)
        return docs
    raise HTTPException(415, "send application/json or multipart/form-data")
