"""An actor's allies and enemies: from the graph caches, or (filtered) from the indexed
``claims.subject``/``object``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Unpack

from rashomon.graph import cache
from rashomon.graph.load import (
    FilterArgs,
    Filters,
    Rollup,
    descendants,
    rollup_map,
)
from rashomon.graph.schema import pair_record
from rashomon.graph.sql import edges_sql, stances_sql
from rashomon.graph.voices import ACCUSE, pairs
from rashomon.perf import no_gc
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

MAX_FRONTIER = 25  # neighbours expanded per extra level of depth


def _aggregate(store: Store, names: list[str], f: dict[str, Any], top: dict[str, str] | None,
               stances: bool = True) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(edge records, stance records) of the claims touching ``names``, aggregated by the
    database (the live path); without ``stances``, the stance records are left empty."""
    e = records(edges_sql(store, f, top, names))
    return e, (records(stances_sql(store, f, top, names)) if stances else [])


def _entry(row: Any, other: str, rel_edges: list[dict[str, Any]],
           pr: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "actor": other,
        "state": pr["state"] if pr else "contested",
        "sources_for": pr["sources_for"] if pr else 0,
        "sources_against": pr["sources_against"] if pr else 0,
        "stance": round(float(row["stance"]), 3),
        "weight": float(row["weight"]),
        "outlets": list(row["outlets"]),
        "relations": [
            {"subject": e["subject"], "relation": e["relation"], "object": e["object"],
             "claims": int(e["claims"]), "negated": int(e["negated"]),
             "weight": float(e["weight"])}
            for e in rel_edges
        ],
        "speakers": sorted({s for e in rel_edges for s in e["speakers"] if s is not None}),
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
    }


def neighbourhood(
    store: Store,
    actor: str,
    depth: int = 1,
    filters: Filters | None = None,
    limit: int | None = None,
    separate: bool = True,
    **kw: Unpack[FilterArgs],
) -> dict[str, Any]:
    """{"actor", "allies", "enemies", "contested", "mixed", "edges"}: allies have
    stance > 0, enemies < 0; each entry has its ``state`` (see ``voices``).

    ``separate`` (the default): allies and enemies are the pairs independent sources
    agree on; ``contested`` holds the one-sided and disputed ones (accusations against
    the actor included). Without it, allies and enemies hold agreed and contested pairs
    alike (as the record says overall). ``mixed`` holds the pairs with strong evidence
    both ways, in both views.

    ``limit``: only the ``limit`` strongest allies and enemies (by stance x weight), and
    the edges to them; on the unfiltered cache this is answered by the database, so a
    hub actor with thousands of neighbours costs no more than a small one.

    Unfiltered, the actor-keyed caches answer (``cache.actor_stances`` and friends);
    with filters or roll-up, two lookups on the indexed ``claims.subject``/``object`` per
    level, aggregated by the database. ``depth`` > 1 also follows the strongest
    neighbours (at most ``MAX_FRONTIER`` per level) and adds the edges among them to
    ``edges``.

    Rolled up, a child actor answers as its top ancestor (``"actor"`` names it): its
    claims are that node's.
    """
    fl = Filters.of(filters, **kw)
    with no_gc():
        return _neighbourhood(store, actor, depth, limit, fl.rollup, fl.claims(), separate)


def _neighbourhood(store: Store, actor: str, depth: int, limit: int | None, rollup: Rollup,
                   f: dict[str, Any], separate: bool = True) -> dict[str, Any]:
    top = rollup_map(store, rollup)
    actor = _node(top, actor)

    def names_of(actors: list[str]) -> list[str]:
        return [m for a in actors for m in (descendants(top, a) if top else [a])]

    # unfiltered: the actor-keyed caches answer with one range of rows per actor
    fast = cache.unfiltered(f, top) and cache.by_actor_ready(store)
    if fast and limit is not None:
        # more than asked: mixed and contested pairs leave the allies and enemies below
        st = cache.strongest_pairs(store, actor, 2 * limit + 10)
        others = [r["b"] if r["a"] == actor else r["a"] for r in st]
        own_edges = cache.edges_between(store, actor, others)
    elif fast:
        own_edges, st = cache.actor_edges(store, actor), cache.actor_stances(store, actor)
    else:
        own_edges, st = _aggregate(store, names_of([actor]), f, top)
    by_other: dict[str, list[dict[str, Any]]] = {}
    for e in own_edges:
        other = e["object"] if e["subject"] == actor else e["subject"]
        by_other.setdefault(other, []).append(e)
    states, full = _states(store, actor, names_of([actor]), f, rollup)
    ranked: list[tuple[float, str, dict[str, Any]]] = []  # (net evidence, name, entry)
    for r in st:
        other = r["b"] if r["a"] == actor else r["a"]
        pr = states.pop(other, None)
        if r["stance"] != 0 or pr is not None:
            net = float(r["stance"]) * float(r["weight"])  # as cache.strongest_pairs orders
            ranked.append((net, other, _entry(r, other, by_other.get(other, []), pr)))
    mixed = [x for _, _, x in sorted(((-abs(n), o, x) for n, o, x in ranked
                                      if x["state"] == "mixed"), key=_order)]
    ranked = [t for t in ranked if t[2]["state"] != "mixed"]
    contested = _contested(actor, ranked, states, full, separate, limit)
    if separate:
        ranked = [t for t in ranked if t[2]["state"] == "agreed"]
    allies = [x for _, _, x in sorted(((-n, o, x) for n, o, x in ranked if n > 0), key=_order)]
    enemies = [x for _, _, x in sorted(((n, o, x) for n, o, x in ranked if n < 0), key=_order)]
    if limit is not None:
        allies, enemies = allies[:limit], enemies[:limit]
        contested, mixed = contested[:limit], mixed[:limit]
        kept = {actor} | {x["actor"] for x in allies + enemies + contested + mixed}
        own_edges = [e for e in own_edges if e["subject"] in kept and e["object"] in kept]
    all_edges = list(own_edges)
    # depth > 1: follow the strongest neighbours, keep the edges among the nodes reached
    seen = {actor}
    frontier = [x["actor"] for x in sorted(allies + enemies, key=lambda x: -x["weight"])]
    frontier = frontier[:MAX_FRONTIER]
    seen.update(frontier)
    for _ in range(1, max(1, depth)):
        if not frontier:
            break
        if fast:
            new, more = cache.expand(store, frontier, seen, MAX_FRONTIER)
        else:
            more = _aggregate(store, names_of(frontier), f, top, stances=False)[0]
            ends = [e["subject"] for e in more] + [e["object"] for e in more]
            new = [a for a in dict.fromkeys(ends) if a not in seen][:MAX_FRONTIER]
        seen.update(new)
        _add_edges(all_edges, more, seen)
        frontier = new
    return {
        "actor": actor,
        "allies": allies,
        "enemies": enemies,
        "contested": contested,
        "mixed": mixed,
        "edges": all_edges,
    }


