"""Who says so, and how sure: negation, hedging, attribution and time of a trigger.

We walk up the dependency tree from the trigger. Inside the trigger's own clause,
negators ("not", "never", "no"), negating verbs ("refused to", "blocked"), modals and
hedge adverbs count. The first verb of saying met on the way up ("X said that ...",
"X accused Y of ...", "a CNN report alleging ...") gives the source (the innermost speaker
wins); "according to X" and a parenthetical "X says" give it too. A speaker's own act
(the trigger *is* the verb of saying, "Biden accused Putin") stays in the article's voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.dates import may_date
from rashomon.doc import Claim, Doc, Mention
from rashomon.nlp.claims.constructions import words
from rashomon.nlp.claims.patterns.view import Arg, Candidate, SentenceView
from rashomon.nlp.parse import ents

if TYPE_CHECKING:
    from spacy.tokens import Token

# deps through which a verb of saying governs what is said; not an adverbial clause
# ("X, speaking after talks with Y, rejected claims that ...": the talks are not denied)
COMPLEMENT = frozenset({"ccomp", "xcomp", "pcomp", "pobj", "prep", "dobj", "conj", "parataxis"})
# deps that close the trigger's clause for negation and hedging
CAUSATIVE = words("causative_verbs")
# deps through which an entity noun ("ally", "enemy") is predicated of its referent: only
# there does a negation above it deny the relation ("X is not an ally of Y")
ENTITY_PREDICATE = frozenset({"attr", "oprd", "acomp", "appos", "conj"})
# prepositions of time: "X warned Y during a call" - the call is no content of the warning
TIME_ADJUNCT_PREPS = words("time_adjunct_preps")
BOUNDARY = frozenset({"relcl", "acl", "advcl", "conj", "ccomp", "parataxis", "appos", "csubj"})


@dataclass
class Frame:
    negated: bool = False
    hedged: bool = False
    speaker: Mention | None = None
    speaker_found: bool = False  # a speaker (actor or not) was found
    time: str | None = None


def _local_markers(view: SentenceView, tok: Token, is_trigger: bool, frame: Frame,
                   noun_scope: bool) -> int:
    """Negations (count) and hedges on one token of the trigger's clause."""
    lists = view.lex.lists
    neg = 0
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "advmod" and low in ("never", "no longer")):
            nxt = c.nbor(1) if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ in ("only", "just"):  # "not only ... but"
                continue
            neg += 1
        elif c.dep_ == "det" and low == "no" and noun_scope:
            neg += 1
        elif c.dep_ == "preconj" and low == "neither":
            neg += 1
        elif c.dep_ in ("advmod", "npadvmod") and low in lists["hedge_adverbs"]:
            frame.hedged = True
        elif c.dep_ == "aux" and low in lists["hedge_modals"]:
            frame.hedged = True
        elif c.dep_ in ("amod", "compound") and low in lists["hedge_adjectives"] and noun_scope:
            frame.hedged = True
    if tok.head.dep_ == "prep" and tok.head.lower_ == "without" and is_trigger:
        neg += 1
    return neg


