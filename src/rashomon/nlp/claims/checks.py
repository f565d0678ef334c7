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
- A place is no actor (the claim spec), in Russian: a city or region the KB does not know
  takes part only in ``part_of`` ("губернатор Белгородской области X", where writers name a
  region's head as part of it), never in an attack, support or talks ("атаковали Харьков").
  The Russian KB names the seats that stand for organisations ("Брюссель": the EU); the
  English one leaves them out on purpose (Brussels is the EU's and NATO's seat), so an
  English unknown place may be an actor ("Brussels has sanctioned ...").
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
