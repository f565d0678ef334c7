"""Aggregation of claims into signed edges and pairwise stances.

Evidence weight: within one story, an edge gets at most one unit of positive evidence
(the strongest non-negated claim: 1, or 0.5 when every such claim is hedged) and at most
one unit of negative evidence (the strongest negated claim); weights add up across
stories. So repeating a claim in one article, or syndicating it, adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from rashomon.graph import cache
from rashomon.graph.load import FilterArgs, Filters, rollup_map
from rashomon.graph.sql import edges_sql, stances_sql
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd


def edges(
    store: Store,
    filters: Filters | None = None,
    **kw: Unpack[FilterArgs],
) -> pd.DataFrame:
    """One row per (subject, relation, object); symmetric relations ordered by name.

    Without filters and roll-up, read from the store's edge cache (see ``cache``).
    """
    fl = Filters.of(filters, **kw)
    f = fl.claims()
    top = rollup_map(store, fl.rollup)
    if cache.unfiltered(f, top) and cache.ready(store, "edge_cache"):
        return cache.edges(store)
    return edges_sql(store, f, top)


def stances(
    store: Store,
    filters: Filters | None = None,
    **kw: Unpack[FilterArgs],
) -> pd.DataFrame:
    """One row per unordered actor pair (a < b): signed, evidence-weighted stance."""
    fl = Filters.of(filters, **kw)
    f = fl.claims()
    top = rollup_map(store, fl.rollup)
    if cache.unfiltered(f, top) and cache.ready(store, "stance_cache"):
        return cache.stances(store)
    return stances_sql(store, f, top)
