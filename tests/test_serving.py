"""Safe serving (warnings, Host allow-list, header and body timeouts) and `analyze` while
`serve` runs on the same DuckDB file."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rashomon.api import server
from rashomon.api.app import create_app
from rashomon.api.sample import sample_docs
from rashomon.api.server import Background, allowed_hosts, warnings
from rashomon.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    s = open_store(tmp_path / "s.duckdb")
    s.save(sample_docs())
    yield s
    s.close()


def test_warnings_for_exposure() -> None:
    assert warnings("127.0.0.1", None, False, []) == []
    assert warnings("localhost", "t", False, []) == []
    w = warnings("0.0.0.0", None, False, [])
    assert any("without a token" in x for x in w) and any("--allow-host" in x for x in w)
    w = warnings("0.0.0.0", "t", False, ["news.example.org"])
    assert w == ["serving on 0.0.0.0 over plain HTTP: the upload token travels in clear text. "
                 "Use --ssl-certfile/--ssl-keyfile or an HTTPS proxy."]
    assert warnings("10.0.0.5", "t", True, ["x"]) == []


def test_serve_prints_the_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    open_store(tmp_path / "w.duckdb").close()
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    server.serve(str(tmp_path / "w.duckdb"), host="0.0.0.0", port=9, token=None)
    err = capsys.readouterr().err
    assert "rashomon: warning: serving on 0.0.0.0 without a token" in err
    assert issubclass(seen["http"], server.GuardedH11)


def test_host_allow_list(store) -> None:
    app = create_app(store, allowed_hosts=allowed_hosts("0.0.0.0", ["news.example.org", "*.corp.example"]))
    c = TestClient(app, base_url="http://localhost:8000")
    assert c.get("/api/facets").status_code == 200
    for host, code in [("localhost:8000", 200), ("127.0.0.1", 200), ("[::1]:8000", 200),
                       ("news.example.org", 200), ("a.corp.example:80", 200),
                       ("evil.example", 400), ("127.0.0.1.evil.example", 400), ("", 400),
                       ("corp.example", 400)]:
        r = c.get("/api/facets", headers={"Host": host})
        assert r.status_code == code, (host, r.text)
    assert "--allow-host" in c.get("/", headers={"Host": "rebind.attacker"}).json()["detail"]


def test_half_sent_requests_are_closed(store) -> None:
    app = create_app(store)
    with Background(app, header_timeout=0.5) as url:
        port = int(url.rsplit(":", 1)[1])
        socks = []
        for _ in range(40):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /api/facets HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            socks.append(s)
        time.sleep(1.5)
        closed = 0
        for s in socks:
            s.settimeout(3)
            try:
                closed += s.recv(100) == b""
            except (ConnectionResetError, TimeoutError):
                closed += 1 if isinstance(sys.exc_info()[1], ConnectionResetError) else 0
            s.close()
        assert closed == 40
        # a whole request is still served
        with urllib.request.urlopen(url + "/api/facets", timeout=10) as r:
            assert r.status == 200


def test_slow_body_is_408(store) -> None:
    app = create_app(store, token="t", body_timeout=0.5)
    with Background(app) as url:
        port = int(url.rsplit(":", 1)[1])
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": ")
        s.settimeout(10)
        head = s.recv(200)
        s.close()
        assert head.startswith(b"HTTP/1.1 408")


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def test_analyze_while_serving_the_same_duckdb_file(tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    with open_store(db) as s:
        s.save(sample_docs())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cli = [sys.executable, "-m", "rashomon.cli.main"]
    srv = subprocess.Popen([*cli, "serve", "--db", str(db), "--port", str(port)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                before = _get(url + "/api/documents?limit=1")["total"]
                break
            except OSError:
                if time.monotonic() > deadline or srv.poll() is not None:
                    raise
                time.sleep(0.3)
        new = tmp_path / "new"
        new.mkdir()
        for i in range(3):
            (new / f"n{i}.txt").write_text(f"Title: New {i}\n\nChad and Niger met in round {i}.",
                                           encoding="utf-8")
        run = subprocess.Popen([*cli, "analyze", str(new), "--db", str(db), "--components",
                                "sentences", "-w", "1", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        answered = 0
        while run.poll() is None:  # the page keeps answering during the run
            _get(url + "/api/documents?limit=1")
            answered += 1
            time.sleep(0.1)
        out, err = run.communicate()
        assert run.returncode == 0, err
        after = _get(url + "/api/documents?limit=100")
        assert after["total"] == before + 3  # no restart
        assert {"n0.txt", "n1.txt", "n2.txt"} <= {d["id"] for d in after["items"]}
        assert answered > 0
    finally:
        srv.terminate()
        srv.wait(timeout=20)
