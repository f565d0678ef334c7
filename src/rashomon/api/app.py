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

import asyncio
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from rashomon.api import graphapi, queries
from rashomon.api.graphapi import Unavailable
from rashomon.api.queries import ClaimFilter
from rashomon.api.respond import CSP, table, wants_csv
from rashomon.api.upload import (
    Analyse,
    BadUpload,
    default_analyse,
    docs_from_file,
    docs_from_json,
    ingest,
)
from rashomon.errors import UserError
from rashomon.ingest import normalise
from rashomon.store import Store, StoreError

DEFAULT_MAX_UPLOAD = 5_000_000
BODY_TIMEOUT = 30.0  # seconds to receive an upload's body
MAX_OFFSET = 1_000_000_000
CACHE_SIZE = 16  # graph answers kept per database version
DEFAULT_FILTERS = {"relation": None, "outlet": None, "source": None, "since": None,
                   "until": None, "rollup": False}
STATIC = resources.files("rashomon.api").joinpath("static")
# vis-network, as the pyvis package ships it (a dependency: see pyproject.toml)
VIS_NETWORK = resources.files("pyvis").joinpath("lib", "vis-9.1.2", "vis-network.min.js")


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
DATA_ERRORS: tuple[type[Exception], ...] = ()  # value errors the databases raise on a parameter
try:
    import duckdb

    DATA_ERRORS += (duckdb.ConversionException, duckdb.InvalidInputException,
                    duckdb.OutOfRangeException)
except ImportError:  # pragma: no cover
    pass
try:
    import psycopg

    DATA_ERRORS += (psycopg.DataError,)
except ImportError:  # pragma: no cover
    pass


