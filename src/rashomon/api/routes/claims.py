"""Claims with their evidence, filtered and paged."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rashomon.api import queries
from rashomon.api.queries import ClaimFilter
from rashomon.api.respond import BAD, MAX_OFFSET, table
from rashomon.api.state import Shared

router = APIRouter()


@router.get("/api/claims", tags=["claims"], summary="Claims with evidence (filters, pagination)",
            responses=BAD)
@router.get("/api/claims.csv", include_in_schema=False)
def list_claims(
    request: Request, st: Shared,
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
