"""Blocs (signed community detection) and structural balance of the stance graph.

By default only the pairs independent sources agree on count (``voices.pairs``).

The signed graph has one edge per actor pair whose stance is clearly signed
(``|stance| >= MIN_STANCE``) with weight ``stance * log1p(evidence)``.

Blocs: correlation clustering by greedy local moves. Each actor starts alone; an actor
moves to the group that most increases (positive weight inside groups) + (negative weight
between groups), until nothing improves. Deterministic (actors in name order).

Balance: a triad of three signed edges is balanced when the product of its signs is
positive ("the enemy of my enemy is my friend"); unbalanced triads are listed as
"surprising": a flag to read, not an inference.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Unpack

from rashomon.graph.load import FilterArgs, Filters
from rashomon.graph.voices import pairs
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

MIN_STANCE = 0.2
MAX_ACTORS = 2000  # the strongest actors kept for blocs and triads
MAX_SURPRISING = 50


def signed_graph(st: pd.DataFrame, min_weight: float = 0.0,
                 max_actors: int = MAX_ACTORS) -> dict[str, dict[str, float]]:
    """Adjacency {actor: {other: signed weight}} from a stances frame."""
    st = st[(st["stance"].abs() >= MIN_STANCE) & (st["weight"] >= min_weight)]
    if st.empty:
        return {}
    strength: dict[str, float] = defaultdict(float)
    for a, b, w in zip(st["a"], st["b"], st["weight"], strict=True):
        strength[a] += w
        strength[b] += w
    keep = set(sorted(strength, key=lambda x: (-strength[x], x))[:max_actors])
    adj: dict[str, dict[str, float]] = defaultdict(dict)
    for a, b, s, w in zip(st["a"], st["b"], st["stance"], st["weight"], strict=True):
        if a in keep and b in keep:
            v = float(s) * math.log1p(float(w))
            adj[a][b] = v
            adj[b][a] = v
    return dict(adj)


def cluster(adj: dict[str, dict[str, float]], max_rounds: int = 50) -> dict[str, int]:
    """Correlation clustering by local moves: actor -> group number."""
    nodes = sorted(adj)
    group = {n: i for i, n in enumerate(nodes)}
    next_id = len(nodes)
    for _ in range(max_rounds):
        moved = False
        for n in nodes:
            pull: dict[int, float] = defaultdict(float)
            for m, w in adj[n].items():
                pull[group[m]] += w
            here = pull.get(group[n], 0.0)
            # options: stay (here), join a neighbour's group (pull[g]), go alone (0)
            best, value = group[n], here
            for g in sorted(pull):
                if pull[g] > value + 1e-12:
                    best, value = g, pull[g]
            if value < -1e-12 or (best == group[n] and here < -1e-12):
                best, value = next_id, 0.0
                next_id += 1
            if best != group[n] and value > here + 1e-12:
                group[n] = best
                moved = True
        if not moved:
            break
    return group


def blocs_from_stances(st: pd.DataFrame, min_weight: float = 0.0,
                       min_size: int = 2) -> list[dict[str, Any]]:
    adj = signed_graph(st, min_weight)
    if not adj:
        return []
    group = cluster(adj)
    members: dict[int, list[str]] = defaultdict(list)
    for n, g in group.items():
        members[g].append(n)
    out = []
    for ms in members.values():
        if len(ms) < min_size:
            continue
        inside = set(ms)
        pos_in = neg_in = pos_out = neg_out = 0.0
        for n in ms:
            for m, w in adj[n].items():
                if m in inside:
                    pos_in += max(w, 0) / 2
                    neg_in += min(w, 0) / 2
                else:
                    pos_out += max(w, 0)
                    neg_out += min(w, 0)
        strength = {n: sum(abs(w) for w in adj[n].values()) for n in ms}
        out.append({
            "actors": sorted(ms, key=lambda x: (-strength[x], x)),
            "size": len(ms),
            "internal": {"positive": round(pos_in, 3), "negative": round(neg_in, 3)},
            "external": {"positive": round(pos_out, 3), "negative": round(neg_out, 3)},
        })
    out.sort(key=lambda x: (-x["size"], -x["internal"]["positive"], x["actors"][0]))
    for i, b in enumerate(out, 1):
        b["bloc"] = i
    return out


def balance_from_stances(st: pd.DataFrame, min_weight: float = 0.0,
                         max_surprising: int = MAX_SURPRISING) -> dict[str, Any]:
    adj = signed_graph(st, min_weight)
    raw = {(a, b): r for a, b, r in zip(st["a"], st["b"], st.to_dict("records"), strict=True)}
    order = {n: i for i, n in enumerate(sorted(adj, key=lambda x: (len(adj[x]), x)))}
    balanced = unbalanced = 0
    surprising: list[dict[str, Any]] = []
    for u in adj:
        later = {v for v in adj[u] if order[v] > order[u]}
        for v in later:
            for w in later & adj[v].keys():
                if order[w] <= order[v]:
                    continue
                signs = (adj[u][v] > 0) + (adj[v][w] > 0) + (adj[u][w] > 0)
                if (3 - signs) % 2 == 0:
                    balanced += 1
                    continue
                unbalanced += 1
                edges = []
                for x, y in ((u, v), (v, w), (u, w)):
                    r = raw[(x, y) if x <= y else (y, x)]
                    edges.append({"a": r["a"], "b": r["b"], "stance": round(float(r["stance"]), 3),
                                  "weight": float(r["weight"]), "relations": r["relations"]})
                surprising.append({
                    "actors": sorted((u, v, w)),
                    "edges": edges,
                    "strength": min(abs(adj[u][v]), abs(adj[v][w]), abs(adj[u][w])),
                })
    surprising.sort(key=lambda x: (-x["strength"], x["actors"]))
    total = balanced + unbalanced
    return {
        "balanced": balanced,
        "unbalanced": unbalanced,
        "ratio": round(balanced / total, 4) if total else None,
        "surprising": surprising[:max_surprising],
    }


def blocs(
    store: Store,
    filters: Filters | None = None,
    min_weight: float = 0.0,
    contested: bool = False,
    **kw: Unpack[FilterArgs],
) -> list[dict[str, Any]]:
    """Groups of actors with positive ties inside and negative ties between, biggest first.

    On the pairs independent sources agree on (see ``voices``); ``contested`` adds the
    contested and mixed ones."""
    fl = Filters.of(filters, **kw)
    st = pairs(store, fl, state=None if contested else "agreed")
    return blocs_from_stances(st, min_weight)


def balance(
    store: Store,
    filters: Filters | None = None,
    min_weight: float = 0.0,
    contested: bool = False,
    **kw: Unpack[FilterArgs],
) -> dict[str, Any]:
    """{"balanced", "unbalanced", "ratio", "surprising": [{"actors", "edges", "strength"}]}.

    On the agreed pairs; ``contested`` adds the contested and mixed ones (as ``blocs``)."""
    fl = Filters.of(filters, **kw)
    st = pairs(store, fl, state=None if contested else "agreed")
    return balance_from_stances(st, min_weight)
