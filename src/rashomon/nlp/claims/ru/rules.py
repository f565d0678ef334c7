"""Russian claim rules over a UD parse: triggers, their arguments, and the frame
(negation, hedging, attribution) of each trigger.

Arguments follow UD relations: the subject is ``nsubj`` (the agent ``obl`` in the
instrumental for a passive), the object is marked as the lexicon says (direct object,
dative, a preposition); a noun trigger under a light verb ("оказать поддержку",
"нанести удар") takes the light verb's subject; a title noun ("президент России Владимир
Путин", "Российский президент Владимир Путин") makes the person in apposition part of the
genitive or adjective actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rashomon.doc import SYMMETRIC, Mention
from rashomon.nlp.claims.ru.lexicon import RuLexicon, RuTrigger
from rashomon.nlp.text.ruparse import Tok, ancestors

LINK_DEPS = ("appos", "flat:name", "flat", "nmod", "amod", "conj")
SCOPE_DEPS = ("ccomp", "parataxis", "xcomp", "advcl", "obj", "csubj", "acl", "obl", "nmod")


@dataclass
class View:
    """One parsed sentence with its actor mentions mapped onto tokens."""

    toks: list[Tok]
    mentions: list[Mention]
    offset: int  # the sentence's start in the document
    text: str
    lex: RuLexicon
    head_of: dict[int, int] = field(default_factory=dict)  # mention index -> head token
    by_tok: dict[int, int] = field(default_factory=dict)  # head token -> mention index
    cover: dict[int, int] = field(default_factory=dict)  # any covered token -> mention index

    def __post_init__(self) -> None:
        for k, m in enumerate(self.mentions):
            a, b = m.start - self.offset, m.end - self.offset
            inside = [t.i for t in self.toks if t.start < b and a < t.end]
            if not inside:
                continue
            head = next((i for i in inside if self.toks[i].head not in inside), inside[0])
            self.head_of[k] = head
            self.by_tok.setdefault(head, k)
            for i in inside:
                self.cover.setdefault(i, k)

    def word(self, i: int) -> str:
        """Token ``i``'s lemma, or "@actor" inside a mention: a word of an actor's name
        ("альянс" in "Североатлантический альянс") is no trigger or cue of a pair."""
        return "@actor" if i in self.cover else self.toks[i].lemma

    def kids(self, i: int, *rels: str) -> list[Tok]:
        return [self.toks[c] for c in self.toks[i].children
                if not rels or self.toks[c].rel in rels]

    def prep(self, i: int) -> str:
        """The preposition (``case`` child) of token ``i``, lower case ('' when none);
        two-word ones give their first word ("со стороны" -> "со")."""
        for c in self.kids(i, "case"):
            return c.lemma if c.lemma != "со" else "с"
        return ""

    def genitives(self, i: int) -> list[Tok]:
        """Token ``i``'s dependents in the bare genitive ("войска России"; no preposition)."""
        return [c for c in self.kids(i, "nmod") if c.case == "Gen" and not self.prep(c.i)]

    def genitive_actors(self, i: int) -> list[int]:
        """The actors of token ``i``'s bare genitives ("давление Вашингтона")."""
        return [a for c in self.genitives(i) for a in self.actors(c.i)]

    def adjective_actors(self, i: int) -> list[int]:
        """The actors token ``i``'s adjectives name ("российская агрессия")."""
        return [a for c in self.kids(i, "amod") for a in self.actors(c.i, 0)]

    def actors(self, i: int, depth: int = 2, seen: frozenset[int] = frozenset()) -> list[int]:
        """Mentions that token ``i`` stands for: its own mention, coordinated ones, or one
        it governs through apposition, a name, a genitive or an adjective ("войска
        России", "министр Лавров"). (``seen``: the mentions of the coordination so far.)"""
        if i in self.cover:
            k = self.cover[i]
            out = [k]
            for c in self.kids(self.head_of.get(k, i), "conj"):
                if self.cover.get(c.i) not in seen | {k}:  # a conjunct inside the name
                    out += [x for x in self.actors(c.i, 0, seen | {k}) if x not in out]
            return out
        if depth <= 0:
            return []
        for rels in (("appos", "flat:name", "flat"), ("amod",), ("nmod",)):
            for c in self.kids(i, *rels):
                if rels == ("nmod",) and (self.prep(c.i) or c.case not in ("Gen", "")):
                    continue
                found = self.actors(c.i, depth - 1)
                if found:
                    return found
        return []


