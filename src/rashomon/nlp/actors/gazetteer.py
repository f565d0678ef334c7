"""Exact KB matching: one Aho-Corasick automaton over every surface form, any script.

Matching runs on lowercased text with our own word-boundary checks; short all-caps
acronyms (US, IS, UN) match case-sensitively in a second automaton; a form written with
a capital in the KB needs a capital in the text ("turkey" is a bird). Longest match wins.
Rules on top of the raw matches:

- metonyms (capitals, seats) -> the state, kind="metonym", lower score when used as a place
  ("in Moscow", "a Moscow suburb");
- plural collective demonyms ("the Russians") -> the state, kind="demonym";
- an adjective alone is no actor ("Russian ships"), except before armed-forces or
  government nouns ("Russian troops", "the Ukrainian army") and agentive action nouns
  ("the Russian invasion", "US sanctions"), kind="adjective";
- a person's surname alone -> the person when the KB lists it as an alias ("Putin") or when
  the full name came earlier in the document; titles are never part of the span;
- guards for names that are also people or US states ("Jordan Peterson", "Atlanta, Georgia").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors import inflect, kbcache
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.derived import (
    HEAD_MODIFIERS,
    HEADS,
    INSTITUTION_TYPES,
    MAX_HEAD,
    SECTORS,
    head_at,
)
from rashomon.nlp.actors.kb import KB, TITLES, normalise_name
from rashomon.nlp.actors.words import WORDS
from rashomon.nlp.text.morph import another_word, cyrillic, morph
from rashomon.nlp.text.morph import lemma as ru_lemma

# word lists (each explained in lexicon.yaml)
LEADER_FORCES = WORDS.words("leader_forces")
FORCE_NOUNS = WORDS.words("force_nouns")
IRREGULAR_NOUNS = WORDS.words("irregular_nouns")
ACTION_NOUNS = WORDS.words("action_nouns")
MODIFIERS = WORDS.words("adjective_modifiers")
PLACE_BEFORE = WORDS.words("place_before")
PLACE_AFTER = WORDS.words("place_after")
AMBIGUOUS = WORDS.words("ambiguous_names")
US_STATE_CONTEXT = WORDS.words("us_state_context")
VERB_AFTER = WORDS.words("verb_after")
FUNCTION_WORDS = WORDS.words("function_words")
RU_FORCE = WORDS.words("ru_force_nouns")
RU_FORCE_PLURALS = WORDS.words("ru_force_plurals")
RU_WARCRAFT = WORDS.words("ru_warcraft")
RU_ACTION = WORDS.words("ru_action_nouns")
RU_MODIFIERS = WORDS.words("ru_adjective_modifiers")
RU_TITLES = WORDS.words("ru_titles")
RU_DYSPHEMISMS: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in WORDS.table("ru_force_dysphemisms").items()}
RU_BLOC_NOUNS: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in WORDS.table("ru_bloc_nouns").items()}
RU_ACTOR_NOUNS = WORDS.words("ru_actor_nouns")
RU_TITLE_MODIFIERS = WORDS.words("ru_title_modifiers")
RU_HEADS: dict[str, str] = dict(WORDS.table("ru_heads"))
RU_HEAD_PHRASES: dict[str, str] = dict(WORDS.table("ru_head_phrases"))
# the words right before a state name: "МИД Белоруссии", "министерства обороны Китая"
_RU_HEAD_BEFORE = re.compile(r"((?:[А-Яа-яЁё-]+ ){0,2}[А-Яа-яЁё-]+) $")
# English uses "the <adjective>" for a people only with these endings: the British, the
# French, the Chinese, the Swiss (but "the Russians", never "the Russian")
NOMINAL_ENDINGS = ("sh", "ch", "ese", "ss")
# first words that may open an institution phrase after a state word (see derived.py)
HEAD_FIRST = frozenset(h[0] for h in HEADS)
HEAD_STARTS = HEAD_FIRST | HEAD_MODIFIERS | {"and", "or"}
ARABIC_PROCLITICS = frozenset("وفبلك")
SLAVIC_ENDINGS = ("", "а", "у", "ом", "ем", "е", "ы", "и", "ой", "ей", "ю", "ам", "ами", "ах",
                  "ов", "ев", "я", "ям", "ями", "ях", "ію", "і", "ї")
# "-ский"/"-цкий" (Russian "российский", "турецкий"), "-ський"/"-цький" (Ukrainian),
# "-ски"/"-цки" (Bulgarian "руски", "гръцки")
_ADJ_ENDING = re.compile(r"[сц](кий|кая|кое|кие|кого|кой|ьких|ький|ька|ьке|ькі|ки|ка|ко)$")
# a lower-case Russian name that is an adjective though not one of those ("западный")
_RU_ADJ_NAME = re.compile(r"[а-яё](ый|ий)$")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


# languages written in Cyrillic, and those of them whose documents read only their own
# forms of the KB's foreign names: in a Russian document a form listed only for another
# Cyrillic language is not matched ("Кубата" is Bulgarian "the Cuba", in Russian a name's
# genitive). The KB lists Russian forms for nearly every actor; Bulgarian and Ukrainian
# documents still borrow Russian forms where it lists none of their own.
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "bg", "be", "sr", "mk", "kk", "ky", "tg", "mn"})
OWN_FORMS_ONLY = frozenset({"ru"})


@dataclass(slots=True, frozen=True)
class Form:
    actor: str
    field: str  # name | alias | names | metonym | demonym | adjective | surname
    case: int  # 0 any case; 1 first letter must be upper; 2 exact case
    text: str
    langs: str = ""  # the languages whose names list it ("ru,uk"); "" for every language

    def __reduce__(self) -> tuple[type[Form], tuple[str, str, int, str, str]]:
        return (Form, (self.actor, self.field, self.case, self.text, self.langs))  # fast to unpickle

    def read_in(self, lang: str | None) -> bool:
        """Is the form matched in a document in ``lang``? Not in a language of
        OWN_FORMS_ONLY when the form is listed only for other Cyrillic languages."""
        if not self.langs or lang not in OWN_FORMS_ONLY:
            return True
        listed = self.langs.split(",")
        return lang in listed or not all(x in CYRILLIC_LANGUAGES for x in listed)


# key -> forms (best first) of the lower-case and the exact-case automaton, and the
# capitals a former state shares with a present one (key -> former state id)
Tables = tuple[dict[str, list[Form]], dict[str, list[Form]], dict[str, str]]


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return 1 < len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in form


def _case_rule(form: str) -> int:
    if _is_acronym(form):
        return 2
    return 1 if form[:1].isupper() else 0


def _strip_the(form: str) -> str:
    return form[4:] if form.lower().startswith("the ") and len(form) > 4 else form


def _form(raw: str) -> str:
    """A KB form as it is matched: trimmed, straight apostrophe, no leading "the"."""
    return _strip_the(raw.strip().replace("’", "'"))


def _cyrillic_variants(form: str) -> list[str]:
    """Case-inflected forms of a Russian/Ukrainian/Bulgarian name (last word inflected),
    less the one-word names that are another common Russian word ("Самое" is no Samoa,
    "Политика" no Politico)."""
    words = form.split(" ")
    last = words[-1]
    if not cyrillic(last) or len(last) < 3 or last.isupper():
        return []
    stem = last[:-1] if last[-1].lower() in "аяоеьйыиіїу" else last
    out = [" ".join(words[:-1] + [stem + e]) for e in SLAVIC_ENDINGS if stem + e != last]
    if len(words) == 1 and last[:1].isupper():
        out = [v for v in out if not another_word(v, [last])]
    return out


def _surnames(kb: KB) -> dict[str, str]:
    """Surname -> person id, for surnames that name exactly one KB person and nothing else.

    A surname listed as an alias is matched as such; these implicit surnames only count
    after the person's full name in the same document (see :meth:`Matcher.mentions`).
    """
    taken = {k for k, _ in kb.index_items()}
    seen: dict[str, list[str]] = {}
    for a in kb.actors:
        if a.type != "person":
            continue
        words = a.name.split()
        if len(words) < 2:
            continue
        last = words[-1]
        cands = {last}
        if last.lower().startswith(("al-", "el-")):
            cands.add(last[3:])
        for c in cands:
            if len(c) >= 4 and c[:1].isupper():
                seen.setdefault(c, []).append(a.id)
    return {s: ids[0] for s, ids in seen.items() if len(set(ids)) == 1 and s.casefold() not in taken}


def _bare_head(text: str, prev: Mention, m: Mention) -> bool:
    """Is ``prev`` a listed bare institution ("Минобороны", Russia's) right before the state
    ``m`` whose institution it heads ("Минобороны Армении")?"""
    return (prev.end <= m.start and text[prev.end:m.start] == " " and " " not in prev.text
            and ru_lemma(prev.text) in RU_HEADS)


def _listed(kb: KB) -> dict[str, set[str]]:
    """Each form as the KB lists it (matching key) -> the actors that list it."""
    out: dict[str, set[str]] = {}
    for a in kb.actors:
        if a.origin != "derived":
            for raw, _fld in a.surface_forms():
                out.setdefault(_lower(_form(raw)), set()).add(a.id)
    return out


def _variants(a: Actor, raw: str, fld: str) -> tuple[str, list[str], dict[str, str]]:
    """The field a listed form acts as, the form with its generated case forms (none for
    a form that is empty), and the language of each form generated by one language's
    grammar (a Bulgarian article form is Bulgarian only)."""
    form = _form(raw)
    if not form:
        return fld, [], {}
    if fld == "demonym" and form.casefold() in {x.casefold() for x in a.adjectives}:
        fld = "adjective"  # invariant demonyms ("Chinese") act as adjectives
    elif fld == "names" and form[:1].islower():
        # lower-case foreign names are demonyms ("россияне") or adjectives ("российский")
        fld = "adjective" if _ADJ_ENDING.search(form) or (
            " " not in form and _RU_ADJ_NAME.search(form)) else "demonym"
    variants = [form] + (_cyrillic_variants(form) if fld in ("name", "alias", "names") else [])
    own: dict[str, str] = {}
    lang = next((x for x in ("bg", "uk") if raw in a.names.get(x, ())), None)
    if fld == "names" and lang:  # Bulgarian articles, Ukrainian cases
        more = inflect.variants(form, lang, a.type == "person")
        own.update({v: lang for v in more if v not in variants})
        variants += more
    elif raw in a.names.get("ru", ()) and (fld in ("adjective", "demonym") or fld == "names" and " " in form):
        # "российский" -> "российских"; "Белый дом" -> "Белом доме"; "американцы" -> "американцев"
        more = inflect.variants(form, "ru", a.type == "person")
        own.update({v: "ru" for v in more if v not in variants})
        variants += more
    return fld, variants, own


def _name_languages(a: Actor) -> dict[str, str]:
    """Each of the actor's foreign names -> the languages that list it ("ru,uk")."""
    out: dict[str, set[str]] = {}
    for lang, names in a.names.items():
        for n in names:
            out.setdefault(n, set()).add(lang)
    return {n: ",".join(sorted(ls)) for n, ls in out.items()}


def form_tables(kb: KB) -> Tables:
    """Every surface form of the KB under its matching key (see :class:`Matcher`)."""
    lower: dict[str, list[Form]] = {}
    exact: dict[str, list[Form]] = {}
    listed = _listed(kb)
    for a in kb.actors:
        if a.origin == "derived":
            continue  # found by the institution rule, with its modifiers and heads
        langs = _name_languages(a)
        for raw, listed_as in a.surface_forms():
            fld, variants, own = _variants(a, raw, listed_as)
            for v in variants:
                if v != variants[0] and listed.get(_lower(v), {a.id}) != {a.id}:
                    continue  # another actor's own name ("Багдад", not a form of "Багдади")
                case = _case_rule(v)
                f = Form(a.id, fld, case, v,
                         own.get(v, langs.get(raw, "")) if listed_as == "names" else "")
                if case == 2:
                    exact.setdefault(v, []).append(f)
                else:
                    lower.setdefault(_lower(v), []).append(f)
    for s, pid in _surnames(kb).items():
        lower.setdefault(_lower(s), []).append(Form(pid, "surname", 1, s))
    former = frozenset(a.id for a in kb.actors if a.type == "historical_state")
    # a capital shared by a state and a former state ("Moscow": Russia, Soviet Union)
    shared = {
        key: f.actor for key, forms in lower.items() for f in forms
        if f.actor in former and f.field == "metonym" and any(g.actor not in former for g in forms)}
    return ({k: _rank(v, former) for k, v in lower.items()},
            {k: _rank(v, former) for k, v in exact.items()}, shared)


class Matcher:
    """Finds KB mentions in text. Build once per KB (see :func:`matcher_for`)."""

    def __init__(self, kb: KB, tables: Tables | None = None) -> None:
        self.kb = kb
        self.lower = ahocorasick.Automaton()
        self.exact = ahocorasick.Automaton()
        lower, exact, self.former = form_tables(kb) if tables is None else tables
        self.cues = {aid: _cue_pattern(kb.get(aid)) for aid in set(self.former.values())}
        for key, forms in lower.items():
            self.lower.add_word(key, (key, forms))
        for key, forms in exact.items():
            self.exact.add_word(key, (key, forms))
        if len(self.lower):
            self.lower.make_automaton()
        if len(self.exact):
            self.exact.make_automaton()

    # -- raw matching ----------------------------------------------------------------------
    def candidates(self, text: str, lang: str | None = None) -> list[tuple[int, int, Form]]:
        """Every boundary-respecting, case-respecting match (overlaps included) of a form
        read in the document's language ``lang`` (see :meth:`Form.read_in`)."""
        out: list[tuple[int, int, Form]] = []
        low = _lower(text)
        if len(self.lower):
            for end, (key, forms) in self.lower.iter(low):
                start = end - len(key) + 1
                end += 1
                if not _boundary(text, start, end) or _branch_suffix(text, end):
                    continue
                # the best-ranked form whose case rule the text meets ("хуситам" written
                # lower case is the demonym, though "Хуситам" ranks first)
                lower_case = text[start].isalpha() and not text[start].isupper()
                f = next((x for x in forms if not (x.case == 1 and lower_case)
                          and x.read_in(lang)), None)
                if f is None:
                    continue
                out.append((start, end, f))
        if len(self.exact):
            for end, (key, forms) in self.exact.iter(text):
                start = end - len(key) + 1
                end += 1
                f = next((x for x in forms if x.read_in(lang)), None)
                if f is not None and _boundary(text, start, end) and not _branch_suffix(text, end):
                    out.append((start, end, f))
        return out

    def match(self, text: str, cands: list[tuple[int, int, Form]] | None = None) -> list[tuple[int, int, Form]]:
        """Longest non-overlapping matches, sorted by start."""
        cands = list(self.candidates(text) if cands is None else cands)
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        mask = bytearray(len(text) + 1)
        chosen = []
        for s, e, f in cands:
            if any(mask[s:e]):
                continue
            mask[s:e] = b"\x01" * (e - s)
            chosen.append((s, e, f))
        chosen.sort(key=lambda c: c[0])
        return chosen

    # -- mentions --------------------------------------------------------------------------
    def mentions(self, doc: Doc, cands: list[tuple[int, int, Form]] | None = None) -> list[Mention]:
        text = doc.text
        out: list[Mention] = []
        named: set[str] = set()  # people already named in full in this document
        matches = self.match(text, self.candidates(text, doc.language) if cands is None else cands)
        end = 0  # end of the last mention: rules may extend a span over later matches
        for k, (s, e, f) in enumerate(matches):
            actor = self.kb.get(f.actor)
            if actor is None or s < end:
                continue
            if actor.type == "person":
                if f.field == "surname" and actor.id not in named:
                    continue  # a bare surname needs the full name earlier ("Costa" is a word)
                if " " in f.text:
                    named.add(actor.id)
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            own = nxt is not None and self._owned(actor, nxt[2].actor)
            m = self._mention(text, s, e, f, actor, institution=not own)
            if m is not None and actor.type == "state" and m.kind in ("kb", "metonym"):
                bare = out[-1] if out and _bare_head(text, out[-1], m) else None
                m = self._ru_head_before(text, m, actor, bare.start if bare else end) or m
                if bare is not None and m.start <= bare.start:
                    out.pop()  # "Минобороны" + "Армении": the Armenian ministry
            if m is not None and actor.type == "person":
                m = self._leader_forces(text, m, actor) or m
            if m is not None:
                end = m.end
                m.sentence = doc.sentence_at(m.start)
                if m.kind == "metonym":
                    self._former_state(doc, m, f)
                out.append(m)
        return out

    def _leader_forces(self, text: str, m: Mention, person: Actor) -> Mention | None:
        """"Putin's forces", "Assad's regime": a leader's forces are the state's (spec:
        armed forces resolve to the state)."""
        state = self.kb.get(person.country) if person.country else None
        pos = re.match(r"['’]s?(?=\s)", text[m.end:m.end + 3])
        if state is None or state.type != "state" or pos is None:
            return None
        for _ws, we, w in _next_words(text, m.end + pos.end(), 3):
            lw = w.lower()
            if lw in LEADER_FORCES:
                return Mention(m.start, we, text[m.start:we], state.id, state.name,
                               kind="adjective", score=0.8, type=state.type)
            if lw not in MODIFIERS:
                return None
        return None

    def _former_state(self, doc: Doc, m: Mention, f: Form) -> None:
        """"In Soviet times, Moscow armed them": the shared capital means the former state
        when its sentence names that state (not "the former Soviet Union") or, used as an
        actor, dates itself within the former state's years ("In 1967, Moscow ...")."""
        aid = self.former.get(_lower(f.text))
        if aid is None:
            return
        sent = doc.sentences[m.sentence].text if m.sentence >= 0 else doc.text
        a = self.kb.get(aid)
        dated = m.score > 0.5 and _dated_before(sent, a.until if a else None)  # not a place
        if self.cues[aid].search(sent) or dated:
            if a is not None:
                m.actor, m.name, m.type = a.id, a.name, a.type

    def _owned(self, state: Actor, actor_id: str) -> bool:
        """Is ``actor_id`` an institution of ``state`` ("Germany's Federal Intelligence
        Service" is the BND, not a derived "German intelligence")?"""
        if state.type != "state":
            return False
        a = self.kb.get(actor_id)
        return a is not None and a.type in INSTITUTION_TYPES and (
            a.country == state.id or any(p.id == state.id for p in self.kb.ancestors(a.id)))

    def _mention(self, text: str, s: int, e: int, f: Form, a: Actor,
                 institution: bool = True) -> Mention | None:
        kind, score = "kb", 1.0
        if institution and a.type == "state" and f.field in ("name", "alias", "adjective"):
            inst = self._institution(text, s, e, a)
            if inst is not None:
                return inst
        if f.field in ("name", "alias", "names", "surname"):
            named = _name_end(text, s, e, f, a)
            if named is None:
                return None
            e, score = named
        elif f.field == "metonym":
            kind, score = "metonym", (0.4 if _place_use(text, s, e) else 0.9)
        elif f.field == "demonym":
            kind = "demonym"
            score = 0.85 if _prev_word(text, s).lower() == "the" else 0.6
        elif f.field == "adjective" and cyrillic(f.text):
            return self._ru_adjective(text, s, e, a)
        elif f.field == "adjective":
            return self._adjective_mention(text, s, e, a)
        return Mention(s, e, text[s:e], a.id, a.name, kind=kind, score=score, type=a.type)

    def _ru_head_before(self, text: str, m: Mention, a: Actor, free: int) -> Mention | None:
        """"МИД Белоруссии", "спецслужбы Украины", "министерство обороны Китая": an
        institution or sector noun before a state in the genitive names that institution
        (starting no earlier than ``free``, the end of the last mention)."""
        hit = _RU_HEAD_BEFORE.search(text, max(free, m.start - 40), m.start)
        if hit is None or not cyrillic(m.text):
            return None
        words = hit.group(1).split()
        lemmas = [ru_lemma(w) for w in words]
        cat, n = None, 0
        for n in (3, 2, 1):  # the longest head phrase ending right before the name
            cat = RU_HEAD_PHRASES.get(" ".join(lemmas[-n:])) if n > 1 and len(words) >= n \
                else RU_HEADS.get(lemmas[-1]) if n == 1 else None
            if cat:
                break
        start = hit.end(1) - len(" ".join(words[-n:]))
        if n == 1 and lemmas[-1] in RU_DYSPHEMISMS.get(a.id, ()):  # "боевики ВСУ": the forces
            return Mention(start, m.end, text[start:m.end], a.id, a.name, kind=m.kind,
                           score=m.score, type=a.type)
        inst = self.kb.institution(a.id, cat) if cat else None
        if inst is None:
            return None
        return Mention(start, m.end, text[start:m.end], inst.id, inst.name, kind="kb",
                       score=0.9, type=inst.type)

    def _ru_adjective(self, text: str, s: int, e: int, a: Actor) -> Mention | None:
        """A Russian state adjective: with an armed-forces or government noun the state
        ("российские войска", "киевский режим"), with an institution or sector noun that
        institution ("американской разведки", "сирийские повстанцы"), with an action noun
        its doer ("российская агрессия": the adjective), with a title and a named holder
        the state the holder is part of ("Российский президент Владимир Путин": the
        adjective); on anything else no actor. Before a coordinated adjective ("армянские и
        азербайджанские силы") the span is the adjective alone, so that the next one names
        its own state."""
        words = _next_words(text, e, 4)
        if a.type == "state" and _ru_title_holder(text, text[s:e], words):
            return Mention(s, e, text[s:e], a.id, a.name, kind="adjective", score=0.8, type=a.type)
        joined = False  # another adjective is coordinated with this one
        for k, (_ws, we, w) in enumerate(words):
            lem = ru_lemma(w)
            nxt = ru_lemma(words[k + 1][2]) if k + 1 < len(words) else ""
            if lem == "военный" and nxt in RU_WARCRAFT:
                we = e if joined else words[k + 1][1]
                return Mention(s, we, text[s:we], a.id, a.name, kind="adjective", score=0.85,
                               type=a.type)
            if lem == "военный" and nxt == "округ":
                return None  # "Западный военный округ": a military district, no actor
            if lem in RU_MODIFIERS or (lem == "военный" and nxt in RU_FORCE | RU_ACTION):
                continue
            if lem in ("и", "или") and k == 0 or joined and k == 1 and _ADJ_ENDING.search(lem):
                joined = True
                continue
            we = e if joined else we
            if lem in RU_DYSPHEMISMS.get(a.id, ()) or _ru_agrees(
                    text[s:e], w, RU_BLOC_NOUNS.get(a.id, frozenset()) | RU_ACTOR_NOUNS):
                # "украинские неонацисты": the forces; "западные политики": the West
                return Mention(s, we, text[s:we], a.id, a.name, kind="adjective", score=0.8,
                               type=a.type)
            if lem in RU_HEADS and a.type == "state":
                inst = self.kb.institution(a.id, RU_HEADS[lem])
                if inst is None:
                    return None
                return Mention(s, we, text[s:we], inst.id, inst.name, kind="kb", score=0.9,
                               type=inst.type)
            if lem in RU_FORCE or _ru_plural_of(w, RU_FORCE_PLURALS):
                return Mention(s, we, text[s:we], a.id, a.name, kind="adjective", score=0.85,
                               type=a.type)
            if lem in RU_ACTION:
                return Mention(s, e, text[s:e], a.id, a.name, kind="adjective", score=0.75,
                               type=a.type)
            return None
        return None

    def _adjective_mention(self, text: str, s: int, e: int, a: Actor) -> Mention | None:
        """An adjective that names its actor: "the Chinese have ...", "Russian troops"."""
        if _collective(text, s, e):  # "the Chinese have ..." (invariant demonym)
            return Mention(s, e, text[s:e], a.id, a.name, kind="demonym", score=0.7, type=a.type)
        span = _adjective_span(text, s, e, state=a.type == "state")
        if span is None:
            span = self._coordinated_span(text, s, e)
        if span is None:
            return None
        s, e, score = span
        return Mention(s, e, text[s:e], a.id, a.name, kind="adjective", score=score, type=a.type)

    def _institution(self, text: str, s: int, e: int, a: Actor) -> Mention | None:
        """"Russian intelligence", "Ukraine's security services", "American and British
        intelligence" (for "American"): the state's institution, kept distinct from the state."""
        first = _next_words(text, e, 1)
        if not first or first[0][2].lower() not in HEAD_STARTS:
            return None
        words = _next_words(text, e, MAX_HEAD + 4)
        hit = head_at([w for _, _, w in words])
        end = None
        if hit is not None:
            end = words[hit[0] - 1][1]
        elif self._coordinated(words):  # the head follows the second adjective
            hit = head_at([w for _, _, w in words[2:]])
            end = e
        if hit is None and _bare_security(text, words):  # "arrested by Russian security,"
            hit, end = (1, "security"), words[0][1]
        if hit is None or end is None:
            return None
        inst = self.kb.institution(a.id, hit[1])
        if inst is None:
            return None
        if hit[1] in SECTORS and text[max(0, s - 4):s].lower() == "pro-":
            # "pro-Russian separatists" are not Russia's: an actor of their own, no parent
            s -= 4
            name = "pro-" + text[s + 4:end]
            return Mention(s, end, text[s:end], "unk:" + normalise_name(name), name, kind="ner",
                           score=0.8, type=inst.type)
        return Mention(s, end, text[s:end], inst.id, inst.name, kind="kb", score=0.9, type=inst.type)

    def _coordinated(self, words: list[tuple[int, int, str]]) -> bool:
        """True when the words start with "and/or <another state's adjective>"."""
        if len(words) < 3 or words[0][2].lower() not in ("and", "or"):
            return False
        other = self.kb.by_name(words[1][2])
        return other is not None and other.type == "state" and words[1][2] in other.adjectives

    def _coordinated_span(self, text: str, s: int, e: int) -> tuple[int, int, float] | None:
        """"Russian and Chinese troops": the first adjective shares the second one's noun."""
        if not text[e:e + 5].lower().startswith((" and ", " or ")):
            return None
        words = _next_words(text, e, 6)
        if not self._coordinated(words):
            return None
        span = _adjective_span(text, words[1][0], words[1][1])
        return None if span is None else (s, e, span[2])


def _cue_pattern(a: Actor | None) -> re.Pattern[str]:
    """Names of a former state, not after "former", "ex-" or "post-"."""
    forms = sorted({x for x in [a.name, *a.aliases, *a.adjectives, *a.demonyms] if len(x) > 2}
                   if a else {"\x00"}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?<!former )(?<!ex-)(?<!post-)(?<!Post-)(?:"
                      + "|".join(re.escape(x) for x in forms) + r")(?![\w-])")


_YEAR = re.compile(r"(?<![\w.,-])(1[89]\d\d|20\d\d)(s?)(?![\w-])")


def _dated_before(sentence: str, until: int | None) -> bool:
    """Does the sentence date itself inside a former state's lifetime: years, all of them
    up to its last year ("Since 1967, Moscow ...", "in the 1980s")?"""
    if until is None:
        return False
    years = [int(y) + (9 if s else 0) for y, s in _YEAR.findall(sentence)]
    return bool(years) and max(years) <= until



def _name_end(text: str, s: int, e: int, f: Form, a: Actor) -> tuple[int, float] | None:
    """(end, score) of a name, alias or surname match, or None for an ambiguous name used
    as something else ("Jordan Peterson")."""
    score = 1.0
    if f.field == "surname":
        score = 0.85
    elif a.type in INSTITUTION_TYPES:
        e = _head_tail(text, f.text, e)  # "Turkish intelligence" + " agencies"
    elif f.case != 2 and a.type not in ("state", "territory"):
        e = _plural(text, e)
    if f.text.casefold() in AMBIGUOUS and _ambiguous_use(text, s, e):
        return None
    return e, score

def _rank(forms: list[Form], historical: frozenset[str] = frozenset()) -> list[Form]:
    """Forms of one key, best first: by field, a former state after a present one."""
    order = {"name": 0, "alias": 1, "names": 2, "surname": 3, "metonym": 4, "demonym": 5,
             "adjective": 6}
    return sorted(forms, key=lambda f: (order[f.field], f.actor in historical))


def _lower(text: str) -> str:
    low = text.lower().replace("’", "'")
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("’", "'")


def _wordchar(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c)[0] == "M"


def _boundary(text: str, s: int, e: int) -> bool:
    if s > 0 and _wordchar(text[s - 1]):
        # Arabic proclitics: "وروسيا" (and Russia)
        if not (text[s - 1] in ARABIC_PROCLITICS and (s == 1 or not _wordchar(text[s - 2]))):
            return False
    if e < len(text) and _wordchar(text[e]):
        return False
    # "pro-Russian", "anti-American" are no mentions; "Russia-Ukraine" holds two
    if s > 1 and text[s - 1] == "-" and _wordchar(text[s - 2]):
        m = re.search(r"([^\W_]+)$", text[max(0, s - 20):s - 1])
        if m and m.group(1)[:1].islower():
            return False
    return True


def _branch_suffix(text: str, e: int) -> bool:
    """A hyphenated short code after a name ("ISIS-K", "IS-KP") makes another actor."""
    m = re.match(r"-([A-Z]{1,4})(?![\w])", text[e:e + 6])
    return m is not None


def _plural(text: str, e: int) -> int:
    """Extend over a plural 's' ("Houthi" -> "Houthis")."""
    if e < len(text) and text[e] == "s" and (e + 1 == len(text) or not _wordchar(text[e + 1])):
        return e + 1
    return e


def _prev_word(text: str, s: int) -> str:
    m = re.search(r"([^\W_]+)[^\w]*$", text[max(0, s - 40):s])
    return m.group(1) if m else ""


def _next_words(text: str, e: int, n: int = 4) -> list[tuple[int, int, str]]:
    out = []
    pos = e + 2 if text[e:e + 2] in ("'s", "’s") else e  # "Russia's security services"
    while len(out) < n:
        m = _WORD.search(text, pos)
        if not m:
            break
        gap = text[pos:m.start()]
        if gap.strip():
            break  # punctuation between words ends the phrase
        out.append((m.start(), m.end(), m.group(0)))
        pos = m.end()
    return out


def _head_tail(text: str, form: str, e: int) -> int:
    """End of an institution name extended over the rest of its head ("intelligence services")."""
    last = form.rsplit(" ", 1)[-1].lower()
    if last not in HEAD_FIRST:
        return e
    words = _next_words(text, e, MAX_HEAD)
    hit = head_at([last] + [w for _, _, w in words])
    return words[hit[0] - 2][1] if hit and hit[0] > 1 else e


def _bare_security(text: str, words: list[tuple[int, int, str]]) -> bool:
    """"by Russian security, ..." : "security" closing a phrase is the security service
    ("Russian security concerns" is not)."""
    if not words or words[0][2].lower() != "security":
        return False
    after = text[words[0][1]:words[0][1] + 2]
    return after[:1] in (",", ";", ")") or (after[:1] == "." and after[1:2].strip() == "")


def _adjective_span(text: str, s: int, e: int, state: bool = False) -> tuple[int, int, float] | None:
    words = _next_words(text, e)
    for _ws, we, w in words:
        lw = w.lower().replace("’", "'")
        if state and lw in IRREGULAR_NOUNS:
            return None
        if lw in FORCE_NOUNS:
            return s, we, 0.85
        if lw in ACTION_NOUNS:
            return s, e, 0.75
        if lw not in MODIFIERS:
            return None
    return None


# a name's first word: a capital, then lower case ("Владимир", not "МИД")
_RU_NAME = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]")


