"""Places are no actors (the claim spec): a city or region the KB does not know takes part
only in ``part_of`` claims ("губернатор Белгородской области X"), where writers name a
region's head as part of it, never in an attack, support or talks ("атаковали Харьков",
"удары по Рафаху").

Russian only: the Russian KB names the seats that stand for organisations ("Брюссель": the
EU); English leaves them out of the KB on purpose (Brussels is the EU's and NATO's seat), so
an English unknown place may be an actor ("Brussels has sanctioned ...")."""

from __future__ import annotations

from rashomon.doc import Doc


def unknown_places(doc: Doc) -> set[str]:
    """Ids of the actors the KB does not know that were only ever found as places."""
    types: dict[str, set[str | None]] = {}
    for m in doc.mentions:
        if m.actor.startswith("unk:"):
            types.setdefault(m.actor, set()).add(m.type)
    return {a for a, found in types.items() if found == {"gpe"}}


def drop_place_claims(doc: Doc) -> Doc:
    """``doc`` without its claims (other than ``part_of``) between a place and an actor."""
    places = unknown_places(doc)
    if places:
        doc.claims = [c for c in doc.claims
                      if c.relation == "part_of" or not {c.subject_id, c.object_id} & places]
    return doc