@dataclass
class RuCandidate:
    trigger: RuTrigger
    tok: int  # the trigger token
    anchor: int  # the verb that carries the frame (the light verb, or the trigger)
    subjects: list[int]
    objects: list[int]
    pattern: str = "verb"

    def pairs(self) -> list[tuple[int, int]]:
        out = [(s, o) for s in self.subjects for o in self.objects if s != o]
        if self.trigger.both:
            out += [(o, s) for s, o in out]
        return out


def _marked(view: View, c: Tok, markers: tuple[str, ...]) -> bool:
    p = view.prep(c.i)
    if p:
        return p in markers
    if c.rel == "obj":
        return "obj" in markers or ("gen" in markers and c.case == "Gen")
    if c.rel == "iobj" or c.case == "Dat":
        return "dat" in markers
    if c.case == "Gen" and c.rel == "nmod":
        return "gen" in markers
    if c.case == "Ins" and c.rel in ("obl", "nmod"):
        return "ins" in markers
    return False


def _objects(view: View, i: int, markers: tuple[str, ...], direct: bool = False) -> list[int]:
    out: list[int] = []
    for c in view.kids(i, "obj", "iobj", "obl", "nmod"):
        if _marked(view, c, markers):
            out += view.actors(c.i, 0 if direct else 2)
    return out


def _subjects(view: View, v: Tok) -> tuple[list[int], list[int]]:
    """(subjects, passive subjects) of a verb, looking up through xcomp/conj/relative clauses."""
    cur = v
    for _ in range(3):
        subj = [a for c in view.kids(cur.i, "nsubj") for a in view.actors(c.i)]
        passive = [a for c in view.kids(cur.i, "nsubj:pass") for a in view.actors(c.i)]
        if subj or passive:
            return subj, passive
        if any(c.pos in ("NOUN", "PROPN") and not any(
                d.pos in ("DET", "PRON") for d in view.kids(c.i, "det", "nmod"))
               for c in view.kids(cur.i, "nsubj", "nsubj:pass")):
            # a subject that is no actor ("Сечин заявил, что компания продолжит ..."); one
            # that is the speaker's ("ГУР заявил, что его беспилотники ...") is the speaker
            break
        if cur.rel in ("xcomp", "conj", "ccomp", "advcl") and cur.head >= 0:
            # a dropped subject is the governing clause's: "Иран опроверг, что поставлял ..."
            cur = view.toks[cur.head]
        elif cur.rel in ("acl", "acl:relcl") and cur.head >= 0:
            return view.actors(cur.head), []
        else:
            break
    return [], []


DESIGNATE = RuTrigger("", "verb", "oppose", "DISAPPROVE", ("obj",), strength=0.65)
SIDE = RuTrigger("", "noun", "support", "SUPPORT", ("gen",), strength=0.7)
BEFRIEND = RuTrigger("", "verb", "ally", "COOPERATE", ("obj",), strength=0.6)
THREATEN = RuTrigger("", "verb", "oppose", "THREATEN", ("obj",), strength=0.6)


def _recast(view: View, v: Tok, t: RuTrigger | None) -> RuTrigger | None:
    """The verb's trigger as the sentence uses it: a hostile designation is oppose
    ("признала КСИР террористической организацией", "назвал Россию агрессором"); handing
    over a message, a proposal or bodies is contact, not aid ("передал Путину послание",
    "не получал от Киева предложений": cooperate); an attack threatened or demanded is
    oppose ("пригрозил ликвидировать X")."""
    lists = view.lex.lists
    if v.lemma in lists["designating_verbs"]:
        for c in view.kids(v.i, "xcomp", "obl", "nmod", "acl"):
            if c.case != "Ins" or view.prep(c.i) or c.i in view.cover:
                continue
            words = {c.lemma} | {a.lemma for a in view.kids(c.i, "amod")}
            if words & lists["friendly_designations"]:
                if t is None and not view.actors(c.i, 1):  # not "назвал Турцию союзником Баку"
                    return BEFRIEND
            elif words & lists["hostile_designations"] or (
                    t is None and _quoted(view, c.i)  # "назвал X «политическим трупом»"
                    and not words & lists["praise_designations"]):
                return DESIGNATE
    if t is not None and t.relation == "support" and any(
            c.lemma in lists["exchange_objects"] for c in view.kids(v.i, "obj", "obl", "nmod")
            if c.rel == "obj" or (c.case == "Gen" and not view.prep(c.i))):
        return replace(t, relation="cooperate", plover="CONSULT")  # "передал письмо"
    if t is not None and t.relation == "attack" and v.rel == "xcomp" and v.head >= 0 and \
            view.toks[v.head].lemma in lists["intent_verbs"]:
        return THREATEN
    return t


