"""An office does not fight what it is part of: a claim that a minister, spokeswoman,
ministry or agency opposes or attacks a body above it in the KB ("Zakharova ... Russia",
"Государственный департамент США ... United States") is a misread pair, almost always the
speaker taken for the doer of what they report ("по её словам, Великобритания «ведёт
против России войну»"). Armed groups and territories may turn on their state ("RSF attack
Sudan"), and people outside an office have no parent in the KB ("Navalny")."""

from __future__ import annotations

from rashomon.doc import Doc
from rashomon.nlp.actors.kb import KB

HOSTILE = frozenset({"oppose", "attack"})
REBELS = frozenset({"armed_group", "territory"})  # may turn on the state they belong to


def own_side(kb: KB, subject: str | None, obj: str | None) -> bool:
    """Is ``obj`` above office ``subject`` in the KB (its parent, the parent's parent ...)?"""
    actor = kb.get(subject) if subject else None
    if actor is None or obj is None or actor.type in REBELS:
        return False
    return any(a.id == obj for a in kb.ancestors(actor.id))


def drop_own_side(doc: Doc, kb: KB | None) -> Doc:
    """``doc`` without its claims that an office opposes or attacks its own side."""
    if kb is not None:
        doc.claims = [c for c in doc.claims if c.relation not in HOSTILE
                      or not own_side(kb, c.subject_id, c.object_id)]
    return doc
