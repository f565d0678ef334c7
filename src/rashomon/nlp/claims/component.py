"""The "claims" component: relation claims between actor mentions, sentence by sentence.

Extractors: ``rules`` (dependency patterns + lexicon, default), with an optional
embedding fallback for sentences with two actors where the patterns are silent, and
``llm`` (an OpenAI-compatible endpoint, see ``llm.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rashomon.dates import claim_time, normalise
from rashomon.doc import SYMMETRIC, Claim, Doc, Mention, Span
from rashomon.nlp import claims as claims_pkg
from rashomon.nlp.actors.kb import kb_or_none
from rashomon.nlp.claims.attribution import Frame, frame, quote_speakers
from rashomon.nlp.claims.checks import drop_impossible
from rashomon.nlp.claims.constructions import PATTERN_BONUS, PENALTY
from rashomon.nlp.claims.embed import EmbeddingFallback
from rashomon.nlp.claims.learned import PairClassifier
from rashomon.nlp.claims.lexicon import Lexicon, load_lexicon
from rashomon.nlp.claims.llm import LLMExtractor
from rashomon.nlp.claims.patterns.view import Arg, Candidate, SentenceView
from rashomon.nlp.claims.pronouns import NUMBER, Antecedent, previous_antecedents
from rashomon.nlp.claims.ru.extract import russian
from rashomon.nlp.claims.rules import candidates
from rashomon.registry import component


def sentence_mentions(doc: Doc) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        idx = m.sentence if m.sentence >= 0 else doc.sentence_at(m.start)
        if idx >= 0:
            out.setdefault(idx, []).append(m)
    return out


def _evidence(doc: Doc, view: SentenceView, toks: list[Any], max_chars: int) -> Span:
    s = view.sentence
    if len(s.text) <= max_chars:
        return Span(s.start, s.end, s.text)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    clause = toks[0].sent if hasattr(toks[0], "sent") else None
    if clause is not None:  # widen to the trigger's subtree when it stays short
        sub = list(toks[0].subtree)
        lo, hi = min(start, sub[0].idx), max(end, sub[-1].idx + len(sub[-1].text))
        if hi - lo <= max_chars:
            start, end = lo, hi
    a, b = s.start + start, s.start + end
    return Span(a, b, doc.text[a:b])


def _claim(doc: Doc, view: SentenceView, index: int, cand: Candidate, s: Arg, o: Arg,
           fr: Any, max_chars: int) -> Claim:
    t = cand.trigger
    conf = t.strength + PATTERN_BONUS.get(cand.pattern, 0.0) - s.penalty - o.penalty
    if fr.hedged:
        conf -= PENALTY.hedged
    relation, plover, negated = t.relation, t.plover, fr.negated
    if relation in SYMMETRIC and o.mention.name < s.mention.name:
        s, o = o, s
    toks = [cand.token, s.token, o.token]
    return Claim(
        subject=s.mention.name, relation=relation, object=o.mention.name,
        evidence=_evidence(doc, view, toks, max_chars), negated=negated, hedged=fr.hedged,
        source=fr.speaker.name if fr.speaker else None,
        source_id=fr.speaker.actor if fr.speaker else None,
        confidence=round(max(0.05, min(0.99, conf)), 3),
        subject_id=s.mention.actor, object_id=o.mention.actor,
        subject_text=s.mention.text, object_text=o.mention.text,
        plover=plover, time=fr.time, extractor="rules", sentence=index,
    )


def extract_sentence(doc: Doc, index: int, mentions: list[Mention], lex: Lexicon,
                     max_chars: int = 300, kb: Any = None,
                     previous: list[Antecedent] | None = None,
                     pairs: PairClassifier | None = None) -> list[Claim]:
    """Claims of one parsed sentence (``previous``: antecedents for pronouns): the rules'
    own, or, with ``pairs``, the learned model's decisions over them."""
    sent = doc.sentences[index]
    if sent.parse is None or not (mentions or previous):
        return []
    view = SentenceView(sent, mentions, lex, kb, previous)
    rules = _rule_claims(doc, index, view, max_chars)
    if pairs is None:
        return rules
    return pairs.sentence_claims(doc, index, mentions, rules, view,
                                 lambda d, v, toks: _evidence(d, v, toks, max_chars))


