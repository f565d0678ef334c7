"""The single-process side of ``rashomon.engine.run`` (the one entry point of an analysis):
planning, analysing a batch in this process, storing it.

Two phases:
1. ``plan``: read inputs, skip unchanged documents (same id and content hash as stored),
   exact duplicates (same text as another id), detect language, link near-duplicates.
   No NLP runs here, so a re-run over the same inputs does almost no work.
2. ``process``: run the pipeline in batches; each batch is saved in one transaction, so a
   killed run keeps whole batches only and the next run resumes where it stopped.

Whatever fails for one document (reading, decoding, language, deduplication, analysis,
storing) rejects that document alone with a one-line reason; only a failure of the
database itself stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon import ingest
from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.graph.cache import refresh
from rashomon.ingest import DEFAULT_MAX_BYTES, Rejection, read_paths
from rashomon.ingest.base import Tally
from rashomon.ingest.language import detect
from rashomon.ingest.outlets import OutletRule, assign
from rashomon.nlp import actors
from rashomon.nlp.claims.ru import LANGUAGES
from rashomon.registry import BUILTIN, DEFAULT_PIPELINE, Pipeline, components, get_component
from rashomon.store import Store

Progress = Callable[[int], None]


@dataclass
class Summary:
    """What one analysis run did."""

    read: int = 0
    analysed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    mentions: int = 0
    claims: int = 0
    db: str = ""
    files: Tally = field(default_factory=Tally)  # files read; files skipped by type
    languages: dict[str, list[int]] = field(default_factory=dict)  # language -> [docs, claims]
    pool: bool = False  # worker processes (a pool or Ray) analysed, not this process or its helper

    @property
    def ok(self) -> bool:
        return not self.rejected

    def reject(self, rejection: Rejection,
               on_reject: Callable[[Rejection], None] | None = None) -> None:
        self.rejected.append(str(rejection))
        if on_reject:
            on_reject(rejection)

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("files read", self.files.files),
            ("files skipped (type not read)", sum(self.files.skipped.values())),
            ("documents read", self.read), ("analysed", self.analysed),
            ("unchanged (skipped)", self.unchanged), ("duplicates (skipped)", self.duplicates),
            ("near-duplicates (linked)", self.near_duplicates), ("rejected", len(self.rejected)),
            ("mentions stored", self.mentions), ("claims stored", self.claims),
        ] + [(f"  claims in {lang} ({n:,} doc{'s' if n != 1 else ''})", c) for lang, (n, c) in sorted(self.languages.items())]

    def count_languages(self, docs: Sequence[Doc]) -> None:
        for d in docs:
            n = self.languages.setdefault(d.language or "unknown", [0, 0])
            n[0] += 1
            n[1] += len(d.claims)

    def no_claim_model(self) -> str | None:
        """One line naming the analysed languages that have no claim extractor, or None."""
        missing = {k: n for k, (n, _) in self.languages.items()
                   if k not in LANGUAGES and k != "unknown"}
        if not missing:
            return None
        which = ", ".join(f"{k} {n}" for k, n in sorted(missing.items(), key=lambda x: -x[1]))
        return (f"notice: no claims extracted from {sum(missing.values())} documents in "
                f"languages without a claim model ({which}); their actors were found and stored")


@dataclass
class Plan:
    todo: list[Doc]
    summary: Summary


def check_components(names: Sequence[str] | None = None) -> list[str]:
    """The component names to run; unknown or unavailable ones are reported as one line."""
    names = list(names or DEFAULT_PIPELINE)
    for name in names:
        try:
            get_component(name)
        except KeyError:
            known = ", ".join(sorted(set(BUILTIN) | set(components())))
            raise UserError(f"unknown component {name!r} (known: {known})") from None
        except ImportError as e:
            raise UserError(f"component {name!r} is not available: {e}") from None
    return names


def make_pipeline(names: Sequence[str] | None = None,
                  config: dict[str, dict[str, Any]] | None = None) -> Pipeline:
    """The pipeline (loads models), with bad component names reported as one line."""
    return Pipeline(check_components(names), config)


def plan(paths: Iterable[str | Path], store: Store, max_bytes: int = DEFAULT_MAX_BYTES,
         on_reject: Callable[[Rejection], None] | None = None,
         outlets: OutletRule | None = None) -> Plan:
    """Read the inputs and decide what needs analysis (no NLP)."""
    summary = Summary(db=store.url)
    todo = list(iter_plan(paths, store, summary, max_bytes, on_reject, outlets=outlets))
    return Plan(todo, summary)


def iter_plan(paths: Iterable[str | Path], store: Store, summary: Summary,
              max_bytes: int = DEFAULT_MAX_BYTES,
              on_reject: Callable[[Rejection], None] | None = None,
              items: Iterable[Doc | Rejection] | None = None,
              outlets: OutletRule | None = None) -> Iterator[Doc]:
    """``plan`` as a stream (for the parallel and Ray engines): yields the docs to analyse,
    counting in ``summary`` as it goes. ``items`` replaces ``read_paths(paths)`` if given;
    ``outlets`` names the outlet of documents that carry none."""
    planner = Planner.over(store, summary, on_reject)
    store.release()  # the reads are done: other processes may open the database meanwhile
    read = read_paths(list(paths), max_bytes, summary.files) if items is None else items
    for item in assign(read, outlets):
        if isinstance(item, Rejection):
            summary.reject(item, on_reject)
            continue
        doc = planner.consider(item)
        if doc is not None:
            yield doc
    planner.flush()


class Planner:
    """Decides, document by document, what a run does with it (see ``iter_plan``); also
    the path of uploads through the API."""

    def __init__(self, store: Store, stored: dict[str, str], by_hash: dict[str, str],
                 near: ingest.dedup.NearDuplicates, summary: Summary,
                 on_reject: Callable[[Rejection], None] | None = None) -> None:
        self.store, self.stored, self.by_hash, self.near = store, stored, by_hash, near
        self.summary, self.on_reject = summary, on_reject
        self.seen: dict[str, str] = {}  # id -> path, for this run
        self.duplicates: list[Doc] = []  # exact duplicates waiting to be stored together

    @classmethod
    def over(cls, store: Store, summary: Summary,
             on_reject: Callable[[Rejection], None] | None = None) -> Planner:
        """A planner that knows every stored document (hashes and signatures)."""
        stored = store.doc_hashes()
        by_hash: dict[str, str] = {}
        for doc_id, h in stored.items():
            by_hash.setdefault(h, doc_id)
        near = ingest.dedup.NearDuplicates()
        for r in store.query(
            "SELECT s.doc, s.minhash, d.published, d.duplicate_of FROM signatures s "
            "JOIN documents d ON d.id = s.doc ORDER BY d.analysed_at, d.id"
        ):
            near.add(r["doc"], ingest.dedup.values_from_hex(r["minhash"]), r["published"],
                     r["duplicate_of"])
        return cls(store, stored, by_hash, near, summary, on_reject)

    def consider(self, doc: Doc) -> Doc | None:
        """``doc`` if it needs analysis (language set, near-duplicate linked); None if it is
        unchanged, an exact duplicate (stored as such) or rejected."""
        summary = self.summary
        summary.read += 1
        if doc.id in self.seen:
            summary.reject(Rejection(doc.path or "?", f"duplicate id {doc.id!r} (already read "
                                     f"from {self.seen[doc.id]})"), self.on_reject)
            return None
        self.seen[doc.id] = doc.path or "?"
        try:
            return self._consider(doc)
        except Exception as e:
            if self.store.broken(e):
                raise
            summary.reject(failed(doc, "preparing", e), self.on_reject)
            return None

    def _consider(self, doc: Doc) -> Doc | None:
        summary = self.summary
        if self.stored.get(doc.id) == doc.content_hash:
            summary.unchanged += 1
            return None
        other = self.by_hash.get(doc.content_hash)
        if other is not None and other != doc.id:
            # the same text under another id: recorded (so every input is listed) and linked
            # to its original, never analysed twice
            doc.duplicate_of = other
            doc.meta["exact_duplicate"] = True
            self.duplicates.append(doc)
            if len(self.duplicates) >= DUPLICATES_PER_SAVE:
                self.flush()
            return None
        if not doc.language:
            doc.language = detect(doc.text)
        if len(ingest.dedup.shingles(doc.text)) > 1:
            sig = ingest.dedup.minhash(doc.text)
            self.near.remove(doc.id)  # a changed document: forget its old signature
            doc.duplicate_of = self.near.find(doc.id, sig)
            self.near.add(doc.id, sig, doc.published, doc.duplicate_of)
            doc.meta["minhash"] = ingest.dedup.to_hex(sig)
        self.by_hash[doc.content_hash] = doc.id
        if doc.duplicate_of:
            summary.near_duplicates += 1
        return doc


    def flush(self) -> None:
        """Store the exact duplicates met so far (one transaction)."""
        docs, self.duplicates = self.duplicates, []
        if docs:
            self.summary.duplicates += len(save(self.store, docs, self.summary, self.on_reject))


DUPLICATES_PER_SAVE = 64


def failed(doc: Doc, stage: str, e: BaseException) -> Rejection:
    """The one-line rejection of a document that failed at ``stage``."""
    msg = (str(e).strip().splitlines() or [""])[0][:200]
    where = doc.path or doc.id
    what = f" of {doc.id!r}" if where != doc.id else ""
    return Rejection(where, f"{stage}{what} failed: {type(e).__name__}: {msg}".rstrip(": "))


def save(store: Store, docs: list[Doc], summary: Summary,
         on_reject: Callable[[Rejection], None] | None = None) -> list[Doc]:
    """Store ``docs`` in one transaction; if that fails, one by one, rejecting the documents
    the database refuses (the others are stored). Returns the stored documents."""
    try:
        store.save(docs)
        return docs
    except Exception as e:
        if store.broken(e):
            raise
        if len(docs) == 1:
            summary.reject(failed(docs[0], "storing", e), on_reject)
            return []
    return [d for d in docs if save(store, [d], summary, on_reject)]


def process(plan_: Plan, store: Store, pipeline: Pipeline, batch_size: int = 16,
            progress: Progress | None = None,
            on_reject: Callable[[Rejection], None] | None = None) -> Summary:
    """Analyse the planned documents in batches; one transaction per batch."""
    summary = plan_.summary
    batch_size = max(1, batch_size)
    todo = plan_.todo
    for i in range(0, len(todo), batch_size):
        chunk = todo[i : i + batch_size]
        done = _analyse(chunk, pipeline, summary, on_reject)
        done = save(store, done, summary, on_reject)
        summary.analysed += len(done)
        summary.mentions += sum(len(d.mentions) for d in done)
        summary.claims += sum(len(d.claims) for d in done)
        summary.count_languages(done)
        for d in chunk:  # free the memory of finished documents
            d.sentences, d.mentions, d.claims, d.labels = [], [], [], []
        if progress:
            progress(len(chunk))
    plan_.todo = []
    return summary


def _analyse(chunk: list[Doc], pipeline: Pipeline, summary: Summary,
             on_reject: Callable[[Rejection], None] | None) -> list[Doc]:
    return analyse_isolated(chunk, lambda docs: list(pipeline.pipe(docs, batch_size=len(docs))),
                            summary, on_reject)


def analyse_isolated(chunk: list[Doc], analyse: Callable[[list[Doc]], list[Doc]],
                     summary: Summary,
                     on_reject: Callable[[Rejection], None] | None = None) -> list[Doc]:
    """``analyse(chunk)``; if it fails, one document at a time, rejecting the ones that fail
    (a ``UserError``, such as a missing model, stops everything)."""
    try:
        return analyse(chunk)
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - document boundary: find the culprit, one at a time
        pass
    done = []
    for d in chunk:
        try:
            done.extend(analyse([d]))
        except UserError:
            raise
        except Exception as e:  # noqa: BLE001 - document boundary: that document alone fails
            summary.reject(failed(d, "analysis", e), on_reject)
    return done


class Stepped:
    """A pipeline step that reports its share of the characters it processed, so a progress
    bar moves within a large document (once per component), not only between batches."""

    def __init__(self, step: Any, advance: Progress, share: int) -> None:
        self.step, self.advance, self.share = step, advance, share

    def __call__(self, doc: Doc) -> Doc:
        out = self.step(doc)
        self.advance(len(doc.text) // self.share)
        return out

    def pipe(self, docs: Iterable[Doc]) -> list[Doc]:
        docs = list(docs)
        out = list(self.step.pipe(docs)) if hasattr(self.step, "pipe") else [self.step(d) for d in docs]
        self.advance(sum(len(d.text) for d in docs) // self.share)
        return out


def with_progress(pipeline: Pipeline, chars: Progress | None) -> Pipeline:
    """``pipeline`` with each step calling ``chars(n)`` after it ran over ``n * steps``
    characters (see ``Stepped``); as it is when ``chars`` is None."""
    if chars is not None:
        n = max(1, len(pipeline.steps))
        pipeline.steps = [(name, Stepped(step, chars, n)) for name, step in pipeline.steps]
    return pipeline


def finish(store: Store, kb_files: Sequence[str | Path] = ()) -> None:
    """After a run: write the actors (KB, user and unknown) and refresh the graph cache.
    A DuckDB file held only while writing (``short``) does it in one transaction: it
    closes, and so checkpoints, once instead of after each write."""
    kb = actors.kb.load_kb(tuple(kb_files))
    with store.transaction() if getattr(store, "short", False) else nullcontext():
        actors.table.sync_actors(store, kb, None)
        refresh(store)


def prepare_finish(store: Store, kb_files: Sequence[str | Path] = ()) -> None:
    """Load what saving and ``finish`` first need, ahead of them (while a helper process
    analyses and this one waits): the KB, and the store's libraries (``Store.warm``: for
    DuckDB, pandas and pyarrow.dataset, about 0.4 s). Nothing is written."""
    actors.kb.load_kb(tuple(kb_files))
    store.warm()


def kb_config(kb_files: Sequence[str | Path]) -> dict[str, dict[str, Any]]:
    """Pipeline config that adds user knowledge-base files to the actor components."""
    files = [str(f) for f in kb_files]
    return {"gazetteer": {"kb_files": files}, "entities": {"kb_files": files}} if files else {}


def config_kb_files(config: dict[str, dict[str, Any]] | None) -> list[str]:
    """The user knowledge-base files named in a pipeline config."""
    return list((config or {}).get("gazetteer", {}).get("kb_files", []))
