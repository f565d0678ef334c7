"""Russian light coreference: "альянс", "эта страна", "украинский лидер", "он"/"её" -> a
compatible earlier actor, with coref.py's antecedent logic and guards.

The sentences that may hold an anaphor, and the few before them, are parsed with natasha
(UD syntax and morphology). An anaphor is
- a description noun (lemma, ``ru_coref_nouns``: "альянс" -> alliance, "ведомство" ->
  agency), singular, whose only dependents are a demonstrative ("этот альянс"), a state
  adjective ("палестинская группировка": a group of Palestine) or a listed descriptive
  adjective ("военный блок"); a genitive, a name, a number or any other word makes it a name
  or generic ("министерство обороны", "другая страна", "движение «Талибан»");
- a title (``ru_coref_titles``) with a state adjective or a state in the genitive and no name
  after it ("украинский лидер", "президент США"): a person of that state named earlier; on a
  known body ("глава российского МИД", "представитель Кремля"), a person the KB places in
  it whose role fits the title (a bare "глава" its head); a title in the genitive of another
  ("пресс-секретарь президента") is an office, no anaphor;
- a 3rd person singular pronoun (``ru_coref_pronouns``: он/его/ему/ним..., она/её/ей/ней...):
  a person, of the pronoun's gender when the person's name shows one.
- a side named from the report's point of view: "противник"/"враг" (singular, a verb's
  argument or the genitive on a force or action noun: "подразделения противника") is the
  enemy of the report's voice, "наши войска" (наш + a force noun) the voice's own state.
  The voice is the one state (Russia or Ukraine, ``ru_coref_enemies``) whose ministry or
  staff reports ("сообщили в Минобороны России", "по данным Генштаба ВСУ") or whose forces
  are the subject of a verb of success ("российские военные освободили", "Силы обороны
  отразили", "подразделения группировки «Центр» продвинулись"); evidence for both, or
  none, resolves nothing. Inside a quotation the voice is the quote's speaker's (a named
  actor of one side: "«Наши войска продвигаются», — заявил Сырский"); none, nothing.
Guards as in English: a verb's subject is not its object's antecedent ("Зеленский
поблагодарил его"); inside a quotation a pronoun is never the quote's speaker; types must
fit the noun. An anaphor replaces only the name finder's reading of its own word ("Альянс"
at a sentence start) or the state word it is described by; a resolved title takes the place
of "США" in "президент США".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.coref import (
    PERSON_WINDOW,
    Anaphor,
    antecedent,
    quotations,
    quoted_before,
    speakers,
)
from rashomon.nlp.actors.kb import KB
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.morph import lemma, morph
from rashomon.nlp.text.ruparse import Tok, ancestors, parse_texts, subtree

NOUNS: dict[str, str] = {str(k): str(v) for k, v in WORDS.table("ru_coref_nouns").items()}
PRONOUNS: dict[str, str] = {str(k): str(v) for k, v in WORDS.table("ru_coref_pronouns").items()}
TITLES: dict[str, tuple[str, ...]] = {
    str(k): tuple(str(w).lower() for w in v or ()) for k, v in WORDS.table("ru_coref_titles").items()}
OFFICES: dict[str, tuple[str, ...]] = {
    str(k): tuple(str(w).lower() for w in v) for k, v in WORDS.table("ru_coref_offices").items()}
HOLDER_TITLES = WORDS.words("ru_titles")  # "представитель", "глава компании": a title with a holder
FORCE_NOUNS = WORDS.words("ru_force_nouns")
PLURALS = WORDS.words("ru_coref_plural_pronouns")  # "его армия", "её военные": the state's forces
BODY_HEAD_ROLES = tuple(WORDS.words("ru_coref_body_head_roles"))
PLACE_TYPES = frozenset({"state", "territory", "historical_state"})
DETERMINERS = WORDS.words("ru_coref_determiners")
ADJECTIVES = WORDS.words("ru_coref_adjectives")
PREDICATE_VERBS = WORDS.words("ru_coref_predicate_verbs")
ENEMY_NOUNS = WORDS.words("ru_coref_enemy_nouns")
ENEMY_HEADS = WORDS.words("ru_coref_enemy_heads") | FORCE_NOUNS | WORDS.words("ru_action_nouns")
OWN_FORCES = FORCE_NOUNS | WORDS.words("ru_coref_own_forces")
ENEMIES: dict[str, str] = {str(k): str(v) for k, v in WORDS.table("ru_coref_enemies").items()}
VOICE_SOURCES: dict[str, str] = {
    str(k): str(v) for k, v in WORDS.table("ru_coref_voice_sources").items()}
VOICE_FORCES: dict[str, str] = {
    str(k): str(v) for k, v in WORDS.table("ru_coref_voice_forces").items()}
VOICE_HEADS = WORDS.words("ru_coref_voice_heads")
GROUPINGS: dict[str, str] = {
    str(k): str(v) for k, v in WORDS.table("ru_coref_voice_groupings").items()}
GROUPING_NOUNS = WORDS.words("ru_coref_grouping_nouns")
REPORT_NOUNS = WORDS.words("ru_coref_report_nouns")
REPORT_VERBS = WORDS.words("ru_coref_report_verbs")
VOICE_VERBS = WORDS.words("ru_coref_voice_verbs")
SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass"})
CLAUSE_ARGS = frozenset({"nsubj", "obj", "iobj", "obl"})  # a verb's arguments (UD, no subtype)
CLAUSES = frozenset({"acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
PARTITIVE = frozenset({"из", "среди"})  # "часть из них": a set, no actor
# dependents that leave a description anaphoric (others are checked one by one)
FREE_RELS = frozenset({"punct", "case", "cc", "conj", "acl", "acl:relcl", "mark", "advmod"})
_QUOTES = re.compile(  # «», „“, curly and straight quotes
    r"«[^«»]*(?:»|$)|„[^„“”]*(?:[“”]|$)|\"[^\"]*\"|\u201c[^\u201c\u201d]*(?:\u201d|$)")
_WORD = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё-]*")

Parses = dict[int, list[Tok]]


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _tok_mention(doc: Doc, i: int, t: Tok, mentions: list[Mention]) -> Mention | None:
    at = doc.sentences[i].start + t.start
    return next((m for m in mentions if m.start <= at < m.end), None)


def _subjects_in(parses: Parses) -> Callable[[Doc, int, list[Mention]], list[Mention]]:
    """coref.py's "subjects of sentence i" for natasha parses (main clause first)."""
    def subjects(doc: Doc, i: int, mentions: list[Mention]) -> list[Mention]:
        toks = parses.get(i)
        if not toks:
            return []
        subj = sorted((t for t in toks if t.rel in SUBJECT_RELS),
                      key=lambda t: (t.head < 0 or toks[t.head].head >= 0, t.i))
        out: list[Mention] = []
        for t in subj:
            for j in sorted(_phrase(toks, t.i)):
                m = _tok_mention(doc, i, toks[j], [x for x in mentions if x.sentence == i])
                if m is not None and m not in out:
                    out.append(m)
                    break
        return out
    return subjects


