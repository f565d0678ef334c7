"""Russian sentence parses with natasha (slovnet morphology + UD syntax, offline) and
pymorphy3 lemmas. A parse is a list of :class:`Tok` with offsets into the sentence text."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rashomon.nlp.text.morph import lemma


@dataclass(slots=True)
class Tok:
    i: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str]
    head: int  # index of the head token, -1 for the root
    rel: str
    start: int  # offset in the sentence text
    end: int
    children: list[int] = field(default_factory=list)

    @property
    def case(self) -> str:
        return self.feats.get("Case", "")

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=1)
def navec() -> Any:
    """natasha's navec news table, loaded once per process: the parser's, the Russian NER's
    and the Russian pair model's word vectors."""
    from natasha import NewsEmbedding  # noqa: PLC0415 - heavy, loaded on use

    return NewsEmbedding()


@lru_cache(maxsize=1)
def models() -> tuple[Any, Any, Any]:
    """(segmenter, morph tagger, syntax parser), loaded once per process."""
    from natasha import NewsMorphTagger, NewsSyntaxParser, Segmenter  # noqa: PLC0415 - heavy, loaded on use

    emb = navec()
    return Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb)


# parses of the latest texts: the Russian coreference (actors/coref_ru.py) parses a
# document's sentences just before the claims step parses many of the same ones
_RECENT: OrderedDict[str, list[Tok]] = OrderedDict()
RECENT = 4096


def parse_texts(texts: list[str]) -> list[list[Tok]]:
    """One token list per text (each text parsed as one unit, whatever natasha splits),
    reused for a text parsed recently. The token lists are shared: read them only."""
    todo = list(dict.fromkeys(t for t in texts if t not in _RECENT))
    for t, toks in zip(todo, _parse(todo), strict=True):
        _RECENT[t] = toks
        if len(_RECENT) > RECENT:
            _RECENT.popitem(last=False)
    out = []
    for t in texts:
        toks = _RECENT[t] if t in _RECENT else _parse([t])[0]
        if t in _RECENT:
            _RECENT.move_to_end(t)
        out.append(toks)
    return out


def _parse(texts: list[str]) -> list[list[Tok]]:
    """The sentences of all texts go through the tagger and the parser in batches."""
    if not texts:
        return []
    from natasha import Doc as NDoc  # noqa: PLC0415 - heavy, loaded on use
    from natasha.doc import inject_morph, inject_syntax, offset_syntax, sent_words  # noqa: PLC0415 - heavy, loaded on use

    seg, tagger, parser = models()
    docs = []
    for text in texts:
        nd = NDoc(text)
        nd.segment(seg)
        docs.append(nd)
    sents = [s for nd in docs for s in nd.sents]
    words = [sent_words(s) for s in sents]
    for s, morph_, syntax in zip(sents, tagger.map(words), parser.map(words), strict=True):
        inject_morph(s.tokens, morph_.tokens)
        inject_syntax(s.tokens, syntax.tokens)
    out: list[list[Tok]] = []
    for nd in docs:
        for sent_id, s in enumerate(nd.sents, 1):
            offset_syntax(sent_id, s.tokens)
        index = {t.id: n for n, t in enumerate(nd.tokens)}
        toks = [Tok(n, t.text, lemma(t.text), t.pos or "X", dict(t.feats or {}),
                    index.get(t.head_id, -1), t.rel or "dep", t.start, t.stop)
                for n, t in enumerate(nd.tokens)]
        for t in toks:
            if t.head == t.i:
                t.head = -1
            if t.head >= 0:
                toks[t.head].children.append(t.i)
        out.append(toks)
    return out


def subtree(toks: list[Tok], i: int, skip: frozenset[str] = frozenset()) -> list[int]:
    """Token ``i`` and its dependents, in order, less those attached by a relation (its
    subtype aside) in ``skip``; a cycle the parser may leave is cut."""
    todo, out = [i], set()
    while todo:
        j = todo.pop()
        if j in out:
            continue
        out.add(j)
        todo.extend(c for c in toks[j].children if toks[c].rel.split(":")[0] not in skip)
    return sorted(out)


def ancestors(toks: list[Tok], i: int) -> list[int]:
    out, j = [], toks[i].head
    while j >= 0 and j not in out and len(out) < 50:
        out.append(j)
        j = toks[j].head
    return out


def path(toks: list[Tok], a: int, b: int) -> tuple[int | None, list[str]]:
    """Lowest common ancestor of ``a`` and ``b`` and the dependency path between them
    ("^rel" going up from ``a``, "vrel" going down to ``b``)."""
    up_a = [a, *ancestors(toks, a)]
    up_b = [b, *ancestors(toks, b)]
    common = next((x for x in up_a if x in up_b), None)
    if common is None:
        return None, []
    steps = ["^" + toks[x].rel for x in up_a[:up_a.index(common)]]
    steps += ["v" + toks[x].rel for x in reversed(up_b[:up_b.index(common)])]
    return common, steps