def _quoted(view: View, i: int) -> bool:
    """Whether the phrase of token ``i`` opens with a quotation mark."""
    lo = min([i] + [c.i for c in view.kids(i, "amod", "det")])
    return lo > 0 and view.toks[lo - 1].text in ("«", "\"", "“", "„")


def verb_candidate(view: View, v: Tok, t: RuTrigger) -> RuCandidate | None:
    subj, passive = _subjects(view, v)
    objs = _objects(view, v.i, t.obj, t.direct)
    if passive:  # "Украина была атакована силами X": the instrumental is the doer
        objs = passive + objs
        subj = [a for c in view.kids(v.i, "obl", "nmod") if c.case == "Ins" and not view.prep(c.i)
                for a in view.actors(c.i)] + subj
    if not objs:  # "поставлять оружие ХАМАС": the object's owner or receiver
        for c in view.kids(v.i, "obj"):
            if c.i not in view.cover:
                objs += [a for n in view.kids(c.i, "nmod", "iobj") if n.case in ("Dat", "Gen")
                         and not view.prep(n.i) for a in view.actors(n.i, 0)]
    if not objs and (preps := tuple(m for m in t.obj if m not in ("obj", "dat", "gen", "ins"))):
        # "подписать декларацию с Пекином": the partner marked on the verb's object
        objs += [a for c in view.kids(v.i, "obj") if c.i not in view.cover
                 for a in _objects(view, c.i, preps)]
    if t.converse:  # "Киев получил от Вашингтона помощь": the giver is marked
        objs += [a for c in view.kids(v.i, "obj") for n in view.kids(c.i, "nmod")
                 if view.prep(n.i) == "от" for a in view.actors(n.i)]
        subj, objs = objs, subj
    if v.lemma in view.lex.lists["response_verbs"] and (doers := _hostile_doers(view, v)):
        subj, objs = doers, subj  # "Украина отразила атаку России": Russia attack Ukraine
    subj, objs = _mutual(view, t, v.i, subj, objs)
    if not (subj and objs):
        return None
    return RuCandidate(_topic(view, t, v.i), v.i, v.i, subj, objs, "verb")


def _hostile_doers(view: View, v: Tok) -> list[int]:
    """The doers of a hostile act (an attack or oppose noun) that verb ``v`` governs: its
    genitive or adjective actors ("атаку российских войск", "давление Вашингтона")."""
    out: list[int] = []
    for c in view.kids(v.i, "obj", "iobj", "obl", "nmod"):
        t = view.lex.trigger("noun", c.lemma)
        if c.i in view.cover or t is None or t.relation not in ("attack", "oppose"):
            continue
        out += view.adjective_actors(c.i) + view.genitive_actors(c.i)
    return out


def _topic(view: View, t: RuTrigger, i: int) -> RuTrigger:
    """A deal about an alliance is an alliance: "подписали договор о взаимной обороне",
    "соглашение о стратегическом партнерстве" (the trigger at ``i``, or its object)."""
    if t.relation != "cooperate":
        return t
    objs = view.kids(i, "obj")
    about = [c for h in [view.toks[i], *objs] for c in view.kids(h.i, "nmod", "obl")
             if view.prep(c.i) == "о"]
    if any(_ally_topic(view, c) for c in about) or any(
            _ally_topic(view, c, deep=False) for c in objs):  # "подписали партнерство"
        return replace(t, relation="ally", both=False)
    return t


