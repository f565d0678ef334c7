"""Pairs of actors on which sources disagree.

A pair is contradicted when it has evidence of both effective signs: one voice says
"Britain supports ISIS" and another "Britain fights ISIS" (sign conflict), or "Britain
denies supporting ISIS" (denial: the same relation asserted and negated). Direction
does not matter: the pair is unordered. ``part_of`` has no sign and never conflicts.

A *voice* is (outlet, speaker); speaker None is the outlet's own voice. Score:
``min(evidence for, evidence against)`` (per-story evidence, hedged = 0.5), times
``SAME_VOICE_FACTOR`` when the only voice on both sides is one and the same (a source
changing its line, or reporting both), times ``DENIAL_BONUS`` for a denial. A pair that
all sources describe alike, with one sign, is never listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from rashomon.doc import SIGN
from rashomon.graph import cache
from rashomon.graph.load import (
    _BASE,
    OUTLET,
    STORY,
    FilterArgs,
    Filters,
    descendants,
    pair,
    rollup_map,
    where,
)
from rashomon.graph.sql import stances_query
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

SAME_VOICE_FACTOR = 0.25
DENIAL_BONUS = 1.25
MAX_CLAIMS = 30  # claims listed per item


def score_pairs(store: Store, filters: dict[str, Any], top: dict[str, str] | None = None,
                actors: list[str] | None = None, actor: str | None = None) -> pd.DataFrame:
    """Contradicted pairs with their score, best first (a, b, plus, minus, voices, denial)."""
    if cache.unfiltered(filters, top) and cache.ready(store, "stance_cache"):
        return score(cache.contradicted(store, actor))
    sql, params = stances_query(filters, top, actors, contra=True)
    df = store.frame(f"SELECT a, b, p AS plus, q AS minus, voices, denial FROM ({sql}) s "
                     "WHERE p > 0 AND q > 0", params)
    if actor is not None:
        df = df[(df["a"] == actor) | (df["b"] == actor)]
    return score(df)


def score(df: pd.DataFrame) -> pd.DataFrame:
    """Score and order contradicted pairs (see the module's docstring)."""
    import pandas as pd  # noqa: PLC0415 - heavy

    if df.empty:
        return df.assign(score=pd.Series(dtype=float))
    df = df.copy()
    df["plus"] = df["plus"].astype(float)
    df["minus"] = df["minus"].astype(float)
    df["same_voice"] = df["voices"] <= 1
    df["kind"] = df["denial"].map(lambda d: "denial" if d else "sign")
    val = df[["plus", "minus"]].min(axis=1)
    val = val * df["same_voice"].map({True: SAME_VOICE_FACTOR, False: 1.0})
    val = val * df["kind"].map({"denial": DENIAL_BONUS, "sign": 1.0})
    df["score"] = val.round(3)
    df["total"] = df["plus"] + df["minus"]
    df = df.sort_values(["score", "total", "a", "b"], ascending=[False, False, True, True],
                        kind="stable")
    return df.reset_index(drop=True)


def _side_summary(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for c in claims:
        key = (c["outlet"] or "", c["source"] or "")
        g = groups.setdefault(key, {"outlet": c["outlet"], "speaker": c["source"],
                                    "relations": set(), "claims": 0, "stories": set()})
        g["relations"].add(("not " if c["negated"] else "") + c["relation"])
        g["claims"] += 1
        g["stories"].add(c["story"])
    out = [{**g, "relations": sorted(g["relations"]), "stories": len(g["stories"])}
           for g in groups.values()]
    return sorted(out, key=lambda x: (-x["stories"], str(x["outlet"]), str(x["speaker"])))


def _claims_for(store: Store, items: list[dict[str, Any]], top: dict[str, str] | None,
                cond: str, params: list[Any]) -> None:
    """Fill each item's "claims" (evidence of both sides) and "sides" (who says what)."""
    if not top:
        _claims_sql(store, items, cond, params)
    else:
        _claims_py(store, items, top, cond, params)


_SIGN = "CASE c.relation " + " ".join(f"WHEN '{r}' THEN {s}" for r, s in SIGN.items()) + " ELSE 0 END"


def _claims_sql(store: Store, items: list[dict[str, Any]], cond: str, params: list[Any]) -> None:
    """``_claims_py`` without roll-up, aggregated by the database: only the listed claims
    and the per-voice summaries travel, however many claims a pair has."""
    if not items:
        return
    raw = sorted({p for x in items for p in ((x["a"], x["b"]), (x["b"], x["a"]))})
    values = ",".join("(?, ?)" for _ in raw)
    u = f"""WITH m AS (
      SELECT c.doc, c.idx, {OUTLET} AS outlet, c.source AS speaker, c.subject, c.relation,
             c.object, c.negated, c.hedged, c.ev_start, c.ev_end, c.ev_text, d.published,
             {STORY} AS story, LEAST(c.subject, c.object) AS a, GREATEST(c.subject, c.object) AS b,
             CASE WHEN c.negated THEN -({_SIGN}) ELSE {_SIGN} END AS sign
      {_BASE}
      WHERE (c.subject, c.object) IN (VALUES {values}) AND c.relation <> 'part_of' {cond}),
    k AS (SELECT m.*, ROW_NUMBER() OVER (
            PARTITION BY story, subject, relation, object, negated, hedged, speaker, ev_text
            ORDER BY CASE WHEN story = doc THEN 0 ELSE 1 END, published NULLS LAST, doc, idx) AS dup
          FROM m),
    u AS (SELECT * FROM k WHERE dup = 1)"""
    uparams = [v for p in raw for v in p] + params
    # one query, two kinds of rows: per-voice summaries (rn = 0) and listed claims (rn >= 1)
    rows = store.query(f"""{u}
    SELECT a, b, CASE WHEN sign > 0 THEN '+' ELSE '-' END AS side,
           COALESCE(outlet, '') AS outlet, COALESCE(speaker, '') AS speaker,
           COUNT(*) AS claims, COUNT(DISTINCT story) AS stories,
           STRING_AGG(DISTINCT CASE WHEN negated THEN 'not ' ELSE '' END || relation, chr(31))
             AS relations, 0 AS rn, NULL AS doc, NULL AS subject, NULL AS relation,
           NULL AS object, NULL AS negated, NULL AS hedged, NULL AS ev_start, NULL AS ev_end,
           NULL AS ev_text, NULL AS published
    FROM u WHERE sign <> 0
    GROUP BY a, b, CASE WHEN sign > 0 THEN '+' ELSE '-' END, COALESCE(outlet, ''),
             COALESCE(speaker, '')
    UNION ALL
    SELECT a, b, NULL, outlet, speaker, NULL, NULL, NULL, rn, doc, subject, relation, object,
           negated, hedged, ev_start, ev_end, ev_text, published
    FROM (SELECT u.*, ROW_NUMBER() OVER (
            PARTITION BY a, b ORDER BY COALESCE(published, ''), doc, idx) AS rn FROM u) r
    WHERE rn <= {int(MAX_CLAIMS)}""", uparams)
    sides = [r for r in rows if r["rn"] == 0]
    listed = sorted((r for r in rows if r["rn"] > 0), key=lambda r: (r["a"], r["b"], r["rn"]))
    by_side: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in sides:
        by_side.setdefault((r["a"], r["b"], r["side"]), []).append({
            "outlet": r["outlet"] or None, "speaker": r["speaker"] or None,
            "relations": sorted(r["relations"].split(chr(31))), "claims": int(r["claims"]),
            "stories": int(r["stories"])})
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in listed:
        by_pair.setdefault((r["a"], r["b"]), []).append({
            "doc": r["doc"], "outlet": r["outlet"], "source": r["speaker"],  # claim schema
            "subject": r["subject"], "relation": r["relation"], "object": r["object"],
            "negated": bool(r["negated"]), "hedged": bool(r["hedged"]),
            "evidence": {"start": r["ev_start"], "end": r["ev_end"], "text": r["ev_text"]},
            "published": r["published"]})
    for x in items:
        x["sides"] = {
            side: sorted(by_side.get((x["a"], x["b"], side), []),
                         key=lambda g: (-g["stories"], str(g["outlet"]), str(g["speaker"])))
            for side in ("+", "-")}
        x["claims"] = by_pair.get((x["a"], x["b"]), [])


def _claims_py(store: Store, items: list[dict[str, Any]], top: dict[str, str] | None,
               cond: str, params: list[Any]) -> None:
    """Claims and sides computed in Python from every claim of the pairs (needed for roll-up)."""
    if not items:
        return
    wanted = {(x["a"], x["b"]) for x in items}
    if top:
        names = sorted({n for x in items for a in (x["a"], x["b"]) for n in descendants(top, a)})
        marks = ",".join("?" * len(names))
        restrict, rparams = f"c.subject IN ({marks}) AND c.object IN ({marks})", names + names
    else:
        raw = sorted({p for a, b in wanted for p in ((a, b), (b, a))})
        values = ",".join("(?, ?)" for _ in raw)
        restrict = f"(c.subject, c.object) IN (VALUES {values})"
        rparams = [v for p in raw for v in p]
    sql = f"""
    SELECT c.doc, {OUTLET} AS outlet, c.source AS speaker, c.subject, c.relation, c.object,
           c.negated, c.hedged, c.ev_start, c.ev_end, c.ev_text, d.published,
           {STORY} AS story
    {_BASE}
    WHERE {restrict} AND c.relation <> 'part_of' {cond}
    ORDER BY d.published, c.doc, c.idx
    """
    rows = store.query(sql, rparams + params)
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen: set[tuple[Any, ...]] = set()
    rows.sort(key=lambda r: r["story"] != r["doc"])  # originals before syndicated copies
    for r in rows:
        s = top.get(r["subject"], r["subject"]) if top else r["subject"]
        o = top.get(r["object"], r["object"]) if top else r["object"]
        key = pair(s, o)
        if key not in wanted:
            continue
        ident = (r["story"], r["subject"], r["relation"], r["object"], r["negated"],
                 r["hedged"], r["speaker"], r["ev_text"])
        if ident in seen:  # a syndicated copy of a claim already listed
            continue
        seen.add(ident)
        sign = SIGN.get(r["relation"], 0) * (-1 if r["negated"] else 1)
        by_pair.setdefault(key, []).append({
            "doc": r["doc"], "outlet": r["outlet"], "source": r["speaker"],  # claim schema
            "subject": r["subject"], "relation": r["relation"], "object": r["object"],
            "negated": bool(r["negated"]), "hedged": bool(r["hedged"]),
            "evidence": {"start": r["ev_start"], "end": r["ev_end"], "text": r["ev_text"]},
            "published": r["published"], "story": r["story"], "sign": sign,
        })
    for x in items:
        cl = sorted(by_pair.get((x["a"], x["b"]), []),
                    key=lambda c: (str(c["published"] or ""), c["doc"]))
        x["sides"] = {"+": _side_summary([c for c in cl if c["sign"] > 0]),
                      "-": _side_summary([c for c in cl if c["sign"] < 0])}
        for c in cl:
            del c["story"], c["sign"]
        x["claims"] = cl[:MAX_CLAIMS]


def contradictions(
    store: Store,
    actor: str | None = None,
    filters: Filters | None = None,
    limit: int | None = 100,
    **kw: Unpack[FilterArgs],
) -> list[dict[str, Any]]:
    """Contradicted pairs, best first: {"a", "b", "score", "kind", "same_voice", "claims", "sides"}."""
    fl = Filters.of(filters, **kw)
    f = fl.claims()
    top = rollup_map(store, fl.rollup)
    names = (descendants(top, actor) if top else [actor]) if actor else None
    df = score_pairs(store, f, top, names, actor)
    if limit is not None:
        df = df.head(max(0, limit))
    items = [{"a": r["a"], "b": r["b"], "score": float(r["score"]), "kind": r["kind"],
              "same_voice": bool(r["same_voice"]),
              "evidence": {"+": float(r["plus"]), "-": float(r["minus"])}}
             for r in df.to_dict("records")]
    cond, params = where(**f)
    _claims_for(store, items, top, cond, params)
    return items