def _rule_claims(doc: Doc, index: int, view: SentenceView, max_chars: int) -> list[Claim]:
    best: dict[tuple[str | None, str, str | None, bool], Claim] = {}
    for cand in candidates(view):
        fr = Frame() if cand.pattern == "title" else frame(view, cand)  # a title: the writer's
        pairs = [(s, o) for s, o in cand.pairs() if s.mention.actor != o.mention.actor]
        if not pairs:
            continue
        for s, o in pairs:
            c = _claim(doc, view, index, cand, s, o, fr, max_chars)
            key = (c.subject_id, c.relation, c.object_id, c.negated)
            if key not in best or best[key].confidence < c.confidence:
                best[key] = c
    return list(best.values())


_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(NUMBER)) + r")\b", re.I)


def _has_pronoun(sent: Any) -> bool:
    return _PRONOUN.search(sent.text) is not None


@component("claims", reads=("sentences", "mentions"), uses=("sentences.parse",),
           writes=("claims",), scorer="rashomon.eval.claims")
class ClaimExtractor:
    """Settings: ``extractor`` rules | llm; ``model`` the learned relation model ("default":
    the shipped one, a folder, or "" for rules only); ``use_kb`` resolves demonym adjectives
    on titles and event nouns via the actor KB; ``embeddings`` adds the embedding fallback
    for sentences the patterns miss (``embedding_threshold``); a sentence longer than
    ``max_evidence_chars`` gives its clause as evidence; ``llm_*``: the LLM extractor
    (``llm.py``, see ``llm.llm_config``)."""

    def __init__(self, *, extractor: str = "rules", model: str = "default",
                 min_confidence: float = 0.3, embeddings: bool = False, use_kb: bool = True,
                 embedding_threshold: float = 0.55, lexicon_files: Sequence[str] = (),
                 max_evidence_chars: int = 300, llm_url: str | None = None,
                 llm_model: str | None = None, llm_cache: str | None = None,
                 llm_concurrency: int | None = None) -> None:
        self.lex = load_lexicon(tuple(lexicon_files or ()))
        self.min_conf = float(min_confidence)
        self.max_chars = int(max_evidence_chars)
        self.kb = kb_or_none() if use_kb else None
        self.fallback: EmbeddingFallback | None = None
        if embeddings:
            self.fallback = EmbeddingFallback(float(embedding_threshold))
        self.pairs: PairClassifier | None = None
        if model and extractor != "llm":
            folder = None if model == "default" else model
            if folder is not None or claims_pkg.model.available():  # the model's module imports torch
                self.pairs = PairClassifier(claims_pkg.model.load(folder))
        self.llm: LLMExtractor | None = None
        if extractor == "llm":
            self.llm = LLMExtractor(llm_url or "", llm_model or "", cache_dir=llm_cache or None,
                                    concurrency=llm_concurrency or 4)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        if self.llm is not None:
            self.llm.extract_docs(docs)
            for doc in docs:  # dates only, normalised (as the rules' claims)
                for c in doc.claims:
                    c.time = normalise(c.time, doc.published)
        else:
            for doc in docs:
                self.extract(doc)
            if self.fallback is not None:
                self.fallback.add_claims(docs, self.min_conf)
        for doc in docs:
            doc.claims = [c for c in doc.claims if c.confidence >= self.min_conf]
        yield from docs

    def extract(self, doc: Doc) -> Doc:
        if doc.language == "ru":  # the Russian path (natasha parse, Russian lexicon, model)
            return russian(self.max_chars).extract(doc)
        claims: list[Claim] = []
        by_sentence = sentence_mentions(doc)
        cache: dict[int, list[Antecedent]] = {}
        for index, sent in enumerate(doc.sentences):
            mentions = by_sentence.get(index, [])
            if sent.parse is None:
                continue
            pronoun = _has_pronoun(sent)
            if not mentions and not pronoun:
                continue
            previous = previous_antecedents(doc, index, by_sentence, cache) if pronoun else []
            pairs = self.pairs if doc.language in (None, "en") else None
            claims.extend(extract_sentence(doc, index, mentions, self.lex, self.max_chars,
                                           self.kb, previous, pairs))
        quote_speakers(doc, claims)
        for c in claims:  # normalised dates from the sentence and paragraph, never other text
            sent = doc.sentences[c.sentence]
            c.time = claim_time(doc.text, sent.start, sent.end, c.time, doc.published)
        doc.claims = claims
        return drop_impossible(doc, self.kb)