def _state_of(doc: Doc, i: int, toks: list[Tok], j: int, mentions: list[Mention], kb: KB,
              bodies: bool = False) -> str | None:
    """The state a dependent names: "украинский", "США", "киевского режима"; with
    ``bodies``, also a known body a title holder belongs to ("глава российского МИД")."""
    m = _tok_mention(doc, i, toks[j], mentions)
    if m is not None:
        return m.actor if m.type == "state" or (bodies and _body(kb, m.actor)) else None
    if toks[j].pos != "ADJ":
        return None
    for form in (toks[j].text, toks[j].lemma):
        a = resolve(kb, form)
        if a is not None:
            return a.id if a.type == "state" else None
    return None


def _description(doc: Doc, i: int, toks: list[Tok], k: int, mentions: list[Mention],
                 kb: KB, title: bool = False) -> tuple[int, int, str | None] | None:
    """For a description noun or title at k: (first token, last token, state id) when its
    dependents leave it anaphoric, else None."""
    t = toks[k]
    if t.feats.get("Number") == "Plur" or _predicate(toks, k):
        return None
    if title and t.rel == "nmod" and t.head >= 0 and toks[t.head].lemma in HOLDER_TITLES:
        return None  # "пресс-секретарь президента РФ": an office, the holder is the other's
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is not None and (nxt.pos == "PROPN" or nxt.text in ("«", '"', "„")) \
            and not _holder_of_title(toks, k, k + 1) and not (
                title and nxt.head == k and nxt.rel == "nmod"
                and _state_of(doc, i, toks, k + 1, mentions, kb, bodies=True)):
        return None  # "движение «Талибан»", "президент Владимир Путин": the name follows
    first, last, state = k, k, None
    for c in t.children:
        d = toks[c]
        if d.rel in FREE_RELS:
            continue
        if d.rel == "det" and d.lemma in DETERMINERS and c < k:
            first = min(first, c)
            continue
        if d.rel in ("amod", "nmod") and (s := _state_of(doc, i, toks, c, mentions, kb,
                                                            bodies=title)):
            if state not in (None, s):
                return None
            state = s
            sub = subtree(toks, c)
            first, last = min(first, *sub), max(last, *sub)
            continue
        if d.rel == "amod" and d.lemma in ADJECTIVES and c < k:
            first = min(first, c)
            continue
        if title and d.rel == "nmod" and d.pos == "NOUN" and d.text[:1].islower() and c > k:
            last = max(last, *_phrase(toks, c))  # "министр обороны России": the office
            s = _office_state(doc, i, toks, c, mentions, kb)
            if s is not None and state not in (None, s):
                return None
            state = s or state
            continue
        return None  # a genitive, a name, a number, "другой": not an anaphor
    return first, last, state


