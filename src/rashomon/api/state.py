"""What every request of the HTTP API shares: the open store (one request at a time
touches its connection), the upload settings and a small cache of graph answers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request

from rashomon.api import graphapi
from rashomon.api.respond import DB_ERRORS
from rashomon.api.upload import Analyse
from rashomon.errors import UserError
from rashomon.store import Store, StoreError

DEFAULT_MAX_UPLOAD = 5_000_000
BODY_TIMEOUT = 30.0  # seconds to receive an upload's body
CACHE_SIZE = 16  # graph answers kept per database version
DEFAULT_FILTERS = {"relation": None, "outlet": None, "source": None, "since": None,
                   "until": None, "rollup": False}


class State:
    def __init__(self, store: Store, token: str | None, max_upload: int, analyse: Analyse,
                 body_timeout: float = BODY_TIMEOUT) -> None:
        self.store = store
        self.token = token or None
        self.max_upload = max_upload
        self.body_timeout = body_timeout
        self.analyse = analyse
        self.lock = threading.RLock()  # one connection: one request at a time touches it
        self.cache: OrderedDict[Any, Any] = OrderedDict()
        self.writes = 0  # uploads through this server
        self.depth = 0  # nested db() uses on the lock's thread

    def version(self) -> tuple[Any, ...]:
        """Changes whenever documents are (re)analysed: keys the cache of graph answers."""
        with self.db() as s:
            row = s.query("SELECT count(*) AS n, max(analysed_at) AS t FROM documents")[0]
        return (row["n"], row["t"], self.writes)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self.db():
            key = (self.version(), key)
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
            value = compute()
            self.cache[key] = value
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
            return value

    def edges(self, filters: dict[str, Any]) -> Any:
        """The edge table with each edge's pair state (agreed, contested, mixed)."""
        return self.cached(("edges", tuple(sorted(filters.items()))),
                           lambda: graphapi.edges_with_states(self.store, **filters))

    def graph(self, filters: dict[str, Any], min_weight: float = 0.0, limit: int = 20000,
              compact: bool = True, actor: str | None = None,
              state: str | None = None) -> dict[str, Any]:
        key = ("graph", tuple(sorted(filters.items())), min_weight, limit, compact, actor, state)
        return self.cached(key, lambda: graphapi.graph_payload(
            graphapi.select(self.edges(filters), actor, state), min_weight, limit, compact))

    def counts(self) -> dict[Any, int]:
        """Memo of claim counts, valid while the data does not change."""
        return self.cached(("counts",), dict)

    def warm(self) -> None:
        """Compute the page's default map, so the first visitor gets it at once."""
        try:
            self.graph(dict(DEFAULT_FILTERS))
        except (StoreError, UserError, graphapi.Unavailable, *DB_ERRORS):
            pass  # only an optimisation: errors show on the real request

    @contextmanager
    def db(self) -> Iterator[Store]:
        """The store, for one request (from a worker thread: never on the event loop). The
        connection is released when the request is done, so another process (``rashomon
        analyze``) can write to a DuckDB file between requests."""
        with self.lock:
            self.depth += 1
            try:
                yield self.store
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.store.release()


async def _state(request: Request) -> State:
    return request.app.state.rashomon


Shared = Annotated[State, Depends(_state)]  # a route's parameter: the app's State
