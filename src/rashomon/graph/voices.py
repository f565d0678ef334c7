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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Unpack

from rashomon.errors import UserError
from rashomon.graph.load import FilterArgs, Filters, parent_map, rollup_map, roots
from rashomon.graph.schema import PAIR_COLUMNS
from rashomon.graph.sql import claims_cte
from rashomon.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

STATES = ("agreed", "contested", "mixed")
MIXED_SHARE = 0.25
ACCUSE = "accuse"
ARMED = ("armed_group",)


def voice_rows(store: Store, filters: dict[str, Any], top: dict[str, str] | None = None,
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


def _types(store: Store) -> dict[str, str]:
    rows = store.query("/* voices */ SELECT name, type FROM actors")  # migration 001
    return {r["name"]: r["type"] or "" for r in rows}


def accusations(df: pd.DataFrame, top_of: dict[str, str], types: dict[str, str]) -> pd.DataFrame:
    """The ``accuse`` rows (speaker -> accused) of the accusations among ``df``'s claims."""
    if df.empty:
        return df.iloc[0:0]
    cols = [df[c].tolist() for c in ("subject", "relation", "object", "negated", "voice",
                                       "speaker", "esign")]
    asserted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    denied: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, r, o, neg, v in zip(*cols[:5], strict=True):
        (denied if neg else asserted)[(s, r, o)].add(v)
    keep = []
    for i, (s, r, o, neg, _, sp, esign) in enumerate(zip(*cols, strict=True)):
        if not isinstance(sp, str) or not sp or neg or esign == 0:
            continue
        side = top_of.get(sp, sp)
        if side in (top_of.get(s, s), top_of.get(o, o)) or sp in (s, o):
            continue  # a party speaking of itself: no third party
        is_denied = bool(denied.get((s, r, o), set()) - asserted.get((s, r, o), set()))
        armed = esign > 0 and types.get(o, "") in ARMED
        against_speaker = esign < 0 and top_of.get(o, o) == side
        if is_denied or armed or against_speaker:
            keep.append(i)
    out = df.iloc[keep].reset_index(drop=True)
    return out.assign(subject=out["speaker"], relation=ACCUSE, object=out["subject"],
                      negated=False, esign=-1)


class _Evidence:
    """What the claims of one pair (seen by one view) say: evidence per story, relation
    counts, outlets, speakers, the outlets and voices of each side, and per edge the
    voices asserting and denying it."""

    __slots__ = ("ev", "rels", "outlets", "speakers", "plus", "minus", "edges", "first", "last")

    def __init__(self) -> None:
        self.ev: dict[Any, tuple[float, float]] = {}
        self.rels: dict[str, int] = defaultdict(int)
        self.outlets: set[str] = set()
        self.speakers: set[str] = set()
        self.plus: tuple[set[str], set[str]] = (set(), set())
        self.minus: tuple[set[str], set[str]] = (set(), set())
        self.edges: dict[tuple[str, str, str], list[set[str]]] = defaultdict(lambda: [set(), set()])
        self.first: str | None = None
        self.last: str | None = None

    def add(self, s: str, o: str, relation: str, negated: Any, esign: int, speaker: Any,
            story: Any, outlet: str, voice: str, value: Any, n: Any, first: Any,
            last: Any) -> None:
        v = float(value)
        p, q = self.ev.get(story, (0.0, 0.0))
        self.ev[story] = (max(p, v), q) if esign > 0 else (p, max(q, v))
        self.rels[("not " if negated else "") + relation] += int(n)
        self.outlets.add(outlet)
        if isinstance(speaker, str) and speaker:
            self.speakers.add(speaker)
        outs, voices = self.plus if esign > 0 else self.minus
        outs.add(outlet)
        voices.add(voice)
        self.edges[(s, relation, o)][int(bool(negated))].add(voice)
        if isinstance(first, str) and first:
            self.first = first if self.first is None else min(self.first, first)
        if isinstance(last, str) and last:
            self.last = last if self.last is None else max(self.last, last)

    def merged(self, other: _Evidence) -> _Evidence:
        """The evidence of both (as if ``other``'s rows were added to this one's)."""
        out = _Evidence()
        out.ev = dict(self.ev)
        for story, (p, q) in other.ev.items():
            p0, q0 = out.ev.get(story, (0.0, 0.0))
            out.ev[story] = (max(p0, p), max(q0, q))
        out.rels.update(self.rels)
        for name, n in other.rels.items():
            out.rels[name] += n
        out.outlets, out.speakers = self.outlets | other.outlets, self.speakers | other.speakers
        out.plus = (self.plus[0] | other.plus[0], self.plus[1] | other.plus[1])
        out.minus = (self.minus[0] | other.minus[0], self.minus[1] | other.minus[1])
        for table in (self.edges, other.edges):
            for key, (yes, no) in table.items():
                out.edges[key][0].update(yes)
                out.edges[key][1].update(no)
        out.first = min((x for x in (self.first, other.first) if x is not None), default=None)
        out.last = max((x for x in (self.last, other.last) if x is not None), default=None)
        return out

    def record(self, a: str, b: str) -> dict[str, Any]:
        """The pair's row (``PAIR_COLUMNS``)."""
        p = sum(e[0] for e in self.ev.values())
        q = sum(e[1] for e in self.ev.values())
        total = p + q
        denied = any(yes and (no - yes) for yes, no in self.edges.values())
        side = self.plus if p >= q else self.minus
        return {
            "a": a, "b": b, "stance": (p - q) / total if total else 0.0, "weight": total,
            "state": state_of(p, q, denied, len(side[0]), len(side[1])),
            "relations": dict(sorted(self.rels.items())),
            "outlets": sorted(o for o in self.outlets if not o.startswith("doc:")),
            "speakers": sorted(self.speakers),
            "sources_for": _independent(*self.plus),
            "sources_against": _independent(*self.minus),
            "denied": denied, "first_seen": self.first, "last_seen": self.last,
        }


_ROW = ("subject", "object", "relation", "negated", "esign", "speaker", "story", "outlet",
        "voice", "value", "n", "first", "last")


def _rows(df: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """``df``'s signed rows as ``_Evidence.add`` arguments."""
    if df.empty:
        return iter(())
    df = df[df["esign"] != 0]
    return zip(*(df[c].tolist() for c in _ROW), strict=True)


def _key(s: str, o: str) -> tuple[str, str]:
    return (s, o) if s <= o else (o, s)


def _get(table: dict[Any, _Evidence], key: Any) -> _Evidence:
    x = table.get(key)
    if x is None:
        x = table[key] = _Evidence()
    return x


def pairs_from_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair (a < b) with its stance, evidence and ``state``."""
    import pandas as pd  # noqa: PLC0415 - heavy

    acc: dict[tuple[str, str], _Evidence] = {}
    for row in _rows(df):
        _get(acc, _key(row[0], row[1])).add(*row)
    out = pd.DataFrame([x.record(a, b) for (a, b), x in acc.items()], columns=list(PAIR_COLUMNS))
    return out.sort_values(["weight", "a", "b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def actor_views(store: Store) -> list[dict[str, Any]]:
    """Every actor's view of each of its pairs, as ``pairs(store, actors=[actor])`` gives
    them without filters: the claims between the two, and the accusations against the
    actor (not those the actor voices). Records with ``actor``/``other`` added, in actor
    order; what ``cache`` stores in ``pair_by_actor``."""
    df = voice_rows(store, {})
    if df.empty:
        return []
    acc = _accusations_in(store, df)
    acc = acc if acc is not None else df.iloc[0:0]
    base: dict[tuple[str, str], _Evidence] = {}
    for row in _rows(df):
        _get(base, _key(row[0], row[1])).add(*row)
    against: dict[tuple[str, tuple[str, str]], _Evidence] = {}  # (accused, pair)
    for row in _rows(acc):
        _get(against, (row[1], _key(row[0], row[1]))).add(*row)
    out = []
    for (a, b), x in base.items():
        for actor, other in ((a, b), (b, a)):
            extra = against.pop((actor, (a, b)), None)
            seen = x.merged(extra) if extra is not None else x
            out.append({"actor": actor, "other": other, **seen.record(a, b)})
    for (actor, (a, b)), x in against.items():  # pairs only an accusation makes
        out.append({"actor": actor, "other": b if a == actor else a, **x.record(a, b)})
    out.sort(key=lambda r: (r["actor"], r["other"]))
    return out


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
    store: Store,
    filters: Filters | None = None,
    actors: list[str] | None = None,
    state: str | list[str] | None = None,
    **kw: Unpack[FilterArgs],
) -> pd.DataFrame:
    """The pair table through a lens (``outlet``: one outlet; ``source``: one speaker, or
    "none" for the articles' own voice; neither: the record overall), accusations
    included, each pair with its ``state``; ``state`` keeps only those states."""
    import pandas as pd  # noqa: PLC0415 - heavy

    fl = Filters.of(filters, **kw)
    f = fl.claims()
    top = rollup_map(store, fl.rollup)
    df = voice_rows(store, f, top, actors)
    acc = _accusations_in(store, df)
    if acc is not None and not acc.empty:
        df = pd.concat([df, acc], ignore_index=True)
    out = pairs_from_rows(df)
    if state:
        keep = [state] if isinstance(state, str) else list(state)
        bad = [s for s in keep if s not in STATES]
        if bad:
            raise UserError(f"unknown state {bad[0]!r}; choose from {', '.join(STATES)}")
        out = out[out["state"].isin(keep)].reset_index(drop=True)
    return out


def _accusations_in(store: Store, df: pd.DataFrame) -> pd.DataFrame | None:
    """The accusation rows among ``df``'s claims (None when no claim has a speaker)."""
    if df.empty:
        return None
    speakers = df.loc[df["speaker"].notna(), ["speaker", "subject", "object"]]
    names = sorted(set(speakers.to_numpy().ravel()) - {None})
    return accusations(df, roots(parent_map(store, names)), _types(store)) if names else None


def with_states(edges: pd.DataFrame, pair_table: pd.DataFrame) -> pd.DataFrame:
    """The edge table with each edge's pair ``state`` ("" for a pair with no signed
    evidence, such as ``part_of`` alone)."""
    states = {(a, b): s for a, b, s in zip(pair_table.get("a", []), pair_table.get("b", []),
                                           pair_table.get("state", []), strict=True)}
    out = edges.copy()
    out["state"] = [states.get((s, o) if s <= o else (o, s), "")
                    for s, o in zip(out["subject"], out["object"], strict=True)]
    return out