def _office_state(doc: Doc, i: int, toks: list[Tok], c: int, mentions: list[Mention],
                  kb: KB) -> str | None:
    """The state of an office noun at c ("украинской дипломатии", "правительства Грузии")."""
    if toks[c].lemma not in OFFICES:
        return None
    return next((s for x in toks[c].children if toks[x].rel in ("amod", "nmod")
                 and (s := _state_of(doc, i, toks, x, mentions, kb))), None)


def _body(kb: KB, actor_id: str) -> bool:
    """A KB institution, party or group whose members a title may name (not a person or place)."""
    a = kb.get(actor_id)
    return a is not None and a.type not in PLACE_TYPES and a.type != "person"


def _holder_of_title(toks: list[Tok], k: int, n: int) -> bool:
    """Is the name at ``n`` the holder of a title the noun at ``k`` hangs from, not the
    noun's own name ("представитель движения Яхья Сариа": the spokesman's)?"""
    if toks[n].rel != "appos" or toks[k].rel != "nmod" or toks[n].head == k:
        return False
    head = toks[n].head
    return head in ancestors(toks, k) and toks[head].lemma in HOLDER_TITLES


def _predicate(toks: list[Tok], k: int) -> bool:
    """A predicate noun refers to no one: "ХАМАС — террористическая организация" (it has a
    subject), "признал движение террористической организацией" (a bare instrumental on a
    noun, or on a verb of naming or being)."""
    t = toks[k]
    if t.rel == "xcomp" or any(toks[c].rel in SUBJECT_RELS for c in t.children):
        return True
    if t.case != "Ins" or any(toks[c].rel == "case" for c in t.children) or t.head < 0:
        return False
    head = toks[t.head]
    return t.rel == "nmod" or (t.rel == "obl" and head.lemma in PREDICATE_VERBS)


def _co_arguments(doc: Doc, i: int, toks: list[Tok], k: int) -> list[int]:
    """Offsets of the other arguments of the verb an anaphor depends on: a personal or
    possessive pronoun is never bound in its own clause (Russian says "свой" there), so
    "Зеленский поблагодарил его", "Он встретился с Зеленским" and "Путин похвалил его
    министра" are about someone else."""
    own, head, seen = k, toks[k].head, {k}
    while head >= 0 and toks[head].pos not in ("VERB", "AUX") and toks[own].rel != "root":
        if head in seen:  # the parser may leave a cycle
            return []
        seen.add(head)
        own, head = head, toks[head].head
    if head < 0:
        return []
    start = doc.sentences[i].start
    return [start + toks[j].start for c in toks[head].children
            if c != own and toks[c].rel.split(":")[0] in CLAUSE_ARGS for j in _phrase(toks, c)]


def _phrase(toks: list[Tok], i: int) -> list[int]:
    """A noun phrase's tokens: its subtree without clauses."""
    return subtree(toks, i, CLAUSES)


def _anaphors(doc: Doc, i: int, toks: list[Tok], mentions: list[Mention], kb: KB) -> list[Anaphor]:
    s = doc.sentences[i]
    out: list[Anaphor] = []
    for k, t in enumerate(toks):
        low = _fold(t.text)
        if (force := _possessed_force(toks, k)) is not None:  # "его армия": a state's forces
            out.append(Anaphor(s.start + t.start, s.start + toks[force].end, "forces",
                               _co_arguments(doc, i, toks, force), gender=PRONOUNS[low]))
        elif low in PLURALS and t.pos == "PRON" and t.feats.get("Number") == "Plur" \
                and not _partitive(toks, k):
            out.append(Anaphor(s.start + t.start, s.start + t.end, "plural",
                               _co_arguments(doc, i, toks, k)))
        elif low in PRONOUNS and t.pos in ("PRON", "DET") and t.feats.get("Number") != "Plur":
            if t.feats.get("Gender") == "Neut" or (low == "им" and "Number" not in t.feats) \
                    or _named_thing(toks, k):
                continue
            out.append(Anaphor(s.start + t.start, s.start + t.end, "person",
                               _co_arguments(doc, i, toks, k), gender=PRONOUNS[low]))
        elif t.pos in ("NOUN", "PROPN") and (head := _head_lemma(t)):
            d = _description(doc, i, toks, k, mentions, kb, head in TITLES)
            if d is None:
                continue
            first, last, state = d
            roles = TITLES.get(head, ())
            if head in TITLES:
                roles = _title_roles(toks, k, last, roles, state, kb)
                if not roles and state is None:
                    continue  # "лидер", "министр обороны" alone: too vague
                category = "person"
            else:
                category = NOUNS[head]
                if category == "state" and state is not None:
                    continue  # "российское государство" is the adjective's state
            out.append(Anaphor(s.start + toks[first].start, s.start + toks[last].end, category,
                               _co_arguments(doc, i, toks, k), state,
                               roles=roles if category == "person" else ()))
    return out


