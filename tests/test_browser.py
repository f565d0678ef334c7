"""The page in real headless Chromium (Playwright) against a real uvicorn server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rashomon.api.app import create_app
from rashomon.api.sample import HOSTILE_TITLE, sample_docs, synthetic_store
from rashomon.api.server import Background
from rashomon.doc import Doc
from rashomon.store import open_store

pytestmark = pytest.mark.browser

TOKEN = "browser-token"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    path = os.environ.get("RASHOMON_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).exists() else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        pytest.skip("no Chromium (set RASHOMON_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


def analysed(docs: list[Doc]) -> list[Doc]:
    return docs  # the pipeline is tested elsewhere: here the page shows what is stored


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    store.save(sample_docs())
    with Background(create_app(store, token=TOKEN, analyse=analysed)) as url:
        yield url
    store.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert pg.errors == [], pg.errors
    ctx.close()


def wait_map(page) -> None:
    page.wait_for_function("() => window.__rashomon && window.__rashomon.firstRender && window.__rashomon.settled()")


def click_node(page, name: str) -> None:
    xy = page.evaluate("(n) => window.__rashomon.nodeScreen(n)", name)
    assert xy, f"{name} is not on the map"
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])


def test_map_actor_and_evidence(page, server) -> None:
    page.goto(server + "/")
    wait_map(page)
    assert page.evaluate("window.__rashomon.graph") == {"nodes": 4, "edges": 7}
    click_node(page, "Russia")
    page.wait_for_selector("#actor-name")
    assert page.text_content("#actor-name") == "Russia"
    assert "actor=Russia" in page.url  # the state is in the URL: shareable
    claims = page.locator("#actor-claims .claim")
    assert claims.count() == 7
    assert "Russia attacked Ukraine again overnight." in page.text_content("#actor-claims")
    allies = page.locator("#actor-panel ul.pos").text_content()
    assert "Iran" in allies and "Ukraine" not in allies
    assert "Ukraine" in page.locator("#actor-panel ul.neg").text_content()  # two outlets agree
    # the panel shows each neighbour's stance and evidence counts
    iran = page.locator("#actor-panel ul.pos li", has_text="Iran")
    assert "+1.00" in iran.text_content() and "claim" in iran.text_content()
    # Hamas rests on one outlet: contested, with its evidence one click away
    hamas = page.locator("#actor-panel ul.contested li", has_text="Hamas")
    hamas.locator("button.ev-btn").click()
    page.wait_for_selector("#actor-panel ul.contested .pair-evidence .claim")
    assert "Hamas" in hamas.locator(".pair-evidence").text_content()
    # how the relation with one enemy changed: stance per month
    hamas.locator("button.mini", has_text="over time").click()
    page.wait_for_selector("#actor-panel .pair-time .tick")
    ticks = hamas.locator(".tick")
    assert ticks.count() == 3
    assert "pos" in ticks.nth(0).get_attribute("class") and "neg" in ticks.nth(2).get_attribute("class")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-actor.png"))
    assert (ARTIFACTS / "map-actor.png").stat().st_size > 10_000
    # clicking empty canvas clears the selection
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    page.wait_for_function("() => !location.hash.includes('actor=')")


def test_filters_change_the_map(page, server) -> None:
    page.goto(server + "/#view=map&relation=attack")
    wait_map(page)
    assert page.evaluate("window.__rashomon.graph") == {"nodes": 2, "edges": 1}
    page.select_option("#f-relation", "")
    page.wait_for_function("() => window.__rashomon.graph.edges === 7")
    # the agreed relations only (two independent outlets): Iran-Russia and Russia-Ukraine
    page.select_option("#f-state", "agreed")
    page.wait_for_function("() => window.__rashomon.graph.edges === 4")
    assert "state=agreed" in page.url


def test_actor_address_opens_the_actor(page, server) -> None:
    page.goto(server + "/actors/Hamas")
    page.wait_for_selector("#actor-name")
    assert page.text_content("#actor-name") == "Hamas"
    page.goto(server + "/actors/Nobody%20Here")
    page.wait_for_selector("#actor-panel .error")
    assert "No actor called" in page.text_content("#actor-panel")


def test_contradiction_to_document(page, server) -> None:
    page.goto(server + "/#view=contradictions")
    page.wait_for_selector("#contra-0")
    sides = page.locator("#contra-0 .side-col")
    assert "Officials say Russia supplies Hamas" in sides.nth(0).text_content()
    assert "Russia does not support Hamas" in sides.nth(1).text_content()
    sides.nth(1).locator("a.doc-link").first.click()
    page.wait_for_selector("#doc-title")
    assert page.text_content("#doc-title") == "Kremlin denies arming militants"
    active = page.locator("mark.ev.active")
    page.wait_for_function("() => document.querySelectorAll('mark.ev.active').length > 0")
    assert "Russia does not support Hamas" in "".join(active.all_text_contents())


def test_document_highlights_offsets(page, server) -> None:
    page.goto(server + "/documents/a1")
    page.wait_for_selector("#doc-text")
    # mentions sit exactly on the names, even after a non-BMP character
    names = page.locator("#doc-text .mention").all_text_contents()
    assert names == ["Russia", "Iran", "Russia", "Hamas", "Iran", "Ukraine", "Russia"][:len(names)]
    assert names.count("Iran") == 2 and "Ukraine" in names
    page.locator("#doc-side .claim").nth(3).click()
    assert "".join(page.locator("mark.ev.active").all_text_contents()) == "Ukraine condemned the deal."


def test_hostile_title_is_text(page, server) -> None:
    page.goto(server + "/documents/c1")
    page.wait_for_selector("#doc-title")
    assert page.text_content("#doc-title") == HOSTILE_TITLE
    assert page.locator("#doc-title script").count() == 0
    assert "<b>Syria</b>" in page.text_content("#doc-text")  # markup in the text shows as text
    assert page.locator("#doc-text b").count() == 0
    page.goto(server + "/#view=documents")
    page.wait_for_selector("#docs-list a.doc-link")
    assert HOSTILE_TITLE in page.text_content("#docs-list")
    page.wait_for_timeout(200)
    assert page.dialogs == []


def test_upload_needs_the_token(page, server) -> None:
    page.goto(server + "/#view=upload")
    page.wait_for_selector("#upload-form")
    assert "enabled" in page.text_content("#upload-state")
    page.fill("#up-token", "not-the-token")
    page.fill("#up-title", "Browser upload")
    page.fill("#up-text", "Iran supports Hamas.")
    page.click("#upload-form button")
    page.wait_for_selector("#upload-result .error")
    assert "Wrong or missing token" in page.text_content("#upload-result")
    page.fill("#up-token", TOKEN)
    page.click("#upload-form button")
    page.wait_for_selector("#upload-result .ok")
    page.click("#upload-result a.doc-link")
    page.wait_for_selector("#doc-title")
    assert page.text_content("#doc-title") == "Browser upload"
    assert page.text_content("#doc-text") == "Iran supports Hamas."


def test_compare_outlets(page, server) -> None:
    page.goto(server + "/#view=compare&a=Daily%20Planet&b=Morning%20Star")
    page.wait_for_selector("table.compare")
    first = page.locator("table.compare tbody tr").first
    assert "disagree" in first.get_attribute("class")
    assert "Hamas" in first.text_content() and "Russia" in first.text_content()


@pytest.mark.slow
def test_first_render_of_a_large_graph(browser, tmp_path) -> None:
    store = open_store(tmp_path / "big.duckdb")
    synthetic_store(store, actors=5000, edges=20000)
    app = create_app(store)
    app.state.rashomon.warm()  # the server precomputes the default map at start-up
    with Background(app) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = ctx.new_page()
        pg.goto(url + "/")
        pg.wait_for_function("() => window.__rashomon && window.__rashomon.firstRender", timeout=20_000)
        ms = pg.evaluate("window.__rashomon.firstRender")
        g = pg.evaluate("window.__rashomon.graph")
        pg.wait_for_function("() => window.__rashomon.labelBoxes().length > 0")
        pg.wait_for_timeout(300)  # the labels chosen after the first frame are drawn
        boxes = pg.evaluate("window.__rashomon.labelBoxes()")
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "map-5k.png"))
        box = pg.locator("#graph").bounding_box()
        ctx.close()
    store.close()
    assert g["edges"] >= 19000 and g["nodes"] >= 4900
    assert ms < 2000, f"first render took {ms:.0f} ms"
    assert_readable_labels(boxes, box, min_labels=25)
    assert "Actor 00000" in {b["name"] for b in boxes}  # the biggest hub is named


def assert_readable_labels(boxes: list[dict], area: dict, min_labels: int) -> None:
    """The label boxes vis-network drew: enough of them, inside the map, none overlapping."""
    assert len(boxes) >= min_labels, len(boxes)
    for b in boxes:
        assert b["w"] > 0 and 8 <= b["h"] <= 40, b  # readable: about 12 px text
        assert -1 <= b["x"] and b["x"] + b["w"] <= area["width"] + 1, b
    for i, a in enumerate(boxes):
        for c in boxes[i + 1:]:
            apart = (a["x"] + a["w"] <= c["x"] or c["x"] + c["w"] <= a["x"]
                     or a["y"] + a["h"] <= c["y"] or c["y"] + c["h"] <= a["y"])
            assert apart, (a, c)


def test_upload_form_is_disabled_on_a_read_only_server(page, tmp_path) -> None:
    store = open_store(tmp_path / "ro.duckdb")
    store.save(sample_docs())
    with Background(create_app(store)) as url:
        page.goto(url + "/#view=upload")
        page.wait_for_function("() => document.querySelector('#upload-state').textContent.length > 0")
        assert "disabled" in page.text_content("#upload-state")
        assert page.locator("#upload-form button").is_disabled()
        # and the actor view links to the documents that mention the actor
        page.goto(url + "/#view=map&actor=Hamas")
        page.wait_for_selector("#actor-name")
        page.locator("#actor-panel a", has_text="documents").click()
        page.wait_for_selector("#docs-list a.doc-link")
        titles = page.locator("#docs-list a.doc-link").all_text_contents()
        assert len(titles) == 3 and "A quiet day" not in titles
    store.close()


def test_map_names_the_heaviest_actors_without_overlap(browser, tmp_path) -> None:
    """A mid-size map: positions from the server (blocs apart), names that do not overlap
    (the page's own label boxes), and every edge drawn after the first frame."""
    store = open_store(tmp_path / "mid.duckdb")
    synthetic_store(store, actors=800, edges=3000, docs=200)
    with Background(create_app(store)) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = ctx.new_page()
        pg.goto(url + "/")
        wait_map(pg)
        boxes = pg.evaluate("window.__rashomon.labelBoxes()")
        assert pg.evaluate("window.__rashomon.drawnEdges()") == 3000
        area = pg.locator("#graph").bounding_box()
        # zooming in names more actors, still without overlap
        pg.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
        pg.mouse.wheel(0, -600)
        pg.wait_for_timeout(400)
        zoomed = pg.evaluate("window.__rashomon.labelBoxes()")
        ctx.close()
    store.close()
    assert_readable_labels(boxes, area, min_labels=20)
    assert "Actor 00000" in {b["name"] for b in boxes}
    assert_readable_labels(zoomed, area, min_labels=20)