def _speaker(view: SentenceView, verb: Token) -> tuple[bool, Mention | None]:
    """(found, actor) for the subject of a verb of saying."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    subj += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if not subj and verb.dep_ in ("acl", "relcl") and (
            verb.head.lemma_.lower() in view.lex.lists["report_nouns"]):  # "a CNN report alleging"
        args = view.modifier_actors(verb.head)
        return True, (args[0].mention if args else None)
    for s in subj:
        if s.lower_ in ("it", "there"):
            continue
        args = _titled(view, s)
        if not args and (s.lemma_.lower() in view.lex.lists["report_nouns"]):
            args = view.modifier_actors(s)
        return True, (args[0].mention if args else None)
    return False, None


def _titled(view: SentenceView, s: Token) -> list[Arg]:
    """The speaker a subject names: the person in an apposition before the state in the
    title ("Nikolai Patrushev, the Secretary of Russia's Security Council"; "Russia's
    envoy, Zamir Kabulov"), and past a dateline parsed as the subject ("MOSCOW, March
    26 - X said")."""
    heads = [c for c in s.children if c.dep_ == "appos"]
    if _dateline(s):
        return [a for h in heads for a in _titled(view, h)][:1]
    own = view.actors(s)
    if own and own[0].mention.type == "person":
        return own
    inner = [t for t in s.subtree if t.dep_ == "appos" and t != s]  # "envoy for X, Y,"
    people = [a for h in inner for a in view.actors(h) if a.mention.type == "person"]
    return people[:1] or own


def _dateline(tok: Token) -> bool:
    """A wire dateline at the start of a sentence: "MOSCOW," or "WASHINGTON/LONDON,"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (tok.i <= 2 and len(tok.text) > 2 and tok.text.isupper()
            and nxt is not None and nxt.text == ",")


def quote_speakers(doc: Doc, claims: list[Claim]) -> None:
    """Give a quotation's speaker to the claims inside it that have none, when the quote
    runs over several sentences and its speaker follows it (\"... We have fought Daesh
    for ten years,\" a Foreign Office spokesperson said.)."""
    open_claims = [c for c in claims if c.source is None]
    if not open_claims:
        return
    for start, end in _quotes(doc.text):
        inside = [c for c in open_claims if start - 1 <= c.evidence.start < end]
        if not inside:
            continue
        tail_end = doc.text.find(".", end)
        tail = doc.text[end:tail_end if tail_end > 0 else len(doc.text)]
        if len(tail) > 80 or not REPORT_TAIL.search(tail):
            continue
        found = [m for m in doc.mentions if end <= m.start < end + len(tail)]
        if not found:
            continue
        who = next((m for m in found if m.type == "person"), found[0])
        for c in inside:
            c.source, c.source_id = who.name, who.actor


REPORT_TAIL = re.compile(r"\b(?:" + "|".join(sorted(words("report_tail_verbs"))) + r")\b")
QUOTE_MARKS = {'"': '"', "\u201c": "\u201d"}


def _quotes(text: str) -> list[tuple[int, int]]:
    """(after the opening mark, at the closing mark) of each quotation spanning more than
    one sentence, within a paragraph."""
    out: list[tuple[int, int]] = []
    i = 0
    while True:
        starts = [(text.find(o, i), o) for o in QUOTE_MARKS if text.find(o, i) >= 0]
        if not starts:
            return out
        start, mark = min(starts)
        end = text.find(QUOTE_MARKS[mark], start + 1)
        if end < 0:
            return out
        body = text[start + 1:end]
        if "\n\n" not in body and re.search(r"[.!?]\s+\S", body):
            out.append((start + 1, end))
        i = end + 1


def _noun_speaker(view: SentenceView, noun: Token) -> tuple[bool, Mention | None]:
    """Who voices a noun of saying: its possessor/modifier ("U.S. warnings"), else the
    subject of the verb it is the object of ("he reiterated concerns")."""
    args = view.modifier_actors(noun)
    if args:
        return True, args[0].mention
    if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ == "VERB":
        return _speaker(view, noun.head)
    return False, None


def _report_verb(view: SentenceView, tok: Token) -> dict | None:
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "prt":
            spec = view.lex.report_verbs.get(f"{lemma} {c.lower_}")
            if spec is not None:
                return spec
    return view.lex.report_verbs.get(lemma)


def _shares_auxiliary(conjunct: Token) -> bool:
    """A verb conjunct with no subject or auxiliary of its own ("did not A or B")."""
    return conjunct.pos_ == "VERB" and conjunct.head.pos_ == "VERB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in conjunct.children)


def _report_step(view: SentenceView, tok: Token, came: str | None, visited: list[Token],
                 fr: Frame, in_clause: bool) -> int | None:
    """A verb of saying above the trigger ("X said that ..."): its speaker and hedges go to
    ``fr``; returns the negations it adds, or None when ``tok`` reports nothing."""
    lists = view.lex.lists
    spec = _report_verb(view, tok)
    if spec is None or tok.lemma_.lower() in ("add",):
        return None
    found, who = _speaker(view, tok)
    passive = any(c.dep_ in ("auxpass",) for c in tok.children)
    if not (found or passive or spec.get("hedge") or spec.get("negate")):
        return None
    fr.speaker_found = found
    fr.speaker = who
    if spec.get("hedge") or (passive and not found and tok.lemma_.lower() in lists["hedge_passives"]):
        fr.hedged = True
    neg = 0
    if spec.get("negate") and not (came == "conj" and _report_verb(view, visited[-2]) is not None):
        neg = 1  # not "X rejected the charge and said it never ...": two acts
    if in_clause or came in ("ccomp", "xcomp", "pcomp", "prep", "dobj"):
        for c in tok.children:  # "X did not say that ..." is not "X said not"
            if c.dep_ == "aux" and c.lower_ in lists["hedge_modals"]:
                fr.hedged = True
    return neg


def _report_noun_step(view: SentenceView, tok: Token, fr: Frame) -> int | None:
    """A hedging noun of saying above the trigger ("warnings about an imminent attack");
    returns the negations it adds ("X rejected claims that ..."), or None."""
    lists = view.lex.lists
    if tok.lemma_.lower() not in lists["hedge_report_nouns"] and tok.lower_ not in lists["hedge_report_nouns"]:
        return None
    fr.hedged = True
    fr.speaker_found, fr.speaker = _noun_speaker(view, tok)
    spec = _report_verb(view, tok.head) if tok.dep_ == "dobj" else None
    return 1 if spec and spec.get("negate") else 0


def _clause_markers(view: SentenceView, tok: Token, came: str | None, is_trigger: bool,
                    fr: Frame, scope: bool) -> int:
    """Negations (count) and hedges on a token of the trigger's clause, with the negating
    verbs and nouns above the trigger ("refused to", "the end of")."""
    lists = view.lex.lists
    neg = _local_markers(view, tok, is_trigger, fr, scope)
    if is_trigger:
        return neg
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in lists["negating_verbs"] and came in (
            "xcomp", "dobj", "pcomp", "prep", "pobj", "ccomp", "nsubjpass"):
        neg += 1
    elif tok.pos_ == "NOUN" and lemma in lists["negating_nouns"] and came in ("pobj", "prep"):
        neg += 1
    elif (tok.pos_ == "VERB" and lemma in lists["hedge_passives"] and came == "xcomp"
          and any(c.dep_ == "auxpass" for c in tok.children)):
        fr.hedged = True  # "is believed to have armed"
    return neg


def _leaves_clause(cand: Candidate, tok: Token, came: str, noun_scope: bool) -> bool:
    """Does the walk leave the trigger's clause, going up from ``tok`` by ``came``?"""
    causative = came == "ccomp" and tok.head.lemma_.lower() in CAUSATIVE  # "not let Y fail"
    if (came in BOUNDARY and not causative) or (noun_scope and came in ("nsubj", "nsubjpass", "poss")):
        return True  # "X's opponent Y was never able to ...": not X's negation
    as_pred = came in ("pobj", "prep") and (tok.lower_ == "as" or tok.head.lower_ == "as")
    # "did not fall out of the friends of X": the noun is no predicate
    return cand.pattern == "entity" and came not in ENTITY_PREDICATE and not as_pred


def frame(view: SentenceView, cand: Candidate) -> Frame:
    fr = Frame()
    trigger = cand.token
    neg = 0
    in_clause = True
    noun_scope = trigger.pos_ in ("NOUN", "PROPN")
    tok = trigger
    came: str | None = None
    visited: list[Token] = []
    for _ in range(20):
        visited.append(tok)
        is_trigger = tok == trigger
        adjunct = came == "prep" and visited[-2].lower_ in TIME_ADJUNCT_PREPS
        said = None
        if not is_trigger and came in COMPLEMENT and not adjunct:
            said = _report_step(view, tok, came, visited, fr, in_clause)
        if said is None and not is_trigger and came in ("prep", "pobj", "acl", "ccomp") and tok.pos_ == "NOUN":
            said = _report_noun_step(view, tok, fr)
        if said is not None:
            neg += said
            break
        if in_clause:
            neg += _clause_markers(view, tok, came, is_trigger, fr, noun_scope or tok == cand.governor)
        if tok.dep_ == "ROOT" or tok.head == tok:
            break
        came = tok.dep_
        if in_clause and came == "conj" and _shares_auxiliary(tok):
            # "did not recognise or designate X": the conjunct shares the head's negation
            neg += sum(1 for c in tok.head.children if c.dep_ == "neg")
        if _leaves_clause(cand, tok, came, noun_scope):
            in_clause = False
        if came == "relcl" and _non_restrictive(tok):
            break  # ", which has US backing": the writer's aside, outside any report
        tok = tok.head
    fr.negated = neg % 2 == 1
    if not fr.speaker_found:
        _according_to(view, visited, fr)
    fr.time = _time(view, visited[:3])
    return fr


def _non_restrictive(relcl: Token) -> bool:
    """A relative clause set off by a comma (or dash) from its noun."""
    first = min(t.i for t in relcl.subtree)
    return first > 0 and relcl.doc[first - 1].text in (",", "–", "—", "(")


Speaker = tuple[bool, Mention | None]  # (a speaker was found, the actor it is)


def _according_to(view: SentenceView, visited: list[Token], fr: Frame) -> None:
    """"According to X, ...", "..., X says" (parenthetical), "in X's words"."""
    for find in (_according, _in_words, _parenthetical, _trailing):
        hit = find(view, visited)
        if hit is not None:
            fr.speaker_found, fr.speaker = hit
            return


def _according(view: SentenceView, visited: list[Token]) -> Speaker | None:
    """"According to X, ..." (X, or the owner of "the X's report")."""
    for tok in view.parse:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            args = view._pobj_actors(tok.nbor(1)) or view._pobj_actors(tok)
            if not args:
                to = tok.nbor(1)
                objs = [c for c in to.children if c.dep_ == "pobj"]
                args = [a for o in objs for a in view.modifier_actors(o)]
            return True, (args[0].mention if args else None)
    return None


def _in_words(view: SentenceView, visited: list[Token]) -> Speaker | None:
    """"in X's words"."""
    for tok in view.parse:
        if tok.lower_ == "words" and tok.head.lower_ == "in":
            args = [a for c in tok.children if c.dep_ == "poss" for a in view.actors(c)]
            if args:
                return True, args[0].mention
    return None


def _parenthetical(view: SentenceView, visited: list[Token]) -> Speaker | None:
    """"..., X says" hung on the top of the trigger's walk."""
    top = visited[-1]
    for c in top.children:
        if c.dep_ in ("parataxis", "ccomp") and _report_verb(view, c) is not None and c.i > top.i:
            found, who = _speaker(view, c)
            if found:
                return True, who
    return None


def _trailing(view: SentenceView, visited: list[Token]) -> Speaker | None:
    """"..., the Financial Times reported on Thursday." hung anywhere."""
    for v in view.parse:
        if _trailing_report(view, v, visited[0]):
            found, who = _speaker(view, v)
            if found and who is not None:
                return True, who
    return None


def _trailing_report(view: SentenceView, v: Token, trigger: Token) -> bool:
    """A verb of saying with no complement of its own, its clause set off by a comma after
    the trigger: the parenthetical "..., X said" that the parser attached somewhere inside."""
    if v.i < trigger.i or _report_verb(view, v) is None:
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in v.children):
        return False
    subj = [c for c in v.children if c.dep_ == "nsubj"]
    if not subj or subj[0].i > v.i:
        return False
    first = subj[0].left_edge.i
    return first > trigger.i and first > 0 and view.parse[first - 1].text == ","


def _time(view: SentenceView, near: list[Token]) -> str | None:
    """The DATE entity attached near the trigger; None without NER when the sentence can
    hold no date (``dates.may_date``): ``claim_time`` would read nothing in the entity."""
    if not may_date(view.sentence.text):
        return None
    ids = {t.i for t in near}
    for ent in ents(view.parse):  # NER runs here if the parse step skipped this sentence
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        if head.dep_ == "prep":
            head = head.head
        if head.i in ids:
            return ent.text
    return None
