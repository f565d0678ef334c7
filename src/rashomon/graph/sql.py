"""Edge and stance aggregation in SQL (portable: DuckDB and PostgreSQL).

The one aggregation engine (see ``load`` for the conventions): the database computes
edges and stances, so that large stores need no claim-level frame; ``graph.schema``
turns its rows into records. Roll-up joins a VALUES list (child name, top ancestor).
(``tests/graphref.py`` keeps a pandas and a plain-Python version of the same rules, as
references the tests compare with.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rashomon.doc import SIGN, SYMMETRIC
from rashomon.graph.load import _BASE, HEDGE_WEIGHT, OUTLET, STORY, WHEN, marks, where
from rashomon.graph.schema import EDGE_RAW, edge_frame, stance_frame
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

_SIGN_CASE = "CASE c.relation " + " ".join(
    f"WHEN '{r}' THEN {s}" for r, s in SIGN.items()) + " ELSE 0 END"
_SYM = ",".join(f"'{r}'" for r in sorted(SYMMETRIC))


def rollup_join(top: Mapping[str, str] | None, alias: str) -> tuple[str, list[Any], str, str]:
    """(join SQL, its parameters, subject expression, object expression) that roll the
    subject and object of table ``alias`` up through ``top`` (child -> top actor)."""
    s_expr, o_expr = f"{alias}.subject", f"{alias}.object"
    pairs = sorted((k, v) for k, v in (top or {}).items() if k != v)
    if not pairs:
        return "", [], s_expr, o_expr
    values = ",".join("(?, ?)" for _ in pairs)
    flat = [x for p in pairs for x in p]
    join = (f" LEFT JOIN (VALUES {values}) AS rs(child, top) ON rs.child = {s_expr}"
            f" LEFT JOIN (VALUES {values}) AS ro(child, top) ON ro.child = {o_expr}")
    return join, flat + flat, f"COALESCE(rs.top, {s_expr})", f"COALESCE(ro.top, {o_expr})"


def claims_cte(
    filters: dict[str, Any],
    top: Mapping[str, str] | None = None,
    actors: list[str] | None = None,
) -> tuple[str, list[Any]]:
    """SQL for rows x(subject, relation, object, negated, hedged, speaker, story, outlet,
    published, value, esign): filtered, rolled up, self-loops dropped, symmetric ordered."""
    cond, params = where(**filters)
    join, jparams, s_expr, o_expr = rollup_join(top, "c")
    cols = f"""{s_expr} AS s0, c.relation, {o_expr} AS o0, c.negated, c.hedged,
        c.source AS speaker, {STORY} AS story, {OUTLET} AS outlet, {WHEN} AS published,
        CASE WHEN c.hedged THEN {HEDGE_WEIGHT} ELSE 1.0 END AS value,
        CASE WHEN c.negated THEN -({_SIGN_CASE}) ELSE {_SIGN_CASE} END AS esign"""
    if actors is None:
        inner = f"SELECT {cols} {_BASE}{join} WHERE 1=1 {cond}"
        iparams = jparams + params
    else:
        m = marks(actors)
        inner = (f"SELECT {cols} {_BASE}{join} WHERE c.subject IN ({m}) {cond} UNION ALL "
                 f"SELECT {cols} {_BASE}{join} WHERE c.object IN ({m}) "
                 f"AND c.subject NOT IN ({m}) {cond}")
        iparams = (jparams + list(actors) + params + jparams + list(actors) + list(actors)
                   + params)
    sql = f"""x AS (
      SELECT CASE WHEN relation IN ({_SYM}) AND s0 > o0 THEN o0 ELSE s0 END AS subject,
             relation,
             CASE WHEN relation IN ({_SYM}) AND s0 > o0 THEN s0 ELSE o0 END AS object,
             negated, hedged, speaker, story, outlet, published, value, esign
      FROM ({inner}) q WHERE s0 <> o0)"""
    return sql, iparams


def edges_query(filters: dict[str, Any], top: Mapping[str, str] | None = None,
                actors: list[str] | None = None) -> tuple[str, list[Any]]:
    """SQL (and parameters) selecting the ``EDGE_RAW`` columns, one row per edge."""
    cte, params = claims_cte(filters, top, actors)
    sql = f"""WITH {cte},
    ev AS (
      SELECT subject, relation, object, story,
             MAX(CASE WHEN NOT negated THEN value ELSE 0 END) AS p,
             MAX(CASE WHEN negated THEN value ELSE 0 END) AS q
      FROM x GROUP BY subject, relation, object, story),
    w AS (SELECT subject, relation, object, SUM(p) - SUM(q) AS weight
          FROM ev GROUP BY subject, relation, object),
    agg AS (
      SELECT subject, relation, object, COUNT(*) AS claims,
             SUM(CASE WHEN negated THEN 0 ELSE 1 END) AS positive,
             SUM(CASE WHEN negated THEN 1 ELSE 0 END) AS negated,
             SUM(CASE WHEN hedged THEN 1 ELSE 0 END) AS hedged,
             STRING_AGG(DISTINCT outlet, chr(31) ORDER BY outlet) AS outlets,
             STRING_AGG(DISTINCT speaker, chr(31) ORDER BY speaker) AS speakers,
             MAX(CASE WHEN speaker IS NULL THEN 1 ELSE 0 END) AS own_voice,
             MIN(published) AS first_seen, MAX(published) AS last_seen
      FROM x GROUP BY subject, relation, object)
    SELECT {", ".join("agg." + c for c in EDGE_RAW[:-1])}, w.weight FROM agg JOIN w
      ON w.subject = agg.subject AND w.relation = agg.relation AND w.object = agg.object"""
    return sql, params


def edges_sql(store: Store, filters: dict[str, Any], top: Mapping[str, str] | None = None,
              actors: list[str] | None = None) -> pd.DataFrame:
    sql, params = edges_query(filters, top, actors)
    return edge_frame(store.query(sql, params))


_CONTRA = """,
    wc AS (SELECT a, b FROM w WHERE p > 0 AND q > 0),
    v AS (SELECT y.a, y.b,
                 COUNT(DISTINCT COALESCE(outlet, chr(30)) || chr(31) || COALESCE(speaker, '')) AS voices
          FROM y JOIN wc ON wc.a = y.a AND wc.b = y.b GROUP BY y.a, y.b),
    t AS (SELECT y.a, y.b, subject, relation, object,
                 MAX(CASE WHEN negated THEN 0 ELSE 1 END) AS asserted,
                 MAX(CASE WHEN negated THEN 1 ELSE 0 END) AS denied
          FROM y JOIN wc ON wc.a = y.a AND wc.b = y.b GROUP BY y.a, y.b, subject, relation, object),
    dn AS (SELECT a, b, MAX(asserted * denied) AS denial FROM t GROUP BY a, b)"""
_CONTRA_JOIN = "LEFT JOIN v ON v.a = agg.a AND v.b = agg.b LEFT JOIN dn ON dn.a = agg.a AND dn.b = agg.b"


def stances_query(filters: dict[str, Any], top: Mapping[str, str] | None = None,
                  actors: list[str] | None = None, contra: bool = False) -> tuple[str, list[Any]]:
    """SQL selecting the ``STANCE_RAW`` columns, one row per unordered pair (a < b).

    With ``contra``, ``voices`` (distinct outlet/speaker voices) and ``denial`` (an edge
    both asserted and negated) for contradicted pairs (evidence of both signs); else NULL.
    """
    cte, params = claims_cte(filters, top, actors)
    sql = f"""WITH {cte},
    y AS (SELECT LEAST(subject, object) AS a, GREATEST(subject, object) AS b, * FROM x
          WHERE esign <> 0),
    ev AS (SELECT a, b, story, MAX(CASE WHEN esign > 0 THEN value ELSE 0 END) AS p,
                  MAX(CASE WHEN esign < 0 THEN value ELSE 0 END) AS q
           FROM y GROUP BY a, b, story),
    w AS (SELECT a, b, SUM(p) AS p, SUM(q) AS q FROM ev GROUP BY a, b),
    r AS (SELECT a, b, relation, negated, COUNT(*) AS n FROM y GROUP BY a, b, relation, negated),
    rl AS (SELECT a, b, STRING_AGG(CASE WHEN negated THEN 'not ' ELSE '' END || relation
                                   || ':' || CAST(n AS TEXT), chr(31) ORDER BY relation, negated) AS relations
           FROM r GROUP BY a, b),
    agg AS (SELECT a, b, STRING_AGG(DISTINCT outlet, chr(31) ORDER BY outlet) AS outlets,
                   MIN(published) AS first_seen, MAX(published) AS last_seen
            FROM y GROUP BY a, b)
    {_CONTRA if contra else ""}
    SELECT agg.a, agg.b, agg.outlets, agg.first_seen, agg.last_seen, w.p, w.q, rl.relations,
           {"v.voices, dn.denial" if contra else "NULL AS voices, NULL AS denial"}
    FROM agg JOIN w ON w.a = agg.a AND w.b = agg.b JOIN rl ON rl.a = agg.a AND rl.b = agg.b
    {_CONTRA_JOIN if contra else ""}"""
    return sql, params


def stances_sql(store: Store, filters: dict[str, Any], top: Mapping[str, str] | None = None,
                actors: list[str] | None = None) -> pd.DataFrame:
    sql, params = stances_query(filters, top, actors)
    return stance_frame(store.query(sql, params))
