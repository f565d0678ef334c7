"""Engines: ``run(paths, store, engine="local"|"ray", workers=N)`` is the whole of
``rashomon analyze``.

- local, ``workers=1``, or a job of one batch: this process (``engine.local``), streaming;
  with a ``helper`` (``start_helper``: ``rashomon analyze`` of a few documents in a fresh
  process), one helper process loads the models and analyses while this process opens
  the store and reads the inputs (this process takes over if it dies);
- local, ``workers>1`` (default: every core): worker processes (``engine.parallel``), no
  more than the job has batches, and by default one per ``MIN_DOCS_PER_WORKER`` documents
  (a handful of documents starts no pool: each worker loads the models again);
- ray: Ray Data on a local instance or a cluster (``engine.ray_engine``).

All read and deduplicate the inputs the same way in this process (``local.iter_plan``), cut
them into the same batches and store each batch in one transaction, so they give identical
results and a killed run resumes without duplicates.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from itertools import islice
from pathlib import Path
from typing import Any

from rashomon.doc import Doc
from rashomon.engine import local, parallel, ray_engine
from rashomon.engine.local import Summary, config_kb_files, finish
from rashomon.engine.parallel import batches, limit_threads
from rashomon.engine.remote import is_uri, read_inputs
from rashomon.errors import UserError
from rashomon.ingest import DEFAULT_MAX_BYTES, Rejection
from rashomon.store import Store

ENGINES = ("local", "ray")
MIN_DOCS_PER_WORKER = 32  # default --workers: a worker loads every model again (seconds of CPU)
HELPER_BYTES = 256 * 1024  # inputs up to this size get a helper process (see small_job)

__all__ = ["ENGINES", "Summary", "default_workers", "run", "short_run", "start_helper",
           "stop_helper"]
stop_helper = parallel.stop


def default_workers(workers: int | None = None) -> int:
    """``workers`` if given (>= 1), else every core."""
    if workers is None or workers == 0:
        return os.cpu_count() or 1
    if workers < 0:
        raise UserError(f"--workers must be 1 or more (got {workers})")
    return workers


def run(paths: Iterable[str | Path], store: Store, engine: str = "local", **kwargs: Any) -> Summary:
    """Ingest, analyse and store ``paths`` (files, folders or object-store URIs) with the
    chosen engine (keyword arguments: see ``_run``; ``progress(n)`` counts documents done,
    ``chars(n)`` characters analysed, also within a document; ``helper``: a process from
    ``start_helper``, ended here); then write the actors and refresh the graph cache.
    Returns the run's ``Summary``."""
    helper = kwargs.get("helper")
    ended: list[Any] = []
    # a short run with a helper holds a DuckDB file from start to end (seconds): its save
    # and finish share one opening of it
    try:
        with store.held() if helper is not None else nullcontext():
            try:
                summary = _run(paths, store, engine, **kwargs)
            finally:
                # whatever happened, the helper is idle (or failed) by now: ended before
                # the writes, and reaped after them (it exits on the other core meanwhile)
                if helper is not None:
                    ended = parallel.stop(helper, wait=False)
            if summary.analysed:
                finish(store, config_kb_files(kwargs.get("config")))
    finally:
        parallel.reap(ended)
    return summary