def _title_roles(toks: list[Tok], k: int, last: int, roles: tuple[str, ...], state: str | None,
                 kb: KB) -> tuple[str, ...]:
    """The KB role words a title's holder must have: a title over an office ("глава
    правительства Грузии") that office's; a bare title ("президент") a leader's; a title
    with no words of its own on a body ("глава МИД") its head's, not its spokeswoman's."""
    if office := _office_roles(toks, k, last):
        return office
    if state is None:
        return _bare_roles(toks, k, last)
    return BODY_HEAD_ROLES if not roles and _body(kb, state) else roles


def _office_roles(toks: list[Tok], k: int, last: int) -> tuple[str, ...]:
    """The roles of the office a title at k stands over ("глава кабмина"), else ()."""
    return next((OFFICES[toks[j].lemma] for j in range(k + 1, last + 1)
                 if toks[j].lemma in OFFICES and toks[j].head == k), ())


def _partitive(toks: list[Tok], k: int) -> bool:
    """Is the plural pronoun at k partitive ("часть из них", "среди них")?"""
    return any(toks[c].rel == "case" and toks[c].lemma in PARTITIVE for c in toks[k].children)


def _named_thing(toks: list[Tok], k: int) -> bool:
    """Is the pronoun at k the object of a verb that names it by an inanimate noun ("назвав
    его нарушением", "признала его организацией")? Then it is a thing, not a person."""
    t = toks[k]
    if t.rel != "obj" or t.head < 0:
        return False
    return any(toks[c].rel == "xcomp" and toks[c].pos == "NOUN" and toks[c].feats.get("Animacy") == "Inan"
               for c in toks[t.head].children)


def _possessed_force(toks: list[Tok], k: int) -> int | None:
    """The force noun that the possessive "его"/"её" at k determines ("его армия", "её
    военные инструкторы", "его власти"), when only adjectives stand between them."""
    t = toks[k]
    h = t.head
    if _fold(t.text) not in ("его", "ее") or t.rel not in ("det", "nmod") or h <= k:
        return None
    if any(toks[j].pos != "ADJ" for j in range(k + 1, h)):
        return None
    return h if toks[h].lemma in FORCE_NOUNS and toks[h].pos == "NOUN" else None


def _state_gender(m: Mention, kb: KB) -> str | None:
    """The grammatical gender of a state's Russian name ("Израиль" m, "Франция" f; "США"
    plural: "p"), None when the name does not show it."""
    a = kb.get(m.actor)
    name = ((a.names.get("ru") if a is not None else None) or [m.text])[0]
    an = morph()
    if an is None:
        return None
    for w in _WORD.findall(name):
        p = an.parse(w)[0]
        if p.tag.POS == "NOUN":
            if p.tag.number == "plur":
                return "p"
            return {"masc": "m", "femn": "f", "neut": "n"}.get(p.tag.gender or "")
    return None


def _forces_owner(doc: Doc, ms: list[Mention], a: Anaphor, i: int, kb: KB,
                  banned: frozenset[str], subjects: Callable[[Doc, int, list[Mention]], list[Mention]]
                  ) -> Mention | None:
    """The state whose forces "его армия" names: the antecedent among the people and states
    of the pronoun's gender, taken only when it is a state ("Путин и его армия" is no one's)."""
    fit = [m for m in ms if (m.type == "person" and _gender(m, kb) in (None, a.gender))
           or (m.type == "state" and _state_gender(m, kb) == a.gender)]
    ante = antecedent(doc, fit, Anaphor(a.start, a.end, "any", a.exclude), i, kb, banned, subjects)
    return ante if ante is not None and ante.type == "state" else None


def _plural_antecedent(doc: Doc, ms: list[Mention], a: Anaphor, i: int, kb: KB,
                       banned: frozenset[str],
                       subjects: Callable[[Doc, int, list[Mention]], list[Mention]],
                       parses: Parses) -> Mention | None:
    """The actor "они" names: the antecedent among the actors written in the plural ("США",
    "хуситы"), none when the sentence it is found in lists it with another ("США и Британия":
    "они" are both)."""
    plural = [m for m in ms if _plural(doc, m, parses)]
    return antecedent(doc, plural, Anaphor(a.start, a.end, "any", a.exclude), i, kb, banned, subjects)


def _plural(doc: Doc, m: Mention, parses: Parses) -> bool:
    """Is the mention's head word plural in its sentence's parse, and not coordinated with
    another word?"""
    toks = parses.get(m.sentence)
    if not toks or m.type == "person":
        return False
    head = _mention_head(toks, m, doc.sentences[m.sentence].start)
    if head is None or toks[head].feats.get("Number") != "Plur" or toks[head].rel == "conj":
        return False
    return not any(toks[c].rel == "conj" for c in toks[head].children)


def _bare_roles(toks: list[Tok], k: int, last: int) -> tuple[str, ...]:
    """The KB role words of a bare title with no state or office: "президент" alone its
    own words; () when the title is too vague to resolve."""
    head = _head_lemma(toks[k])
    return TITLES.get(head, ()) if head is not None and last == k else ()


