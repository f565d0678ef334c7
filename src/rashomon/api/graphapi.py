"""Thin adapters over ``rashomon.graph`` and ``rashomon.nlp.narratives``.

The API never aggregates claims itself: it calls the graph module's public functions and
turns what they return (DataFrames, dicts, lists) into plain JSON values.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from typing import Any

from rashomon.errors import UserError
from rashomon.graph.blocs import blocs_from_stances
from rashomon.graph.layout import layout
from rashomon.graph.voices import STATES
from rashomon.store import Store


class Unavailable(Exception):
    """A module the endpoint needs is not installed or not ready."""


def _fn(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
    except ImportError as e:
        raise Unavailable(f"{module} is not available ({e})") from None
    fn = getattr(mod, name, None)
    if fn is None:
        raise Unavailable(f"{module}.{name} is not available")
    return fn


def clean_filters(**filters: Any) -> dict[str, Any]:
    """Drop empty filters; a comma-separated relation becomes a list."""
    out = {k: v for k, v in filters.items() if v not in (None, "", False) or k == "separate"}
    rel = out.get("relation")
    if isinstance(rel, str):  # "a, b" -> [a, b]; only blanks and commas -> no filter
        rels = [r.strip() for r in rel.split(",") if r.strip()]
        if not rels:
            del out["relation"]
        else:
            out["relation"] = rels if len(rels) > 1 else rels[0]
    return out


def call(name: str, store: Store, *args: Any, **filters: Any) -> Any:
    return jsonable(_fn("rashomon.graph", name)(store, *args, **clean_filters(**filters)))


def narratives(store: Store, by: str) -> Any:
    return jsonable(_fn("rashomon.nlp.narratives", "summary")(store, by=by))


def jsonable(v: Any) -> Any:
    """DataFrames, numpy scalars, NaN, dates and sets as plain JSON values."""
    if v is None or isinstance(v, bool | str | int):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple | set | frozenset):
        return [jsonable(x) for x in v]
    if hasattr(v, "to_dict") and hasattr(v, "columns"):  # DataFrame
        return [jsonable(r) for r in v.to_dict(orient="records")]
    if hasattr(v, "tolist"):  # numpy arrays and scalars
        return jsonable(v.tolist())
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):
        return jsonable(v.item())
    return str(v)


def edges_frame(store: Store, **filters: Any) -> Any:
    """The graph module's edge table (a DataFrame), unconverted."""
    return _fn("rashomon.graph", "edges")(store, **clean_filters(**filters))


def edges_with_states(store: Store, **filters: Any) -> Any:
    """The edge table with each edge's pair ``state`` (see ``graph.voices``)."""
    f = clean_filters(**filters)
    return _fn("rashomon.graph.voices", "with_states")(
        edges_frame(store, **f), _fn("rashomon.graph", "pairs")(store, **f))


def select(df: Any, actor: str | None = None, state: str | None = None) -> Any:
    """Edges touching ``actor``, of pairs in ``state`` (a comma list); both optional."""
    if actor:
        df = df[(df["subject"] == actor) | (df["object"] == actor)]
    if state:
        keep = [x.strip() for x in state.split(",") if x.strip()]
        bad = [x for x in keep if x not in STATES]
        if bad:
            raise UserError(f"unknown state {bad[0]!r}; choose from {', '.join(STATES)}")
        df = df[df["state"].isin(keep)]
    return df


def with_strength(df: Any) -> Any:
    """Add ``strength`` (|weight|) and ``effective_sign``: a denied relation (negative weight,
    e.g. "did not support") counts against the relation's own sign."""
    import numpy as np  # noqa: PLC0415 (heavy)
    import pandas as pd  # noqa: PLC0415 (heavy)

    df = df.copy()
    w = pd.to_numeric(df["weight"], errors="coerce").fillna(0.0)
    sign = pd.to_numeric(df["sign"], errors="coerce").fillna(0).astype(int)
    df["strength"] = w.abs()
    df["effective_sign"] = np.where(w < 0, -sign, sign).astype(int)
    return df


def graph_payload(df: Any, min_weight: float, limit: int, compact: bool = False) -> dict[str, Any]:
    """Nodes and edges for the page: the ``limit`` strongest edges (|weight| >= ``min_weight``).

    ``compact``: columns as parallel arrays (a tenth of the bytes), with the effective sign
    and the strength as ``sign`` and ``weight``, for drawing.
    """
    import pandas as pd  # noqa: PLC0415 (heavy)

    total = len(df)
    df = with_strength(df)
    df = df[df["strength"] >= min_weight].sort_values("strength", ascending=False, kind="stable")
    truncated = len(df) > limit
    df = df.head(limit)
    codes, names = pd.factorize(pd.concat([df["subject"], df["object"]], ignore_index=True).astype(str))
    n = len(df)
    src, dst = codes[:n], codes[n:]
    weight = [0.0] * len(names)
    degree = [0] * len(names)
    for a, b, x in zip(src.tolist(), dst.tolist(), df["strength"].tolist(), strict=True):
        weight[a] += x
        weight[b] += x
        degree[a] += 1
        degree[b] += 1
    head = {"total_edges": total, "truncated": truncated}
    bloc = _blocs(df, list(names))

    xs, ys = layout(len(names), src.tolist(), dst.tolist(), df["effective_sign"].tolist(),
                    df["strength"].tolist(), bloc)
    if compact:
        return {**head, "nodes": {"name": list(names), "weight": weight, "degree": degree,
                                  "x": xs, "y": ys, "bloc": bloc},
                "edges": {"source": src.tolist(), "target": dst.tolist(),
                          "relation": jsonable(df["relation"].tolist()),
                          "sign": jsonable(df["effective_sign"].tolist()),
                          "weight": jsonable(df["strength"].tolist()),
                          "claims": jsonable(df["claims"].tolist()),
                          "state": jsonable(df["state"].tolist()) if "state" in df
                          else [""] * n}}
    nodes = [{"id": nm, "name": nm, "weight": weight[i], "degree": degree[i], "x": xs[i],
              "y": ys[i], "bloc": bloc[i]} for i, nm in enumerate(names)]
    edges = [{"source": a, "target": b, **e}
             for a, b, e in zip(src.tolist(), dst.tolist(), jsonable(df), strict=True)]
    return {**head, "nodes": nodes, "edges": edges}


def _blocs(df: Any, names: list[str]) -> list[int]:
    """Each drawn actor's bloc number (1 = the biggest; 0 = none), from the drawn pairs that
    independent sources agree on (all drawn pairs when the edges carry no state)."""
    import pandas as pd  # noqa: PLC0415 (heavy)


    if df.empty:
        return [0] * len(names)
    d = df[df["state"] == "agreed"] if "state" in df else df
    d = d[d["effective_sign"] != 0]
    a = d[["subject", "object"]].min(axis=1)
    b = d[["subject", "object"]].max(axis=1)
    signed = d["strength"] * d["effective_sign"]
    g = pd.DataFrame({"a": a, "b": b, "p": signed.clip(lower=0), "q": (-signed).clip(lower=0)})
    g = g.groupby(["a", "b"], as_index=False)[["p", "q"]].sum()
    g["weight"] = g["p"] + g["q"]
    g["stance"] = (g["p"] - g["q"]) / g["weight"].where(g["weight"] > 0, 1.0)
    g["relations"] = [{} for _ in range(len(g))]
    of: dict[str, int] = {}
    for bl in blocs_from_stances(g) if not g.empty else []:
        for actor in bl["actors"]:
            of[actor] = bl["bloc"]
    return [of.get(n, 0) for n in names]
