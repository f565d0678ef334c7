"""According to whom: the relations independent sources agree on, and the contested and
mixed ones.

A claim's *voice* is the speaker it is attributed to, else the outlet's own voice (a
document without outlet metadata is its own outlet). Two sources are independent when
they differ in outlet and in voice: a speaker quoted by two outlets is one voice, two
speakers quoted by one outlet are one outlet; a syndicated copy counts once (its story).

Each actor pair gets a ``state``:
- ``contested``: a relation one voice asserts and another denies, or the pair's side
  rests on one source (one outlet or one voice: "one-sided").
- ``mixed``: evidence both ways over different relations (cooperate and oppose), the
  weaker side at least ``MIXED_SHARE`` of the stronger.
- ``agreed``: the pair's side is asserted by at least two outlets and two voices, and
  nobody denies it.

An *accusation* is a claim a third party voices about the accused (the speaker is neither
end, nor rolls up to one) that the accused denies, that ties the accused to an armed
group, or that has the accused act against the speaker's own side. It is kept as a claim
about the pair (contested unless independent sources agree) and also counts as the
speaker's stance toward the accused: one ``accuse`` relation, negative evidence.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from rashomon.graph.load import Rollup, parent_map, rollup_map, roots
from rashomon.graph.sql import claims_cte

STATES = ("agreed", "contested", "mixed")
MIXED_SHARE = 0.25
ACCUSE = "accuse"
ARMED = ("armed_group",)
PAIR_COLUMNS = (
    "a", "b", "stance", "weight", "state", "relations", "outlets", "speakers",
    "sources_for", "sources_against", "denied", "first_seen", "last_seen",
)


def voice_rows(store: Any, filters: dict[str, Any], top: dict[str, str] | None = None,
               actors: list[str] | None = None) -> pd.DataFrame:
    """Claims grouped by (subject, relation, object, negated, esign, speaker, story,
    outlet), with the strongest ``value``, a count ``n`` and the dates."""
    cte, params = claims_cte(filters, top, actors)
    sql = f"""/* voices */ WITH {cte}
    SELECT subject, relation, object, negated, esign, speaker, story, outlet,
           MAX(value) AS value, COUNT(*) AS n, MIN(published) AS first, MAX(published) AS last
    FROM x GROUP BY subject, relation, object, negated, esign, speaker, story, outlet"""
    df = store.frame(sql, params)
    if df.empty:
        return df
    df["negated"] = df["negated"].astype(bool)
    df["esign"] = df["esign"].astype(int)
    df["outlet"] = [o if isinstance(o, str) and o else f"doc:{s}"
                    for o, s in zip(df["outlet"], df["story"], strict=True)]
    df["voice"] = [f"speaker:{sp}" if isinstance(sp, str) and sp else f"outlet:{o}"
                   for sp, o in zip(df["speaker"], df["outlet"], strict=True)]
    return df


def _types(store: Any) -> dict[str, str]:
    try:
        rows = store.query("/* voices */ SELECT name, type FROM actors")
    except Exception:  # a store without actors: no types
        rows = []
    return {r["name"]: r["type"] or "" for r in rows}


def accusations(df: pd.DataFrame, top_of: dict[str, str], types: dict[str, str]) -> pd.DataFrame:
    """The ``accuse`` rows (speaker -> accused) of the accusations among ``df``'s claims."""
    if df.empty:
        return df.iloc[0:0]
    asserted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    denied: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, r, o, neg, v in zip(df["subject"], df["relation"], df["object"], df["negated"],
                               df["voice"], strict=True):
        (denied if neg else asserted)[(s, r, o)].add(v)
    out = []
    for row in df.itertuples(index=False):
        sp = row.speaker
        if not isinstance(sp, str) or not sp or row.negated or row.esign == 0:
            continue
        s, o = row.subject, row.object
        side = top_of.get(sp, sp)
        if side in (top_of.get(s, s), top_of.get(o, o)) or sp in (s, o):
            continue  # a party speaking of itself: no third party
        key = (s, row.relation, o)
        is_denied = bool(denied.get(key, set()) - asserted.get(key, set()))
        armed = row.esign > 0 and types.get(o, "") in ARMED
        against_speaker = row.esign < 0 and top_of.get(o, o) == side
        if is_denied or armed or against_speaker:
            d = row._asdict()
            d.update(subject=sp, relation=ACCUSE, object=s, negated=False, esign=-1)
            out.append(d)
    return pd.DataFrame(out, columns=df.columns)