def _bare(a: Anaphor) -> bool:
    """A title with no state ("президент"): resolved to the article's leader, not the nearest."""
    return a.category == "person" and a.country is None and bool(a.roles)


def _leader(ms: list[Mention], a: Anaphor, kb: KB, banned: frozenset[str]) -> Mention | None:
    """The article's leader a bare title names: the most mentioned person so far whose KB
    role (a current one) holds one of the title's words; None when two tie or none fits."""
    fits = [m for m in ms if m.start < a.start and m.type == "person" and m.kind != "coref"
            and m.actor not in banned and _current_role_fits(kb, m.actor, a.roles)]
    counts = Counter(m.actor for m in fits)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2)
    if rest and rest[0][1] == n:
        return None
    return next(m for m in reversed(fits) if m.actor == top)


def _current_role_fits(kb: KB, actor_id: str, words: tuple[str, ...]) -> bool:
    """The actor's KB role, without its former offices, holds one of ``words``."""
    a = kb.get(actor_id)
    parts = [p.strip() for p in (a.role or "").lower().split(";")] if a is not None else []
    return any(w in p for p in parts if not p.startswith("former") for w in words)


def _head_lemma(t: Tok) -> str | None:
    """The description noun or title a token is a form of ("премьера": премьер, not премьера)."""
    if t.lemma in NOUNS or t.lemma in TITLES:
        return t.lemma
    return next((x for x in _lemmas(t.text) if x in NOUNS or x in TITLES), None)


@lru_cache(maxsize=20_000)
def _lemmas(word: str) -> tuple[str, ...]:
    an = morph()
    if an is None:
        return ()
    return tuple(dict.fromkeys(_fold(p.normal_form) for p in an.parse(word.lower())))


@lru_cache(maxsize=20_000)
def name_gender(text: str) -> str | None:
    """"m" / "f" from a person's first name or nominative surname ("Мария", "Захарова"),
    None when the name does not show it (Latin script, "Рютте")."""
    an = morph()
    if an is None:
        return None
    for tag in ("Name", "Surn"):
        found = set()
        for w in _WORD.findall(text):
            for p in an.parse(w):
                if tag in p.tag and (tag == "Name" or "nomn" in p.tag) and p.tag.gender in ("masc", "femn"):
                    found.add("m" if p.tag.gender == "masc" else "f")
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def _gender(m: Mention, kb: KB) -> str | None:
    """A person's gender from the KB's Russian name, else from the mention's nominative name
    (its inflected text may mislead: "Лисицына" reads as a woman's)."""
    a = kb.get(m.actor)
    names = (a.names.get("ru") if a is not None else None) or [m.name or m.text]
    return name_gender(names[0])


def _may_hold(text: str) -> bool:
    """Has the sentence a word that may be an anaphor (a pronoun form, or a form of a
    description noun or title)? Only such sentences are parsed for anaphors."""
    for w in _WORD.findall(text):
        low = _fold(w)
        if low in PRONOUNS or low in PLURALS or any(x in NOUNS or x in TITLES for x in _lemmas(low)):
            return True
    return False


def _parses(doc: Doc, mentions: list[Mention]) -> Parses:
    """natasha parses of the sentences that may hold an anaphor and of the sentences with
    mentions in the window before them."""
    hits = [i for i, s in enumerate(doc.sentences) if _may_hold(s.text)]
    if not hits:
        return {}
    with_mentions = {m.sentence for m in mentions}
    todo = sorted({j for i in hits for j in range(max(0, i - PERSON_WINDOW + 1), i)
                   if j in with_mentions} | set(hits))
    return dict(zip(todo, parse_texts([doc.sentences[j].text for j in todo]), strict=True))


def coref_mentions(doc: Doc, mentions: list[Mention], kb: KB) -> list[Mention]:
    """The document's mentions with Russian coreference mentions (kind="coref") added; a
    resolved anaphor takes the place of the name finder's reading of its own words."""
    ms = sorted(mentions, key=lambda m: m.start)
    parses = _parses(doc, ms)
    if not parses:
        return _side_mentions(doc, ms, kb, parses)
    subjects = _subjects_in(parses)
    quotes = quotations(doc.text, _QUOTES)
    for i, toks in sorted(parses.items()):
        for a in _anaphors(doc, i, toks, ms, kb):
            inside = [m for m in ms if a.start < m.end and m.start < a.end]
            if any(not _replaceable(m, a, doc) for m in inside):
                continue
            # a clause-mate is another referent, wherever else it is named ("Он назвал его")
            banned = frozenset(m.actor for m in ms if any(m.start <= x < m.end for x in a.exclude))
            if a.roles:  # "украинский министр" is not a person whose KB role is President
                banned |= {m.actor for m in ms if m.type == "person" and not _role_fits(kb, m.actor, a.roles)}
            if a.category == "person":
                q = next((q for q in quotes if q[0] < a.start < q[1]), None)
                banned |= speakers(doc, q, ms, subjects) if q else frozenset()
                if a.gender:
                    banned |= {m.actor for m in ms if m.type == "person"
                               and _gender(m, kb) not in (None, a.gender)}
            outside = [m for m in ms if m not in inside and not quoted_before(m, a, i, quotes, doc)]
            if a.category == "plural":
                ante = _plural_antecedent(doc, outside, a, i, kb, banned, subjects, parses)
            elif a.category == "forces":
                ante = _forces_owner(doc, outside, a, i, kb, banned, subjects)
            elif _bare(a):
                ante = _leader(outside, a, kb, banned)
            else:
                ante = antecedent(doc, outside, a, i, kb, banned, subjects)
            if ante is None:
                continue
            m = Mention(a.start, a.end, doc.text[a.start:a.end], ante.actor, ante.name,
                        kind="coref", sentence=i, score=round(0.6 * ante.score, 3), type=ante.type)
            ms = sorted([x for x in ms if x not in inside] + [m], key=lambda x: x.start)
    return _side_mentions(doc, ms, kb, parses)


