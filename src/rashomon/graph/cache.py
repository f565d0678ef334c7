"""Persisted aggregates of the whole store: the unfiltered edge and stance tables.

``edge_cache`` and ``stance_cache`` (migration 004) hold what ``edges_query`` and
``stances_query`` compute from every claim. ``store_version`` says which data version
each was built from; ``Store.save``/``delete_docs`` bump the data version, so a cache is
rebuilt (one INSERT ... SELECT) the first time it is needed after a write. A read-only
store with a stale cache cannot rebuild it: callers then take the live path.

``stance_by_actor`` and ``edge_by_actor`` (migration 005) hold the same rows once from
each end, keyed ``actor``/``other`` and written in actor order: one actor's stances and
edges are one range of adjacent rows, which a hub with thousands of neighbours reads in
milliseconds. They are rebuilt with their cache, under its version row.

``pair_by_actor`` (migration 006) holds each actor's view of each of its pairs (state,
sources; ``voices.actor_views``), computed in Python from every claim, under its own
version row.

Graph functions read the caches only without filters and without roll-up; every answer
is the same as the live path's, row for row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rashomon.graph.load import marks
from rashomon.graph.schema import (
    EDGE_RAW,
    STANCE_RAW,
    edge_frame,
    edge_records,
    pair_record,
    pair_row,
    stance_frame,
    stance_records,
)
from rashomon.graph.sql import edges_query, stances_query
from rashomon.graph.voices import actor_views
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

TABLES = {"edge_cache": EDGE_RAW, "stance_cache": STANCE_RAW}
# cache -> (its by-actor table, the columns that become ``actor`` and ``other``)
BY_ACTOR = {"edge_cache": ("edge_by_actor", "subject", "object"),
            "stance_cache": ("stance_by_actor", "a", "b")}
PAIRS = "pair_by_actor"  # each actor's view of its pairs (migration 006)
CODE_ORDER = 'COLLATE "C"'  # text order as Python's (code points) on both backends


def versions(store: Store) -> dict[str, int] | None:
    """name -> version from ``store_version``; None when the store has no such table."""
    if not store.has_table("store_version"):  # a store from before migration 004, not migrated
        return None
    rows = store.query("SELECT name, version FROM store_version")
    return {r["name"]: int(r["version"]) for r in rows}


def unfiltered(filters: dict[str, Any], top: Any = None) -> bool:
    return not top and not any(v not in (None, "", []) for v in filters.values())


def ready(store: Store, *names: str) -> bool:
    """True when the named caches hold the current data, rebuilding stale ones if allowed."""
    return _fresh(store, versions(store), names)


def by_actor_ready(store: Store) -> bool:
    """True when ``stance_by_actor``/``edge_by_actor`` hold the current data (rebuilt if
    stale and allowed); False on a store from before migration 005."""
    v = versions(store)
    return v is not None and "by_actor" in v and _fresh(store, v, tuple(BY_ACTOR))


def states_ready(store: Store) -> bool:
    """True when ``pair_by_actor`` holds the current data (rebuilt if stale and allowed);
    False on a store from before migration 006."""
    v = versions(store)
    return v is not None and PAIRS in v and _fresh(store, v, (PAIRS,))


def _fresh(store: Store, v: dict[str, int] | None, names: tuple[str, ...]) -> bool:
    if v is None or "data" not in v:
        return False
    for name in names:
        if v.get(name) == v["data"]:
            continue
        if getattr(store, "read_only", False):
            return False
        rebuild(store, name)
    return True


def rebuild(store: Store, name: str) -> None:
    """Recompute one cache table from the claims, in one transaction."""
    with store.transaction():
        # lock this cache's version row first: concurrent rebuilders wait, then find it fresh
        store.execute("UPDATE store_version SET version = version WHERE name = ?", [name])
        v = {r["name"]: int(r["version"]) for r in store.query(
            "SELECT name, version FROM store_version WHERE name IN ('data', 'by_actor', ?)",
            [name])}
        if v.get(name) == v["data"]:
            return
        if name == PAIRS:
            store.execute(f"DELETE FROM {PAIRS}")
            store.insert(PAIRS, [pair_row(r) for r in actor_views(store)])
        else:
            cols = ", ".join(TABLES[name])
            sql, params = (edges_query({}) if name == "edge_cache"
                           else stances_query({}, contra=True))
            store.execute(f"DELETE FROM {name}")
            store.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM ({sql}) q", params)
            if "by_actor" in v:  # the schema has migration 005
                _fill_by_actor(store, name)
        store.execute("UPDATE store_version SET version = ? WHERE name = ?", [v["data"], name])


def _fill_by_actor(store: Store, name: str) -> None:
    """Copy cache ``name`` into its by-actor table, each row from both ends, actor-ordered."""
    table, x, y = BY_ACTOR[name]
    cols = ", ".join(TABLES[name])
    store.execute(f"DELETE FROM {table}")
    store.execute(
        f"INSERT INTO {table} (actor, other, {cols}) SELECT * FROM ("
        f"SELECT {x} AS actor, {y} AS other, {cols} FROM {name} UNION ALL "
        f"SELECT {y} AS actor, {x} AS other, {cols} FROM {name}) u ORDER BY actor, other")


def refresh(store: Store) -> None:
    """Bring every cache up to date now (e.g. at the end of an analysis run)."""
    ready(store, *TABLES)
    states_ready(store)


def _touching(table: str, a: str, b: str, names: list[str] | None) -> tuple[str, list[Any]]:
    if names is None:
        return f"SELECT * FROM {table}", []
    m = marks(names)
    return f"SELECT * FROM {table} WHERE {a} IN ({m}) OR {b} IN ({m})", [*names, *names]


def edges(store: Store, names: list[str] | None = None) -> pd.DataFrame:
    """The cached edge table; with ``names``, only edges with an end in ``names``."""
    sql, params = _touching("edge_cache", "subject", "object", names)
    return edge_frame(store.query(sql, params))


def stances(store: Store, names: list[str] | None = None) -> pd.DataFrame:
    """The cached stance table; with ``names``, only pairs with an end in ``names``."""
    sql, params = _touching("stance_cache", "a", "b", names)
    return stance_frame(store.query(sql, params))


def contradicted(store: Store, actor: str | None = None) -> pd.DataFrame:
    """Pairs with evidence of both signs: a, b, plus, minus, voices, denial."""
    sql = ("SELECT a, b, p AS plus, q AS minus, voices, denial FROM stance_cache "
           "WHERE p > 0 AND q > 0")
    params: list[Any] = []
    if actor is not None:
        sql += " AND (a = ? OR b = ?)"
        params = [actor, actor]
    return store.frame(sql, params)


_STANCE_COLS = ", ".join(STANCE_RAW)
_EDGE_COLS = ", ".join(EDGE_RAW)


def actor_stances(store: Store, actor: str) -> list[dict[str, Any]]:
    """Stance records (as ``stances`` rows, plain dicts) of every pair with ``actor``."""
    return stance_records(store.query(
        f"SELECT {_STANCE_COLS} FROM stance_by_actor WHERE actor = ?", [actor]))


def actor_pair_rows(store: Store, actor: str) -> list[dict[str, Any]]:
    """``actor``'s rows of ``pair_by_actor``, as stored."""
    return store.query(f"SELECT * FROM {PAIRS} WHERE actor = ?", [actor])


