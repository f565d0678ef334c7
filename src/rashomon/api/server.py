"""Running the app under uvicorn: ``serve(db, host, port, token)``."""

from __future__ import annotations

import threading
from typing import Any

from rashomon.api.app import DEFAULT_MAX_UPLOAD, create_app
from rashomon.errors import UserError
from rashomon.store import Store, open_store


def open_for_serving(db: str, token: str | None) -> Store:
    """Read-only without a token (the file may not even be writable); read-write with one."""
    is_pg = str(db).startswith(("postgresql://", "postgres://"))
    return open_store(db, read_only=not token and not is_pg)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_upload: int = DEFAULT_MAX_UPLOAD) -> None:
    import uvicorn

    store = open_for_serving(db, token)
    app = create_app(store, token=token, max_upload=max_upload)
    mode = "uploads enabled (bearer token)" if token else "read-only"
    print(f"Rashomon on http://{host}:{port}/  ({mode}; API described at /openapi.json)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as e:
        raise UserError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    finally:
        store.close()


class Background:
    """A real uvicorn server on a thread (tests and benchmarks): ``with Background(app) as url``."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        import socket

        import uvicorn

        if port == 0:
            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        import time

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

