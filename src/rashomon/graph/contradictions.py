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

from typing import Any

import pandas as pd

from rashomon.doc import SIGN
from rashomon.graph.load import _BASE, OUTLET, STORY, Rollup, descendants, pair, rollup_map, where
from rashomon.graph.sql import claims_cte

SAME_VOICE_FACTOR = 0.25
DENIAL_BONUS = 1.25
MAX_CLAIMS = 30  # claims listed per item


def score_pairs(store: Any, filters: dict[str, Any], top: dict[str, str] | None = None,
                actors: list[str] | None = None, actor: str | None = None) -> pd.DataFrame:
    """Contradicted pairs with their score, best first (a, b, plus, minus, voices, denial)."""
    cte, params = claims_cte(filters, top, actors)
    sql = f"""WITH {cte},
    y AS (SELECT LEAST(subject, object) AS a, GREATEST(subject, object) AS b, * FROM x
          WHERE esign <> 0),
    ev AS (SELECT a, b, story, MAX(CASE WHEN esign > 0 THEN value ELSE 0 END) AS p,
                  MAX(CASE WHEN esign < 0 THEN value ELSE 0 END) AS q
           FROM y GROUP BY a, b, story),
    w AS (SELECT a, b, SUM(p) AS plus, SUM(q) AS minus FROM ev GROUP BY a, b
          HAVING SUM(p) > 0 AND SUM(q) > 0),
    v AS (SELECT y.a, y.b,
                 COUNT(DISTINCT COALESCE(outlet, '?') || chr(31) || COALESCE(speaker, '')) AS voices
          FROM y JOIN w ON w.a = y.a AND w.b = y.b GROUP BY y.a, y.b),
    t AS (SELECT y.a, y.b, subject, relation, object,
                 MAX(CASE WHEN negated THEN 0 ELSE 1 END) AS asserted,
                 MAX(CASE WHEN negated THEN 1 ELSE 0 END) AS denied
          FROM y JOIN w ON w.a = y.a AND w.b = y.b GROUP BY y.a, y.b, subject, relation, object),
    dn AS (SELECT a, b, MAX(asserted * denied) AS denial FROM t GROUP BY a, b)
    SELECT w.a, w.b, w.plus, w.minus, v.voices, dn.denial
    FROM w JOIN v ON v.a = w.a AND v.b = w.b JOIN dn ON dn.a = w.a AND dn.b = w.b"""
    df = store.frame(sql, params)
    if actor is not None:
        df = df[(df["a"] == actor) | (df["b"] == actor)]
    if df.empty:
        return df.assign(score=pd.Series(dtype=float))
    df = df.copy()
    df["plus"] = df["plus"].astype(float)
    df["minus"] = df["minus"].astype(float)
    df["same_voice"] = df["voices"] <= 1
    df["kind"] = df["denial"].map(lambda d: "denial" if d else "sign")
    score = df[["plus", "minus"]].min(axis=1)
    score = score * df["same_voice"].map({True: SAME_VOICE_FACTOR, False: 1.0})
    score = score * df["kind"].map({"denial": DENIAL_BONUS, "sign": 1.0})
    df["score"] = score.round(3)
    df["total"] = df["plus"] + df["minus"]
    df = df.sort_values(["score", "total", "a", "b"], ascending=[False, False, True, True],
                        kind="stable")
    return df.reset_index(drop=True)


def _side_summary(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for c in claims:
        key = (c["outlet"] or "", c["speaker"] or "")
        g = groups.setdefault(key, {"outlet": c["outlet"], "speaker": c["speaker"],
                                    "relations": set(), "claims": 0, "stories": set()})
        g["relations"].add(("not " if c["negated"] else "") + c["relation"])
        g["claims"] += 1
        g["stories"].add(c["story"])
    out = [{**g, "relations": sorted(g["relations"]), "stories": len(g["stories"])}
           for g in groups.values()]
    return sorted(out, key=lambda x: (-x["stories"], str(x["outlet"]), str(x["speaker"])))


def _claims_for(store: Any, items: list[dict[str, Any]], top: dict[str, str] | None,
                cond: str, params: list[Any]) -> None:
    """Fill each item's "claims" (evidence of both sides) and "sides" (who says what)."""
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
            "doc": r["doc"], "outlet": r["outlet"], "speaker": r["speaker"],
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
    store: Any,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Contradicted pairs, best first: {"a", "b", "score", "kind", "same_voice", "claims", "sides"}."""
    f = {"since": since, "until": until, "relation": relation, "outlet": outlet, "source": source}
    top = rollup_map(store, rollup)
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
