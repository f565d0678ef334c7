"""Edges and stances of a few thousand claims in plain Python (pandas costs more here).

Same rules as ``edges.edges_from_frame``/``stances_from_frame``; used by
``neighbourhood`` where answers must come in milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from rashomon.doc import SIGN, SYMMETRIC
from rashomon.graph.edges import EDGE_COLUMNS, STANCE_COLUMNS
from rashomon.graph.load import HEDGE_WEIGHT

# a row: (subject, relation, object, negated, hedged, speaker, story, outlet, published)
Row = tuple[str, str, str, bool, bool, Any, str, Any, Any]


def _min(a: Any, b: Any) -> Any:
    return b if a is None or (b is not None and b < a) else a


def _max(a: Any, b: Any) -> Any:
    return b if a is None or (b is not None and b > a) else a


def aggregate(rows: list[Row], top: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges, stances) frames of claim rows."""
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for s, rel, o, neg, hed, speaker, story, outlet, pub in rows:
        if top:
            s, o = top.get(s, s), top.get(o, o)
        if s == o:
            continue
        if rel in SYMMETRIC and s > o:
            s, o = o, s
        v = HEDGE_WEIGHT if hed else 1.0
        e = edges.get((s, rel, o))
        if e is None:
            e = edges[(s, rel, o)] = {"claims": 0, "positive": 0, "negated": 0, "hedged": 0,
                                      "outlets": set(), "speakers": set(), "ev": {},
                                      "first": None, "last": None}
        e["claims"] += 1
        e["negated" if neg else "positive"] += 1
        e["hedged"] += bool(hed)
        if outlet is not None:
            e["outlets"].add(outlet)
        e["speakers"].add(speaker)
        p, q = e["ev"].get(story, (0.0, 0.0))
        e["ev"][story] = (p, max(q, v)) if neg else (max(p, v), q)
        e["first"], e["last"] = _min(e["first"], pub), _max(e["last"], pub)
        sign = SIGN.get(rel, 0) * (-1 if neg else 1)
        if sign == 0:
            continue
        key = (s, o) if s <= o else (o, s)
        pr = pairs.get(key)
        if pr is None:
            pr = pairs[key] = {"ev": {}, "relations": {}, "outlets": set(), "first": None,
                               "last": None}
        p, q = pr["ev"].get(story, (0.0, 0.0))
        pr["ev"][story] = (max(p, v), q) if sign > 0 else (p, max(q, v))
        name = ("not " if neg else "") + rel
        pr["relations"][name] = pr["relations"].get(name, 0) + 1
        if outlet is not None:
            pr["outlets"].add(outlet)
        pr["first"], pr["last"] = _min(pr["first"], pub), _max(pr["last"], pub)
    erows = []
    for (s, rel, o), e in edges.items():
        sp = e["speakers"]
        erows.append({
            "subject": s, "relation": rel, "object": o, "sign": SIGN[rel], "claims": e["claims"],
            "outlets": sorted(e["outlets"]),
            "speakers": ([None] if None in sp else []) + sorted(x for x in sp if x is not None),
            "positive": e["positive"], "negated": e["negated"], "hedged": e["hedged"],
            "weight": sum(p - q for p, q in e["ev"].values()),
            "first_seen": e["first"], "last_seen": e["last"],
        })
    erows.sort(key=lambda r: (-r["weight"], -r["claims"], r["subject"], r["object"], r["relation"]))
    srows = []
    for (a, b), pr in pairs.items():
        p = sum(x for x, _ in pr["ev"].values())
        q = sum(y for _, y in pr["ev"].values())
        total = p + q
        srows.append({"a": a, "b": b, "stance": (p - q) / total if total else 0.0,
                      "weight": total, "relations": dict(sorted(pr["relations"].items())),
                      "outlets": sorted(pr["outlets"]), "first_seen": pr["first"],
                      "last_seen": pr["last"]})
    srows.sort(key=lambda r: (-r["weight"], r["a"], r["b"]))
    return (pd.DataFrame(erows, columns=list(EDGE_COLUMNS)),
            pd.DataFrame(srows, columns=list(STANCE_COLUMNS)))
