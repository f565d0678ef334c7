"""Map positions (igraph): blocs drawn apart, allies together; the API sends them."""

from __future__ import annotations

import math

from rashomon.graph.layout import layout


def _camps() -> tuple[list[int], list[int], list[int], list[float], list[int]]:
    src, dst, sign = [], [], []
    camps = [range(0, 10), range(10, 20)]
    for camp in camps:
        for a in camp:
            for b in camp:
                if a < b:
                    src.append(a)
                    dst.append(b)
                    sign.append(1)
    for a in range(0, 10):
        src.append(a)
        dst.append(10 + a)
        sign.append(-1)
    return src, dst, sign, [1.0] * len(src), [1] * 10 + [2] * 10


def test_blocs_are_drawn_apart() -> None:
    src, dst, sign, w, bloc = _camps()
    xs, ys = layout(20, src, dst, sign, w, bloc)
    assert len(xs) == 20 and max(map(abs, xs + ys)) <= 1000.01

    def centre(ids: range) -> tuple[float, float]:
        return sum(xs[i] for i in ids) / len(ids), sum(ys[i] for i in ids) / len(ids)

    (ax, ay), (bx, by) = centre(range(10)), centre(range(10, 20))
    apart = math.hypot(ax - bx, ay - by)
    spread = max(math.hypot(xs[i] - ax, ys[i] - ay) for i in range(10))
    assert apart > 2 * spread  # two groups, not one cloud
    assert layout(20, src, dst, sign, w, bloc) == (xs, ys)  # deterministic
    assert layout(0, [], [], [], []) == ([], [])
