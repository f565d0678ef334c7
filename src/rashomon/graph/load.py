"""Reading claims for the graph: filters, syndication, roll-up and evidence values.

Conventions used by every graph function:
- A *story* is a document, or the original of a near-duplicate (``duplicate_of``): a
  syndicated copy adds no evidence and no outlet of its own.
- The *outlet* credited for a claim is the original's outlet when the copy's original is
  stored, else the document's own ``source``. The ``outlet`` filter selects what an
  outlet published (its own ``source``, copies included).
- A claim's *value* is 1, or ``HEDGE_WEIGHT`` when hedged. Its *effective sign* is the
  relation's sign, flipped when negated ("did not support" is negative evidence).
- Dates are ISO text; ``since``/``until`` are inclusive prefixes ("2021" = all of 2021)
  and select claims by their date (``WHEN``: the date the text gives, else publication).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, TypedDict

from rashomon.doc import RELATIONS
from rashomon.errors import UserError
from rashomon.nlp import actors
from rashomon.store.base import Store

HEDGE_WEIGHT = 0.5
# what loading a missing or damaged knowledge base raises (graph functions then do without)
KB_ERRORS = (UserError, OSError, ValueError, LookupError)  # the KB's YAML errors are UserErrors
Rollup = bool | Mapping[str, str]

_BASE = """
FROM claims c
JOIN documents d ON d.id = c.doc
LEFT JOIN documents o ON o.id = d.duplicate_of
"""
STORY = "COALESCE(d.duplicate_of, d.id)"
# a claim's date: the start of the date its text gives ("2014/.." -> "2014"), else the
# publication date (a stored time that is no date, from before dates were normalised,
# is ignored)
_IS_DATE = " AND ".join(
    ["SUBSTR(c.time, 1, 1) IN ('1', '2')"]
    + [f"SUBSTR(c.time, {i}, 1) BETWEEN '0' AND '9'" for i in (2, 3, 4)]
    + ["(LENGTH(c.time) = 4 OR SUBSTR(c.time, 5, 1) IN ('-', '/'))"])
WHEN = (f"COALESCE(CASE WHEN {_IS_DATE} THEN SUBSTR(c.time, 1, "
        "CASE WHEN POSITION('/' IN c.time) > 0 THEN POSITION('/' IN c.time) - 1 "
        "ELSE LENGTH(c.time) END) END, d.published)")
OUTLET = "COALESCE(o.source, d.source)"


class FilterArgs(TypedDict, total=False):
    """The filters as keyword arguments (what ``Filters`` holds)."""

    since: str | None
    until: str | None
    relation: str | list[str] | None
    outlet: str | None
    source: str | None
    rollup: Rollup


@dataclass(frozen=True, slots=True)
class Filters:
    """What every graph function filters by: ``since``/``until`` (ISO dates, inclusive
    prefixes), ``relation`` (one or a comma list), ``outlet`` (what one outlet published),
    ``source`` (one speaker; "none" = the outlets' own voice) and ``rollup`` (False, True
    for the store's actor hierarchy, or a mapping child name -> parent name)."""

    since: str | None = None
    until: str | None = None
    relation: str | list[str] | None = None
    outlet: str | None = None
    source: str | None = None
    rollup: Rollup = False

    @classmethod
    def of(cls, filters: Filters | None = None, /, **kw: Any) -> Filters:
        """``filters`` (or none) with the keyword filters ``kw`` set on top."""
        return replace(filters, **kw) if filters is not None else cls(**kw)

    def claims(self) -> dict[str, Any]:
        """The claim filters (all but ``rollup``), as ``where`` takes them."""
        return {"since": self.since, "until": self.until, "relation": self.relation,
                "outlet": self.outlet, "source": self.source}


def check_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    v = str(value).strip()
    ok = len(v) in (4, 7, 10) and all(ch.isdigit() or ch == "-" for ch in v) and v[:4].isdigit()
    if not ok:
        raise UserError(f"--{name} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    return v


def where(
    since: str | None = None,
    until: str | None = None,
    relation: str | list[str] | None = None,
    outlet: str | None = None,
    source: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL conditions (joined with AND, starting with ' AND ') and their parameters."""
    parts: list[str] = []
    params: list[Any] = []
    since, until = check_date(since, "since"), check_date(until, "until")
    if since:
        parts.append(f"{WHEN} >= ?")
        params.append(since)
    if until:
        parts.append(f"{WHEN} <= ?")
        params.append(until + "~")  # '~' sorts after digits and '-': the prefix is inclusive
    if relation:
        given = relation if isinstance(relation, list | tuple) else str(relation).split(",")
        rels = [str(r).strip() for r in given if str(r).strip()]
        bad = [r for r in rels if r not in RELATIONS]
        if bad:
            raise UserError(f"unknown relation {bad[0]!r}; choose from {', '.join(RELATIONS)}")
        parts.append(f"c.relation IN ({','.join('?' * len(rels))})")
        params += rels
    if outlet:
        parts.append("LOWER(d.source) = LOWER(?)")
        params.append(outlet)
    if source:
        if str(source).lower() in ("none", "null", "-", "outlet"):
            parts.append("c.source IS NULL")
        else:
            parts.append("LOWER(c.source) = LOWER(?)")
            params.append(source)
    return "".join(" AND " + p for p in parts), params


def marks(names: Any) -> str:
    """SQL placeholders for an IN list: "?,?,?" ("NULL" for none, which matches nothing)."""
    return ",".join("?" * len(names)) or "NULL"


# ---- roll-up ----------------------------------------------------------------------------
def parent_map(store: Store, names: list[str] | None = None) -> dict[str, str]:
    """Child name -> parent name, from the store's ``actors`` table (else from the KB),
    and for actors the KB does not know, from their ``part_of`` claims (their title);
    with ``names``, those claims are read only for these names (indexed lookups)."""
    rows = store.query(
        "SELECT a.name AS child, p.name AS parent FROM actors a JOIN actors p ON p.id = a.parent"
    )
    if not store.query("SELECT id FROM actors LIMIT 1"):
        try:
            kb = actors.kb.load_kb()
            rows = []
            for a in kb.actors:
                p = kb.parent(a.id)
                if p is not None:
                    rows.append({"child": a.name, "parent": p.name})
        except KB_ERRORS:  # no usable KB: no roll-up
            rows = []
    out = {r["child"]: r["parent"] for r in rows if r["child"] and r["parent"]}
    # actors the KB does not know (people NER found): the body or state their title names
    # ("Nasser Kanaani, the Iranian Foreign Ministry spokesman" -> part_of the ministry);
    # with ``names``, their parents' parents too, so a name's chain never depends on
    # which other names were asked for
    asked: set[str] = set()
    todo = None if names is None else sorted(set(names))
    while todo is None or todo:
        only, params = "", []
        if todo is not None:
            only, params = f" AND subject IN ({marks(todo)})", todo
            asked.update(todo)
        for r in store.query(
                "/* roll-up */ SELECT subject AS child, object AS parent, COUNT(*) AS n FROM claims "
                f"WHERE relation = 'part_of' AND NOT negated AND subject_id LIKE 'unk:%'{only} "
                "GROUP BY subject, object ORDER BY n DESC, object", params):
            if r["child"] and r["parent"] and r["child"] != r["parent"]:
                out.setdefault(r["child"], r["parent"])
        if todo is None:
            break
        todo = sorted({p for p in out.values() if p not in out} - asked)
    return out


def roots(parents: Mapping[str, str]) -> dict[str, str]:
    """Every child name mapped to its top ancestor (cycles stop where they close)."""
    out: dict[str, str] = {}
    for child in parents:
        seen = {child}
        top = parents[child]
        while top in parents and top not in seen:
            seen.add(top)
            top = parents[top]
        out[child] = top
    return out


def rollup_map(store: Store, rollup: Rollup) -> dict[str, str] | None:
    """The name -> top-ancestor mapping for ``rollup`` (True: from the store; a mapping: as given)."""
    if not rollup:
        return None
    parents = dict(rollup) if isinstance(rollup, Mapping) else parent_map(store)
    return roots(parents)


def descendants(parents: Mapping[str, str], name: str) -> list[str]:
    """Names that roll up to ``name`` (itself included)."""
    top = roots(parents)
    return [name] + sorted(c for c, t in top.items() if t == name and c != name)


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
