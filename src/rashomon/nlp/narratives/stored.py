"""Stored narrative and role labels, summarised per outlet or per actor."""

from __future__ import annotations

import json
from typing import Any

from rashomon.errors import UserError
from rashomon.store.base import Store


def summary(store: Store, by: str = "outlet", kind: str | None = None) -> list[dict[str, Any]]:
    """Label counts from the store.

    ``by="outlet"``: one row per (outlet, kind, label) for narratives and sub-narratives with
    ``docs`` (documents carrying it) and ``share`` (of that outlet's labelled documents).
    ``by="actor"``: one row per (actor, role) with ``docs``, ``mentions`` and the fine roles
    seen (``fine``: {role: count}).
    """
    if by == "outlet":
        kinds = (kind,) if kind else ("narrative", "subnarrative")
        marks = ",".join("?" * len(kinds))
        rows = store.query(
            "SELECT COALESCE(d.source, '(unknown)') AS outlet, l.kind AS kind, l.value AS label, "
            "COUNT(DISTINCT l.doc) AS docs FROM labels l JOIN documents d ON d.id = l.doc "
            f"WHERE l.kind IN ({marks}) GROUP BY COALESCE(d.source, '(unknown)'), l.kind, l.value",
            list(kinds))
        totals = {r["outlet"]: int(r["n"]) for r in store.query(
            "SELECT COALESCE(d.source, '(unknown)') AS outlet, COUNT(DISTINCT l.doc) AS n "
            "FROM labels l JOIN documents d ON d.id = l.doc WHERE l.kind = 'narrative' "
            "GROUP BY COALESCE(d.source, '(unknown)')")}
        for r in rows:
            r["docs"] = int(r["docs"])
            r["share"] = round(r["docs"] / totals[r["outlet"]], 4) if totals.get(r["outlet"]) else None
        rows.sort(key=lambda r: (r["outlet"], r["kind"], -r["docs"], r["label"]))
        return rows
    if by == "actor":
        raw = store.query(
            "SELECT l.actor AS actor, COALESCE(MAX(m.name), l.actor) AS name, l.value AS role, "
            "l.fine AS fine, l.doc AS doc FROM labels l LEFT JOIN mentions m "
            "ON m.doc = l.doc AND m.actor = l.actor WHERE l.kind = 'role' "
            "GROUP BY l.actor, l.value, l.fine, l.doc")
        agg: dict[tuple[str, str], dict[str, Any]] = {}
        for r in raw:
            a = agg.setdefault((r["actor"], r["role"]), {
                "actor": r["actor"], "name": r["name"], "role": r["role"], "docs": 0, "fine": {}})
            a["docs"] += 1
            for f in json.loads(r["fine"] or "[]"):
                a["fine"][f] = a["fine"].get(f, 0) + 1
        out = list(agg.values())
        out.sort(key=lambda r: (-r["docs"], r["name"] or "", r["role"]))
        return out
    raise UserError(f"--by must be 'outlet' or 'actor', not {by!r}")