def _ally_topic(view: View, c: Tok, deep: bool = True) -> bool:
    """Whether the phrase of token ``c`` names an alliance: a topic word, its adjective
    ("союзнических отношениях"), an adjective and noun ("взаимной обороне"), or a noun and
    its genitive ("о размещении базы", "гарантии безопасности")."""
    topics = view.lex.lists["ally_topics"]
    words = [c.lemma] + [a.lemma for a in view.kids(c.i, "amod")]
    words += [f"{a.lemma} {c.lemma}" for a in view.kids(c.i, "amod")]
    gens = view.genitives(c.i) if deep else []
    words += [g.lemma for g in gens] + [f"{c.lemma} {g.lemma}" for g in gens]
    return any(w in topics for w in words)


def _mutual(view: View, t: RuTrigger, i: int, subj: list[int],
            objs: list[int]) -> tuple[list[int], list[int]]:
    """A mutual or symmetric trigger with no object: every pair of its coordinated subjects
    ("Нигер и Мали подписали соглашение") or of a "между X и Y" under it."""
    if not (t.both or t.relation in SYMMETRIC):
        return subj, objs
    if not objs and len(subj) > 1:
        return subj, subj
    if not (subj and objs) and "между" not in t.obj and len(among := _between(view, i)) > 1:
        # (not a mediator's "между": "посредник между X и Y" pairs neither X and Y)
        return among, among
    return subj, objs


def _between(view: View, i: int) -> list[int]:
    """The actors of a "между X и Y" under token ``i``."""
    return [a for c in view.kids(i, "nmod", "obl") if view.prep(c.i) == "между"
            for a in view.actors(c.i)]


def _governed(view: View, n: Tok, head: Tok | None) -> tuple[list[int], list[int], int] | None:
    """Who a noun trigger is said of through the verb above it (subjects, objects, the
    anchor that carries the frame), or None: a copula or a negating verb lends its subject
    ("Иран стал союзником Армении", "Эфиопия отказалась от переговоров с Египтом"); a
    naming or accusing verb its direct object ("назвал Турцию союзником Баку", "обвинил Y
    в нападении на Z")."""
    lists = view.lex.lists
    if head is None or n.rel in ("nsubj", "nsubj:pass", "conj", "appos"):
        return None
    if head.lemma in lists["copulas"] or head.lemma in lists["negating_verbs"]:
        return _subjects(view, head)[0], [], head.i
    if head.lemma in lists["predicate_verbs"] and n.rel in ("xcomp", "obl", "nmod"):
        return [a for c in view.kids(head.i, "obj") for a in view.actors(c.i)], [], n.i
    return None


def _received(view: View, n: Tok, head: Tok | None) -> tuple[list[int], list[int], int] | None:
    """Support said of its receiver: "X при поддержке Y", "X, опирающиеся на поддержку Y":
    the giver is the noun's genitive or adjective actor, the receiver the subject of the
    verb it hangs from (subjects, objects, anchor)."""
    if head is None or not (view.prep(n.i) == "при" or (
            head.lemma in view.lex.lists["receiving_verbs"] and n.rel in ("obj", "obl"))):
        return None
    givers = view.adjective_actors(n.i) + view.genitive_actors(n.i)
    if head.rel in ("acl", "acl:relcl") and head.head >= 0:  # "X, опирающиеся на ..."
        takers = view.actors(head.head)
    else:
        takers = _subjects(view, head)[0]
    takers = [a for a in takers if a not in givers]
    return (givers, takers, head.i) if givers and takers else None