def _side_mentions(doc: Doc, ms: list[Mention], kb: KB, parses: Parses) -> list[Mention]:
    """The mentions with "противник", "наши войска" added as the states they name in the
    document's voice, or inside a quotation in its speaker's (unchanged when it is not clear)."""
    hits = [i for i, s in enumerate(doc.sentences) if _may_side(s.text)]
    if not hits:
        return ms
    states = {n: a.id for n in set(ENEMIES) | set(ENEMIES.values()) if (a := resolve(kb, n))}
    sources = {a.id: states[v] for k, v in VOICE_SOURCES.items()
               if (a := resolve(kb, k)) is not None and v in states}
    own = [m for m in ms if m.kind != "coref"]
    quotes = quotations(doc.text, _QUOTES)
    todo = set(hits) | {m.sentence for m in own if m.actor in sources or m.actor in states.values()}
    todo |= {i for i, s in enumerate(doc.sentences) if _may_force(s.text)}
    todo = {i for i in todo if i >= 0 and (i in hits or _may_voice(doc.sentences[i].text))}
    todo |= {j for i in hits for q in quotes if _within(doc, i, q) for j in _quote_sentences(doc, q)}
    missing = sorted(i for i in todo if i not in parses)
    parsed = {**parses, **dict(zip(missing, parse_texts([doc.sentences[i].text for i in missing]),
                                   strict=True))}
    voice = _voice(doc, own, parsed, sorted(todo), states, sources)
    ids = set(states.values())
    out = list(ms)
    for i in hits:
        start = doc.sentences[i].start
        for first, last, side in _side_words(parsed[i]):
            a, b = start + parsed[i][first].start, start + parsed[i][last].end
            q = next((q for q in quotes if q[0] < a < q[1]), None)
            says = _quote_side(doc, q, own, parsed, kb, ids, sources) if q else voice
            enemy = states.get(ENEMIES.get(next((n for n, v in states.items() if v == says), ""), ""))
            actor = kb.get((says if side == "own" else enemy) or "")
            inside = [m for m in out if a < m.end and m.start < b]
            if actor is None or any(m.kind == "coref" or not (m.actor.startswith("unk:") or m.kind == "fuzzy")
                                    for m in inside):
                continue
            m = Mention(a, b, doc.text[a:b], actor.id, actor.name, kind="coref", sentence=i,
                        score=0.5, type=actor.type)
            out = sorted([x for x in out if x not in inside] + [m], key=lambda x: x.start)
    return out


def _within(doc: Doc, i: int, q: tuple[int, int]) -> bool:
    s = doc.sentences[i]
    return q[0] < s.end and s.start < q[1]


def _quote_sentences(doc: Doc, q: tuple[int, int]) -> set[int]:
    """The sentences where a quotation opens and closes (where its speaker is named)."""
    return {i for i in (doc.sentence_at(q[0]), doc.sentence_at(q[1] - 1)) if i >= 0}


def _quote_side(doc: Doc, q: tuple[int, int], ms: list[Mention], parses: Parses, kb: KB,
                ids: set[str], sources: dict[str, str]) -> str | None:
    """The state a quotation speaks for: its speakers (outside it, in the sentences where it
    opens and closes, a verb's subject or a reporting source) that are named actors of one
    side, not described by a state adjective ("— заявил Сырский": Ukraine, "сообщили в
    Минобороны России": Russia); None when no speaker has a side, or speakers have two."""
    found: set[str] = set()
    for i in _quote_sentences(doc, q):
        toks = parses.get(i) or []
        for m in ms:
            if m.sentence != i or q[0] <= m.start < q[1] or m.kind in ("adjective", "coref"):
                continue  # "украинский офицер" names no one
            j = _mention_head(toks, m, doc.sentences[i].start)
            if j is None or not (toks[j].rel in SUBJECT_RELS or _source_reports(toks, j)):
                continue
            a = kb.get(m.actor)
            side = m.actor if m.actor in ids else sources.get(m.actor) or (a.country if a else None)
            if side in ids:
                found.add(side)
    return found.pop() if len(found) == 1 else None


