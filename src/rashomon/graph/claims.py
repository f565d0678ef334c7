"""One claim schema everywhere (API, exports, report, Python API), and one page of the
claims about an actor (as subject or object), newest first.

A claim record has the fields of ``../shared/spec/claims.md`` and the claims export:
``doc, subject, relation, object, negated, hedged, source, confidence, subject_text,
object_text, evidence {start, end, text}, time, published, plover, outlet``; lists in the
API add ``idx``, ``title`` and the actor ids, never other names for the same fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rashomon.graph.load import where

CLAIM_KEYS = ("doc", "subject", "relation", "object", "negated", "hedged", "source",
              "confidence", "subject_text", "object_text", "evidence", "time", "published",
              "plover", "outlet")
EXTRA_KEYS = ("idx", "title", "subject_id", "object_id", "source_id")
# the columns ``claim_record`` reads (claims c joined to documents d)
CLAIM_COLUMNS = ("c.doc, c.idx, c.subject, c.relation, c.object, c.negated, c.hedged, "
                 "c.source, c.confidence, c.subject_text, c.object_text, c.ev_start, c.ev_end, "
                 "c.ev_text, c.time, c.plover, c.subject_id, c.object_id, c.source_id")
FIELDS = CLAIM_COLUMNS + ", d.source AS outlet, d.published, d.title"


def claim_record(r: Mapping[str, Any], extra: bool = True) -> dict[str, Any]:
    """A claim row (``CLAIM_COLUMNS`` plus outlet, published, title) as the one claim
    record; ``extra`` adds ``EXTRA_KEYS`` (what the API lists link with)."""
    out = {
        "doc": r["doc"], "subject": r["subject"], "relation": r["relation"],
        "object": r["object"], "negated": bool(r["negated"]), "hedged": bool(r["hedged"]),
        "source": r["source"], "confidence": r["confidence"],
        "subject_text": r["subject_text"], "object_text": r["object_text"],
        "evidence": {"start": r["ev_start"], "end": r["ev_end"], "text": r["ev_text"]},
        "time": r.get("time"), "published": r.get("published"), "plover": r.get("plover"),
        "outlet": r.get("outlet"),
    }
    if extra:
        out.update({k: r.get(k) for k in EXTRA_KEYS})
    return out


def actor_claims(
    store: Any,
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
