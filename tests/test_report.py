"""`rashomon report`: one self-contained, escaped HTML file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.api.report import write_report
from rashomon.api.respond import script_json
from rashomon.api.sample import HOSTILE_TITLE, sample_docs
from rashomon.cli.main import app
from rashomon.doc import Claim, Doc, Span
from rashomon.store import open_store

EVIL = "</script><script>alert(2)</script>\u2028&"


def evil_doc() -> Doc:
    text = f"{EVIL} attacks Russia."
    d = Doc(id="evil", text=text, title=HOSTILE_TITLE, source="<i>Outlet</i>", published="2024-05-01")
    d.claims = [Claim(subject=EVIL, relation="attack", object="Russia", evidence=Span(0, len(text), text))]
    return d


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.duckdb"
    with open_store(path) as s:
        s.save([*sample_docs(), evil_doc()])
    return path


def test_script_json_cannot_close_the_script() -> None:
    s = script_json({"x": EVIL})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"x": EVIL}


def test_report_is_self_contained_and_escaped(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    with open_store(db, read_only=True) as s:
        n = write_report(s, out)
    html = out.read_text("utf-8")
    assert n == 8
    # no network: nothing is loaded from elsewhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    # untrusted values never become markup
    assert "<script>alert" not in html and "<i>Outlet</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;Outlet&lt;/i&gt;" in html
    assert html.count("</script>") == 3  # the data block, the renderer, the start-up code
    data = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    assert EVIL in json.loads(data)["nodes"]["name"]
    # the content: alliances, rivalries, contradictions, with evidence
    assert "Top alliances" in html and "Iran is allied with Russia." in html
    assert "Russia attacked Ukraine again overnight." in html
    assert "Russia does not support Hamas, the Kremlin said." in html
    # pairs carry their state; relations read as words, never "not oppose x2"
    assert 'data-state="agreed"' in html and 'data-state="contested"' in html
    assert not re.search(r"not \w+ [×x]\d", html)


def test_relation_phrase() -> None:
    from rashomon.graph.words import relation_phrase, relations_phrase

    assert relation_phrase("not oppose", 2) == "denied opposition (2 claims)"
    assert relation_phrase("support", 1) == "support (1 claim)"
    assert relation_phrase("accuse", 3) == "accusation (3 claims)"
    assert relations_phrase({"not oppose": 2, "support": 3}) == (
        "support (3 claims), denied opposition (2 claims)")


def test_report_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = CliRunner().invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "wrote" in r.output and out.stat().st_size > 5000
    # a lens: the report through one outlet
    r = CliRunner().invoke(app, ["report", "--db", str(db), "-o", str(out), "--outlet", "Morning Star"])
    assert r.exit_code == 0, r.output
    html = out.read_text("utf-8")
    assert "through Morning Star&#x27;s articles" in html
    assert "Russia attacked Ukraine again overnight." in html  # Morning Star's
    assert "Ukraine condemned the deal." not in html  # Daily Planet's
    r = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "missing.duckdb"), "-o", str(out)])
    assert r.exit_code != 0
    r = CliRunner().invoke(app, ["report", "--db", str(db), "-o", str(tmp_path / "no" / "r.html")])
    assert r.exit_code != 0


@pytest.mark.browser
def test_report_renders_offline_in_chromium(db: Path, tmp_path: Path) -> None:
    exe = os.environ.get("RASHOMON_CHROMIUM") or "/usr/bin/chromium"
    if not Path(exe).exists():
        pytest.skip("no Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    with open_store(db, read_only=True) as s:
        write_report(s, out)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        pg = b.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        requests: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto(out.as_uri())
        pg.wait_for_timeout(500)
        # vis-network (inlined from the pyvis package) drew the map into its own canvas
        drawn = pg.evaluate("() => (document.querySelector('#graph canvas') || {}).width || 0")
        b.close()
    assert errors == [] and dialogs == []
    assert drawn > 0
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
