"""Resolving a user's actor or outlet name to the name stored in claims."""

from __future__ import annotations

from rashomon.errors import UserError
from rashomon.graph.load import KB_ERRORS
from rashomon.nlp import actors
from rashomon.store.base import Store


def stored_actors(store: Store) -> list[str]:
    rows = store.query(
        "SELECT subject AS name FROM claims UNION SELECT object AS name FROM claims"
    )
    return sorted({r["name"] for r in rows if r["name"]})


def close_matches(name: str, choices: list[str], n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process  # noqa: PLC0415 (loaded only for an unknown name)

    hits = process.extract(name, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=60,
                           processor=str.casefold)
    return [h[0] for h in hits]


def resolve_actor(store: Store, name: str, extra: list[str] | None = None) -> str:
    """The stored actor name for ``name``: exact or case-insensitive, then the KB's aliases
    ("Kremlin" -> Russia). Unknown names raise a one-line UserError with close matches."""
    names = stored_actors(store) + list(extra or [])
    if name in names:
        return name
    folded = {n.casefold(): n for n in names}
    if name.casefold() in folded:
        return folded[name.casefold()]
    try:
        actor = actors.kb.load_kb().by_name(name)
    except KB_ERRORS:  # no usable KB: stored names only
        actor = None
    if actor is not None:
        if actor.name.casefold() in folded:
            return folded[actor.name.casefold()]
        row = store.query("SELECT name FROM actors WHERE id = ?", [actor.id])
        if row and row[0]["name"].casefold() in folded:
            return folded[row[0]["name"].casefold()]
    close = close_matches(name, names)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise UserError(f"no actor {name!r} in the claims{hint}")


def resolve_outlet(store: Store, name: str) -> str:
    rows = store.query("SELECT DISTINCT source FROM documents WHERE source IS NOT NULL")
    outlets = sorted(r["source"] for r in rows)
    folded = {o.casefold(): o for o in outlets}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = close_matches(name, outlets)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise UserError(f"no outlet {name!r} in the database{hint}")
