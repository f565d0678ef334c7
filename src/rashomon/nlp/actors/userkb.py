"""Writing the user knowledge base (``./rashomon_actors.yaml`` by default; never the package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.errors import UserError
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.kb import KB, read_records, slug


def _read(path: Path) -> list[dict[str, Any]]:
    return read_records(path) if path.exists() else []


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    import yaml  # noqa: PLC0415 - heavy

    head = "# Rashomon user actors: edit freely; loaded on top of the packaged knowledge base.\n"
    body = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, default_flow_style=None)
    path.write_text(head + body, "utf-8")


def find_actor(kb: KB, ref: str) -> Actor:
    """An actor by id or by any of its names; UserError when there is none."""
    a = kb.get(ref) or kb.by_name(ref)
    if a is None:
        raise UserError(f"no actor {ref!r} in the knowledge base (see: rashomon actors list)")
    return a


def add_actor(path: Path, kb: KB, name: str, type_: str, aliases: list[str],
              parent: str | None) -> str:
    """Add a new actor; returns its id (``user:<slug>``)."""
    if not name.strip():
        raise UserError("an actor needs a name")
    known = kb.by_name(name)
    if known is not None:
        raise UserError(f"{name!r} is already known as {known.name} ({known.id})")
    for al in aliases:
        other = kb.by_name(al)
        if other is not None:
            raise UserError(f"alias {al!r} already names {other.name} ({other.id})")
    aid = "user:" + slug(name)
    if aid in kb:
        raise UserError(f"id {aid} is already taken")
    rec: dict[str, Any] = {"id": aid, "name": name, "type": type_}
    if parent:
        rec["parent"] = find_actor(kb, parent).id
    if aliases:
        rec["aliases"] = list(dict.fromkeys(aliases))
    records = _read(path)
    records.append(rec)
    _write(path, records)
    return aid


def add_aliases(path: Path, kb: KB, actor: Actor, aliases: list[str]) -> list[str]:
    """Add aliases to an actor (package or user); returns the ones that were new."""
    new = []
    for al in aliases:
        other = kb.by_name(al)
        if other is not None and other.id != actor.id:
            raise UserError(f"alias {al!r} already names {other.name} ({other.id})")
        if other is None and al.strip():
            new.append(al.strip())
    if not new:
        return []
    records = _read(path)
    rec = next((r for r in records if r.get("id") == actor.id), None)
    if rec is None:
        rec = {"id": actor.id}
        records.append(rec)
    rec["aliases"] = list(dict.fromkeys([*(rec.get("aliases") or []), *new]))
    _write(path, records)
    return new


def remove_user_actor(path: Path, actor_id: str) -> dict[str, Any] | None:
    """Drop a user-added actor record from the user file; returns it."""
    records = _read(path)
    keep = [r for r in records if not (r.get("id") == actor_id and r.get("name"))]
    if len(keep) == len(records):
        return None
    gone = next(r for r in records if r.get("id") == actor_id and r.get("name"))
    _write(path, keep)
    return gone