def _ru_title_holder(text: str, adjective: str, words: list[tuple[int, int, str]]) -> bool:
    """Do ``words`` (after a state ``adjective``) open a title with a named holder, through
    the title's modifiers ("официальный представитель Мария Захарова")?"""
    for _ws, we, w in words:
        if w[:1].islower() and _ru_agrees(adjective, w, RU_TITLES, number=False):
            return _ru_named_holder(text, we)
        if ru_lemma(w) not in RU_TITLE_MODIFIERS:
            return False
    return False


def _ru_agrees(adjective: str, word: str, nouns: frozenset[str], number: bool = True) -> bool:
    """Is ``word`` one of ``nouns`` in a case (and, with ``number``, a number) its adjective
    can take ("западные политики": politicians, "западная политика" a policy; "японского
    премьера": the premier's genitive, though "премьера" is first read as a premiere)?"""
    an = morph()
    if not nouns:
        return False
    if an is None:
        return ru_lemma(word) in nouns

    def forms(w: str, only: frozenset[str] | None) -> set[tuple[str | None, str | None]]:
        return {(p.tag.case, p.tag.number if number else None) for p in an.parse(w.lower())
                if only is None or p.normal_form.replace("ё", "е") in only}

    return bool(forms(word, nouns) & forms(adjective, None))


