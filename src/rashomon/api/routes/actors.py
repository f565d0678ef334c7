"""Actors: the list, and one actor with its allies, enemies, speakers, timeline, framing
and claims."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from rashomon.api import graphapi, queries
from rashomon.api.graphapi import Unavailable
from rashomon.api.queries import ClaimFilter
from rashomon.api.respond import BAD, MAX_OFFSET, NOT_FOUND, table
from rashomon.api.state import Shared
from rashomon.store import Store

router = APIRouter()


@router.get("/api/actors", tags=["actors"], summary="Actors, most mentioned first", responses=BAD)
@router.get("/api/actors.csv", include_in_schema=False)
def list_actors(
    request: Request, st: Shared, q: str | None = None,
    limit: int = Query(50, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    format: str | None = None,
) -> Response:
    with st.db() as s:
        total, rows = queries.actors(s, q, limit, offset)
    return table(request, rows, "actors", {"total": total, "limit": limit, "offset": offset})


@router.get("/api/actors/{name:path}", tags=["actors"], responses=NOT_FOUND,
            summary="One actor: allies, enemies, who says so, timeline, framing by outlet")
def get_actor(
    name: str, st: Shared, relation: str | None = None, outlet: str | None = None,
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
        out.update(_neighbours(s, actor["name"], neighbours, not contested, filters))
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


def _neighbours(s: Store, name: str, limit: int, separate: bool,
                filters: dict[str, Any]) -> dict[str, Any]:
    """allies, enemies, contested, mixed and edges (empty, with ``graph_error``, when the
    graph is unavailable)."""
    try:
        hood = graphapi.call("neighbourhood", s, name, depth=1, limit=limit,
                             separate=separate, **filters)
    except Unavailable as e:
        return {"allies": [], "enemies": [], "contested": [], "mixed": [], "edges": [],
                "graph_error": str(e)}
    return {k: hood.get(k, []) for k in ("allies", "enemies", "contested", "mixed", "edges")}
