"""Explicit framing evidence from the parse: who does harm, who suffers it, who helps whom,
and the words an entity is called. Each cue names the main role it points to, a fine role
when the cue implies one, and why (shown as an explanation)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rashomon.doc import Doc
from rashomon.nlp.framing.codebook import MAIN_ROLES
from rashomon.nlp.framing.lexicon import (
    ACCUSE,
    BAD_MANNER,
    BLAME_NOUNS,
    DECEIVE,
    DENIAL,
    FINE_OF_DEED,
    FINE_OF_UNDERGOING,
    FINE_OF_WORD,
    GIVE,
    GOOD_MANNER,
    HARM_NOUNS,
    HELP,
    HELP_NOUNS,
    INNOCENT_NOUNS,
    NEGATIVE_WORDS,
    OF_PATIENT,
    PATIENT_PREPS,
    PEACE,
    PEACE_NOUNS,
    PITY_WORDS,
    POSITIVE_WORDS,
    PUNISH,
    SMEAR,
    SPEAK,
    SUFFER,
    UNDERGO,
    VIOLENCE,
)
from rashomon.nlp.text.spans import head_token

FIGHT = frozenset("fight resist defend protect struggle stand".split())
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
OBJ_DEPS = frozenset({"dobj", "obj", "nsubjpass", "dative", "iobj"})


@dataclass(frozen=True)
class Cue:
    role: str  # Protagonist / Antagonist / Innocent
    weight: float
    why: str  # e.g. "subject of 'invade'"
    fine: str = ""
    kind: str = ""  # "speak": the mention speaks (the codebook weighs it apart)


# a noun names such people when it is one of them, or ends in " <noun>" or "<noun>s"
_INNOCENT = frozenset(INNOCENT_NOUNS)
_INNOCENT_ENDS = tuple(sorted({" " + n for n in INNOCENT_NOUNS} | {n + "s" for n in INNOCENT_NOUNS}))


def innocent_noun(text: str) -> bool:
    """Civilians, children, people...: names of people usually on the receiving end."""
    noun = text.lower().rstrip(".,;:!?")
    return noun in _INNOCENT or noun.endswith(_INNOCENT_ENDS)


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _lemma(tok: Any) -> str:
    return tok.lemma_.lower()


def _passive(verb: Any) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _verbs_of_subject(verb: Any) -> list[Any]:
    """The verb, the verbs it controls ('want to destroy', 'work to help') and verb
    conjuncts sharing its subject."""
    out = [verb]
    for c in verb.children:
        own_subject = any(g.dep_ in SUBJ_DEPS or g.dep_ == "nsubjpass" for g in c.children)
        if c.pos_ not in ("VERB", "AUX") or own_subject:
            continue
        to_clause = any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        if c.dep_ == "xcomp" or c.dep_ == "conj" or (c.dep_ == "advcl" and to_clause):
            out.append(c)
    return out


def pobj_preps(verb: Any) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")}


def _manner_cues(v: Any, lem: str) -> list[Cue]:
    """Cues from how the subject acts ('acts bravely') and from being 'under attack'."""
    cues: list[Cue] = []
    manner = {_lemma(c) for c in v.children if c.dep_ == "advmod"}
    if manner & GOOD_MANNER:
        cues.append(Cue("Protagonist", 1.0, f"acts '{min(manner & GOOD_MANNER)}'"))
    if manner & BAD_MANNER and not _passive(v):
        cues.append(Cue("Antagonist", 1.0, f"acts '{min(manner & BAD_MANNER)}'"))
    if lem in ("be", "remain", "come", "live") and any(
            c.dep_ == "prep" and c.lower_ == "under" and any(_lemma(g) in HARM_NOUNS for g in c.children)
            for c in v.children):
        cues.append(Cue("Innocent", 1.0, "is under attack", "Victim"))
    return cues


def _deed_cue(v: Any, lem: str, passive_agent: bool) -> Cue | None:
    """The cue of what the subject does (verb ``v``, lemma ``lem``), if any."""
    objs = {_lemma(o) for c in v.children if c.dep_ in ("dobj", "obj") for o in (c, *c.conjuncts)}
    pobjs = {_lemma(g) for c in v.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"}
    if lem in VIOLENCE:
        return Cue("Antagonist", 1.0, f"does '{lem}'")
    if lem in DECEIVE:
        return Cue("Antagonist", 1.0, f"does '{lem}'", "Deceiver")
    if lem in HELP or (lem in GIVE and objs & HELP_NOUNS):
        return Cue("Protagonist", 1.0, f"does '{lem}'", "Guardian")
    if lem in PEACE or (objs | pobjs) & PEACE_NOUNS and lem not in VIOLENCE:
        return Cue("Protagonist", 0.5, f"seeks peace ('{lem}')", "Peacemaker")
    if lem in FIGHT and "for" in pobj_preps(v) and not passive_agent:
        return Cue("Protagonist", 0.5, f"does '{lem} for'", "Guardian")
    if lem in SUFFER and not passive_agent:
        return Cue("Innocent", 1.0, f"does '{lem}'", "Victim")
    if (lem in UNDERGO or lem == "go" and "through" in pobj_preps(v)) and (objs | pobjs) & HARM_NOUNS:
        return Cue("Innocent", 1.0, f"faces '{min((objs | pobjs) & HARM_NOUNS)}'", "Victim")
    return None


def _as_subject(verb: Any, text: str, passive_agent: bool = False) -> list[Cue]:
    cues: list[Cue] = []
    for v in _verbs_of_subject(verb):
        if _negated(v):
            continue
        lem = _lemma(v)
        if v is not verb and _passive(v) and not passive_agent:  # 'needs to be provided with'
            cues += _as_object(v, text)
            continue
        cues += _manner_cues(v, lem)
        deed = _deed_cue(v, lem, passive_agent)
        if deed is not None:
            cues.append(deed)
    return cues


def _as_object(verb: Any, text: str) -> list[Cue]:
    if _negated(verb):
        return []
    lem = _lemma(verb)
    if lem in VIOLENCE:
        return [Cue("Innocent", 1.0, f"undergoes '{lem}'", "Victim")]
    if lem in PUNISH and any(c.dep_ in SUBJ_DEPS and _villain(c) for c in verb.children):
        return [Cue("Innocent", 1.0, f"undergoes '{lem}' by a villain", "Victim")]
    if lem in SMEAR:
        return [Cue("Innocent", 1.0, f"undergoes '{lem}'", "Scapegoat")]
    if lem in ACCUSE and _denied(verb):
        return [Cue("Innocent", 1.0, f"accused ('{lem}') without grounds", "Scapegoat")]
    if lem in ("cause", "inflict", "do") and any(
            _lemma(c) in HARM_NOUNS for c in verb.children if c.dep_ in ("dobj", "obj")):
        return [Cue("Innocent", 1.0, f"is caused harm ('{lem}')", "Victim")]
    recipient = lem in GIVE and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    if lem in HELP or recipient:
        if innocent_noun(text):
            return [Cue("Innocent", 0.5, f"receives '{lem}'", "Victim")]
        return [Cue("Protagonist", 0.5, f"receives '{lem}'", "Underdog")]
    return []


def _villain(tok: Any) -> bool:
    """The token is, or is modified by, a word that casts it as a villain ('the regime')."""
    return _lemma(tok) in NEGATIVE_WORDS or any(
        _lemma(c) in NEGATIVE_WORDS for c in tok.children if c.dep_ in ("amod", "compound"))


def _denied(tok: Any) -> bool:
    """The sentence presents an accusation as baseless ('without evidence')."""
    sent = tok.sent.text.lower() if tok.doc.has_annotation("SENT_START") else tok.doc.text.lower()
    return any(d in sent for d in DENIAL)


def _speaker(verb: Any) -> bool:
    """Subject of a speech verb that is not itself reported by another speaker."""
    if _lemma(verb) not in SPEAK or _negated(verb):
        return False
    return not (verb.dep_ in ("ccomp", "xcomp") and _lemma(verb.head) in SPEAK)


def _words(tok: Any) -> list[Cue]:
    """Words the entity is called: modifiers, appositions, predicates ('X is a dictator')."""
    cues = []
    words = [c for c in tok.children if c.dep_ in ("amod", "compound", "appos")]
    if tok.pos_ == "NOUN":  # 'propagandists', 'the invaders'
        words.append(tok)
    if tok.head.lemma_ == "be" and tok.dep_ in SUBJ_DEPS:
        words += [c for c in tok.head.children if c.dep_ in ("attr", "acomp")]
    for w in words:
        lem = _lemma(w)
        if lem in NEGATIVE_WORDS:
            cues.append(Cue("Antagonist", 1.0, f"called '{lem}'", FINE_OF_WORD.get(lem, "")))
        elif lem in POSITIVE_WORDS:
            cues.append(Cue("Protagonist", 1.0, f"called '{lem}'", FINE_OF_WORD.get(lem, "")))
        elif lem in PITY_WORDS:
            cues.append(Cue("Innocent", 1.0, f"called '{lem}'", "Victim"))
    return cues


def _noun_target_cues(prep: str, gov: Any, glem: str, text: str) -> list[Cue] | None:
    """The object of ``prep`` under noun ``gov``: 'attacks on X', 'aid to X' (None: no cue)."""
    if (glem in HARM_NOUNS and (prep in PATIENT_PREPS or prep == "of" and glem in OF_PATIENT)
            or glem == "war" and prep == "against"):
        return [Cue("Innocent", 1.0, f"target of '{glem}'", "Victim")]
    if glem in HARM_NOUNS and prep in ("by", "from"):
        return [Cue("Antagonist", 1.0, f"commits '{glem}'")]
    if glem in ("involvement", "role", "responsibility", "guilt") and _denied(gov):
        return [Cue("Innocent", 1.0, f"'{glem}' denied", "Scapegoat")]
    if glem in HELP_NOUNS and prep in ("to", "for"):
        if innocent_noun(text):
            return [Cue("Innocent", 0.5, f"receives '{glem}'", "Victim")]
        return [Cue("Protagonist", 0.5, f"receives '{glem}'", "Underdog")]
    return None


def _verb_target_cues(prep: str, gov: Any, glem: str) -> list[Cue] | None:
    """The object of ``prep`` under verb ``gov``: 'sent to X', 'fight against X' (None: no cue)."""
    if prep in ("to", "for") and (glem in HELP or glem in GIVE and any(
            _lemma(c) in HELP_NOUNS for c in gov.children if c.dep_ in ("dobj", "obj"))):
        return [Cue("Protagonist", 0.5, f"receives '{glem}'", "Underdog")]
    if prep == "against" and glem in FIGHT:
        return [Cue("Antagonist", 0.5, f"is fought against ('{glem}')")]
    if prep == "from" and glem in ("protect", "defend", "save", "shield", "rescue"):
        return [Cue("Antagonist", 0.5, f"is the threat ('{glem} from')")]
    return None


def _pobj_cues(head: Any, text: str) -> list[Cue] | None:
    """Cues of the object of preposition ``head`` (None: none from here on)."""
    prep, gov = _lemma(head), head.head
    glem = _lemma(gov)
    if prep == "by" and gov.pos_ == "VERB":
        return _as_subject(gov, text, passive_agent=True)
    if gov.pos_ in ("NOUN", "PROPN"):
        found = _noun_target_cues(prep, gov, glem, text)
        if found is not None:
            return found
    if gov.pos_ == "VERB" and not _negated(gov):
        return _verb_target_cues(prep, gov, glem)
    return None


def _modifier_cues(dep: str, head: Any, text: str, depth: int) -> list[Cue]:
    """Cues of a possessor or modifier of noun ``head``: 'Russia's aggression'."""
    hlem = _lemma(head)
    if dep == "nmod":  # 'caused X great harm' parsed as a modifier of 'harm'
        if hlem in HARM_NOUNS and head.dep_ in ("dobj", "obj") and _lemma(head.head) in ("cause", "inflict", "do"):
            return [Cue("Innocent", 1.0, f"is caused '{hlem}'", "Victim")]
        return []
    if hlem in ("involvement", "role", "responsibility", "guilt") and _denied(head):
        return [Cue("Innocent", 1.0, f"'{hlem}' denied", "Scapegoat")]
    if hlem in HARM_NOUNS or hlem in BLAME_NOUNS:
        return [Cue("Antagonist", 1.0, f"its '{hlem}'")]
    if hlem in HELP_NOUNS:
        return [Cue("Protagonist", 0.5, f"its '{hlem}'", "Guardian")]
    if depth == 0 and head.dep_ in SUBJ_DEPS:  # 'Russia's army attacked': shared, weaker
        return [replace(c, weight=c.weight * 0.5)
                for c in position_cues(head, text, depth + 1) + _words(head)]
    return []