def pairs_from_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair (a < b) with its stance, evidence and ``state``."""
    df = df[df["esign"] != 0] if not df.empty else df
    if df.empty:
        return pd.DataFrame(columns=list(PAIR_COLUMNS))
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    claims_by_edge: dict[tuple[str, str], dict[tuple[str, str, str], list[set[str]]]] = {}
    cols = ("subject", "object", "relation", "negated", "esign", "speaker", "story", "outlet",
            "voice", "value", "n", "first", "last")
    for s, o, relation, negated, esign, speaker, story, outlet, voice, value, n, first, last in zip(
            *(df[c].tolist() for c in cols), strict=True):
        key = (s, o) if s <= o else (o, s)
        x = acc.get(key)
        if x is None:
            x = acc[key] = {"ev": {}, "rels": defaultdict(int), "outlets": set(),
                            "speakers": set(), "plus": (set(), set()), "minus": (set(), set()),
                            "first": None, "last": None}
            claims_by_edge[key] = defaultdict(lambda: [set(), set()])
        v = float(value)
        p, q = x["ev"].get(story, (0.0, 0.0))
        x["ev"][story] = (max(p, v), q) if esign > 0 else (p, max(q, v))
        x["rels"][("not " if negated else "") + relation] += int(n)
        x["outlets"].add(outlet)
        if isinstance(speaker, str) and speaker:
            x["speakers"].add(speaker)
        outs, voices = x["plus" if esign > 0 else "minus"]
        outs.add(outlet)
        voices.add(voice)
        claims_by_edge[key][(s, relation, o)][int(bool(negated))].add(voice)
        if isinstance(first, str) and first:
            x["first"] = first if x["first"] is None else min(x["first"], first)
        if isinstance(last, str) and last:
            x["last"] = last if x["last"] is None else max(x["last"], last)
    rows = []
    for (a, b), x in acc.items():
        p = sum(e[0] for e in x["ev"].values())
        q = sum(e[1] for e in x["ev"].values())
        total = p + q
        denied = any(yes and (no - yes) for yes, no in claims_by_edge[(a, b)].values())
        side = x["plus"] if p >= q else x["minus"]
        rows.append({
            "a": a, "b": b, "stance": (p - q) / total if total else 0.0, "weight": total,
            "state": state_of(p, q, denied, len(side[0]), len(side[1])),
            "relations": dict(sorted(x["rels"].items())),
            "outlets": sorted(o for o in x["outlets"] if not o.startswith("doc:")),
            "speakers": sorted(x["speakers"]),
            "sources_for": _independent(*x["plus"]), "sources_against": _independent(*x["minus"]),
            "denied": denied, "first_seen": x["first"], "last_seen": x["last"],
        })
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    return out.sort_values(["weight", "a", "b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def _independent(outlets: set[str], voices: set[str]) -> int:
    """How many mutually independent sources a side has: distinct in outlet and voice."""
    return min(len(outlets), len(voices))


def state_of(p: float, q: float, denied: bool, outlets: int, voices: int) -> str:
    """The state of a pair from its evidence for (p) and against (q), whether a relation
    of it is denied, and the outlets and voices of its stronger side."""
    if denied:
        return "contested"
    if p > 0 and q > 0 and min(p, q) >= MIXED_SHARE * max(p, q):
        return "mixed"
    return "agreed" if outlets >= 2 and voices >= 2 else "contested"


def pairs(
    store: Any,
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
    actors: list[str] | None = None,
    state: str | list[str] | None = None,
) -> pd.DataFrame:
    """The pair table through a lens (``outlet``: one outlet; ``source``: one speaker, or
    "none" for the articles' own voice; neither: the record overall), accusations
    included, each pair with its ``state``; ``state`` keeps only those states."""
    f = {"since": since, "until": until, "relation": relation, "outlet": outlet,
         "source": source}
    top = rollup_map(store, rollup)
    df = voice_rows(store, f, top, actors)
    if not df.empty:
        speakers = df.loc[df["speaker"].notna(), ["speaker", "subject", "object"]]
        names = sorted(set(speakers.to_numpy().ravel()) - {None})
        acc = accusations(df, roots(parent_map(store, names)), _types(store)) if names else None
        if acc is not None and not acc.empty:
            df = pd.concat([df, acc], ignore_index=True)
    out = pairs_from_rows(df)
    if state:
        keep = [state] if isinstance(state, str) else list(state)
        bad = [s for s in keep if s not in STATES]
        if bad:
            from rashomon.errors import UserError

            raise UserError(f"unknown state {bad[0]!r}; choose from {', '.join(STATES)}")
        out = out[out["state"].isin(keep)].reset_index(drop=True)
    return out


def with_states(edges: pd.DataFrame, pair_table: pd.DataFrame) -> pd.DataFrame:
    """The edge table with each edge's pair ``state`` ("" for a pair with no signed
    evidence, such as ``part_of`` alone)."""
    states = {(a, b): s for a, b, s in zip(pair_table.get("a", []), pair_table.get("b", []),
                                           pair_table.get("state", []), strict=True)}
    out = edges.copy()
    out["state"] = [states.get((s, o) if s <= o else (o, s), "")
                    for s, o in zip(out["subject"], out["object"], strict=True)]
    return out