def _may_side(text: str) -> bool:
    """Has the sentence a form of "противник"/"враг" or of "наш"?"""
    return any(x in ENEMY_NOUNS or x == "наш" for w in _WORD.findall(text) for x in _lemmas(_fold(w)))


def _may_force(text: str) -> bool:
    """Has the sentence a force named without a state word ("Силы обороны", "группировка
    «Центр»")?"""
    words = {x for w in _WORD.findall(text) for x in _lemmas(_fold(w))}
    return any(set(k.split()) <= words for k in VOICE_FORCES) or bool(
        words & GROUPING_NOUNS and words & set(GROUPINGS))


def _may_voice(text: str) -> bool:
    """Has the sentence a word of reporting or of a side's success (worth parsing for voice)?"""
    words = VOICE_VERBS | REPORT_VERBS | REPORT_NOUNS | VOICE_HEADS
    return any(x in words for w in _WORD.findall(text) for x in _lemmas(_fold(w)))


def _side_words(toks: list[Tok]) -> list[tuple[int, int, str]]:
    """(first token, last token, "enemy" | "own") of each side word: "противник" used as an
    actor, "наши войска"."""
    out: list[tuple[int, int, str]] = []
    for k, t in enumerate(toks):
        if t.pos == "NOUN" and (t.lemma in ENEMY_NOUNS or ENEMY_NOUNS & set(_lemmas(t.text))):
            if _enemy_actor(toks, k):
                out.append((k, k, "enemy"))
        elif t.lemma == "наш" and t.head > k and _force_head(toks[t.head]):
            if all(toks[j].pos == "ADJ" for j in range(k + 1, t.head)):
                out.append((k, t.head, "own"))
    return out


def _force_head(t: Tok) -> bool:
    return t.lemma in OWN_FORCES or bool(OWN_FORCES & set(_lemmas(t.text)))


def _enemy_actor(toks: list[Tok], k: int) -> bool:
    """Is "противник" at k the enemy side: singular, with no word describing it ("политический
    противник", "противник реформы" are someone's opponent), a verb's argument ("Противник
    обстрелял") or the genitive on a force, action or position noun ("атаки противника")?"""
    t = toks[k]
    if t.feats.get("Number") == "Plur" or _predicate(toks, k):
        return False
    if any(toks[c].rel not in FREE_RELS and not (toks[c].rel == "det" and toks[c].lemma == "наш")
           for c in t.children):
        return False
    rel = t.rel.split(":")[0]
    if t.head < 0:
        return False
    head = toks[t.head]
    if rel in ("nsubj", "obj", "iobj", "obl"):
        return head.pos in ("VERB", "AUX") or rel == "nsubj"
    return rel == "nmod" and t.case == "Gen" and _enemy_head(toks, t.head)


def _enemy_head(toks: list[Tok], h: int) -> bool:
    """Is the noun at h (or a noun it is the genitive of, two up: "местам дислокации
    противника", "пункт управления врага"), or a conjunct of it ("техника и живая сила
    противника"), a noun whose genitive "противника" is the enemy's?"""
    for _ in range(3):
        t = toks[h]
        conj = [t.head] if t.rel == "conj" and t.head >= 0 else []
        conj += [c for c in t.children if toks[c].rel == "conj"]
        if any(_is_enemy_head(toks[j]) for j in [h, *conj]):
            return True
        if t.rel != "nmod" or t.case != "Gen" or t.head < 0:
            return False
        h = t.head
    return False


def _is_enemy_head(t: Tok) -> bool:
    return t.pos in ("NOUN", "PROPN") and (
        t.lemma in ENEMY_HEADS or bool(ENEMY_HEADS & set(_lemmas(t.text))))


def _voice(doc: Doc, ms: list[Mention], parses: Parses, todo: list[int],
           states: dict[str, str], sources: dict[str, str]) -> str | None:
    """The state whose voice the report is in: the one state whose source reports or whose
    forces succeed; None when no state or two states have evidence."""
    found: set[str] = set()
    ids = set(states.values())
    for i in todo:
        toks = parses.get(i) or []
        start = doc.sentences[i].start
        for m in ms:
            if m.sentence != i or (m.actor not in sources and m.actor not in ids):
                continue
            j = _mention_head(toks, m, start)
            if j is None:
                continue
            if m.actor in sources:
                if _source_reports(toks, j):
                    found.add(sources[m.actor])
            elif _state_voices(toks, j):
                found.add(m.actor)
        for j, t in enumerate(toks):  # "Силы обороны отразили": a force named without its state
            if j + 1 < len(toks) and (n := VOICE_FORCES.get(f"{t.lemma} {toks[j + 1].lemma}")):
                if n in states and _succeeds(toks, j):
                    found.add(states[n])
            elif (n := _grouping(toks, j)) in states and _state_voices(toks, j, source=True):
                found.add(states[n])
    return found.pop() if len(found) == 1 else None