def _ru_plural_of(word: str, nouns: frozenset[str]) -> bool:
    """Is ``word`` one of ``nouns`` in the plural ("позициям"; not "позиция")?"""
    an = morph()
    if an is None:
        return False
    return any(p.normal_form.replace("ё", "е") in nouns and p.tag.number == "plur"
               for p in an.parse(word.lower()))


def _ru_named_holder(text: str, e: int) -> bool:
    """Does a person's name follow the Russian title ending at ``e``, directly or after its
    office in the genitive ("президент Владимир Путин", "министр иностранных дел Хакан
    Фидан", "глава МИД Сергей Лавров")?"""
    an = morph()
    for _ws, _we, w in _next_words(text, e, 5):
        if _RU_NAME.match(w):
            return True
        if w.isupper() and cyrillic(w):
            continue  # an acronym office: "МИД", "МВД"
        if not cyrillic(w) or an is None or not any(
                p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in an.parse(w)):
            return False
    return False


def _collective(text: str, s: int, e: int) -> bool:
    """"The Chinese have refused", "said the British.": an adjective used as a people."""
    if _prev_word(text, s).lower() != "the" or text[e - 1:e] == ".":
        return False
    if not text[s:e].lower().endswith(NOMINAL_ENDINGS) or text[e:e + 1] in ("-", "–"):
        return False  # "the Russian-Finnish border"; English says "the Russians"
    nxt = _next_words(text, e, 1)
    if not nxt or nxt[0][0] - e > 1 or text[e:nxt[0][0]].strip():
        return True  # end of text or punctuation: "... said the Chinese."
    return nxt[0][2].lower() in VERB_AFTER


