"""LLM claim extractor: an OpenAI-compatible ``/v1/chat/completions`` endpoint.

Each document is sent in chunks of numbered sentences, with the actors already found.
The answer must be JSON (``{"claims": [...]}``, schema below); invalid items are dropped
and counted. Evidence offsets are recovered by locating the quoted evidence in its
sentence (falling back to the whole sentence). Answers are cached on disk, keyed by
(model, prompt, text); requests run on a bounded thread pool with retries and
exponential backoff on 429, 5xx and timeouts. ``estimate`` gives the number of calls
and tokens (chars / 4) a run would spend, without calling anything.

Key: ``RASHOMON_LLM_KEY`` (or ``OPENAI_API_KEY``), a secret read here and never passed as
config. Settings of the claims component: ``extractor: llm``, ``llm_url``, ``llm_model``,
``llm_cache``, ``llm_concurrency`` (``llm_config`` makes them; ``rashomon analyze`` reads
``--llm``/``--model``... or ``RASHOMON_LLM_URL``, ``RASHOMON_LLM_MODEL``, ``RASHOMON_LLM_CACHE``,
``RASHOMON_LLM_CONCURRENCY`` and passes them down as config, to worker processes too).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.doc import RELATIONS, SYMMETRIC, Claim, Doc, Sentence, Span
from rashomon.errors import UserError
from rashomon.ingest import read_paths
from rashomon.nlp.actors.resolve import resolve
from rashomon.nlp.sentences import split

PROMPT_VERSION = "claims-v1"
SYSTEM = """You extract relation claims between named actors from news text.
A claim: subject -relation-> object, stated in ONE sentence. Relations:
ally (standing alliance, partnership; symmetric), cooperate (talks, visits, deals,
recognition, praise; symmetric), support (material, military, financial or diplomatic aid
from subject to object), oppose (criticism, accusation, threats, sanctions, enmity),
attack (violence or coercion: attack, kill, invade, fight, arrest), part_of (membership,
branch, leadership; a title such as "Russian President X" gives X part_of Russia).
negated: the text says the relation does NOT hold. hedged: the text marks it uncertain
(allegedly, may, reportedly, is believed to). source: the actor the text attributes the
statement to ("X said that ...", "according to X"), null for the article's own voice; a
speaker's own act ("X condemned Y") is the article's voice. Use canonical actor names.
evidence: an exact quote (at most 30 words) copied from the sentence.
Answer with JSON only: {"claims": [{"sentence": <number>, "subject": str, "relation": str,
"object": str, "negated": bool, "hedged": bool, "source": str or null, "evidence": str}]}"""

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"claims": {"type": "array", "items": {
        "type": "object",
        "properties": {
            "sentence": {"type": "integer"}, "subject": {"type": "string"},
            "relation": {"type": "string", "enum": list(RELATIONS)}, "object": {"type": "string"},
            "negated": {"type": "boolean"}, "hedged": {"type": "boolean"},
            "source": {"type": ["string", "null"]}, "evidence": {"type": "string"},
        },
        "required": ["sentence", "subject", "relation", "object", "negated", "hedged",
                     "source", "evidence"],
    }}},
    "required": ["claims"],
}
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


@dataclass
class Chunk:
    doc: Doc
    sentences: list[int]
    prompt: str


@dataclass
class Stats:
    calls: int = 0
    cache_hits: int = 0
    invalid: int = 0
    claims: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw: int) -> None:
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.casefold().replace("\u2019", "'")).strip()


def chunks(doc: Doc, max_chars: int = 6000) -> list[Chunk]:
    """Numbered sentences of a document, in prompts of at most ``max_chars``."""
    if not doc.sentences:
        doc.sentences = [Sentence(s, e, doc.text[s:e]) for s, e in split(doc.text)]
    out: list[Chunk] = []
    cur: list[int] = []
    size = 0
    for i, s in enumerate(doc.sentences):
        if cur and size + len(s.text) > max_chars:
            out.append(_chunk(doc, cur))
            cur, size = [], 0
        cur.append(i)
        size += len(s.text) + 8
    if cur:
        out.append(_chunk(doc, cur))
    return out


def _chunk(doc: Doc, idx: list[int]) -> Chunk:
    names = sorted({m.name for m in doc.mentions if m.sentence in set(idx)})
    lines = [f"[{i}] {doc.sentences[i].text}" for i in idx]
    actors = f"Known actors: {'; '.join(names)}\n\n" if names else ""
    return Chunk(doc, idx, f"{actors}Sentences:\n" + "\n".join(lines))


def estimate(docs: list[Doc], max_chars: int = 6000) -> tuple[int, int]:
    """(calls, estimated tokens) a run would spend: prompt and text chars / 4, plus output."""
    calls = tokens = 0
    for doc in docs:
        for ch in chunks(doc, max_chars):
            calls += 1
            tokens += (len(SYSTEM) + len(ch.prompt)) // 4 + 400
    return calls, tokens


class LLMExtractor:
    """Claims from an OpenAI-compatible chat endpoint (see the module docstring)."""

    def __init__(self, url: str, model: str, api_key: str | None = None,
                 cache_dir: str | Path | None = None, concurrency: int = 4,
                 timeout: float = 60.0, retries: int = 4, backoff: float = 0.5,
                 max_chars: int = 6000, kb: Any = None) -> None:
        if not url or not model:
            raise UserError("the LLM extractor needs a URL (--llm) and a model name (--model)")
        self.url = url.rstrip("/")
        if not self.url.endswith("/chat/completions"):
            self.url += "/chat/completions" if self.url.endswith("/v1") else "/v1/chat/completions"
        self.model = model
        self.api_key = api_key if api_key is not None else (
            os.environ.get("RASHOMON_LLM_KEY") or os.environ.get("OPENAI_API_KEY"))
        self.cache_dir = Path(cache_dir or Path.home() / ".cache" / "rashomon" / "llm")
        self.concurrency = max(1, int(concurrency))
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_chars = max_chars
        self.kb = kb
        self.stats = Stats()

    # ---- the cache -------------------------------------------------------------------
    def _key(self, prompt: str) -> str:
        h = hashlib.sha256()
        for part in (self.model, PROMPT_VERSION, SYSTEM, prompt):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _cached(self, key: str) -> str | None:
        path = self.cache_dir / key[:2] / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))["content"]
        except (OSError, ValueError, KeyError):
            return None

    def _store(self, key: str, content: str) -> None:
        path = self.cache_dir / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps({"model": self.model, "content": content}), encoding="utf-8")
            tmp.replace(path)
        except OSError:  # a read-only cache must not stop the run
            pass

    # ---- calls -------------------------------------------------------------------------
    def complete(self, prompt: str, client: Any) -> str:
        """The model's answer for one prompt (from the cache when possible)."""
        key = self._key(prompt)
        hit = self._cached(key)
        if hit is not None:
            self.stats.add(cache_hits=1)
            return hit
        import httpx  # noqa: PLC0415 - httpx loads on the first call

        body = {
            "model": self.model, "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": "claims", "schema": SCHEMA}},
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.stats.add(retries=1)
            try:
                self.stats.add(calls=1)
                r = client.post(self.url, json=body, headers=headers, timeout=self.timeout)
            except (httpx.TimeoutException, httpx.TransportError) as e:
                last = f"{type(e).__name__}"
                self._sleep(attempt, None)
                continue
            if r.status_code in RETRY_STATUS:
                last = f"HTTP {r.status_code}"
                self._sleep(attempt, r.headers.get("retry-after"))
                continue
            if r.status_code >= 400:
                raise UserError(f"LLM endpoint {self.url} answered HTTP {r.status_code}: {r.text[:200]}")
            try:
                content = r.json()["choices"][0]["message"]["content"] or ""
            except (ValueError, KeyError, IndexError, TypeError):
                content = ""  # counted as invalid by the parser
            self._store(key, content)
            return content
        raise UserError(f"LLM endpoint {self.url} failed after {self.retries + 1} attempts ({last})")

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2 ** attempt)
        if retry_after:
            try:
                delay = max(delay, min(float(retry_after), 60.0))
            except ValueError:
                pass
        time.sleep(delay)

    def extract_docs(self, docs: list[Doc]) -> Stats:
        """Replace ``doc.claims`` of each doc with the model's claims."""
        import httpx  # noqa: PLC0415 - httpx loads on the first call

        work = [ch for d in docs for ch in chunks(d, self.max_chars)]
        for d in docs:
            d.claims = []
        with httpx.Client() as client, ThreadPoolExecutor(self.concurrency) as pool:
            answers = list(pool.map(lambda ch: self.complete(ch.prompt, client), work))
        for ch, content in zip(work, answers, strict=True):
            claims = self.parse(ch, content)
            ch.doc.claims.extend(claims)
            self.stats.add(claims=len(claims))
        return self.stats

    # ---- answers -> claims -----------------------------------------------------------
    def parse(self, ch: Chunk, content: str) -> list[Claim]:
        """Validated claims of one answer; invalid items are dropped and counted."""
        try:
            data = json.loads(_strip_fence(content))
            items = data["claims"] if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            self.stats.add(invalid=1)
            return []
        out = []
        for item in items:
            claim = self._claim(ch, item)
            if claim is None:
                self.stats.add(invalid=1)
            else:
                out.append(claim)
        return out

    def _claim(self, ch: Chunk, item: Any) -> Claim | None:
        if not isinstance(item, dict):
            return None
        subj, rel, obj = item.get("subject"), item.get("relation"), item.get("object")
        ev, idx, src = item.get("evidence"), item.get("sentence"), item.get("source")
        if not (isinstance(subj, str) and subj.strip() and isinstance(obj, str) and obj.strip()):
            return None
        if rel not in RELATIONS or not isinstance(ev, str):
            return None
        if not isinstance(item.get("negated", False), bool) or not isinstance(item.get("hedged", False), bool):
            return None
        if src is not None and not isinstance(src, str):
            return None
        span, idx = self._locate(ch, idx, ev)
        if span is None:
            return None
        s_name, s_id, s_text = self._actor(ch.doc, subj)
        o_name, o_id, o_text = self._actor(ch.doc, obj)
        if s_id == o_id:
            return None
        if rel in SYMMETRIC and o_name < s_name:
            s_name, s_id, s_text, o_name, o_id, o_text = o_name, o_id, o_text, s_name, s_id, s_text
        source = source_id = None
        if src and src.strip():
            source, source_id, _ = self._actor(ch.doc, src)
        return Claim(subject=s_name, relation=rel, object=o_name, evidence=span,
                     negated=bool(item.get("negated", False)), hedged=bool(item.get("hedged", False)),
                     source=source, source_id=source_id, confidence=0.6, subject_id=s_id,
                     object_id=o_id, subject_text=s_text, object_text=o_text, extractor="llm",
                     sentence=idx)

    def _locate(self, ch: Chunk, idx: Any, ev: str) -> tuple[Span | None, int]:
        """Exact offsets of the evidence: in its sentence, else anywhere in the chunk."""
        order = ([idx] if isinstance(idx, int) and idx in ch.sentences else []) + ch.sentences
        doc = ch.doc
        quote = ev.strip().strip("\"'“”")
        for i in order:
            s = doc.sentences[i]
            if quote:
                pos = s.text.find(quote)
                if pos < 0:
                    m = re.search(r"\s+".join(map(re.escape, quote.split())), s.text, re.I)
                    pos, end = (m.start(), m.end()) if m else (-1, -1)
                else:
                    end = pos + len(quote)
                if pos >= 0:
                    return Span(s.start + pos, s.start + end, doc.text[s.start + pos:s.start + end]), i
        if isinstance(idx, int) and idx in ch.sentences:  # quote not found: the whole sentence
            s = doc.sentences[idx]
            return Span(s.start, s.end, s.text), idx
        return None, -1

    def _actor(self, doc: Doc, name: str) -> tuple[str, str, str]:
        """(canonical name, id, surface) for a name the model gave."""
        key = _norm(name)
        for m in doc.mentions:
            if key in (_norm(m.name), _norm(m.text)):
                return m.name, m.actor, name
        kb = self.kb
        if kb is not None:
            actor = resolve(kb, name)
            if actor is not None:
                return actor.name, actor.id, name
        return name.strip(), f"unk:{key}", name


def _strip_fence(text: str) -> str:
    t = text.strip()
    m = re.match(r"^```(?:json)?\s*(.*?)\s*```$", t, re.S)
    return m.group(1) if m else t



def llm_config(url: str, model: str, cache: str = "", concurrency: int = 4) -> dict[str, Any]:
    """The claims component's settings for the LLM extractor (``rashomon analyze --llm URL
    --model NAME``); they travel with the pipeline config, to worker processes too."""
    if not url or not model:
        raise UserError("--llm URL and --model NAME go together")
    return {"extractor": "llm", "llm_url": url, "llm_model": model, "llm_cache": cache or None,
            "llm_concurrency": max(1, concurrency)}


def dry_run(paths: list[str], max_bytes: int) -> str:
    """One line: the calls and tokens (chars / 4) an LLM run over ``paths`` would spend."""
    docs = [item for item in read_paths(list(paths), max_bytes) if isinstance(item, Doc)]
    calls, tokens = estimate(docs)
    return (f"dry run: {len(docs)} document(s) -> {calls} call{'s' if calls != 1 else ''}, "
            f"about {tokens:,} tokens (chars / 4); nothing was sent")
