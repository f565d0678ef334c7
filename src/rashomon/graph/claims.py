"""One page of the claims about an actor (as subject or object), newest first, as claim
records (``rashomon.records``)."""

from __future__ import annotations

from typing import Any

from rashomon.graph.load import where
from rashomon.records import CLAIM_COLUMNS, claim_record
from rashomon.store.base import Store

FIELDS = CLAIM_COLUMNS + ", d.source AS outlet, d.published, d.title"


def actor_claims(
    store: Store,
    actor: str,
    limit: int = 50,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Claims with ``actor`` as subject or object, newest first (undated last), then by
    document and position. Filters as in every graph function.

    Two index lookups (subject, then object without the subject's) joined to their
    documents: no scan of the whole claims table.
    """
    cond, params = where(since, until, relation, outlet, source)
    base = "FROM claims c JOIN documents d ON d.id = c.doc"
    sql = f"""SELECT * FROM (
      SELECT {FIELDS} {base} WHERE c.subject = ? {cond}
      UNION ALL
      SELECT {FIELDS} {base} WHERE c.object = ? AND c.subject <> ? {cond}) u
    ORDER BY published DESC NULLS LAST, doc, idx LIMIT ? OFFSET ?"""
    rows = store.query(sql, [actor, *params, actor, actor, *params,
                             max(0, int(limit)), max(0, int(offset))])
    return [claim_record(r) for r in rows]
