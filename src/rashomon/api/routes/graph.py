"""The graph: the map's nodes and edges, contradictions, narratives, outlet comparison
and a pair's timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from rashomon.api import graphapi, queries
from rashomon.api.respond import BAD, MAX_OFFSET, NOT_FOUND, table, wants_csv
from rashomon.api.state import Shared

router = APIRouter()


@router.get("/api/graph", tags=["graph"], summary="Signed graph: nodes and edges for the page",
            responses=NOT_FOUND)  # 404: actor= names no actor
@router.get("/api/graph.csv", include_in_schema=False)
def graph(
    request: Request, st: Shared,
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


@router.get("/api/contradictions", tags=["graph"], responses=BAD,
            summary="Pairs that sources disagree about, with both sides' evidence")
@router.get("/api/contradictions.csv", include_in_schema=False)
def contradictions(
    request: Request, st: Shared, actor: str | None = None,
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


@router.get("/api/narratives", tags=["narratives"], summary="Narratives by outlet or by actor",
            responses=BAD)
@router.get("/api/narratives.csv", include_in_schema=False)
def narratives(
    request: Request, st: Shared, by: str = Query("outlet", pattern="^(outlet|actor)$"),
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


@router.get("/api/compare", tags=["graph"], summary="How two outlets describe the pairs they share",
            responses=BAD)
@router.get("/api/compare.csv", include_in_schema=False)
def compare(
    request: Request, st: Shared, a: str = Query(..., description="outlet"),
    b: str = Query(..., description="outlet"), format: str | None = None,
) -> Response:
    with st.db() as s:
        items = graphapi.call("compare", s, a, b)
    if wants_csv(request):
        return table(request, [_compare_row(it) for it in items], "compare")
    return JSONResponse({"a": a, "b": b, "comparison": items})


def _compare_row(it: dict[str, Any]) -> dict[str, Any]:
    row = {"a": it.get("a"), "b": it.get("b")}
    for name, side in (it.get("sides") or {}).items():
        row[f"stance {name}"] = side.get("stance")
        row[f"weight {name}"] = side.get("weight")
    return {**row, "disagree": it.get("disagree"), "gap": it.get("gap")}


@router.get("/api/timeline", tags=["graph"], summary="How the stance between two actors changed",
            responses=BAD)
@router.get("/api/timeline.csv", include_in_schema=False)
def pair_timeline(
    request: Request, st: Shared, a: str, b: str,
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
