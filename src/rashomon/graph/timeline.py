"""A pair's stance per period, and a phrase for it ("oppose until 2021, cooperate since 2022")."""

from __future__ import annotations

from typing import Any

from rashomon.graph.edges import stances_from_frame
from rashomon.graph.load import Rollup, claim_frame, descendants, parent_map, roots


def _label(relations: dict[str, float]) -> str:
    """The relation with the most evidence in a period ("not support" when denied)."""
    return max(sorted(relations), key=lambda r: relations[r]) if relations else "none"


def timeline(
    store: Any,
    a: str,
    b: str,
    period: str = "year",
    since: str | None = None,
    until: str | None = None,
    relation: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    rollup: Rollup = False,
) -> list[dict[str, Any]]:
    """[{"period", "stance", "weight", "label", "relations", "outlets"}], oldest first.

    ``period`` is "year" or "month"; claims from undated documents are left out.
    """
    if period not in ("year", "month"):
        raise ValueError("period must be 'year' or 'month'")
    width = 4 if period == "year" else 7
    names_a, names_b = [a], [b]
    top = None
    if rollup:
        top = roots(dict(rollup) if not isinstance(rollup, bool) else parent_map(store))
        names_a, names_b = descendants(top, a), descendants(top, b)
    df = claim_frame(store, since, until, relation, outlet, source,
                     rollup=top or False, actors=names_a, others=names_b)
    if df.empty:
        return []
    df = df[((df["subject"] == a) & (df["object"] == b)) | ((df["subject"] == b) & (df["object"] == a))]
    df = df[df["first"].notna() & (df["esign"] != 0)]
    out: list[dict[str, Any]] = []
    df = df.assign(period=df["first"].str[:width])
    for per, part in df.groupby("period", sort=True):
        st = stances_from_frame(part)
        if st.empty:
            continue
        row = st.iloc[0]
        key = part["negated"].map({True: "not ", False: ""}) + part["relation"]
        rel_weight = {k: float(v) for k, v in part.groupby(key)["value"].sum().items()}
        out.append({
            "period": str(per), "stance": round(float(row["stance"]), 3),
            "weight": float(row["weight"]), "label": _label(rel_weight),
            "relations": dict(row["relations"]), "outlets": list(row["outlets"]),
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
