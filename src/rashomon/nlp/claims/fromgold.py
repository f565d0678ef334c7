"""Training examples from labelled articles: gold claims (the spec's JSONL) plus the texts.

Each sentence of a labelled article that holds two or more actors (as Rashomon's own actor
layer finds them) becomes one ``corpus.Example``: its mentions, the gold claims whose
evidence lies in it, and "none" for every other pair. The same conversion turns an LLM
teacher's claims into examples (``rashomon train claims --teacher``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.errors import UserError
from rashomon.eval.claims import find_docs, load_jsonl
from rashomon.nlp.actors.kb import load_kb
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.claims.corpus import CorpusClaim, CorpusMention, Example
from rashomon.registry import Pipeline

_SPACE = re.compile(r"\s+")
TYPES = {"state", "person", "armed_group", "party", "organisation", "agency", "company", "media"}


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u2019", "'")).strip().lower()


def analyse(docs: list[Doc]) -> list[Doc]:
    """Sentences, actors and parses of the articles (the pipeline up to claims)."""
    pipe = Pipeline(("sentences", "gazetteer", "parse", "entities"), {})
    out = docs
    for _, step in pipe.steps:
        out = list(step.pipe(out)) if hasattr(step, "pipe") else [step(d) for d in out]
    return out


def sentence_of(doc: Doc, evidence: str) -> int:
    """The sentence that holds a gold evidence quote (-1 when it is not found)."""
    text = _norm(doc.text)
    quote = _norm(evidence)
    for probe in (quote, quote[:60], quote[-60:]):
        at = text.find(probe) if probe else -1
        if at >= 0:
            break
    else:
        return -1
    # map the offset in the normalised text back to the original
    norm_pos, orig = 0, 0
    raw = doc.text.replace("\u2019", "'")
    while orig < len(raw) and norm_pos < at:
        if raw[orig].isspace():
            while orig < len(raw) and raw[orig].isspace():
                orig += 1
            norm_pos += 1
        else:
            orig += 1
            norm_pos += 1
    return doc.sentence_at(min(orig, len(doc.text) - 1))


def _names(row: dict[str, Any], kb: Any) -> dict[str, set[str]]:
    """Gold actor name -> the lower-cased names and aliases that stand for it, plus its KB id."""
    out: dict[str, set[str]] = {}
    aliases = row.get("aliases") or {}
    for key in ("subject", "object", "source"):
        name = row.get(key)
        if not name:
            continue
        forms = {_norm(name), *(_norm(a) for a in aliases.get(name, []))}
        actor = resolve(kb, name) if kb is not None else None
        if actor is not None:
            forms.add("id:" + actor.id)
        out[name] = forms
    return out


def _match(m: Mention, forms: set[str]) -> bool:
    return _norm(m.text) in forms or _norm(m.name) in forms or ("id:" + m.actor) in forms


def examples_from(docs: Iterable[Doc], rows: list[dict[str, Any]], kb: Any = None,
                  prefix: str = "gold") -> list[Example]:
    """One example per sentence with two or more actors of each analysed document."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(str(r["doc"]), []).append(r)
    out: list[Example] = []
    for doc in docs:
        gold = by_doc.get(doc.id, [])
        per_sentence: dict[int, list[dict[str, Any]]] = {}
        for r in gold:
            per_sentence.setdefault(sentence_of(doc, str(r.get("evidence") or "")), []).append(r)
        mentions: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.sentence >= 0 and m.kind != "coref":
                mentions.setdefault(m.sentence, []).append(m)
        for idx, ms in sorted(mentions.items()):
            if len({m.actor for m in ms}) < 2:
                continue
            ex = _example(doc, idx, ms, per_sentence.get(idx, []), kb, f"{prefix}-{doc.id}-{idx}")
            if ex is not None:
                out.append(ex)
    return out


def _example(doc: Doc, idx: int, ms: list[Mention], rows: list[dict[str, Any]], kb: Any,
             ident: str) -> Example | None:
    sent = doc.sentences[idx]
    cms = [CorpusMention(m.start - sent.start, m.end - sent.start, m.text, m.name,
                         m.type if m.type in TYPES else "other")
           for m in sorted(ms, key=lambda m: m.start)]
    claims: list[CorpusClaim] = []
    for r in rows:
        forms = _names(r, kb)
        subj = next((m.name for m in ms if _match(m, forms.get(r["subject"], set()))), None)
        obj = next((m.name for m in ms if _match(m, forms.get(r["object"], set()))), None)
        if subj is None or obj is None or subj == obj or r.get("relation") is None:
            continue
        src = r.get("source")
        src_name = next((m.name for m in ms if src and _match(m, forms.get(src, set()))), None)
        c = CorpusClaim(subj, str(r["relation"]), obj, bool(r.get("negated")), bool(r.get("hedged")),
                        src_name)
        if any({x.subject, x.object} == {subj, obj} and not _mutual(x, c) for x in claims):
            continue  # one claim per pair, as in the corpus
        claims.append(c)
    return Example(ident, sent.text, cms, claims, doc.language or "en", "wire")


def _mutual(x: CorpusClaim, c: CorpusClaim) -> bool:
    return x.relation == c.relation and x.subject == c.object and x.relation in ("support", "oppose", "attack")


def load_gold(gold: list[str | Path], doc_dirs: list[str | Path]) -> list[Example]:
    """Examples from gold claim files and the folders holding their articles."""
    rows = [r for g in gold for r in load_jsonl(g)]
    paths = find_docs({str(r["doc"]) for r in rows}, [str(d) for d in doc_dirs])
    if not paths:
        raise UserError("none of the gold documents was found under --docs")
    docs = [Doc(id=name, text=Path(p).read_text("utf-8", errors="replace"), language="en")
            for name, p in sorted(paths.items())]
    return examples_from(analyse(docs), rows, load_kb())