def actor_pairs(store: Store, actor: str) -> list[dict[str, Any]]:
    """Pair records (as ``voices.pairs`` rows, plain dicts) of ``actor``'s view of each of
    its pairs, in the pair table's order."""
    out = [pair_record(r) for r in actor_pair_rows(store, actor)]
    out.sort(key=lambda x: (-x["weight"], x["a"], x["b"]))
    return out


def actor_edges(store: Store, actor: str) -> list[dict[str, Any]]:
    """Edge records (as ``edges`` rows, plain dicts) with ``actor`` at either end, in the
    canonical edge order."""
    return edge_records(store.query(
        f"SELECT {_EDGE_COLS} FROM edge_by_actor WHERE actor = ?", [actor]))


def strongest_pairs(store: Store, actor: str, limit: int) -> list[dict[str, Any]]:
    """The actor's ``limit`` strongest allies and ``limit`` strongest enemies, as stance
    records: ordered in the database by net evidence (p - q = stance x weight)."""
    net = "((p - q) / (p + q)) * (p + q)"  # stance x weight, computed as Python does

    def side(cond: str, order: str) -> str:
        return (f"SELECT * FROM (SELECT {_STANCE_COLS} FROM stance_by_actor "
                f"WHERE actor = ? AND p - q {cond} ORDER BY {net} {order}, other {CODE_ORDER} LIMIT ?) t")

    sql = f"{side('> 0', 'DESC')} UNION ALL {side('< 0', 'ASC')}"
    return stance_records(store.query(sql, [actor, limit, actor, limit]))


