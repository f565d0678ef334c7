"""Claims that cannot be, by what the KB and the mentions say of their actors: a misread
pair, usually the speaker taken for the doer of what they report, or two people in one
phrase taken for a member and its body.

- An office does not fight what it is part of: a minister, spokeswoman, ministry or agency
  that opposes or attacks a body above it in the KB ("Zakharova ... Russia",
  "Государственный департамент США ... United States": "по её словам, Великобритания
  «ведёт против России войну»"). Armed groups and territories may turn on their state
  ("RSF attack Sudan"), and people outside an office have no parent in the KB ("Navalny").
- A person is no body to be part of ("министрами иностранных дел Армении X и Азербайджана
  Y", "Trump's special envoy, Witkoff").
"""

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


def people(doc: Doc, kb: KB, found: bool) -> set[str]:
    """Ids of the people among ``doc``'s actors: the KB's, and with ``found`` those only the
    name finder knows (reliable in Russian; the English NER takes some states and parties
    for people)."""
    out: set[str] = set()
    for m in doc.mentions:
        known = kb.get(m.actor)
        if known is not None and known.type == "person" or (
                found and known is None and m.actor.startswith("unk:") and m.type == "person"):
            out.add(m.actor)
    return out


def drop_impossible(doc: Doc, kb: KB | None, found_people: bool = False) -> Doc:
    """``doc`` without its claims that an office opposes or attacks its own side, or that
    an actor is part of a person."""
    if kb is None:
        return doc
    persons = people(doc, kb, found_people)
    doc.claims = [c for c in doc.claims
                  if not (c.relation in HOSTILE and own_side(kb, c.subject_id, c.object_id))
                  and not (c.relation == "part_of" and c.object_id in persons)]
    return doc
