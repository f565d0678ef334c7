"""Persisted aggregates of the whole store: the unfiltered edge and stance tables.

``edge_cache`` and ``stance_cache`` (migration 004) hold what ``edges_query`` and
``stances_query`` compute from every claim. ``store_version`` says which data version
each was built from; ``Store.save``/``delete_docs`` bump the data version, so a cache is
rebuilt (one INSERT ... SELECT) the first time it is needed after a write. A read-only
store with a stale cache cannot rebuild it: callers then take the live path.

Graph functions read the caches only without filters and without roll-up; every answer
is the same as the live path's, row for row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from rashomon.doc import SIGN
from rashomon.graph.sql import (
    EDGE_RAW,
    STANCE_RAW,
    _relations,
    _split,
    edges_query,
    finish_edges,
    finish_stances,
    stances_query,
)

TABLES = {"edge_cache": EDGE_RAW, "stance_cache": STANCE_RAW}


def versions(store: Any) -> dict[str, int] | None:
    """name -> version from ``store_version``; None when the store has no such table."""
    try:
        rows = store.query("SELECT name, version FROM store_version")
    except Exception:  # a store created before migration 004 and opened without migrating
        return None
    return {r["name"]: int(r["version"]) for r in rows}


def unfiltered(filters: dict[str, Any], top: Any = None) -> bool:
    return not top and not any(v not in (None, "", []) for v in filters.values())


def ready(store: Any, *names: str) -> bool:
    """True when the named caches hold the current data, rebuilding stale ones if allowed."""
    v = versions(store)
    if v is None or "data" not in v:
        return False
    for name in names:
        if v.get(name) == v["data"]:
            continue
        if getattr(store, "read_only", False):
            return False
        rebuild(store, name)
    return True


def rebuild(store: Any, name: str) -> None:
    """Recompute one cache table from the claims, in one transaction."""
    cols = ", ".join(TABLES[name])
    with store.transaction():
        # lock this cache's version row first: concurrent rebuilders wait, then find it fresh
        store.execute("UPDATE store_version SET version = version WHERE name = ?", [name])
        v = {r["name"]: int(r["version"]) for r in store.query(
            "SELECT name, version FROM store_version WHERE name IN ('data', ?)", [name])}
        if v.get(name) == v["data"]:
            return
        sql, params = (edges_query({}) if name == "edge_cache"
                       else stances_query({}, contra=True))
        store.execute(f"DELETE FROM {name}")
        store.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM ({sql}) q", params)
        store.execute("UPDATE store_version SET version = ? WHERE name = ?", [v["data"], name])


def refresh(store: Any) -> None:
    """Bring both caches up to date now (e.g. at the end of an analysis run)."""
    ready(store, *TABLES)


def _touching(table: str, a: str, b: str, names: list[str] | None) -> tuple[str, list[Any]]:
    if names is None:
        return f"SELECT * FROM {table}", []
    marks = ",".join("?" * len(names)) or "NULL"
    return f"SELECT * FROM {table} WHERE {a} IN ({marks}) OR {b} IN ({marks})", [*names, *names]


def edges(store: Any, names: list[str] | None = None) -> pd.DataFrame:
    """The cached edge table; with ``names``, only edges with an end in ``names``."""
    sql, params = _touching("edge_cache", "subject", "object", names)
    return finish_edges(store.frame(sql, params))


def stances(store: Any, names: list[str] | None = None) -> pd.DataFrame:
    """The cached stance table; with ``names``, only pairs with an end in ``names``."""
    sql, params = _touching("stance_cache", "a", "b", names)
    return finish_stances(store.frame(sql, params))


def contradicted(store: Any, actor: str | None = None) -> pd.DataFrame:
    """Pairs with evidence of both signs: a, b, plus, minus, voices, denial."""
    sql = ("SELECT a, b, p AS plus, q AS minus, voices, denial FROM stance_cache "
           "WHERE p > 0 AND q > 0")
    params: list[Any] = []
    if actor is not None:
        sql += " AND (a = ? OR b = ?)"
        params = [actor, actor]
    return store.frame(sql, params)


def edge_records(store: Any, names: list[str]) -> list[dict[str, Any]]:
    """``edges(store, names)`` as records, without pandas (same values, same order)."""
    sql, params = _touching("edge_cache", "subject", "object", names)
    return _edge_rows(store.query(sql, params))


def _edge_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        out.append({
            "subject": r["subject"], "relation": r["relation"], "object": r["object"],
            "sign": SIGN[r["relation"]], "claims": int(r["claims"]),
            "outlets": _split(r["outlets"]),
            "speakers": ([None] if r["own_voice"] else []) + _split(r["speakers"]),
            "positive": int(r["positive"]), "negated": int(r["negated"]),
            "hedged": int(r["hedged"]), "weight": float(r["weight"]),
            "first_seen": r["first_seen"], "last_seen": r["last_seen"],
        })
    out.sort(key=lambda e: (-e["weight"], -e["claims"], e["subject"], e["object"], e["relation"]))
    return out


def strongest_pairs(store: Any, actor: str, limit: int) -> list[dict[str, Any]]:
    """The actor's ``limit`` strongest allies and ``limit`` strongest enemies, as stance
    records: ordered in the database by net evidence (p - q = stance x weight)."""
    other = "CASE WHEN a = ? THEN b ELSE a END"
    rows: list[dict[str, Any]] = []
    net = "((p - q) / (p + q)) * (p + q)"  # stance x weight, computed as Python does
    for cond, order in (("p - q > 0", f"{net} DESC"), ("p - q < 0", f"{net} ASC")):
        rows += store.query(  # one equality lookup per side: what the indexes answer best
            "SELECT * FROM (SELECT * FROM stance_cache WHERE a = ? UNION ALL "
            f"SELECT * FROM stance_cache WHERE b = ?) t WHERE {cond} "
            f"ORDER BY {order}, {other} LIMIT ?", [actor, actor, actor, limit])
    return _stance_rows(rows)


def edges_between(store: Any, actor: str, others: list[str]) -> list[dict[str, Any]]:
    """Edge records between ``actor`` and any of ``others`` (same values and order as
    ``edge_records``)."""
    if not others:
        return []
    marks = ",".join("?" * len(others))
    sql = (f"SELECT * FROM edge_cache WHERE subject = ? AND object IN ({marks}) UNION ALL "
           f"SELECT * FROM edge_cache WHERE object = ? AND subject IN ({marks})")
    return _edge_rows(store.query(sql, [actor, *others, actor, *others]))


def stance_records(store: Any, names: list[str]) -> list[dict[str, Any]]:
    """``stances(store, names)`` as records, without pandas (same values, same order)."""
    sql, params = _touching("stance_cache", "a", "b", names)
    return _stance_rows(store.query(sql, params))


def _stance_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        p, q = float(r["p"]), float(r["q"])
        total = p + q
        out.append({
            "a": r["a"], "b": r["b"], "stance": (p - q) / (total if total > 0 else 1.0),
            "weight": total, "relations": _relations(r["relations"]),
            "outlets": _split(r["outlets"]), "first_seen": r["first_seen"],
            "last_seen": r["last_seen"],
        })
    out.sort(key=lambda x: (-x["weight"], x["a"], x["b"]))
    return out