def _governor(tok: Any) -> tuple[Any, str, Any]:
    """(token, its relation, its head) after climbing conjuncts and appositions: 'Russia and
    Iran attacked' gives the second conjunct the first one's place."""
    dep, head = tok.dep_, tok.head
    while dep in ("conj", "appos") and head is not tok and head.head is not head:
        tok, dep, head = head, head.dep_, head.head
    return tok, dep, head


def position_cues(tok: Any, text: str, depth: int = 0) -> list[Cue]:
    """Cues from the grammatical position of the mention's head token ``tok``."""
    tok, dep, head = _governor(tok)
    if dep in SUBJ_DEPS and head.pos_ in ("VERB", "AUX"):
        cues = _as_subject(head, text)
        if _speaker(head):
            cues.append(Cue("Protagonist", 0.5, f"speaks ('{_lemma(head)}')", kind="speak"))
        return cues
    if dep in OBJ_DEPS and head.pos_ == "VERB":
        if dep == "dative" and _lemma(head) in GIVE:
            return [Cue("Protagonist", 0.5, f"is given by '{_lemma(head)}'", "Underdog")]
        return _as_object(head, text)
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        found = _pobj_cues(head, text)
        if found is not None:
            return found
    if dep in ("poss", "compound", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        return _modifier_cues(dep, head, text, depth)
    return []


def mention_cues(parse: Any, start: int, end: int, text: str | None = None) -> list[Cue]:
    """All cues for the mention at ``[start, end)`` (offsets in ``parse.text``; pass that
    text when known: spaCy rebuilds it token by token)."""
    tok = head_token(parse, start, end)
    if tok is None:
        return []
    text = (parse.text if text is None else text)[start:end]
    cues = position_cues(tok, text) + _words(tok)
    for c in tok.children:  # 'X, which has committed billions to aid Kyiv'
        if c.dep_ == "relcl" and any(g.dep_ in SUBJ_DEPS and g.lower_ in ("which", "who", "that")
                                     for g in c.children):
            cues += _as_subject(c, text)
    if innocent_noun(text):
        cues.append(Cue("Innocent", 0.5, "names people on the receiving end", "Victim"))
    return cues


def _deeds(verbs: list[Any]) -> list[str]:
    """Fine roles ``FINE_OF_DEED`` gives the doer of ``verbs`` (un-negated): the verb, or
    its direct object ('spread lies')."""
    out = []
    for v in verbs:
        if _negated(v):
            continue
        objs = [o for c in v.children if c.dep_ in ("dobj", "obj") for o in (c, *c.conjuncts)]
        out += [FINE_OF_DEED[w] for w in (_lemma(v), *map(_lemma, objs)) if w in FINE_OF_DEED]
    return out


def deed_hints(tok: Any) -> list[str]:
    """Fine roles the deeds of the mention's head token ``tok`` imply, in text order: what
    it does as subject (or passive agent, or in a 'which/who' clause) and what is done to it
    as object (``FINE_OF_UNDERGOING``)."""
    tok, dep, head = _governor(tok)
    out: list[str] = []
    if dep in SUBJ_DEPS and head.pos_ in ("VERB", "AUX"):
        out += _deeds([v for v in _verbs_of_subject(head) if v is head or not _passive(v)])
    elif dep == "pobj" and head.lower_ == "by" and head.head.pos_ == "VERB":
        out += _deeds([head.head])
    elif dep in OBJ_DEPS and head.pos_ == "VERB" and not _negated(head):
        lem = _lemma(head)
        if lem in FINE_OF_UNDERGOING:
            out.append(FINE_OF_UNDERGOING[lem])
    for c in tok.children:
        if c.dep_ == "relcl" and any(g.dep_ in SUBJ_DEPS and g.lower_ in ("which", "who", "that")
                                     for g in c.children):
            out += _deeds(_verbs_of_subject(c))
    return out


def fine_hints(doc: Doc, start: int, end: int) -> list[str]:
    """The fine roles the mention ``doc.text[start:end]``'s deeds imply (``deed_hints``;
    none when its sentence is not parsed). Fine-role evidence only: no main-role vote."""
    si = doc.sentence_at(start)
    if si < 0 or doc.sentences[si].parse is None:
        return []
    s = doc.sentences[si]
    tok = head_token(s.parse, start - s.start, end - s.start)
    return [] if tok is None else deed_hints(tok)


def claim_cues(doc: Doc, start: int, end: int, actor: str | None) -> list[Cue]:
    """Cues from claims in the mention's sentence: the doer of an attack, and its target."""
    cues = []
    surface = doc.text[start:end]
    for c in doc.claims:
        ev = c.evidence
        if c.negated or c.hedged or c.relation != "attack" or not ev.start <= start < ev.end:
            continue
        if (actor and c.subject_id == actor) or (c.subject_text and surface in c.subject_text):
            cues.append(Cue("Antagonist", 1.0, f"attacks {c.object} (claim)"))
        elif (actor and c.object_id == actor) or (c.object_text and surface in c.object_text):
            cues.append(Cue("Innocent", 1.0, f"attacked by {c.subject} (claim)", "Victim"))
    return cues


def cues(doc: Doc, start: int, end: int, actor: str | None = None) -> list[Cue]:
    """All the framing evidence for the mention ``doc.text[start:end]``: the claims it
    takes part in, and (when its sentence is parsed) the parse cues of ``mention_cues``.
    The one place the explicit evidence is read (the role codebook, the model's features
    and the evidence sentences of a label all use it)."""
    found = claim_cues(doc, start, end, actor)
    si = doc.sentence_at(start)
    if si >= 0 and doc.sentences[si].parse is not None:
        s = doc.sentences[si]
        found += mention_cues(s.parse, start - s.start, end - s.start, s.text)
    return found


def votes(found: list[Cue]) -> dict[str, float]:
    """Total cue weight per main role."""
    out = dict.fromkeys(MAIN_ROLES, 0.0)
    for c in found:
        out[c.role] += c.weight
    return out