def noun_candidate(view: View, n: Tok, t: RuTrigger) -> RuCandidate | None:
    toks = view.toks
    objs = _objects(view, n.i, t.obj)
    subj: list[int] = []
    anchor = n.i
    head = toks[n.head] if n.head >= 0 else None
    if t.relation == "part_of" and "в" in t.obj and head is not None and (
            head.lemma in view.lex.lists["membership_topics"]):
        return None  # "переговоры о вступлении Украины в ЕС": talks, no membership
    title = t.relation == "part_of" and "в" not in t.obj  # not membership ("вступление в")
    # who does it: an adjective ("российская агрессия"), "со стороны X", a genitive when
    # the object is marked otherwise, apposition, the copula's subject ("X - союзник Y");
    # a title's adjective is what its holder is part of ("Российский президент Владимир Путин")
    (objs if title else subj).extend(view.adjective_actors(n.i))
    subj += [a for c in view.kids(n.i, "nmod", "obl") for a in _by_side(view, c)]
    if "gen" not in t.obj:
        subj += view.genitive_actors(n.i)
    subj += [a for c in view.kids(n.i, "nsubj", "appos", "flat:name") for a in view.actors(c.i)]
    if head is not None and n.rel == "appos" and n.head in view.cover:
        subj.append(view.cover[n.head])
    if (light := _through_light(view, n, t, bool(subj))) is not None:
        subj, objs, anchor = subj + light[0], objs + light[1], light[2]
    if n.i in view.cover:  # "президент России Владимир Путин" parsed as one name
        subj.append(view.cover[n.i])
    objs = objs or ([] if title else _receivers(view, n, t))
    if not subj and t.relation == "support" and (got := _received(view, n, head)):
        subj, objs, anchor = got  # "Армия при поддержке США", "опираясь на помощь Y"
    if not subj and (not title or head is not None and head.lemma in view.lex.lists["copulas"]) \
            and (got := _governed(view, n, head)) is not None:  # "Индонезия стала членом БРИКС"
        subj, anchor = got[0], got[2]
        if anchor == head.i:
            objs += _objects(view, head.i, t.obj)
    subj, objs = _mutual(view, t, n.i, [s for s in dict.fromkeys(subj) if s not in objs], objs)
    if not subj or not objs:
        return None
    return RuCandidate(_noun_trigger(view, n, t), n.i, anchor, subj, objs,
                       "title" if title else "noun")


def _receivers(view: View, n: Tok, t: RuTrigger) -> list[int]:
    """The receivers of the thing noun trigger ``n`` names: "поставщик оружия для Армении"."""
    marks = tuple(m for m in t.obj if m != "gen")
    return [a for c in view.genitives(n.i) if c.i not in view.cover
            for a in _objects(view, c.i, marks)]


def _light(view: View, n: Tok) -> tuple[Tok, str] | None:
    """The light verb noun trigger ``n`` says its act through, and how it hangs from it
    (its relation, or "о"): "нанести удар", "удар был нанесён", through a quantity noun
    ("нанесла серию ударов", "ввели пакет санкций"), or announced ("объявил о поддержке")."""
    lists = view.lex.lists
    if n.head < 0:
        return None
    cur, head = n, view.toks[n.head]
    if n.rel == "nmod" and n.case == "Gen" and not view.prep(n.i) and head.head >= 0 and \
            head.lemma in lists["quantity_nouns"]:
        cur, head = head, view.toks[head.head]
    if cur.rel in ("obj", "nsubj:pass") and head.lemma in lists["light_verbs"]:
        return head, cur.rel
    if cur.rel in ("obl", "nmod") and view.prep(cur.i) == "о" and head.lemma in lists["announce_verbs"]:
        return head, "о"
    if cur.rel in ("obl", "iobj", "nmod") and cur.case == "Dat" and not view.prep(cur.i):
        if head.lemma in lists["dative_light_verbs"]:  # "подвергла X критике"
            return head, "dat"
        if head.lemma in lists["undergo_verbs"]:  # "X подвергся атаке со стороны Y"
            return head, "undergo"
    return None


def _by_side(view: View, c: Tok) -> list[int]:
    """The actors of a "со стороны X" (token ``c``: "стороны", or X when the parse makes
    "со стороны" one preposition)."""
    if view.prep(c.i) != "с":
        return []
    if c.lemma == "сторона":
        return [a for x in view.kids(c.i, "nmod") for a in view.actors(x.i)]
    if any(f.lemma == "сторона" for k in view.kids(c.i, "case") for f in view.kids(k.i, "fixed")):
        return view.actors(c.i)
    return []


