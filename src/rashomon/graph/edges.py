"""Aggregation of claims into signed edges and pairwise stances.

Evidence weight: within one story, an edge gets at most one unit of positive evidence
(the strongest non-negated claim: 1, or 0.5 when every such claim is hedged) and at most
one unit of negative evidence (the strongest negated claim); weights add up across
stories. So repeating a claim in one article, or syndicating it, adds nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rashomon.doc import SIGN
from rashomon.graph import cache
from rashomon.graph.load import Rollup, rollup_map
from rashomon.graph.sql import EDGE_ORDER, edges_sql, stances_sql

EDGE_COLUMNS = (
    "subject", "relation", "object", "sign", "claims", "outlets", "speakers", "positive",
    "negated", "hedged", "weight", "first_seen", "last_seen",
)
STANCE_COLUMNS = (
    "a", "b", "stance", "weight", "relations", "outlets", "first_seen", "last_seen",
)


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
    out = out.sort_values(EDGE_ORDER, ascending=[False, False, True, True, True], kind="stable")
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


def edges(
    store: Any,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
) -> pd.DataFrame:
    """One row per (subject, relation, object); symmetric relations ordered by name.

    Without filters and roll-up, read from the store's edge cache (see ``cache``).
    """
    f = {"since": since, "until": until, "relation": relation, "outlet": outlet, "source": source}
    top = rollup_map(store, rollup)
    if cache.unfiltered(f, top) and cache.ready(store, "edge_cache"):
        return cache.edges(store)
    return edges_sql(store, f, top)


def stances(
    store: Any,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
) -> pd.DataFrame:
    """One row per unordered actor pair (a < b): signed, evidence-weighted stance."""
    f = {"since": since, "until": until, "relation": relation, "outlet": outlet, "source": source}
    top = rollup_map(store, rollup)
    if cache.unfiltered(f, top) and cache.ready(store, "stance_cache"):
        return cache.stances(store)
    return stances_sql(store, f, top)