def _run(paths: Iterable[str | Path], store: Store, engine: str = "local",
        workers: int | None = None, names: Sequence[str] | None = None, batch_size: int = 16,
        max_bytes: int = DEFAULT_MAX_BYTES, config: dict[str, dict[str, Any]] | None = None,
        progress: Callable[[int], None] | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
        ray_address: str | None = None, max_in_flight: int | None = None,
        chars: Callable[[int], None] | None = None, outlets: Any = None,
        helper: ProcessPoolExecutor | None = None) -> Summary:
    if engine not in ENGINES:
        raise UserError(f"unknown engine {engine!r} (use one of {', '.join(ENGINES)})")
    names = local.check_components(names)
    requested = workers or None  # the Ray engine defaults to the cluster's CPUs
    workers = default_workers(workers)
    batch_size = max(1, batch_size)
    summary = local.Summary(db=store.url)
    paths = list(paths)
    docs = local.iter_plan(paths, store, summary, max_bytes, on_reject,
                           items=read_inputs(paths, max_bytes, summary.files), outlets=outlets)

    def save(done: list[Doc]) -> list[Doc]:
        return local.save(store, done, summary, on_reject)

    def on_batch(done: list[Doc], rejected: list[Rejection]) -> None:
        for rej in rejected:
            summary.reject(rej, on_reject)
        summary.analysed += len(done)
        summary.mentions += sum(len(d.mentions) for d in done)
        summary.claims += sum(len(d.claims) for d in done)
        summary.count_languages(done)
        if progress:
            progress(len(done) + len(rejected))
        if chars:
            chars(sum(len(d.text) for d in done))

    if engine == "ray":
        summary.pool = True
        ray_engine.process_stream(docs, store, names, config, requested, batch_size,
                                  address=ray_address, on_batch=on_batch, save=save)
        return summary
    # no more workers than batches; by default, none for a job too small to repay loading
    # the models again in each of them
    share = batch_size if requested else max(batch_size, MIN_DOCS_PER_WORKER)
    head, docs = peek(docs, workers * share)
    if not head:
        return summary
    workers = min(workers, -(-len(head) // batch_size) if requested else len(head) // share)
    del head
    if workers <= 1:
        _one_process(batches(docs, batch_size), helper, store, summary, names, config,
                     batch_size, progress, on_reject, chars, save, on_batch)
        return summary
    if helper is not None:  # more documents than the inputs' size suggested: a pool instead
        parallel.stop(helper)
    summary.pool = True
    parallel.process_stream(docs, store, names, config, workers, batch_size,
                            max_in_flight=max_in_flight, save=save, on_batch=on_batch)
    return summary


def _one_process(chunks: Iterable[list[Doc]], pool: ProcessPoolExecutor | None, store: Store,
                 summary: Summary, names: list[str], config: dict[str, dict[str, Any]] | None,
                 batch_size: int, progress: Callable[[int], None] | None,
                 on_reject: Callable[[Rejection], None] | None,
                 chars: Callable[[int], None] | None,
                 save: Callable[[list[Doc]], list[Doc]],
                 on_batch: Callable[[list[Doc], list[Rejection]], None]) -> None:
    """Each batch analysed by the helper process ``pool`` when there is one (one batch at a
    time: no other process starts; meanwhile this process prepares ``finish``), else in
    this process; if the helper dies, this process
    takes over from the batch it was given (nothing of that batch was stored)."""
    pipeline = None
    for i, chunk in enumerate(chunks):
        if pool is not None:
            try:
                future = pool.submit(parallel.analyse_batch, chunk)
                if i == 0:  # this process would only wait: load what the end needs
                    local.prepare_finish(store, config_kb_files(config))
                done, rejected = future.result()
            except BrokenProcessPool:
                parallel.stop(pool)
                pool = None
            else:
                on_batch(save(done), rejected)
                continue
        if pipeline is None:
            limit_threads(1)
            pipeline = local.with_progress(local.make_pipeline(names, config), chars)
        local.process(local.Plan(chunk, summary), store, pipeline, batch_size, progress,
                      on_reject)


def start_helper(paths: Sequence[str | Path], names: Sequence[str] | None = None,
                 config: dict[str, dict[str, Any]] | None = None, engine: str = "local",
                 workers: int | None = None) -> ProcessPoolExecutor | None:
    """For ``run(..., helper=)``: a helper process that starts loading the models now (see
    ``parallel.start_helper``), for a local job of a few documents (``small_job``) with the
    default workers on two cores or more; None for any other job. ``run`` ends it."""
    if workers or (os.cpu_count() or 1) < 2 or not short_run(paths, engine):
        return None
    return parallel.start_helper(local.check_components(names), config)


def short_run(paths: Sequence[str | Path], engine: str = "local") -> bool:
    """Is an analysis of ``paths`` a short local run (``small_job``: a few documents)?
    `rashomon analyze` then turns the cyclic garbage collector off in its fresh process
    (and so in the helper forked from it) for the rest of the run: its passes over the
    objects of the libraries loaded (torch, spaCy, pandas...) cost a few tenths of a
    second of CPU, more than the little garbage of a few documents they would free. A
    larger job gets worker processes (spawned: their collector is on) or keeps it on."""
    return engine == "local" and small_job(paths)


def small_job(paths: Sequence[str | Path], limit: int = HELPER_BYTES) -> bool:
    """Are ``paths`` local files and folders of ``limit`` bytes or less in all (a few
    documents, for which no pool of workers starts)? Files are counted until the limit."""
    total = 0
    try:
        for path in paths:
            if is_uri(str(path)):
                return False
            p = Path(path)
            for f in [p] if p.is_file() else p.rglob("*"):
                if f.is_file():
                    total += f.stat().st_size
                    if total > limit:
                        return False
    except OSError:
        return False
    return True


def peek(items: Iterable[Doc], n: int) -> tuple[list[Doc], Iterator[Doc]]:
    """The first ``n`` items, and an iterator over all of them (those included; the head is
    handed over, not kept)."""
    it = iter(items)
    head = list(islice(it, n))

    def replay(buf: list[Doc]) -> Iterator[Doc]:
        buf.reverse()
        while buf:
            yield buf.pop()
        yield from it

    return head, replay(list(head))