def edges_between(store: Store, actor: str, others: list[str]) -> list[dict[str, Any]]:
    """Edge records between ``actor`` and any of ``others`` (as ``actor_edges``)."""
    if not others:
        return []
    return edge_records(store.query(
        f"SELECT {_EDGE_COLS} FROM edge_by_actor WHERE actor = ? AND other IN ({marks(others)})",
        [actor, *others]))


def expand(store: Store, frontier: list[str], seen: set[str],
           most: int) -> tuple[list[str], list[dict[str, Any]]]:
    """One more level of a neighbourhood: (new, edges).

    ``new``: the first ``most`` actors not in ``seen`` among the ends of the edges touching
    ``frontier``, taken as the live path does (edges in the canonical order, all subjects
    before all objects). ``edges``: the edge records touching ``frontier`` whose ends are
    both in ``seen`` or ``new``. The ranking is done by the database; only the
    answer leaves it.
    """
    if not frontier:
        return [], []
    fm, sm = marks(frontier), marks(seen)
    # every edge touching the frontier once (an edge between two members has two rows)
    touching = (f"SELECT subject, relation, object, weight, claims FROM edge_by_actor "
                f"WHERE actor IN ({fm}) AND NOT (other IN ({fm}) AND other < actor)")
    ends, seen_l = [*frontier, *frontier], sorted(seen)
    # a subject's first edge in the canonical order: its heaviest, then most claimed
    new = [r["name"] for r in store.query(
        f"""WITH m AS ({touching}),
        c AS (SELECT subject AS name, weight, claims FROM m WHERE subject NOT IN ({sm})),
        w AS (SELECT name, MAX(weight) AS w FROM c GROUP BY name)
        SELECT c.name FROM c JOIN w ON w.name = c.name AND c.weight = w.w
        GROUP BY c.name, w.w ORDER BY w.w DESC, MAX(c.claims) DESC, c.name {CODE_ORDER} LIMIT ?""",
        [*ends, *seen_l, most])]
    if len(new) < most:  # too few subjects: objects follow, by their first edge
        new += [r["name"] for r in store.query(
            f"""WITH m AS ({touching}),
            o AS (SELECT object AS name, weight, claims, subject, ROW_NUMBER() OVER (
                    PARTITION BY object ORDER BY weight DESC, claims DESC, subject {CODE_ORDER}) AS k
                  FROM m WHERE object NOT IN ({sm}) AND object NOT IN (SELECT subject FROM m))
            SELECT name FROM o WHERE k = 1
            ORDER BY weight DESC, claims DESC, subject {CODE_ORDER}, name {CODE_ORDER} LIMIT ?""",
            [*ends, *seen_l, most - len(new)])]
    reached = sorted(seen | set(new))
    rows = store.query(
        f"SELECT {_EDGE_COLS} FROM edge_by_actor WHERE actor IN ({fm}) "
        f"AND NOT (other IN ({fm}) AND other < actor) AND other IN ({marks(reached)})",
        [*ends, *reached])
    return new, edge_records(rows)
