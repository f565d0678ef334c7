"""A pair's stance per period, and a phrase for it ("oppose until 2021, cooperate since 2022").

The database aggregates per period (see ``timeline_query``), so a pair of hub actors with
tens of thousands of claims costs one indexed query; only a few rows per period leave it.
Same rules as the stances (``sql.stances_query``) applied to each period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from rashomon.graph.load import (
    _BASE,
    HEDGE_WEIGHT,
    OUTLET,
    STORY,
    WHEN,
    FilterArgs,
    Filters,
    descendants,
    marks,
    parent_map,
    roots,
    where,
)
from rashomon.graph.schema import split
from rashomon.graph.sql import _SIGN_CASE, rollup_join
from rashomon.store.base import Store


def _label(relations: dict[str, float]) -> str:
    """The relation with the most evidence in a period ("not support" when denied)."""
    return max(sorted(relations), key=lambda r: relations[r]) if relations else "none"


def timeline_query(
    a: str, b: str, names_a: list[str], names_b: list[str], width: int,
    filters: dict[str, Any], top: Mapping[str, str] | None = None,
) -> tuple[str, list[Any]]:
    """SQL (and parameters) of rows (period, negated, relation, n, v, p, q, outlets).

    Claims are first grouped (subject, relation, object,
    negation, hedging, speaker, story, outlet), each group dated by its first publication;
    a group is one unit of ``v`` (its value) for the period label. Per period: ``n`` claims
    and ``v`` value per relation and negation, ``p``/``q`` the evidence for and against
    (per story the strongest, summed over stories), ``outlets`` chr(31)-joined.
    """
    cond, params = where(**filters)
    ma, mb, both = marks(names_a), marks(names_b), sorted({*names_a, *names_b})
    # one side each (the first condition alone lets the scan filter both columns)
    pair = (f"SELECT c.subject, c.relation, c.object, c.negated, c.hedged, c.source, "
            f"{WHEN} AS published, {STORY} AS story, {OUTLET} AS outlet {_BASE} "
            f"WHERE c.subject IN ({marks(both)}) AND c.object IN ({marks(both)}) "
            f"AND ((c.subject IN ({ma}) AND c.object IN ({mb})) "
            f"OR (c.subject IN ({mb}) AND c.object IN ({ma}))){cond}")
    pparams = [*both, *both, *names_a, *names_b, *names_b, *names_a, *params]
    join, jparams, s_expr, o_expr = rollup_join(top, "g")
    loops = ""
    if top:  # roll-up drops self-loops (as ``load.prepare``)
        loops = f" AND {s_expr} <> {o_expr}"
    sign = _SIGN_CASE.replace("c.relation", "g.relation")
    sql = f"""WITH g AS (
      SELECT c.subject, c.relation, c.object, c.negated, c.hedged, c.source, c.story,
             c.outlet, COUNT(*) AS n, MIN(c.published) AS first
      FROM ({pair}) c
      GROUP BY c.subject, c.relation, c.object, c.negated, c.hedged, c.source, c.story, c.outlet),
    y AS (
      SELECT SUBSTR(g.first, 1, {int(width)}) AS period, g.relation, g.negated, g.story,
             g.outlet, g.n, CASE WHEN g.hedged THEN {HEDGE_WEIGHT} ELSE 1.0 END AS value,
             CASE WHEN g.negated THEN -({sign}) ELSE {sign} END AS esign
      FROM g{join}
      WHERE g.first IS NOT NULL{loops}
        AND (({s_expr} = ? AND {o_expr} = ?) OR ({s_expr} = ? AND {o_expr} = ?))),
    z AS (SELECT * FROM y WHERE esign <> 0),
    ev AS (SELECT period, story, MAX(CASE WHEN esign > 0 THEN value ELSE 0 END) AS p,
                  MAX(CASE WHEN esign < 0 THEN value ELSE 0 END) AS q
           FROM z GROUP BY period, story),
    w AS (SELECT period, SUM(p) AS p, SUM(q) AS q FROM ev GROUP BY period),
    o AS (SELECT period, STRING_AGG(DISTINCT outlet, chr(31) ORDER BY outlet) AS outlets FROM z GROUP BY period),
    r AS (SELECT period, negated, relation, SUM(n) AS n, SUM(value) AS v
          FROM z GROUP BY period, negated, relation)
    SELECT r.period, r.negated, r.relation, r.n, r.v, w.p, w.q, o.outlets
    FROM r JOIN w ON w.period = r.period JOIN o ON o.period = r.period"""
    return sql, pparams + jparams + [a, b, b, a]


def timeline(
    store: Store,
    a: str,
    b: str,
    period: str = "year",
    filters: Filters | None = None,
    **kw: Unpack[FilterArgs],
) -> list[dict[str, Any]]:
    """[{"period", "stance", "weight", "label", "relations", "outlets"}], oldest first.

    ``period`` is "year" or "month". A claim is dated by the date its text gives (see
    ``load.WHEN``), else by its publication; undated claims are left out. A group of
    claims (one edge, negation, hedging, speaker and story) is dated by its earliest date,
    so a syndicated copy counts in its original's period.
    """
    fl = Filters.of(filters, **kw)
    if period not in ("year", "month"):
        raise ValueError("period must be 'year' or 'month'")
    width = 4 if period == "year" else 7
    names_a, names_b = [a], [b]
    top = None
    rollup = fl.rollup
    if rollup:
        top = roots(dict(rollup) if not isinstance(rollup, bool) else parent_map(store))
        names_a, names_b = descendants(top, a), descendants(top, b)
        top = roots(top)  # names map to the roots of the roots
    sql, params = timeline_query(a, b, names_a, names_b, width, fl.claims(), top)
    per: dict[str, dict[str, Any]] = {}
    for r in store.query(sql, params):
        key = ("not " if r["negated"] else "") + r["relation"]
        x = per.setdefault(str(r["period"]), {
            "p": float(r["p"]), "q": float(r["q"]), "outlets": split(r["outlets"]),
            "relations": {}, "values": {}})
        x["relations"][key] = int(r["n"])
        x["values"][key] = float(r["v"])
    out: list[dict[str, Any]] = []
    for name in sorted(per):
        x = per[name]
        total = x["p"] + x["q"]
        out.append({
            "period": name, "stance": round((x["p"] - x["q"]) / (total if total > 0 else 1.0), 3),
            "weight": total, "label": _label(x["values"]),
            "relations": dict(sorted(x["relations"].items())), "outlets": x["outlets"],
        })
    return out


def describe_timeline(periods: list[dict[str, Any]]) -> str:
    """Runs of the same label as one phrase: "oppose until 2021, cooperate since 2022"."""
    if not periods:
        return "no dated claims"
    runs: list[list[Any]] = []  # [label, first period, last period]
    for p in periods:
        if runs and runs[-1][0] == p["label"]:
            runs[-1][2] = p["period"]
        else:
            runs.append([p["label"], p["period"], p["period"]])
    if len(runs) == 1:
        lab, first, last = runs[0]
        return f"{lab} in {first}" if first == last else f"{lab} from {first} to {last}"
    parts = []
    for i, (lab, first, last) in enumerate(runs):
        if i == 0:
            parts.append(f"{lab} until {last}")
        elif i == len(runs) - 1:
            parts.append(f"{lab} since {first}")
        elif first == last:
            parts.append(f"{lab} in {first}")
        else:
            parts.append(f"{lab} from {first} to {last}")
    return ", ".join(parts)
