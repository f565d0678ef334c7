"""Running the app under uvicorn: ``serve(db, host, port, token)``.

Safe by default: only loopback ``Host:`` names are answered unless ``allow_hosts`` adds
others (DNS rebinding); a connection that has not sent its request headers within
``HEADER_TIMEOUT`` seconds is closed, and an upload's body must arrive within
``BODY_TIMEOUT`` seconds (half-sent requests cannot pile up); exposure is warned about.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from rashomon.api.app import create_app
from rashomon.api.state import BODY_TIMEOUT, DEFAULT_MAX_UPLOAD
from rashomon.errors import UserError
from rashomon.store import Store, open_store

HEADER_TIMEOUT = 10.0
LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1", "[::1]"]


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing connections whose request headers do not
    arrive within ``header_timeout`` seconds (uvicorn itself waits forever)."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: Any = None
        self._arm()

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # headers never completed

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is h11.IDLE:
            self._arm()  # waiting for (the next request's) headers
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: list[str] | None = None) -> list[str]:
    """Host names answered: loopback, the address listened on (unless a wildcard), ``extra``."""
    names = list(LOOPBACK_NAMES)
    if host not in ("0.0.0.0", "::", "") and host not in names:
        names.append(f"[{host}]" if ":" in host else host)
    return names + [h for h in (extra or []) if h]


def warnings(host: str, token: str | None, tls: bool, extra: list[str] | None) -> list[str]:
    """What is exposed, in plain words (printed by ``serve``)."""
    out = []
    if not is_loopback(host):
        if not token:
            out.append(f"serving on {host} without a token: anyone who can reach this machine can "
                       "read the whole database. Listen on 127.0.0.1, or put it behind an "
                       "authenticating proxy.")
        elif not tls:
            out.append(f"serving on {host} over plain HTTP: the upload token travels in clear "
                       "text. Use --ssl-certfile/--ssl-keyfile or an HTTPS proxy.")
        if not extra:
            out.append("only loopback Host names are answered; add the names clients use with "
                       "--allow-host (e.g. --allow-host analysts.example.org).")
    return out


def open_for_serving(db: str, token: str | None) -> Store:
    """Read-only without a token (the file may not even be writable); read-write with one.
    A DuckDB file is held only while requests need it (see ``State.db``), so
    ``rashomon analyze`` can add documents while the page stays up."""
    is_pg = str(db).startswith(("postgresql://", "postgres://"))
    return open_store(db, read_only=not token and not is_pg, short=True)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_upload: int = DEFAULT_MAX_UPLOAD, allow_hosts: list[str] | None = None,
          ssl_certfile: str | None = None, ssl_keyfile: str | None = None,
          header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT) -> None:
    store = open_for_serving(db, token)
    app = create_app(store, token=token, max_upload=max_upload,
                     allowed_hosts=allowed_hosts(host, allow_hosts), body_timeout=body_timeout)
    tls = bool(ssl_certfile)
    for w in warnings(host, token, tls, allow_hosts):
        print(f"rashomon: warning: {w}", file=sys.stderr, flush=True)
    mode = "uploads enabled (bearer token)" if token else "read-only"
    scheme = "https" if tls else "http"
    print(f"Rashomon on {scheme}://{host}:{port}/  ({mode}; API described at /openapi.json)",
          flush=True)
    protocol = type("Guarded", (GuardedH11,), {"header_timeout": header_timeout})
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", http=protocol,
                    timeout_keep_alive=5, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
    except OSError as e:
        raise UserError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    finally:
        store.close()


class Background:
    """A real uvicorn server on a thread (tests and benchmarks): ``with Background(app) as url``."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0,
                 header_timeout: float = HEADER_TIMEOUT) -> None:

        if port == 0:
            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.url = f"http://{host}:{port}"
        protocol = type("Guarded", (GuardedH11,), {"header_timeout": header_timeout})
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    http=protocol))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
