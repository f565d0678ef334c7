"""The multi-process local engine: worker processes run the pipeline, the main process
plans (streaming) and saves.

Each worker (spawn context) builds the Pipeline once. The main process reads and
deduplicates the inputs as a stream (``local.iter_plan``), cuts it into batches exactly as
the single-process engine does, keeps at most ``max_in_flight`` batches in the workers, and
saves every returned batch in one transaction. Memory stays flat in the corpus size, and
results are identical to the single-process engine (same batches, same pipeline).
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from rashomon.doc import Doc
from rashomon.engine.local import Summary, _analyse
from rashomon.errors import UserError
from rashomon.ingest import Rejection
from rashomon.perf import no_gc
from rashomon.registry import Pipeline, get_component
from rashomon.store import Store

Config = dict[str, dict[str, Any]]
Rejected = Callable[[Rejection], None]


@dataclass
class Flow:
    """What the scheduler saw: for tests and benchmarks (memory stays flat = these stay small)."""

    batches: int = 0
    max_in_flight: int = 0


def batches(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    """Consecutive batches of ``size`` docs, pulled lazily."""
    it = iter(docs)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def shared_tail(chunks: Iterable[list[Doc]], size: int, workers: int) -> Iterator[list[Doc]]:
    """``chunks`` as they are, except a short last batch (the stream's end), which is cut
    into one piece per worker: the workers finish together instead of one idling while
    another analyses the whole remainder (no batch is held back to find the end)."""
    for chunk in chunks:
        if len(chunk) >= size or workers < 2 or len(chunk) < 2:
            yield chunk
            continue
        piece = -(-len(chunk) // workers)
        yield from (chunk[i:i + piece] for i in range(0, len(chunk), piece))


def component_modules(names: Sequence[str]) -> list[str]:
    """Modules that register the named components: a spawned worker imports them first,
    so components from plugins or user modules exist there too."""
    mods = []
    for name in names:
        mod = get_component(name).module
        if mod and mod != "__main__" and mod not in mods:
            mods.append(mod)
    return mods


def threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


# ---- the worker side -------------------------------------------------------------------
_SETUP: dict[str, Any] = {}
_PIPELINE: list[Pipeline] = []


def die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed main process (kill -9 leaves no one to stop it):
    Linux delivers SIGKILL when the parent dies; elsewhere a thread watches the parent."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # already gone
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="rashomon-parent-watch").start()


def init_worker(names: list[str], config: Config | None, modules: list[str], threads: int,
                parent: int) -> None:
    """Limit torch/BLAS to this worker's share of the cores; remember what to build."""
    die_with_parent(parent)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    _SETUP.update(names=names, config=config, modules=modules, threads=threads)


def limit_threads(threads: int) -> None:
    """Torch and BLAS use ``threads`` threads in this process (torch when it is imported,
    or now if it is). The environment variables come too late for a BLAS that numpy already
    loaded, so the running thread pools are limited too (threadpoolctl): two workers' pools
    on two cores would otherwise fight over them, and on a busy machine one torch thread per
    process is many times faster than two."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)  # torch reads them when it is imported
    torch = sys.modules.get("torch")  # not imported here: a pipeline without torch needs none
    if torch is not None:
        torch.set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415 - heavy, loaded on use

        threadpool_limits(limits=threads)  # kept for the life of the process
    except ImportError:
        pass


def worker_pipeline() -> Pipeline:
    """The worker's pipeline, built on first use (so that its errors reach the main process
    as they are, e.g. a UserError for a missing model)."""
    if not _PIPELINE:
        # the collector paused while the models load (millions of objects: its passes cost a
        # fifth of the loading), then told to skip them for good (gc.freeze: later passes
        # cost as little as in a small process). Only in this process of ours, and the
        # same results.
        with no_gc():
            for mod in _SETUP["modules"]:
                importlib.import_module(mod)
            limit_threads(_SETUP["threads"])
            _PIPELINE.append(Pipeline(_SETUP["names"], _SETUP["config"]))
        gc.freeze()
    return _PIPELINE[0]


def warm() -> None:
    """Build the worker's pipeline now (the models load while the main process reads the
    inputs); a failure is left for the first batch to raise."""
    try:
        worker_pipeline()
    except Exception:  # noqa: BLE001 - reported by the first batch, which builds it again
        pass


def analyse_batch(chunk: list[Doc]) -> tuple[list[Doc], list[Rejection]]:
    """Run the worker's pipeline on one batch; a failing document is rejected, not fatal."""
    rejected: list[Rejection] = []
    done = _analyse(chunk, worker_pipeline(), Summary(), rejected.append)
    return done, rejected