def _through_light(view: View, n: Tok, t: RuTrigger,
                   has_doer: bool) -> tuple[list[int], list[int], int] | None:
    """The doers and objects noun trigger ``n`` takes from its light verb, and the verb
    (the anchor), or None (an announced act with a doer of its own keeps it)."""
    light = _light(view, n)
    if light is None or light[1] == "о" and has_doer:
        return None
    v, how = light
    if how == "undergo":  # the one who undergoes the act is its object
        return [], _subjects(view, v)[0] or (
            view.actors(v.head) if v.rel in ("acl", "acl:relcl") else []), v.i
    marks = t.obj + ("dat",) if t.relation == "support" else t.obj + ("obj",) if how == "dat" \
        else t.obj
    return _light_subjects(view, how, v), _objects(view, v.i, marks), v.i


def _light_subjects(view: View, rel: str, head: Tok) -> list[int]:
    """The doers of a noun trigger under light verb ``head`` (hanging from it by ``rel``):
    its subject, or the agent of a passive ("удар был нанесён российскими войсками")."""
    subj = _subjects(view, head)[0]
    if rel == "nsubj:pass":
        subj += [a for c in view.kids(head.i, "obl", "nmod")
                 if c.case == "Ins" and not view.prep(c.i) for a in view.actors(c.i)]
    return subj


def _noun_trigger(view: View, n: Tok, t: RuTrigger) -> RuTrigger:
    """The noun trigger as its phrase uses it: a trade or hybrid war is no violence
    ("торговая война": oppose); a deal about an alliance is an alliance (``_topic``)."""
    if t.relation == "attack" and any(a.lemma in view.lex.lists["nonviolent"]
                                      for a in view.kids(n.i, "amod")):
        t = replace(t, relation="oppose", plover="DISAPPROVE")
    return _topic(view, t, n.i)


def joint_candidate(view: View, adj: Tok, t: RuTrigger) -> RuCandidate | None:
    """"совместные патрули Китая и Пакистана", "Япония и Корея провели совместные учения":
    the noun's coordinated genitive actors, else the coordinated subjects of its verb."""
    n = view.toks[adj.head]
    who = view.genitive_actors(n.i)
    anchor = n.i
    if len(who) < 2 and n.head >= 0 and (n.rel == "obj" or (  # "не проводили совместных учений"
            n.rel in ("obl", "nmod") and n.case == "Gen" and not view.prep(n.i))):
        anchor = n.head
        who = _subjects(view, view.toks[n.head])[0]
    who = list(dict.fromkeys(who))
    if len(who) < 2:
        return None
    return RuCandidate(t, adj.i, anchor, who, who, "joint")


def side_candidate(view: View, n: Tok) -> RuCandidate | None:
    """"X воюет на стороне Y", "X на стороне Y": X supports Y (the verb's or the copula's
    subject; the side's owner in the genitive)."""
    if view.prep(n.i) != "на" or n.case != "Loc":
        return None
    objs = [a for c in view.kids(n.i, "nmod") if c.case == "Gen" for a in view.actors(c.i)]
    if n.rel == "obl" and n.head >= 0:
        anchor = view.toks[n.head]
        subj = _subjects(view, anchor)[0]
    else:
        anchor, subj = n, [a for c in view.kids(n.i, "nsubj") for a in view.actors(c.i)]
    if not (subj and objs):
        return None
    return RuCandidate(SIDE, n.i, anchor.i, subj, objs, "side")


def candidates(view: View) -> list[RuCandidate]:
    """Every trigger's candidate. A word inside an actor's own name is no trigger
    ("Европейский союз", "Альянс" are actors, not an alliance), except a title (part_of)."""
    out: list[RuCandidate] = []
    for tok in view.toks:
        if tok.i in view.cover and not _title(view, tok):
            cand = None
        elif tok.pos in ("VERB", "AUX") or (tok.pos == "ADJ" and tok.feats.get("VerbForm") == "Part"):
            t = _recast(view, tok, view.lex.trigger("verb", tok.lemma))
            cand = verb_candidate(view, tok, t) if t else None
        elif tok.pos == "NOUN" and tok.lemma == "сторона":
            cand = side_candidate(view, tok)
        elif tok.pos in ("NOUN", "PROPN"):
            t = view.lex.trigger("noun", tok.lemma)
            cand = noun_candidate(view, tok, t) if t else None
        elif tok.pos == "ADJ" and tok.rel == "amod":
            t = view.lex.trigger("adj", tok.lemma)
            cand = joint_candidate(view, tok, t) if t else None
        else:
            cand = None
        if cand is not None and not _asked(view, cand) and not _unrealised(view, cand):
            out.append(cand)
    return out


