"""The HTTP API and the web page: ``create_app(store, token=...)``.

Read-only unless a token is set: then ``POST /api/documents`` accepts uploads carrying
``Authorization: Bearer <token>``; uploads go through the same ingest path as
``rashomon analyze`` (normalisation, language, duplicates). All SQL is parameterised; ids
and names in URLs are looked up as data. HTML responses carry a Content-Security-Policy.

Every parameter has declared bounds, so a bad request is a 4xx (never a 500), and each
route declares the codes it answers in the OpenAPI schema. ``allowed_hosts`` (when given)
refuses other ``Host:`` headers (DNS rebinding). The database is opened for each
request and released after it, so ``rashomon analyze`` can write between requests.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from rashomon.api.graphapi import Unavailable
from rashomon.api.respond import CSP, DATA_ERRORS
from rashomon.api.routes import actors, claims, documents, graph, page
from rashomon.api.routes.page import STATIC
from rashomon.api.state import BODY_TIMEOUT, DEFAULT_MAX_UPLOAD, State
from rashomon.api.upload import Analyse, default_analyse
from rashomon.errors import UserError
from rashomon.hooks import call_hook
from rashomon.store import Store, StoreError

__all__ = ["create_app", "host_allowed"]


def create_app(
    store: Store,
    token: str | None = None,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    analyse: Analyse | None = None,
    allowed_hosts: list[str] | None = None,
    body_timeout: float = BODY_TIMEOUT,
) -> FastAPI:
    """The FastAPI app over an open store. ``analyse`` turns uploaded docs into analysed docs;
    ``allowed_hosts`` (names, ``*.domain`` or ``*``) limits the ``Host:`` headers answered."""
    st = State(store, token, max_upload, analyse or default_analyse, body_timeout)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=st.warm, daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: offline, only /openapi.json
        redoc_url=None,
        title="Rashomon",
        version="0.1.0",
        description="Who stands with whom, according to whom: actors, claims with evidence, "
        "the signed graph, contradictions between sources, narratives. Tables also as CSV "
        "(`?format=csv` or a `.csv` suffix).",
    )
    app.state.rashomon = st
    app.state.allowed_hosts = allowed_hosts
    app.middleware("http")(security_headers)
    app.middleware("http")(guard)
    app.add_exception_handler(UserError, _status(400))
    app.add_exception_handler(StoreError, _status(503, {"Retry-After": "5"}))
    for cls in DATA_ERRORS:
        app.add_exception_handler(cls, data_error)
    app.add_exception_handler(Unavailable, _status(503))
    app.include_router(page.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for resource in (documents, claims, actors, graph):
        app.include_router(resource.router)
    call_hook("register_routes", app)
    return app


async def security_headers(request: Request, call_next: Any) -> Response:
    resp = await call_next(request)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "no-referrer")
    if resp.headers.get("content-type", "").startswith("text/html"):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Frame-Options"] = "DENY"
    return resp


async def guard(request: Request, call_next: Any) -> Response:
    """Refuse unknown Host headers and NUL characters in the URL (no database stores them)."""
    allowed = request.app.state.allowed_hosts
    if allowed is not None and not host_allowed(request.headers.get("host", ""), allowed):
        return JSONResponse({"detail": "host not allowed (start the server with --allow-host "
                             "NAME to serve under that name)"}, status_code=400)
    raw = request.scope.get("query_string", b"").lower()
    if b"%00" in raw or "\x00" in request.scope.get("path", ""):
        return JSONResponse({"detail": "NUL character in the URL"}, status_code=400)
    return await call_next(request)


def _status(code: int, headers: dict[str, str] | None = None) -> Any:
    """An exception handler answering ``{"detail": <the error>}`` with ``code``."""
    async def handler(_: Request, e: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=code, headers=headers)

    return handler


async def data_error(_: Request, e: Exception) -> JSONResponse:
    first = (str(e).strip().splitlines() or [type(e).__name__])[0]
    return JSONResponse({"detail": f"bad parameter value: {first}"}, status_code=400)


def host_allowed(header: str, allowed: list[str]) -> bool:
    """Whether a ``Host:`` header (``name``, ``name:port``, ``[v6]:port``) is allowed."""
    host = header.strip().lower()
    if host.startswith("["):
        host = host[: host.find("]") + 1] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern == "*" or host == pattern or (
                pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False
