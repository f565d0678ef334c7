"""The graph's rows: the columns of edges, stances and pairs, and the one converter from a
stored row (a cache table's, or the aggregation SQL's: ``EDGE_RAW``/``STANCE_RAW``) to
the record every graph function returns.

Stored lists are chr(31)-joined text (``SEP``); relation counts are ``name:n`` parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from rashomon.doc import SIGN
from rashomon.schema import EDGE_CACHE, PAIR_BY_ACTOR, STANCE_CACHE

if TYPE_CHECKING:
    import pandas as pd

SEP = chr(31)
EDGE_RAW = EDGE_CACHE.names
STANCE_RAW = STANCE_CACHE.names
EDGE_COLUMNS = (
    "subject", "relation", "object", "sign", "claims", "outlets", "speakers", "positive",
    "negated", "hedged", "weight", "first_seen", "last_seen",
)
STANCE_COLUMNS = (
    "a", "b", "stance", "weight", "relations", "outlets", "first_seen", "last_seen",
)
PAIR_COLUMNS = (
    "a", "b", "stance", "weight", "state", "relations", "outlets", "speakers",
    "sources_for", "sources_against", "denied", "first_seen", "last_seen",
)
# the canonical edge order: weight and claims descending, then names (``edge_records``)
EDGE_ORDER = ("weight", "claims", "subject", "object", "relation")


def split(v: Any) -> list[str]:
    """A stored list (``SEP``-joined) as a sorted list."""
    return sorted(v.split(SEP)) if isinstance(v, str) and v else []


def relations(v: Any) -> dict[str, int]:
    """'not support:2' ``SEP``-joined -> {"not support": 2, ...}, names in order (each
    name comes once: one part per relation and negation)."""
    if not isinstance(v, str) or not v:
        return {}
    return {name: int(n) for name, n in sorted(p.rsplit(":", 1) for p in v.split(SEP))}


def joined(values: Iterable[str]) -> str:
    return SEP.join(values)


def edge_record(r: Mapping[str, Any]) -> dict[str, Any]:
    """One ``EDGE_RAW`` row as an edge record (``EDGE_COLUMNS``)."""
    return {
        "subject": r["subject"], "relation": r["relation"], "object": r["object"],
        "sign": SIGN[r["relation"]], "claims": int(r["claims"]),
        "outlets": split(r["outlets"]),
        "speakers": ([None] if r["own_voice"] else []) + split(r["speakers"]),
        "positive": int(r["positive"]), "negated": int(r["negated"]),
        "hedged": int(r["hedged"]), "weight": float(r["weight"]),
        "first_seen": r["first_seen"], "last_seen": r["last_seen"],
    }


def stance_record(r: Mapping[str, Any]) -> dict[str, Any]:
    """One ``STANCE_RAW`` row as a stance record (``STANCE_COLUMNS``): stance in [-1, 1]
    from the evidence for (p) and against (q), weight = p + q."""
    p, q = float(r["p"]), float(r["q"])
    total = p + q
    return {
        "a": r["a"], "b": r["b"], "stance": (p - q) / (total if total > 0 else 1.0),
        "weight": total, "relations": relations(r["relations"]),
        "outlets": split(r["outlets"]), "first_seen": r["first_seen"],
        "last_seen": r["last_seen"],
    }


def edge_records(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Edge records in the canonical order: heaviest first, then most claimed, then by
    subject, object, relation."""
    out = [edge_record(r) for r in rows]
    out.sort(key=lambda e: (-e["weight"], -e["claims"], e["subject"], e["object"], e["relation"]))
    return out


def stance_records(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stance records in the canonical order: heaviest first, then by pair."""
    out = [stance_record(r) for r in rows]
    out.sort(key=lambda x: (-x["weight"], x["a"], x["b"]))
    return out


def edge_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The edge table (a DataFrame of ``edge_records``)."""
    import pandas as pd  # noqa: PLC0415 - heavy

    return pd.DataFrame(edge_records(rows), columns=list(EDGE_COLUMNS))


def stance_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The stance table (a DataFrame of ``stance_records``)."""
    import pandas as pd  # noqa: PLC0415 - heavy

    return pd.DataFrame(stance_records(rows), columns=list(STANCE_COLUMNS))


def pair_row(r: Mapping[str, Any]) -> tuple[Any, ...]:
    """A pair record with ``actor`` and ``other`` as a ``pair_by_actor`` row."""
    stored = {**r, "denied": int(bool(r["denied"])), "outlets": joined(r["outlets"]),
              "speakers": joined(r["speakers"]),
              "relations": joined(f"{k}:{n}" for k, n in r["relations"].items())}
    return tuple(stored[c] for c in PAIR_BY_ACTOR.names)


def pair_record(r: Mapping[str, Any]) -> dict[str, Any]:
    """A ``pair_by_actor`` row as a pair record (``PAIR_COLUMNS``)."""
    return {
        "a": r["a"], "b": r["b"], "stance": float(r["stance"]), "weight": float(r["weight"]),
        "state": r["state"], "relations": relations(r["relations"]),
        "outlets": split(r["outlets"]), "speakers": split(r["speakers"]),
        "sources_for": int(r["sources_for"]), "sources_against": int(r["sources_against"]),
        "denied": bool(r["denied"]), "first_seen": r["first_seen"], "last_seen": r["last_seen"],
    }