def _unrealised(view: View, cand: RuCandidate) -> bool:
    """A plan or readiness is not the act (codebook: plans not carried out are none):
    "Москва готова выступить посредником", "Мерц готов передать Украине ракеты"; "не
    собирается нападать" is a negated claim (codebook)."""
    a = view.toks[cand.anchor]
    lists = view.lex.lists
    return a.rel == "xcomp" and a.head >= 0 and view.toks[a.head].lemma in lists["unrealised"] \
        and not any(c.lemma in lists["negators"] for c in view.kids(a.head))


def _asked(view: View, cand: RuCandidate) -> bool:
    """A question asserts nothing (codebook): "Станет ли Тбилиси посредником ...?",
    "Может ли Анкара ...?" (a "ли" on the act's verb or the verb above it)."""
    heads = [cand.anchor, cand.tok] + ancestors(view.toks, cand.anchor)[:1]
    return any(c.lemma == "ли" and c.pos == "PART" and c.i not in view.cover
               for h in heads for c in view.kids(h))


def _title(view: View, tok: Tok) -> bool:
    t = view.lex.trigger("noun", tok.lemma)
    return t is not None and t.relation == "part_of"


@dataclass
class RuFrame:
    negated: bool = False
    hedged: bool = False
    speaker: int | None = None  # mention index


_WORD = re.compile(r"[\w-]+")


def _has_phrase(text: str, phrases: frozenset[str]) -> bool:
    low = " " + " ".join(_WORD.findall(text.lower().replace("ё", "е"))) + " "
    return any(f" {p} " in low for p in phrases)


def _speaker_of(view: View, v: Tok) -> int | None:
    """The actor who speaks through report verb ``v``: its subject, else "в Кремле
    заявили" (a place standing for its actor)."""
    for c in view.kids(v.i, "nsubj"):
        found = view.actors(c.i)
        if found:
            return found[0]
    for c in view.kids(v.i, "obl"):
        if view.prep(c.i) in ("в", "из") and c.i in view.cover:
            return view.cover[c.i]
    return None


def _chain_step(view: View, cand: RuCandidate, fr: RuFrame, k: int, i: int, came: str,
                neg: bool, prev: int = -1) -> bool:
    """One word of the candidate's chain of heads (``came``: the relation it was reached
    by, from ``prev``): the negation so far after it; its speaker and hedging go into ``fr``."""
    lists = view.lex.lists
    t = view.toks[i]
    # a conjunct's negation is its own: "не поставлял и не будет поставлять" is not undone
    direct = k == 0 or (i == cand.anchor) or came in ("xcomp", "obj", "nsubj:pass") or (
        came == "conj" and not neg)
    if direct and any(c.lemma in lists["negators"] for c in view.kids(i, "advmod", "discourse", "dep")):
        neg = not neg
    if k > 0 and t.lemma in lists["negating_verbs"] and (
            came in ("xcomp", "obj", "nsubj:pass") or came == "obl" and view.prep(prev) == "от") \
            and _own(view, cand, t):
        neg = not neg  # "отказался поставлять", "отказался от вступления"
    elif k > 0 and came in ("obl", "nmod") and f"{t.lemma} {view.prep(prev)}" in \
            lists["negating_phrases"] and _own(view, cand, t):
        neg = not neg  # "выступает против военной помощи Украине"
    if k > 0 and t.lemma in lists["denial_verbs"] and came in SCOPE_DEPS:
        neg = True
        if fr.speaker is None:
            fr.speaker = _speaker_of(view, t)
    if k > 0 and t.lemma in lists["hedge_verbs"] and came == "xcomp":
        fr.hedged = True
    if k > 0 and t.lemma in view.lex.report_verbs and came in SCOPE_DEPS and fr.speaker is None \
            and i != cand.anchor:  # "США объявили санкции": the act's own verb, no speaker
        fr.speaker = _speaker_of(view, t)
        fr.hedged = fr.hedged or view.lex.report_verbs[t.lemma]
    # "X поставляет Y, заявил Z", "как сообщает Z": a report verb hanging off the clause
    for c in view.kids(i, "parataxis", "advcl", "conj"):
        if c.lemma in view.lex.report_verbs and fr.speaker is None and c.i != cand.tok:
            fr.speaker = _speaker_of(view, c)
    return neg


