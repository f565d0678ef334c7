"""Entity-noun constructions: the noun names one argument ("Y, an ally of X", "X's proxy Y",
"Y is a member of X"), and titles ("US President Joe Biden": part_of the person's state)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rashomon.doc import SYMMETRIC, Mention
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.claims.constructions import SCORE, STRENGTH
from rashomon.nlp.claims.lexicon import Trigger
from rashomon.nlp.claims.patterns.view import (
    MOD_DEPS,
    Arg,
    Candidate,
    SentenceView,
    loose_apposition,
    verb_subjects,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def entity_candidate(view: SentenceView, n: Token, t: Trigger) -> Candidate | None:
    """Nouns that name one argument: "Y, an ally of X", "X's proxy Y", "Y is a member of X"."""
    cand = Candidate(t, n, "entity")
    referent = _referent(view, n)
    if not referent and n.i in view.by_token:
        return None
    other = _others(view, n, t)
    if not referent and t.lemma not in view.lex.lists["peer_titles"]:
        # "Ukraine's Western allies": the adjective names the allies
        poss = [a for c in n.children if c.dep_ == "poss" for a in view.actors(c)]
        mods = [a for a in other if a.token.dep_ in ("amod", "compound")
                and a.mention.actor not in {p.mention.actor for p in poss}]
        if poss and mods:
            referent, other = mods, poss
    if not referent:
        return None
    if not other:
        if t.relation in SYMMETRIC or t.both:  # "Russia and Iran are allies"
            cand.pairwise = referent
        return cand
    if t.entity == "obj":
        cand.subjects, cand.objects = other, referent
    else:
        cand.subjects, cand.objects = referent, other
    return cand


def _predicate(n: Token) -> tuple[Token, str, Token]:
    """(position, dependency, head) of the entity noun as a predicate: a conjunct stands
    where its first conjunct does ("the Taliban are not allies, but enemies")."""
    pos = n
    while pos.dep_ == "conj" and pos.head.pos_ in ("NOUN", "PROPN") and pos.head != pos:
        pos = pos.head  # "the Taliban are not allies, but enemies": enemies stands where allies does
    if pos != n and pos.dep_ in ("attr", "oprd", "appos"):
        return pos, pos.dep_, pos.head
    if n.dep_ == "conj" and n.head.lemma_ == "be":  # "X are not allies, but enemies"
        return n.head, "attr", n.head
    return pos, n.dep_, n.head


def _referent(view: SentenceView, n: Token) -> list[Arg]:
    """The actors the entity noun names (the ally, the proxy, the member), with appositions."""
    beside = loose_apposition(n)
    pos, n_dep, n_head = _predicate(n)
    referent: list[Arg] = []
    if n.i in view.by_token:  # "Ukraine's Western allies", the allies an actor mention
        referent = [Arg(view.by_token[n.i], n)]
    elif beside is not None:
        referent = view.actors(beside)
    elif n_dep == "appos" and pos != n:
        referent = view.actors(n_head)
    elif n_dep in ("attr", "oprd") and pos != n:
        referent = [a for c in n_head.children if c.dep_ in ("nsubj", "nsubjpass")
                    for a in view.actors(c)]
    elif n.dep_ == "appos":
        referent = view.actors(n.head)
    elif n.dep_ in ("compound", "amod") and n.head.i in view.by_token:
        referent = _compound_referents(view, n)
    elif n.dep_ in ("attr", "oprd") or (n.dep_ == "pobj" and n.head.lower_ == "as"):
        referent = _copula_referents(view, n)
    for c in n.children:
        if c.dep_ == "appos":
            referent.extend(view.actors(c))
    return referent


def _compound_referents(view: SentenceView, n: Token) -> list[Arg]:
    """"Iran's proxies Hezbollah and Hamas": the noun covers the conjuncts, unless one has
    its own ("Russian President X and Iranian President Y")."""
    return [a for a in view.actors(n.head) if a.token == n.head or not any(
        c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN") and c.i not in view.by_token
        for c in a.token.children)]


def _copula_referents(view: SentenceView, n: Token) -> list[Arg]:
    """"Y is an ally of X", "X sees Y as a partner": the copula's (or verb's) subject."""
    cop = n.head if n.dep_ != "pobj" else n.head.head
    referent = [a for c in cop.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                for a in view.actors(c) if a.token.i != n.i]
    if not referent:
        referent, _ = verb_subjects(view, cop)
    return referent


def _others(view: SentenceView, n: Token, t: Trigger) -> list[Arg]:
    """The other argument: the noun's modifiers and prepositions ("an ally of X", "X's
    proxy Hezbollah")."""
    other = view.modifier_actors(n)
    if n.dep_ in ("compound", "amod") and n.head.i in view.by_token:  # "Iran's proxy Hezbollah"
        ref = view.by_token[n.head.i]
        other += [a for c in n.head.children if c.dep_ in MOD_DEPS and c.i < n.i
                  for a in view.actors(c) if a.mention is not ref]
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in t.preps:
            other.extend(view._pobj_actors(c))
    if t.lemma in view.lex.lists["peer_titles"]:  # "his counterpart X": X is not part of "his"
        other = [a for a in other if a.token.dep_ != "poss"]
    return other