def _grouping(toks: list[Tok], j: int) -> str | None:
    """The state of a named grouping at j ("группировка войск «Центр»": Russia), else None."""
    if toks[j].lemma not in GROUPING_NOUNS:
        return None
    for c in toks[j].children + [c for w in toks[j].children if toks[w].lemma == "войско"
                                 for c in toks[w].children]:
        if c > 0 and toks[c - 1].text in ("«", '"', "„") and (n := GROUPINGS.get(_fold(toks[c].lemma))):
            return n
    return None


def _state_voices(toks: list[Tok], j: int, source: bool = False) -> bool:
    """Does the state word at j give the report its voice: its forces succeed ("Подразделения
    ВС РФ продвинулись", up to two force nouns) or its staff reports ("Генеральный штаб ВСУ
    сообщил")? ``source``: the word may report itself ("в группировке «Север» сообщили")."""
    if source and _source_reports(toks, j):
        return True
    for _ in range(2):
        j = _first_conjunct(toks, j)
        up = toks[j].head
        if up < 0 or toks[j].rel.split(":")[0] not in ("nmod", "amod"):
            break
        if toks[up].lemma in VOICE_HEADS:
            return _source_reports(toks, up)
        if not _force_head(toks[up]):
            break
        j = up
    return _succeeds(toks, j) or (toks[j].lemma in VOICE_HEADS and _source_reports(toks, j))


def _mention_head(toks: list[Tok], m: Mention, start: int) -> int | None:
    inside = [t.i for t in toks if start + t.start < m.end and m.start < start + t.end]
    return next((j for j in inside if toks[j].head not in inside), None)


def _source_reports(toks: list[Tok], j: int) -> bool:
    """Does the source at j report, itself or through the source nouns it is the genitive
    of ("Пресс-служба Генштаба ВСУ сообщила", "представитель Минобороны России заявил")?"""
    for _ in range(3):
        j = _first_conjunct(toks, j)
        if _reports(toks, j):
            return True
        up = toks[j].head
        if up < 0 or toks[j].rel != "nmod" or toks[up].lemma not in VOICE_HEADS:
            return False
        j = up
    return False


def _reports(toks: list[Tok], j: int) -> bool:
    """Is the token at j a reporting source: the subject of a reporting verb ("Минобороны
    сообщило"), its place ("сообщили в Минобороны") or the genitive of "данные", "сводка"?"""
    j = _first_conjunct(toks, j)
    h = toks[j].head
    if h < 0:
        return False
    rel, head = toks[j].rel.split(":")[0], toks[h]
    if rel in ("nsubj", "obl"):
        return head.lemma in REPORT_VERBS
    return rel == "nmod" and head.lemma in REPORT_NOUNS


def _first_conjunct(toks: list[Tok], j: int) -> int:
    """The first of coordinated words, whose relation the others share ("Генштаб ВСУ и
    Минобороны России сообщили": both report)."""
    for _ in range(len(toks)):
        if toks[j].rel != "conj" or toks[j].head < 0:
            break
        j = toks[j].head
    return j


def _succeeds(toks: list[Tok], j: int) -> bool:
    """Is the token at j the subject of a verb of a side's success ("освободили"), or the
    instrumental agent of its passive ("Подразделениями ... освобожден населенный пункт")?"""
    j = _first_conjunct(toks, j)
    h = toks[j].head
    if h < 0 or toks[h].lemma not in VOICE_VERBS:
        return False
    if toks[j].rel == "nsubj":
        return True
    passive = toks[h].feats.get("Voice") == "Pass" or any(
        toks[c].rel == "nsubj:pass" for c in toks[h].children)
    return (toks[j].rel.split(":")[0] == "obl" and toks[j].case == "Ins" and passive
            and not any(toks[c].rel == "case" for c in toks[j].children))


def _role_fits(kb: KB, actor_id: str, words: tuple[str, ...]) -> bool:
    a = kb.get(actor_id)
    role = (a.role or "").lower() if a is not None else ""
    return not role or any(w in role for w in words)


def _replaceable(m: Mention, a: Anaphor, doc: Doc) -> bool:
    """A mention an anaphor may replace: the state it is described by ("США" in "президент
    США"), or an unknown or fuzzy actor read from the anaphor's own words ("Альянс" at a
    sentence start, "Республика" read as a party's name)."""
    if m.start < a.start or m.end > a.end or m.kind == "coref":
        return False
    if a.country is not None and m.actor == a.country:
        return True
    return (m.actor.startswith("unk:") or m.kind == "fuzzy") and all(
        lemma(w) in NOUNS or lemma(w) in TITLES or _fold(w) in PRONOUNS
        for w in re.findall(r"[\w-]+", m.text))
