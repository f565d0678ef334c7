"""The store's ``actors`` table: the KB's actors and the unknown actors found by NER, as rows."""

from __future__ import annotations

import json
from typing import Any

from rashomon.nlp.actors.kb import KB
from rashomon.nlp.actors.unknown import unknown_clusters as gather


def actor_rows(kb: KB) -> list[tuple[Any, ...]]:
    return [
        (a.id, a.name, a.type, a.country, a.parent, json.dumps(a.aliases, ensure_ascii=False),
         a.origin)
        for a in kb.actors
    ]


def sync_actors(store: Any, kb: KB, unknown_clusters: dict[str, dict[str, Any]] | None = None) -> int:
    """Write the KB (origin kb/user) and unknown actors (origin unknown) to ``actors``.

    ``unknown_clusters``: unk id -> {"name": ..., "type": ..., "aliases": [...]}; when
    None, the unknown actors are gathered from the store's mentions.
    """
    rows = actor_rows(kb)
    if unknown_clusters is None:
        unknown_clusters = {c["id"]: c for c in gather(store, limit=None)}
    for uid, c in unknown_clusters.items():
        rows.append((uid, c.get("name") or uid[4:], c.get("type"), None, None,
                     json.dumps(list(c.get("aliases") or c.get("forms") or [])[:20],
                                ensure_ascii=False), "unknown"))
    store.upsert_actors(rows)
    return len(rows)
