"""Positions for the map: blocs apart, allies together (igraph's Fruchterman-Reingold).

Positive ties attract with their strength, negative ties only weakly; each bloc (see
``blocs``) gets an anchor vertex tied to its members, so a bloc is drawn as one group and
the groups stand apart. Deterministic (seeded from a circle), a fraction of a second for
5,000 actors and 20,000 edges.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

NEGATIVE_PULL = 0.05  # attraction of a hostile tie, relative to a friendly one
ANCHOR_PULL = 4.0  # attraction between a bloc's members and its anchor
ITERATIONS = 300


def layout(n: int, src: Sequence[int], dst: Sequence[int], sign: Sequence[int],
           strength: Sequence[float], bloc: Sequence[int] | None = None,
           iterations: int = ITERATIONS) -> tuple[list[float], list[float]]:
    """(x, y) of ``n`` nodes, in [-1000, 1000]; ``bloc[i]`` is node i's bloc (0 = none)."""
    import igraph as ig  # noqa: PLC0415 (heavy: loaded when a map is laid out)

    if n == 0:
        return [], []
    edges, weights = [], []
    for a, b, s, w in zip(src, dst, sign, strength, strict=True):
        if a == b:
            continue
        edges.append((a, b))
        weights.append(max(0.05, math.log1p(max(float(w), 0.0))) * (1.0 if s >= 0 else NEGATIVE_PULL))
    anchors: dict[int, int] = {}
    for i, g in enumerate(bloc or ()):
        if g:
            a = anchors.setdefault(g, n + len(anchors))
            edges.append((i, a))
            weights.append(ANCHOR_PULL)
    total = n + len(anchors)
    graph = ig.Graph(n=total, edges=edges)
    seed = [(math.cos(2.399963 * i) * math.sqrt(i + 1), math.sin(2.399963 * i) * math.sqrt(i + 1))
            for i in range(total)]
    ig.set_random_number_generator(random.Random(0))  # the same map for the same data
    try:
        pos = graph.layout_fruchterman_reingold(weights=weights or None, niter=iterations,
                                                 seed=seed, grid=total > 1000)
    finally:
        ig.set_random_number_generator(random)
    xs, ys = [p[0] for p in pos.coords[:n]], [p[1] for p in pos.coords[:n]]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return ([round((x - cx) / span * 2000, 2) for x in xs],
            [round((y - cy) / span * 2000, 2) for y in ys])
