"""Reference versions of the graph's aggregation rules, for tests only.

The graph computes edges and stances in SQL (``rashomon.graph.sql``); these are the same
rules in pandas (a claim frame, then ``edges_from_frame``/``stances_from_frame``) and in
plain Python (``aggregate`` over claim rows read by index lookups), written
independently, which the tests compare the SQL answers with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from rashomon.dates import start
from rashomon.doc import SIGN, SYMMETRIC
from rashomon.graph.load import (
    _BASE,
    HEDGE_WEIGHT,
    OUTLET,
    STORY,
    Rollup,
    check_date,
    marks,
    rollup_map,
    where,
)
from rashomon.graph.schema import EDGE_COLUMNS, EDGE_ORDER, STANCE_COLUMNS
from rashomon.store.base import Store

MAX_DOCS_BY_ID = 5000  # beyond this many documents, the reference gives up (None)

# columns of the claim frame that graph functions aggregate
FRAME_COLUMNS = (
    "subject", "relation", "object", "negated", "hedged", "speaker", "story", "outlet",
    "n", "first", "last",
)


def claim_frame(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
    actors: list[str] | None = None,
    others: list[str] | None = None,
) -> pd.DataFrame:
    """Claims grouped to (subject, relation, object, negated, hedged, speaker, story, outlet).

    ``n`` counts the claims in a group; ``first``/``last`` are the published dates.
    With ``actors``, only claims touching one of those names (before roll-up); with
    ``others`` too, only claims between one of ``actors`` and one of ``others``.
    """
    cond, params = where(since, until, relation, outlet, source)
    if actors is not None:
        if not actors:
            return pd.DataFrame(columns=list(FRAME_COLUMNS))
        am = marks(actors)
        if others:  # a pair: one side each
            om = marks(others)
            cond += (f" AND ((c.subject IN ({am}) AND c.object IN ({om}))"
                     f" OR (c.subject IN ({om}) AND c.object IN ({am})))")
            params += list(actors) + list(others) + list(others) + list(actors)
        else:
            cond += f" AND (c.subject IN ({am}) OR c.object IN ({am}))"
            params += list(actors) + list(actors)
    sql = f"""
    SELECT c.subject, c.relation, c.object, c.negated, c.hedged, c.source AS speaker,
           {STORY} AS story, {OUTLET} AS outlet, COUNT(*) AS n,
           MIN(d.published) AS first, MAX(d.published) AS last
    {_BASE}
    WHERE 1=1 {cond}
    GROUP BY c.subject, c.relation, c.object, c.negated, c.hedged, c.source, {STORY}, {OUTLET}
    """
    df = store.frame(sql, params)
    return prepare(df, rollup_map(store, rollup))


def prepare(df: pd.DataFrame, parents: Mapping[str, str] | None) -> pd.DataFrame:
    """Roll up, drop self-loops, order symmetric pairs and add ``value``/``esign``."""
    df = df.copy()
    if df.empty:
        for col in ("value", "esign"):
            df[col] = pd.Series(dtype=float)
        return df
    df["negated"] = df["negated"].astype(bool)
    df["hedged"] = df["hedged"].astype(bool)
    df["n"] = df["n"].astype(int)
    if parents:
        df["subject"] = df["subject"].map(lambda x: parents.get(x, x))
        df["object"] = df["object"].map(lambda x: parents.get(x, x))
        df = df[df["subject"] != df["object"]].copy()
    sym = df["relation"].isin(SYMMETRIC) & (df["subject"] > df["object"])
    if sym.any():
        s = df.loc[sym, "subject"].copy()
        df.loc[sym, "subject"] = df.loc[sym, "object"]
        df.loc[sym, "object"] = s
    df["value"] = df["hedged"].map({True: HEDGE_WEIGHT, False: 1.0}).astype(float)
    sign = df["relation"].map(SIGN).fillna(0).astype(int)
    df["esign"] = sign.where(~df["negated"], -sign)
    return df



def _sorted_unique(values: Any) -> list[Any]:
    """Distinct values, None first (None = the outlet's own voice)."""
    vals = set(values)
    has_none = any(v is None or (isinstance(v, float) and np.isnan(v)) for v in vals)
    out = sorted(str(v) for v in vals if not (v is None or (isinstance(v, float) and np.isnan(v))))
    return ([None] if has_none else []) + out


def _lists(df: pd.DataFrame, keys: list[str], col: str, drop_none: bool) -> pd.Series:
    sub = df[keys + [col]].drop_duplicates()
    if drop_none:
        sub = sub[sub[col].notna()]
    return sub.groupby(keys, sort=False)[col].agg(_sorted_unique)


def edges_from_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The edge table of a prepared claim frame (see ``load.claim_frame``)."""
    if df.empty:
        return pd.DataFrame(columns=list(EDGE_COLUMNS))
    keys = ["subject", "relation", "object"]
    df = df.assign(
        pos_v=np.where(~df["negated"], df["value"], 0.0),
        neg_v=np.where(df["negated"], df["value"], 0.0),
        n_pos=np.where(~df["negated"], df["n"], 0),
        n_neg=np.where(df["negated"], df["n"], 0),
        n_hedged=np.where(df["hedged"], df["n"], 0),
    )
    per_story = df.groupby(keys + ["story"], sort=False).agg(
        pos_v=("pos_v", "max"), neg_v=("neg_v", "max"))
    ev = per_story.groupby(level=[0, 1, 2], sort=False).sum()
    out = df.groupby(keys, sort=False).agg(
        claims=("n", "sum"), positive=("n_pos", "sum"), negated=("n_neg", "sum"),
        hedged=("n_hedged", "sum"), first_seen=("first", "min"), last_seen=("last", "max"))
    out["weight"] = (ev["pos_v"] - ev["neg_v"]).reindex(out.index)
    out["outlets"] = _lists(df, keys, "outlet", drop_none=True).reindex(out.index)
    out["speakers"] = _lists(df, keys, "speaker", drop_none=False).reindex(out.index)
    out = out.reset_index()
    out["outlets"] = out["outlets"].map(lambda v: v if isinstance(v, list) else [])
    out["sign"] = out["relation"].map(SIGN).astype(int)
    out = out.sort_values(list(EDGE_ORDER), ascending=[False, False, True, True, True], kind="stable")
    return out[list(EDGE_COLUMNS)].reset_index(drop=True)


def stances_from_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Per unordered pair: stance = (positive - negative evidence) / total, in [-1, 1].

    Positive evidence: asserted ally/cooperate/support, negated oppose/attack; negative
    evidence the reverse. ``part_of`` carries no stance and is left out.
    """
    df = df[df["esign"] != 0] if not df.empty else df
    if df.empty:
        return pd.DataFrame(columns=list(STANCE_COLUMNS))
    a = np.where(df["subject"] <= df["object"], df["subject"], df["object"])
    b = np.where(df["subject"] <= df["object"], df["object"], df["subject"])
    rel = np.where(df["negated"], "not " + df["relation"], df["relation"])
    df = df.assign(a=a, b=b, rel=rel,
                   p=np.where(df["esign"] > 0, df["value"], 0.0),
                   q=np.where(df["esign"] < 0, df["value"], 0.0))
    per_story = df.groupby(["a", "b", "story"], sort=False).agg(p=("p", "max"), q=("q", "max"))
    ev = per_story.groupby(level=[0, 1], sort=False).sum()
    out = df.groupby(["a", "b"], sort=False).agg(first_seen=("first", "min"),
                                                  last_seen=("last", "max"))
    total = ev["p"] + ev["q"]
    out["weight"] = total.reindex(out.index)
    out["stance"] = ((ev["p"] - ev["q"]) / total.where(total > 0, 1.0)).reindex(out.index)
    rel_counts = df.groupby(["a", "b", "rel"], sort=True)["n"].sum()
    rels: dict[tuple[str, str], dict[str, int]] = {}
    for (x, y, r), n in rel_counts.items():
        rels.setdefault((x, y), {})[r] = int(n)
    out["relations"] = [rels.get(k, {}) for k in out.index]
    out["outlets"] = _lists(df, ["a", "b"], "outlet", drop_none=True).reindex(out.index)
    out = out.reset_index()
    out["outlets"] = out["outlets"].map(lambda v: v if isinstance(v, list) else [])
    out = out.sort_values(["weight", "a", "b"], ascending=[False, True, True], kind="stable")
    return out[list(STANCE_COLUMNS)].reset_index(drop=True)



def claims_touching(store: Any, names: list[str], f: dict[str, Any]) -> list[Row] | None:
    """Claims with a subject or object in ``names``, as ``small.Row`` tuples.

    Index lookups only: claims by subject and by object, then their documents by id.
    None when the actor is too busy for that (the caller aggregates in SQL instead).
    """
    claim_f = {"relation": f.get("relation"), "source": f.get("source")}
    cond, params = where(**claim_f)
    cols = ("c.doc, c.idx, c.subject, c.relation, c.object, c.negated, c.hedged, "
            "c.source AS speaker, c.time")
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for name in names:  # one equality lookup per name and side: what the indexes answer best
        for side in ("subject", "object"):
            for r in store.query(f"SELECT {cols} FROM claims c WHERE c.{side} = ?{cond}",
                                 [name] + params):
                found[(r["doc"], r["idx"])] = r  # a claim between two names comes once
    rows = list(found.values())
    doc_ids = sorted({r["doc"] for r in rows})
    if len(doc_ids) > MAX_DOCS_BY_ID:
        return None
    docs = _docs(store, doc_ids)
    origs = _docs(store, sorted({d["duplicate_of"] for d in docs.values() if d["duplicate_of"]}))
    since, until = check_date(f.get("since"), "since"), check_date(f.get("until"), "until")
    outlet = (f.get("outlet") or "").casefold()
    out = []
    for r in rows:
        d = docs.get(r["doc"])
        if d is None:
            continue
        pub = start(r["time"]) or d["published"]  # as ``load.WHEN``
        if (since and (pub is None or pub < since)) or (until and (pub is None or pub > until + "~")):
            continue
        if outlet and (d["source"] or "").casefold() != outlet:
            continue
        dup = d["duplicate_of"]
        o = origs.get(dup) if dup else None
        out.append((r["subject"], r["relation"], r["object"], bool(r["negated"]),
                    bool(r["hedged"]), r["speaker"], dup or r["doc"],
                    (o["source"] if o else None) or d["source"], pub))
    return out


def _docs(store: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        for r in store.query("SELECT id, source, published, duplicate_of FROM documents "
                             f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[r["id"]] = r
    return out



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