# ---- the main side ---------------------------------------------------------------------
def start_helper(names: Sequence[str], config: Config | None = None
                 ) -> ProcessPoolExecutor | None:
    """One worker process that starts loading the pipeline's models at once, while this
    process opens the store and reads the inputs (``rashomon analyze`` of a few documents
    from a fresh process: the two overlap on two cores). Forked when that is safe
    (``can_fork``: it then starts with the modules this process imported), else spawned.
    One torch thread, as in this process. None if no process can be started (the caller
    then analyses here)."""
    ctx = mp.get_context("fork" if can_fork() else "spawn")
    try:
        sys.stdout.flush()  # a forked child must not write this process's buffered output
        sys.stderr.flush()
        pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=init_helper,
                                   initargs=(list(names), config, component_modules(names), 1,
                                             os.getpid()))
        pool.submit(warm)
    except (OSError, RuntimeError, BrokenProcessPool):
        return None
    return pool


def init_helper(*args: Any) -> None:
    """``init_worker`` for the helper, which leaves Ctrl-C to this process (that ends it):
    no traceback from it on the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(*args)


def can_fork() -> bool:
    """Is forking this process safe: no other thread, and no library loaded that keeps
    native thread pools (torch's OpenMP, DuckDB's) a child could find locked?"""
    return ("fork" in mp.get_all_start_methods() and threading.active_count() == 1
            and not {"torch", "duckdb", "spacy"} & sys.modules.keys())


def stop(pool: ProcessPoolExecutor, wait: bool = True) -> list[Any]:
    """Shut ``pool`` down without waiting for work in progress: its workers are ended (one
    still loading its models would otherwise hold up the exit for seconds) and, with
    ``wait``, reaped. Returns the worker processes, for ``reap`` when ``wait`` is False
    (they die meanwhile, on another core)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    for proc in procs:
        try:
            proc.terminate()
        except (OSError, AttributeError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    if wait:
        reap(procs)
    return procs


def reap(procs: Iterable[Any]) -> None:
    """Wait for ended worker processes: no zombie, and their CPU time is counted with this
    process's. One still alive 2 s after its SIGTERM (one that came up with the signal
    blocked) is killed."""
    for proc in procs:
        try:
            proc.join(timeout=2)
            if proc.exitcode is None:
                proc.kill()
                proc.join(timeout=2)
        except (OSError, AttributeError, ValueError, AssertionError):
            pass


def process_stream(docs: Iterable[Doc], store: Store, names: Sequence[str],
                   config: Config | None = None, workers: int = 2, batch_size: int = 16,
                   max_in_flight: int | None = None,
                   save: Callable[[list[Doc]], Any] | None = None,
                   on_batch: Callable[[list[Doc], list[Rejection]], None] | None = None,
                   flow: Flow | None = None) -> None:
    """Analyse ``docs`` in ``workers`` processes; save each returned batch in one transaction.

    ``on_batch(done, rejected)`` is called in the main process after each batch is saved
    (``done``: the stored docs when ``save`` returns them).
    At most ``max_in_flight`` (default 2 x workers) batches are out at any time, and the
    stream is pulled only as far as that allows.
    """
    flow = flow or Flow()
    limit = max(1, max_in_flight or 2 * workers)
    save = save or store.save
    ctx = mp.get_context("spawn")
    args = (list(names), config, component_modules(names), threads_per_worker(workers),
            os.getpid())
    pending: set[Future[tuple[list[Doc], list[Rejection]]]] = set()
    source = shared_tail(batches(docs, batch_size), batch_size, workers)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker,
                             initargs=args) as pool:
        try:
            exhausted = False
            while pending or not exhausted:
                while not exhausted and len(pending) < limit:
                    chunk = next(source, None)
                    if chunk is None:
                        exhausted = True
                        break
                    pending.add(pool.submit(analyse_batch, chunk))
                    flow.batches += 1
                    flow.max_in_flight = max(flow.max_in_flight, len(pending))
                if not pending:
                    break
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    done, rejected = fut.result()
                    stored = save(done)  # a list: the docs the store took (others rejected)
                    done = stored if isinstance(stored, list) else done
                    if on_batch:
                        on_batch(done, rejected)
        except BrokenProcessPool:
            raise UserError("a worker process died (out of memory? or a script calling rashomon "
                            "without `if __name__ == '__main__':`); re-run to resume, or use "
                            "fewer workers") from None
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