def _own(view: View, cand: RuCandidate, v: Tok) -> bool:
    """Whether negating verb ``v`` stops the candidate's own act: it has no actor subject or
    one of the candidate's subjects ("Москва прекратила поставки"), not a third party's
    ("Будапешт блокирует транш ЕС Украине": the EU's support still holds)."""
    subj = _subjects(view, v)[0]
    return not subj or bool(set(subj) & set(cand.subjects))


def _root_reporter(view: View, fr: RuFrame, chain: list[int]) -> None:
    """"X поставляет Y, пишет Z" parsed as two roots."""
    for t in view.toks:
        if t.head < 0 and t.i not in chain and t.lemma in view.lex.report_verbs:
            fr.speaker = _speaker_of(view, t)
            fr.hedged = fr.hedged or view.lex.report_verbs[t.lemma]
            break


def _headline_speaker(view: View, fr: RuFrame) -> None:
    """A headline "Путин: Россия не нападет на НАТО"."""
    colon = view.text.find(":")
    for k, m in enumerate(view.mentions):
        if 0 < colon < 60 and m.start - view.offset < colon and \
                not view.text[m.end - view.offset:colon].strip():
            fr.speaker = k


def _attributed_speaker(view: View, fr: RuFrame) -> None:
    """"по словам X", "по данным X", "согласно X"."""
    lists = view.lex.lists
    for t in view.toks:
        if t.lemma in lists["attribution_nouns"] and view.prep(t.i) in lists["attribution_preps"]:
            found = [a for c in view.kids(t.i, "nmod", "appos") for a in view.actors(c.i)]
            if found:
                fr.speaker = found[0]
                break
        if view.prep(t.i) == "согласно" and t.i in view.cover:
            fr.speaker = view.cover[t.i]
            break


def _circumstance(view: View, cand: RuCandidate) -> bool:
    """Whether a noun trigger is a circumstance of the clause above it ("после израильских
    ударов", "вопреки соглашению между X и Y"), so that the clause's negation or denial is
    not its own: it hangs by a preposition other than those of an act's argument."""
    t = view.toks[cand.tok]
    return cand.pattern == "noun" and cand.anchor == cand.tok and t.rel in ("obl", "nmod") \
        and view.prep(t.i) not in ("", *view.lex.lists["argument_preps"])


def frame(view: View, cand: RuCandidate) -> RuFrame:
    lists = view.lex.lists
    toks = view.toks
    fr = RuFrame()
    chain = [cand.tok, *([cand.anchor] if cand.anchor != cand.tok else [])]
    chain += [a for a in ancestors(toks, cand.anchor) if a not in chain]
    neg = cand.trigger.negated  # "вышли из ЭКОВАС"
    came = ""
    aside = _circumstance(view, cand)
    for k, i in enumerate(chain):
        t = toks[i]
        was = neg
        neg = _chain_step(view, cand, fr, k, i, came, neg, chain[k - 1] if k else -1)
        if aside and k > 0:
            neg = was  # "опровергли, что передала ... после израильских ударов по Тегерану"
        if t.rel in ("ccomp", "parataxis", "root") and k > 0 and fr.speaker is not None:
            break
        came = t.rel
    fr.negated = neg
    if fr.speaker is None:  # "X поставляет Y, пишет Z" parsed as two roots
        _root_reporter(view, fr, chain)
    if fr.speaker is None:  # a headline "Путин: Россия не нападет на НАТО"
        _headline_speaker(view, fr)
    if fr.speaker is None:  # "по словам X", "по данным X", "согласно X"
        _attributed_speaker(view, fr)
    if _has_phrase(view.text, lists["hedges"]):
        fr.hedged = True
    return fr