class State:
    def __init__(self, store: Store, token: str | None, max_upload: int, analyse: Analyse) -> None:
        self.store = store
        self.token = token or None
        self.max_upload = max_upload
        self.analyse = analyse
        self.lock = threading.RLock()  # one connection: one request at a time touches it
        self.cache: OrderedDict[Any, Any] = OrderedDict()
        self.writes = 0  # uploads through this server
        self.depth = 0  # nested db() uses on the lock's thread

    def version(self) -> tuple[Any, ...]:
        """Changes whenever documents are (re)analysed: keys the cache of graph answers."""
        with self.db() as s:
            row = s.query("SELECT count(*) AS n, max(analysed_at) AS t FROM documents")[0]
        return (row["n"], row["t"], self.writes)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self.db():
            key = (self.version(), key)
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
            value = compute()
            self.cache[key] = value
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
            return value

    def edges(self, filters: dict[str, Any]) -> Any:
        """The edge table with each edge's pair state (agreed, contested, mixed)."""
        return self.cached(("edges", tuple(sorted(filters.items()))),
                           lambda: graphapi.edges_with_states(self.store, **filters))

    def graph(self, filters: dict[str, Any], min_weight: float = 0.0, limit: int = 20000,
              compact: bool = True, actor: str | None = None,
              state: str | None = None) -> dict[str, Any]:
        key = ("graph", tuple(sorted(filters.items())), min_weight, limit, compact, actor, state)
        return self.cached(key, lambda: graphapi.graph_payload(
            graphapi.select(self.edges(filters), actor, state), min_weight, limit, compact))

    def counts(self) -> dict[Any, int]:
        """Memo of claim counts, valid while the data does not change."""
        return self.cached(("counts",), dict)

    def warm(self) -> None:
        """Compute the page's default map, so the first visitor gets it at once."""
        try:
            self.graph(dict(DEFAULT_FILTERS))
        except Exception:  # only an optimisation: errors show on the real request
            pass

    @contextmanager
    def db(self) -> Iterator[Store]:
        """The store, for one request (from a worker thread: never on the event loop). The
        connection is released when the request is done, so another process (``rashomon
        analyze``) can write to a DuckDB file between requests."""
        with self.lock:
            self.depth += 1
            try:
                yield self.store
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.store.release()


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
    st = State(store, token, max_upload, analyse or default_analyse)

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

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        if resp.headers.get("content-type", "").startswith("text/html"):
            resp.headers["Content-Security-Policy"] = CSP
            resp.headers["X-Frame-Options"] = "DENY"
        return resp

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        """Refuse unknown Host headers and NUL characters in the URL (no database stores them)."""
        if allowed_hosts is not None and not host_allowed(request.headers.get("host", ""), allowed_hosts):
            return JSONResponse({"detail": "host not allowed (start the server with --allow-host "
                                 "NAME to serve under that name)"}, status_code=400)
        raw = request.scope.get("query_string", b"").lower()
        if b"%00" in raw or "\x00" in request.scope.get("path", ""):
            return JSONResponse({"detail": "NUL character in the URL"}, status_code=400)
        return await call_next(request)

    @app.exception_handler(UserError)
    async def user_error(_: Request, e: UserError) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, e: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=503, headers={"Retry-After": "5"})

    for cls in DATA_ERRORS:
        @app.exception_handler(cls)
        async def data_error(_: Request, e: Exception) -> JSONResponse:
            first = (str(e).strip().splitlines() or [type(e).__name__])[0]
            return JSONResponse({"detail": f"bad parameter value: {first}"}, status_code=400)

    @app.exception_handler(Unavailable)
    async def unavailable(_: Request, e: Unavailable) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=503)

    # ---- the page --------------------------------------------------------------------
    index_html = STATIC.joinpath("index.html").read_text("utf-8")

    def page() -> HTMLResponse:
        return HTMLResponse(index_html, headers={"Cache-Control": "no-cache"})

    for path in ("/", "/documents/{doc_id:path}", "/actors/{name:path}", "/contradictions",
                 "/compare", "/upload"):
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False,
                          response_class=HTMLResponse)
    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vis_network() -> Response:
        """The map's renderer, served from the installed pyvis package (never copied here)."""
        return Response(VIS_NETWORK.read_bytes(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    # ---- documents -------------------------------------------------------------------
    @app.get("/api/facets", tags=["meta"], summary="Outlets, relations, date range, counts",
             responses=BAD)
    def facets() -> dict[str, Any]:
        with st.db() as s:
            out = queries.facets(s)
        out["upload"] = st.token is not None
        return out

    @app.get("/api/documents", tags=["documents"], summary="List documents (filters, pagination)",
             responses=BAD)
    @app.get("/api/documents.csv", include_in_schema=False)
    def list_documents(
        request: Request,
        q: str | None = Query(None, description="words in the title or id"),
        outlet: str | None = None, since: str | None = None, until: str | None = None,
        actor: str | None = Query(None, description="documents mentioning this actor (id or name)"),
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: str | None = Query(None, description="csv for CSV"),
    ) -> Response:
        with st.db() as s:
            total, rows = queries.documents(s, q, outlet, since, until, actor, limit, offset)
        return table(request, rows, "documents", {"total": total, "limit": limit, "offset": offset})

    @app.get("/api/documents/{doc_id:path}", tags=["documents"], responses=NOT_FOUND,
             summary="One document: text, actor mentions, claims with evidence offsets, labels")
    def get_document(doc_id: str) -> dict[str, Any]:
        with st.db() as s:
            doc = queries.document(s, doc_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        return doc

    @app.post(
        "/api/documents", tags=["documents"], status_code=201, responses=UPLOAD,
        summary="Upload and analyse articles (needs the server's token)",
        openapi_extra={"requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                k: {"type": "string"} for k in ("id", "title", "text", "source", "published", "url")}}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}}}},
        }}},
    )
    async def upload(request: Request) -> JSONResponse:
        if st.token is None:
            raise HTTPException(403, "uploads are disabled: start the server with --token")
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not given or not hmac.compare_digest(given.encode(), st.token.encode()):
            raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})
        body = await _read_bounded(request, st.max_upload, body_timeout)
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

    # ---- claims and actors -------------------------------------------------------------
    @app.get("/api/claims", tags=["claims"], summary="Claims with evidence (filters, pagination)",
             responses=BAD)
    @app.get("/api/claims.csv", include_in_schema=False)
    def list_claims(
        request: Request,
        actor: str | None = Query(None, description="subject or object (name or id)"),
        relation: str | None = Query(None, description="one relation or several, comma-separated"),
        source: str | None = Query(None, description="the speaker the claim is attributed to"),
        outlet: str | None = None, since: str | None = None, until: str | None = None,
        doc: str | None = None,
        limit: int = Query(50, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: str | None = None,
    ) -> Response:
        f = ClaimFilter(actor, relation, source, outlet, since, until, doc)
        with st.db() as s:
            total, rows = queries.claims(s, f, limit, offset, st.counts())
        return table(request, rows, "claims", {"total": total, "limit": limit, "offset": offset})

    @app.get("/api/actors", tags=["actors"], summary="Actors, most mentioned first", responses=BAD)
    @app.get("/api/actors.csv", include_in_schema=False)
    def list_actors(
        request: Request, q: str | None = None,
        limit: int = Query(50, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: str | None = None,
    ) -> Response:
        with st.db() as s:
            total, rows = queries.actors(s, q, limit, offset)
        return table(request, rows, "actors", {"total": total, "limit": limit, "offset": offset})

    @app.get("/api/actors/{name:path}", tags=["actors"], responses=NOT_FOUND,
             summary="One actor: allies, enemies, who says so, timeline, framing by outlet")
    def get_actor(
        name: str, relation: str | None = None, outlet: str | None = None,
        source: str | None = None, since: str | None = None, until: str | None = None,
        rollup: bool = False,
        neighbours: int = Query(50, ge=1, le=1_000_000, description="strongest allies and enemies returned (each)"),
        contested: bool = Query(False, description="allies and enemies include contested pairs (default: agreed ones; the rest under contested)"),
    ) -> dict[str, Any]:
        with st.db() as s:
            actor = queries.resolve_actor(s, name)
            if actor is None:
                raise HTTPException(404, "no such actor")
            out: dict[str, Any] = dict(actor)
            filters = {"relation": relation, "outlet": outlet, "source": source,
                       "since": since, "until": until, "rollup": rollup}
            try:
                hood = graphapi.call("neighbourhood", s, actor["name"], depth=1, limit=neighbours,
                                     separate=not contested, **filters)
                out.update({k: hood.get(k, []) for k in
                            ("allies", "enemies", "contested", "mixed", "edges")})
            except Unavailable as e:
                out.update(allies=[], enemies=[], contested=[], mixed=[], edges=[],
                           graph_error=str(e))
            out["speakers"], out["timeline"] = queries.speakers_timeline(s, actor)
            out["framing"] = queries.actor_framing(s, actor)
            total, claims = queries.claims(
                s, ClaimFilter(actor["name"], relation, source, outlet, since, until), 100, 0)
            if total == 0 and actor["id"] != actor["name"]:
                total, claims = queries.claims(
                    s, ClaimFilter(actor["id"], relation, source, outlet, since, until), 100, 0)
            out["claims_total"] = total
            out["claims"] = claims
        return out

    # ---- the graph -------------------------------------------------------------------
    @app.get("/api/graph", tags=["graph"], summary="Signed graph: nodes and edges for the page",
             responses=NOT_FOUND)  # 404: actor= names no actor
    @app.get("/api/graph.csv", include_in_schema=False)
    def graph(
        request: Request,
        actor: str | None = Query(None, description="only the edges of this actor (name or alias)"),
        state: str | None = Query(None, description="only pairs in these states (comma list): agreed, contested, mixed"),
        relation: str | None = None, outlet: str | None = Query(None, description="lens: what one outlet says"),
        source: str | None = Query(None, description="lens: what one speaker says ('none': the articles' own voice)"),
        since: str | None = None, until: str | None = None, rollup: bool = False,
        min_weight: float = Query(0.0, ge=0, le=1e12), limit: int = Query(5000, ge=1, le=100000),
        compact: bool = Query(False, description="columns as parallel arrays (smaller)"),
        format: str | None = None,
    ) -> Response:
        filters = {"relation": relation, "outlet": outlet, "source": source, "since": since,
                   "until": until, "rollup": rollup}
        name = None
        if actor:
            with st.db() as s:
                found = queries.resolve_actor(s, actor)
            if found is None:
                raise HTTPException(404, "no such actor")
            name = found["name"]
        if wants_csv(request):
            df = graphapi.with_strength(graphapi.select(st.edges(filters), name, state))
            df = df[df["strength"] >= min_weight].sort_values("strength", ascending=False)
            return table(request, graphapi.jsonable(df.head(limit)), "edges")
        return JSONResponse(st.graph(filters, min_weight, limit, compact, name, state))

    @app.get("/api/contradictions", tags=["graph"], responses=BAD,
             summary="Pairs that sources disagree about, with both sides' evidence")
    @app.get("/api/contradictions.csv", include_in_schema=False)
    def contradictions(
        request: Request, actor: str | None = None,
        relation: str | None = None, outlet: str | None = None, source: str | None = None,
        since: str | None = None, until: str | None = None,
        limit: int = Query(100, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
        format: str | None = None,
    ) -> Response:
        with st.db() as s:
            items = graphapi.call("contradictions", s, actor=actor, relation=relation,
                                  outlet=outlet, source=source, since=since, until=until)
        page_items = items[offset:offset + limit]
        if wants_csv(request):
            rows = [{"a": c.get("a"), "b": c.get("b"), "score": c.get("score"),
                     "claims": len(c.get("claims") or [])} for c in page_items]
            return table(request, rows, "contradictions")
        return table(request, page_items, "contradictions",
                     {"total": len(items), "limit": limit, "offset": offset})

    @app.get("/api/narratives", tags=["narratives"], summary="Narratives by outlet or by actor",
             responses=BAD)
    @app.get("/api/narratives.csv", include_in_schema=False)
    def narratives(
        request: Request, by: str = Query("outlet", pattern="^(outlet|actor)$"),
        outlets: str | None = Query(None, description="only these outlets (comma list), e.g. the two compared"),
        format: str | None = None,
    ) -> Response:
        with st.db() as s:
            data = graphapi.narratives(s, by)
        if isinstance(data, list) and outlets:
            keep = {o.strip().casefold() for o in outlets.split(",") if o.strip()}
            data = [r for r in data if str(r.get("outlet", "")).casefold() in keep]
        if isinstance(data, list):
            return table(request, data, "narratives", {"by": by})
        return JSONResponse({"by": by, "summary": data})

    @app.get("/api/compare", tags=["graph"], summary="How two outlets describe the pairs they share",
             responses=BAD)
    @app.get("/api/compare.csv", include_in_schema=False)
    def compare(
        request: Request, a: str = Query(..., description="outlet"),
        b: str = Query(..., description="outlet"), format: str | None = None,
    ) -> Response:
        with st.db() as s:
            items = graphapi.call("compare", s, a, b)
        if wants_csv(request):
            rows = []
            for it in items:
                row = {"a": it.get("a"), "b": it.get("b")}
                for name, side in (it.get("sides") or {}).items():
                    row[f"stance {name}"] = side.get("stance")
                    row[f"weight {name}"] = side.get("weight")
                rows.append({**row, "disagree": it.get("disagree"), "gap": it.get("gap")})
            return table(request, rows, "compare")
        return JSONResponse({"a": a, "b": b, "comparison": items})

    @app.get("/api/timeline", tags=["graph"], summary="How the stance between two actors changed",
             responses=BAD)
    @app.get("/api/timeline.csv", include_in_schema=False)
    def pair_timeline(
        request: Request, a: str, b: str,
        period: str = Query("year", pattern="^(year|month)$"),
        relation: str | None = None, outlet: str | None = None, source: str | None = None,
        since: str | None = None, until: str | None = None, rollup: bool = False,
        format: str | None = None,
    ) -> Response:
        with st.db() as s:
            items = graphapi.call("timeline", s, a, b, period=period, relation=relation,
                                  outlet=outlet, source=source, since=since, until=until,
                                  rollup=rollup)
        return table(request, items, "timeline", {"a": a, "b": b, "period": period})

    return app


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
