"""State institutions named by a state adjective and a head noun ("Russian intelligence"),
and the country + sector actors of CAMEO/PLOVER ("Rwandan rebels", "Iraqi police").

Per the spec, intelligence and security services, ministries and parliaments stay distinct
actors. When the KB already has the institution ("the Russian Defence Ministry"), the
phrase resolves to it; otherwise a derived actor ``rsh:<category>:<state id>`` is made
(name "<Adjective> <label>", parent the state) so that every such phrase has one stable id.
Armed forces and governments are not institutions here: they resolve to the state.
Sectors (police, rebels, militants, separatists, fighters, pirates, opposition, protesters,
media, civilians) get the same kind of derived actor, with the state as parent so that they
roll up; "pro-Russian separatists" are not Russia's (see the gazetteer).
"""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.errors import UserError
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.words import FILE, WORDS


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str  # "intelligence" -> "Russian intelligence"
    type: str
    heads: tuple[str, ...]  # lower-case head phrases, longest first within a category


def _category(key: str, spec: object) -> Category:
    """One entry of the lexicon's ``institutions`` table."""
    if not isinstance(spec, dict) or not spec.get("label") or not spec.get("type") or not (
            isinstance(spec.get("heads"), list) and spec["heads"]):
        raise UserError(f"{FILE}: institution {key!r} needs a label, a type and a list of heads")
    return Category(str(key), str(spec["label"]), str(spec["type"]),
                    tuple(str(h).lower() for h in spec["heads"]))


CATEGORIES: tuple[Category, ...] = tuple(
    _category(k, v) for k, v in WORDS.table("institutions").items())
SECTORS = WORDS.words("sectors")
BY_KEY = {c.key: c for c in CATEGORIES}
# head phrase (tuple of lower-case words) -> category key
HEADS: dict[tuple[str, ...], str] = {tuple(h.split()): c.key for c in CATEGORIES for h in c.heads}
MAX_HEAD = max(len(h) for h in HEADS)
# words that may sit between the state word and the head ("Russian federal security service")
HEAD_MODIFIERS = WORDS.words("head_modifiers")
INSTITUTION_TYPES = WORDS.words("institution_types")


def derived_id(category: str, state_id: str) -> str:
    return f"rsh:{category}:{state_id}"


def _state_words(a: Actor) -> list[str]:
    """Forms of a state that may stand before a head: adjectives, then the name's possessive."""
    return list(dict.fromkeys([*a.adjectives, a.name + ("'" if a.name.endswith("s") else "'s")]))


def _key(form: str) -> str:
    s = " ".join(form.replace("’", "'").split()).casefold()
    return s[4:] if s.startswith("the ") else s


def _belongs(a: Actor, state_id: str, by_id: dict[str, Actor]) -> bool:
    seen: set[str] = set()
    cur: Actor | None = a
    while cur is not None and cur.id not in seen:
        if cur.country == state_id or cur.parent == state_id:
            return True
        seen.add(cur.id)
        cur = by_id.get(cur.parent) if cur.parent else None
    return False


def _existing(st: Actor, cat: Category, words: list[str], index: dict[str, str],
              by_id: dict[str, Actor]) -> str | None:
    """The KB actor that is ``st``'s institution of ``cat`` ("<state word> <head>" or
    "<head> of <state>"), if any."""
    for w in words:
        for h in cat.heads:
            for phrase in (f"{w} {h}", f"{h} of {st.name}"):
                aid = index.get(_key(phrase))
                if aid and _belongs(by_id[aid], st.id, by_id):
                    return aid
    return None


def institutions(actors: list[Actor]) -> tuple[list[Actor], dict[tuple[str, str], str]]:
    """Derived actors for the institutions the KB lacks, and (state id, category) -> actor id.

    An existing KB actor takes a (state, category) slot when one of its forms is
    "<state adjective> <head>" ("Ukrainian Security Service" -> SBU).
    """
    by_id = {a.id: a for a in actors}
    index: dict[str, str] = {}
    for a in actors:
        if a.type in INSTITUTION_TYPES or (a.type != "state" and a.country):
            for form, _ in a.surface_forms():  # "Syrian rebels" is the KB's Syrian opposition
                index.setdefault(_key(form), a.id)
    new: list[Actor] = []
    slots: dict[tuple[str, str], str] = {}
    for st in actors:
        if st.type != "state" or not st.adjectives:
            continue
        words = _state_words(st)
        for cat in CATEGORIES:
            found = _existing(st, cat, words, index, by_id)
            if found is None:
                found = derived_id(cat.key, st.id)
                adj = st.adjectives[0]
                aliases = [f"{w} {cat.label}" for w in words if f"{w} {cat.label}" != f"{adj} {cat.label}"]
                new.append(Actor(id=found, name=f"{adj} {cat.label}", type=cat.type, country=st.id,
                                 parent=st.id, aliases=aliases, origin="derived"))
            slots[(st.id, cat.key)] = found
    return new, slots


def head_at(words: list[str]) -> tuple[int, str] | None:
    """(number of words used, category) when ``words`` begin with [modifiers] + a head phrase."""
    low = [w.lower() for w in words]
    mods = 0
    while mods < len(low) and low[mods] in HEAD_MODIFIERS:
        mods += 1
    for k in range(mods + 1):  # "foreign" is a modifier and a head word ("foreign ministry")
        for n in range(min(MAX_HEAD, len(low) - k), 0, -1):
            cat = HEADS.get(tuple(low[k:k + n]))
            if cat:
                return k + n, cat
    return None