def _node(top: dict[str, str] | None, actor: str) -> str:
    """The graph node of ``actor``: rolled up, a child is part of its top ancestor's node."""
    return top.get(actor, actor) if top else actor


def _order(t: tuple[float, str, Any]) -> tuple[float, str]:
    """Sort key of a ranked entry: its number, then its name (never the entry itself)."""
    return t[0], t[1]


def _add_edges(edges: list[dict[str, Any]], more: list[dict[str, Any]], seen: set[str]) -> None:
    """Append to ``edges`` the edges of ``more`` between two ``seen`` actors, once each."""
    keys = {(e["subject"], e["relation"], e["object"]) for e in edges}
    for e in more:
        key = (e["subject"], e["relation"], e["object"])
        if e["subject"] in seen and e["object"] in seen and key not in keys:
            keys.add(key)
            edges.append(e)


def _contested(actor: str, ranked: list[tuple[float, str, dict[str, Any]]],
               states: dict[str, dict[str, Any]], full: Callable[[Any], dict[str, Any]],
               separate: bool, limit: int | None) -> list[dict[str, Any]]:
    """The contested entries, strongest first: ranked pairs in that state (with
    ``separate``, else only those without net evidence), and the pairs only the states
    hold (accusations against the actor), contested in both views. Entries of the latter
    are built only for the ``limit`` kept."""
    found: list[tuple[float, str, Any]] = [
        (-abs(n), o, x) for n, o, x in ranked
        if x["state"] == "contested" and (separate or n == 0)]
    found += [(-abs(float(pr["stance"]) * float(pr["weight"])), other, None)
              for other, pr in states.items() if pr["stance"] != 0 and pr["state"] == "contested"]
    found.sort(key=lambda t: (t[0], t[1]))
    out = []
    for _, other, x in found[:limit] if limit is not None else found:
        if x is None:
            pr = full(states[other])
            x = _entry(pr, other, _accusation_edges(actor, other, pr), pr)
        out.append(x)
    return out


def _states(store: Store, actor: str, names: list[str], f: dict[str, Any], rollup: Rollup,
            ) -> tuple[dict[str, dict[str, Any]], Callable[[Any], dict[str, Any]]]:
    """The actor's pairs from ``voices.pairs`` (state, sources), keyed by the other end,
    and the function that makes one a full pair record. Unfiltered, the actor's rows of
    ``pair_by_actor`` as stored (``state``, ``stance``, ``weight`` and the sources as in
    the record; ``schema.pair_record`` makes the rest)."""
    if not rollup and cache.unfiltered(f) and cache.states_ready(store):
        rows, full = cache.actor_pair_rows(store, actor), pair_record
    else:
        rows, full = records(pairs(store, rollup=rollup, actors=names, **f)), _same
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        if actor in (r["a"], r["b"]):
            out[r["b"] if r["a"] == actor else r["a"]] = r
    return out, full


def _same(r: Any) -> dict[str, Any]:
    return r


def _accusation_edges(actor: str, other: str, pr: dict[str, Any]) -> list[dict[str, Any]]:
    n = int(pr["relations"].get(ACCUSE, 0))
    return [{"subject": other, "relation": ACCUSE, "object": actor, "claims": n,
             "negated": 0, "weight": -float(pr["weight"]), "speakers": [other]}] if n else []


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as plain JSON-able dicts (numpy scalars turned into Python ones,
    missing values into None)."""
    out = []
    for row in df.to_dict("records"):
        out.append({k: _plain(v) for k, v in row.items()})
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, list | str | dict) or v is None:
        return v
    if hasattr(v, "item"):
        v = v.item()
    return None if isinstance(v, float) and v != v else v