def _place_use(text: str, s: int, e: int) -> bool:
    if _prev_word(text, s).lower() in PLACE_BEFORE:
        return True
    nxt = _next_words(text, e, 1)
    return bool(nxt) and nxt[0][2].lower() in PLACE_AFTER and nxt[0][0] - e <= 1


def _ambiguous_use(text: str, s: int, e: int) -> bool:
    """True when a name like Jordan/Georgia/Chad is a person's name or a US state here."""
    nxt = _next_words(text, e, 1)
    if nxt and nxt[0][0] - e == 1 and text[e] == " ":
        w = nxt[0][2]
        if w.lower() in US_STATE_CONTEXT:
            return True
        if w[:1].isupper() and w.lower() not in TITLES and not _titlecase_line(text, s):
            return True
    before = text[max(0, s - 30):s]
    pm = re.search(r"([^\W_]+)( ?)$", before)
    if pm and pm.group(2) == " ":
        w = pm.group(1)
        if w[:1].isupper() and w.lower() not in TITLES and w.lower() not in FUNCTION_WORDS \
                and not _titlecase_line(text, s):
            return True
    if re.search(r"[A-Z][a-z]+, $", before) or re.search(r"state of $", before.lower()):
        return True
    return False


def _titlecase_line(text: str, pos: int) -> bool:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    line = text[ls: le if le >= 0 else len(text)]
    words = [w for w in _WORD.findall(line) if len(w) >= 3]
    return len(line) <= 160 and len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


@lru_cache(maxsize=8)
def matcher_for(kb: KB) -> Matcher:
    """The matcher of a KB, built once per process; its form tables are kept on disk for
    a KB that came from :func:`load_kb` (see kbcache.py)."""
    if kb.cache_key is None:
        with kbcache.no_gc():
            return Matcher(kb)

    def build() -> Tables:
        with kbcache.no_gc():
            return form_tables(kb)

    tables = kbcache.tables("forms", kb.cache_key, build)
    with kbcache.no_gc():
        return Matcher(kb, tables)