def title_candidates(view: SentenceView) -> Iterator[Candidate]:
    """"US President Joe Biden", "Christian Schmidt, the German diplomat": a person with a
    title that names the person's KB country is part_of it."""
    if view.kb is None:
        return
    titles = view.lex.lists["titles"]
    seen: set[str] = set()
    for i, m in sorted(view.by_token.items()):
        if m.actor in seen or (m.type or "") != "person":
            continue
        tok = view.parse[i]
        head = tok
        while head.dep_ == "compound" and head.head.i in view.by_token and (
                view.by_token[head.head.i] is m):
            head = head.head
        title = next((c for c in head.subtree if c.i < tok.i and c.i not in view.by_token
                      and c.dep_ in ("compound", "appos", "nmod") and c.head.i in view.by_token
                      and (c.lower_ in titles or c.lemma_.lower() in titles)), None)
        phrase = [c for c in head.subtree if c.i < tok.i]
        if title is None:
            title = next((c for c in head.children if c.dep_ == "appos"
                          and c.lemma_.lower() in titles), None)
            phrase = list(title.subtree) if title is not None else []
        if title is None:
            continue
        actor = view.kb.get(m.actor)
        country = view.kb.get(actor.country) if actor and actor.country else None
        if country is None or country.id == m.actor or not _names(view, phrase, m, country.id):
            continue
        seen.add(m.actor)
        start = view.sentence.start + title.idx
        cm = Mention(start, start + len(title.text), title.text, country.id, country.name,
                     "title", -1, SCORE.title_mention, getattr(country, "type", None))
        t = Trigger(title.lemma_.lower(), "noun", "part_of", None, strength=STRENGTH.title)
        yield Candidate(t, title, "title", subjects=[Arg(m, tok)], objects=[Arg(cm, title)])


def _names(view: SentenceView, phrase: list[Token], person: Mention, state: str) -> bool:
    """Does the title's phrase name ``state`` ("Hungarian Prime Minister Viktor Orban",
    "Christian Schmidt, the German diplomat")? A bare title does not ("President Volodymyr
    Zelenskiy", "NATO Secretary General Mark Rutte"), nor a word inside another actor's name
    ("Russian Foreign Ministry spokeswoman Maria Zakharova": part of the ministry)."""
    for t in phrase:
        m = view.by_token.get(t.i)
        if m is not None and m is not person:
            if m.actor == state:
                return True
        elif m is None and t.text[:1].isupper() and view.kb is not None:
            found = resolve(view.kb, t.text)
            if found is not None and found.id == state:
                return True
    return False
