"""The Ray engine: the same pipeline, distributed with Ray Data.

The driver reads and deduplicates the inputs exactly as the local engines do
(``local.iter_plan``) and cuts them into the same batches; each batch becomes one row of a
Ray dataset (put into the object store block by block, which spills to disk when full, so
the driver's memory stays flat). ``map_batches`` runs an actor class that holds the
Pipeline (one per CPU), and the analysed batches stream back to the driver, which saves
each one in one transaction to the chosen store (DuckDB or PostgreSQL).

Ray is imported lazily: ``ray.init()`` costs seconds and hundreds of MB. Without an address
(``--ray-address`` or ``RAY_ADDRESS``) a local instance with ``workers`` CPUs is started and
stopped; with one, the engine joins that cluster (every node needs rashomon installed).
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

from rashomon.doc import Doc
from rashomon.engine.local import Summary, _analyse
from rashomon.engine.parallel import batches, component_modules, limit_threads
from rashomon.errors import UserError
from rashomon.ingest import Rejection
from rashomon.registry import Pipeline
from rashomon.store import Store

Config = dict[str, dict[str, Any]]


class Analyser:
    """A Ray actor: builds the Pipeline once; one call = one batch of docs (pickled)."""

    def __init__(self, names: list[str], config: Config | None, modules: list[str]) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        for mod in modules:
            importlib.import_module(mod)
        limit_threads(1)  # one CPU per actor
        self.pipeline = Pipeline(names, config)

    def __call__(self, rows: dict[str, Any]) -> dict[str, Any]:
        import numpy as np  # noqa: PLC0415 - heavy, loaded on use

        out_docs, out_rejected = [], []
        for blob in rows["docs"]:
            rejected: list[Rejection] = []
            done = _analyse(pickle.loads(blob), self.pipeline, Summary(), rejected.append)
            out_docs.append(pickle.dumps(done))
            out_rejected.append(pickle.dumps(rejected))
        return {"docs": np.array(out_docs, dtype=object),
                "rejected": np.array(out_rejected, dtype=object)}


def connect(address: str | None, workers: int | None) -> tuple[Any, bool]:
    """``ray`` connected to ``address`` (or ``RAY_ADDRESS``), else to a new local instance.
    Returns (ray, whether we started it)."""
    try:
        import ray  # noqa: PLC0415 - heavy, loaded on use
    except ImportError:
        raise UserError("Ray is not installed: pip install 'rashomon[ray]'") from None
    if ray.is_initialized():
        return ray, False
    address = address or os.environ.get("RAY_ADDRESS") or None
    try:
        if address:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     logging_level=logging.WARNING, log_to_driver=False)
    except (ConnectionError, TimeoutError, RuntimeError, ValueError) as e:  # unreachable, bad address, version
        where = address or "a local instance"
        raise UserError(f"cannot start Ray on {where}: {str(e).splitlines()[0]}") from None
    return ray, True


def actor_count(ray: Any, workers: int | None) -> int:
    """``workers`` if given, else one actor per CPU of the cluster."""
    if workers:
        return workers
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def process_stream(docs: Iterable[Doc], store: Store, names: Sequence[str],
                   config: Config | None = None, workers: int | None = None,
                   batch_size: int = 16, address: str | None = None,
                   on_batch: Callable[[list[Doc], list[Rejection]], None] | None = None,
                   save: Callable[[list[Doc]], Any] | None = None) -> int:
    """Analyse ``docs`` on Ray; save each returned batch in one transaction (``save``, by
    default ``store.save``; when it returns a list, those are the stored docs). Returns
    the number of batches."""
    import pyarrow as pa  # noqa: PLC0415 - heavy, loaded on use

    source = batches(docs, batch_size)
    first = next(source, None)
    if first is None:  # nothing to analyse: do not start Ray
        return 0
    ray, started = connect(address, workers)
    try:
        import ray.data  # noqa: PLC0415 - heavy, loaded on use

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        refs, n = [], 0
        for chunk in chain([first], source):  # one batch = one block: any actor may take it
            refs.append(ray.put(pa.table({"docs": pa.array([pickle.dumps(chunk)], pa.binary())})))
            n += 1
        del first
        ds = ray.data.from_arrow_refs(refs).map_batches(
            Analyser, batch_size=1, batch_format="numpy", num_cpus=1,
            concurrency=min(actor_count(ray, workers), n),
            fn_constructor_args=(list(names), config, component_modules(names)),
        )
        for out in ds.iter_batches(batch_size=1, batch_format="numpy", prefetch_batches=1):
            for blob, rej in zip(out["docs"], out["rejected"], strict=True):
                done: list[Doc] = pickle.loads(blob)
                stored = (save or store.save)(done)
                done = stored if isinstance(stored, list) else done
                if on_batch:
                    on_batch(done, pickle.loads(rej))
        return n
    except UserError:
        raise
    except Exception as e:
        cause = _user_error(e)
        if cause is not None:
            raise cause from None
        raise
    finally:
        if started:
            ray.shutdown()


def _user_error(e: BaseException) -> UserError | None:
    """A UserError raised inside an actor (e.g. a missing model), unwrapped from Ray's."""
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, UserError):
            return e
        e = getattr(e, "cause", None) or e.__cause__  # type: ignore[assignment]
        seen += 1
    return None
