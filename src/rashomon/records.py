"""One claim schema everywhere (API, exports, report, Python API).

A claim record has the fields of ``../shared/spec/claims.md`` and the claims export:
``doc, subject, relation, object, negated, hedged, source, confidence, subject_text,
object_text, evidence {start, end, text}, time, published, plover, outlet``; lists in the
API add ``idx``, ``title`` and the actor ids, never other names for the same fields.
Light on purpose (no pandas, no database): the CLI's --help imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CLAIM_KEYS = ("doc", "subject", "relation", "object", "negated", "hedged", "source",
              "confidence", "subject_text", "object_text", "evidence", "time", "published",
              "plover", "outlet")
EXTRA_KEYS = ("idx", "title", "subject_id", "object_id", "source_id")
# the columns ``claim_record`` reads (claims c joined to documents d)
CLAIM_COLUMNS = ("c.doc, c.idx, c.subject, c.relation, c.object, c.negated, c.hedged, "
                 "c.source, c.confidence, c.subject_text, c.object_text, c.ev_start, c.ev_end, "
                 "c.ev_text, c.time, c.plover, c.subject_id, c.object_id, c.source_id")


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
