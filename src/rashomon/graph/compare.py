"""How two outlets describe the pairs they both write about."""

from __future__ import annotations

from typing import Any, Unpack

from rashomon.errors import UserError
from rashomon.graph.load import FilterArgs, Filters, rollup_map
from rashomon.graph.sql import stances_sql
from rashomon.store.base import Store


def _side(row: Any) -> dict[str, Any]:
    return {"stance": round(float(row["stance"]), 3), "weight": float(row["weight"]),
            "relations": dict(row["relations"])}


def compare(
    store: Store,
    outlet_a: str,
    outlet_b: str,
    filters: Filters | None = None,
    **kw: Unpack[FilterArgs],
) -> list[dict[str, Any]]:
    """[{"a", "b", "sides": {outlet_a: {...}, outlet_b: {...}}, "disagree", "gap"}].

    Disagreements first, then by the gap between the two stances.

    Each side: {"stance", "weight", "relations"}. ``disagree`` is True when the two
    stances have opposite signs. (``outlet`` is accepted for a uniform signature and
    ignored: the two outlets are the filter.)
    """
    fl = Filters.of(filters, **kw)
    if outlet_a.casefold() == outlet_b.casefold():
        raise UserError("compare needs two different outlets")
    top = rollup_map(store, fl.rollup)
    sides = []
    for name in (outlet_a, outlet_b):
        if not store.query("SELECT id FROM documents WHERE LOWER(source) = LOWER(?) LIMIT 1", [name]):
            raise UserError(f"no documents from outlet {name!r}")
        sides.append(stances_sql(store, {**fl.claims(), "outlet": name}, top).set_index(["a", "b"]))
    sa, sb = sides
    out = []
    for key in sorted(set(sa.index) & set(sb.index)):
        ra, rb = sa.loc[key], sb.loc[key]
        disagree = float(ra["stance"]) * float(rb["stance"]) < 0
        out.append({
            "a": key[0], "b": key[1],
            "sides": {outlet_a: _side(ra), outlet_b: _side(rb)},
            "disagree": disagree,
            "gap": round(abs(float(ra["stance"]) - float(rb["stance"])), 3),
        })
    out.sort(key=lambda x: (not x["disagree"], -x["gap"], x["a"], x["b"]))
    return out
