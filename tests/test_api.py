"""The HTTP API on a small hand-written corpus (FastAPI TestClient, real DuckDB file)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rashomon.api.app import create_app
from rashomon.api.sample import HOSTILE_TITLE, sample_docs
from rashomon.doc import Doc
from rashomon.store import open_store
from test_backends import store_url  # noqa: F401  (fixture: DuckDB and PostgreSQL)

TOKEN = "s3cret-token"


def fake_analyse(docs: list[Doc]) -> list[Doc]:
    """Stand-in for the NLP pipeline: the API's job is to store what analysis returns."""
    for d in docs:
        d.meta["analysed"] = True
    return docs


@pytest.fixture()
def store(tmp_path: Path):
    s = open_store(tmp_path / "web.duckdb")
    s.save(sample_docs())
    yield s
    s.close()


@pytest.fixture()
def client(store) -> TestClient:
    return TestClient(create_app(store, analyse=fake_analyse))


@pytest.fixture()
def writer(store) -> TestClient:
    return TestClient(create_app(store, token=TOKEN, max_upload=2000, analyse=fake_analyse))


def test_documents_list_filters_and_pagination(client: TestClient) -> None:
    r = client.get("/api/documents")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 4 and len(body["items"]) == 4
    assert body["items"][0]["id"] == "d/2"  # newest first
    r = client.get("/api/documents", params={"outlet": "morning star"}).json()
    assert {d["id"] for d in r["items"]} == {"b1", "c1"}
    r = client.get("/api/documents", params={"since": "2024-02", "until": "2024-03-01"}).json()
    assert {d["id"] for d in r["items"]} == {"b1", "c1"}
    page = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 4 and [d["id"] for d in page["items"]] == ["b1", "a1"]
    assert client.get("/api/documents", params={"actor": "Hamas"}).json()["total"] == 3
    assert client.get("/api/documents", params={"q": "kremlin"}).json()["total"] == 1
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/documents", params={"since": "last week"}).status_code == 400


def test_document_detail_and_404(client: TestClient) -> None:
    d = client.get("/api/documents/a1").json()
    assert d["title"] == "Moscow and Tehran deepen ties"
    for m in d["mentions"]:
        assert d["text"][m["start"]:m["end"]] == m["text"]
    for c in d["claims"]:
        ev = c["evidence"]
        assert d["text"][ev["start"]:ev["end"]] == ev["text"]
    assert {lb["kind"] for lb in d["labels"]} == {"narrative", "role", "explanation"}
    role = next(lb for lb in d["labels"] if lb["kind"] == "role")
    assert role["fine"] == ["Guardian"]
    # an id with a slash is looked up as data
    assert client.get("/api/documents/d/2").json()["id"] == "d/2"
    assert client.get("/api/documents/d%2F2").json()["id"] == "d/2"
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/documents/' OR 1=1 --").status_code == 404
    assert client.get("/api/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_claims_filters(client: TestClient) -> None:
    all_ = client.get("/api/claims").json()
    assert all_["total"] == 8
    russia = client.get("/api/claims", params={"actor": "Russia"}).json()
    assert russia["total"] == 7
    assert all("Russia" in (c["subject"], c["object"]) for c in russia["items"])
    assert client.get("/api/claims", params={"relation": "support"}).json()["total"] == 3
    assert client.get("/api/claims", params={"relation": "ally,cooperate"}).json()["total"] == 2
    said = client.get("/api/claims", params={"source": "Officials"}).json()
    assert [c["subject"] for c in said["items"]] == ["Russia"] and said["items"][0]["source"] == "Officials"
    assert client.get("/api/claims", params={"source": "none"}).json()["total"] == 6
    assert client.get("/api/claims", params={"outlet": "Daily Planet"}).json()["total"] == 4
    assert client.get("/api/claims", params={"since": "2024-02-01"}).json()["total"] == 4
    assert client.get("/api/claims", params={"until": "2024-01"}).json()["total"] == 4
    assert client.get("/api/claims", params={"doc": "b1"}).json()["total"] == 2
    assert client.get("/api/claims", params={"actor": "Nobody"}).json()["total"] == 0
    page = client.get("/api/claims", params={"limit": 3, "offset": 6}).json()
    assert page["total"] == 8 and len(page["items"]) == 2
    first = client.get("/api/claims", params={"limit": 1}).json()["items"][0]
    # one claim schema: the claims export's fields and shape, nothing renamed
    from rashomon.records import CLAIM_KEYS, EXTRA_KEYS

    assert set(first) == set(CLAIM_KEYS) | set(EXTRA_KEYS)
    assert set(first["evidence"]) == {"start", "end", "text"}
    assert not {"speaker", "ev_start", "ev_end", "ev_text"} & set(first)


def test_csv_two_ways(client: TestClient) -> None:
    for url in ("/api/claims.csv?actor=Hamas", "/api/claims?actor=Hamas&format=csv"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 4 and all("Hamas" in (x["subject"], x["object"]) for x in rows)
    docs = list(csv.DictReader(io.StringIO(client.get("/api/documents.csv").text)))
    assert {d["id"] for d in docs} == {"a1", "b1", "c1", "d/2"}
    assert next(d for d in docs if d["id"] == "c1")["title"] == HOSTILE_TITLE
    actors = list(csv.DictReader(io.StringIO(client.get("/api/actors.csv").text)))
    assert actors[0]["name"] == "Russia"
    assert client.get("/api/claims").headers["content-type"].startswith("application/json")


def test_actors(client: TestClient) -> None:
    lst = client.get("/api/actors", params={"q": "ra"}).json()
    assert {a["name"] for a in lst["items"]} == {"Iran", "Ukraine"}
    a = client.get("/api/actors/Russia").json()
    assert a["name"] == "Russia" and a["id"] == "rsh:russia"
    assert {x["actor"] for x in a["allies"]} == {"Iran"}
    assert {x["actor"] for x in a["enemies"]} == {"Ukraine"}  # two outlets agree
    assert "Hamas" in {x["actor"] for x in a["contested"]}  # one outlet only
    a_all = client.get("/api/actors/Russia", params={"contested": True}).json()
    assert {"Ukraine", "Hamas"} <= {x["actor"] for x in a_all["enemies"]}
    speakers = {(s["speaker"], s["outlet"]) for s in a["speakers"]}
    assert ("Officials", "Daily Planet") in speakers and ("(the outlet)", "Morning Star") in speakers
    assert [t["month"] for t in a["timeline"]] == ["2024-01", "2024-02", "2024-03"]
    assert {(f["outlet"], f["role"]) for f in a["framing"]} == {
        ("Daily Planet", "Protagonist"), ("Morning Star", "Antagonist")}
    assert a["claims_total"] == 7
    assert client.get("/api/actors/rsh:russia").json()["name"] == "Russia"
    assert client.get("/api/actors/Atlantis").status_code == 404


def test_graph(client: TestClient) -> None:
    g = client.get("/api/graph").json()
    names = {n["name"] for n in g["nodes"]}
    assert {"Russia", "Iran", "Hamas", "Ukraine"} <= names
    for e in g["edges"]:
        assert g["nodes"][e["source"]]["name"] == e["subject"]
        assert g["nodes"][e["target"]]["name"] == e["object"]
    signs = {(e["subject"], e["relation"], e["object"]): e["sign"] for e in g["edges"]}
    assert signs[("Russia", "attack", "Ukraine")] == -1 and signs[("Iran", "ally", "Russia")] == 1
    only = client.get("/api/graph", params={"relation": "attack"}).json()
    assert [(e["subject"], e["object"]) for e in only["edges"]] == [("Russia", "Ukraine")]
    one = client.get("/api/graph", params={"limit": 1}).json()
    assert len(one["edges"]) == 1 and one["truncated"] and len(one["nodes"]) == 2
    heavy = client.get("/api/graph", params={"min_weight": 0.9}).json()
    assert all(e["strength"] >= 0.9 for e in heavy["edges"]) and len(heavy["edges"]) < len(g["edges"])
    # a relation only ever denied has a negative weight: drawn with the opposite sign
    denied = client.get("/api/graph", params={"source": "Russia", "compact": "true"}).json()
    assert denied["edges"]["relation"] == ["support"] and denied["edges"]["sign"] == [-1]
    assert denied["edges"]["weight"] == [1.0]
    assert g["total_edges"] == len(g["edges"])  # nothing dropped for being negative
    assert client.get("/api/graph", params={"outlet": "Morning Star", "since": "2024-03"}).json()["nodes"]
    assert client.get("/api/graph", params={"relation": "likes"}).status_code == 400
    # every documented filter applies: actor and state too
    hamas = client.get("/api/graph", params={"actor": "Hamas"}).json()
    assert hamas["edges"] and all("Hamas" in (e["subject"], e["object"]) for e in hamas["edges"])
    assert len(hamas["edges"]) < len(g["edges"])
    assert client.get("/api/graph", params={"actor": "Nobody"}).status_code == 404
    states = {e["state"] for e in g["edges"]}
    assert "agreed" in states and "contested" in states
    agreed = client.get("/api/graph", params={"state": "agreed", "compact": "true"}).json()
    assert set(agreed["edges"]["state"]) == {"agreed"}
    assert client.get("/api/graph", params={"state": "friendly"}).status_code == 400
    rows = list(csv.DictReader(io.StringIO(client.get("/api/graph.csv").text)))
    assert len(rows) == len(g["edges"]) and "weight" in rows[0]


def test_contradictions_and_compare(client: TestClient) -> None:
    c = client.get("/api/contradictions").json()
    pairs = {(x["a"], x["b"]) for x in c["items"]}
    assert ("Hamas", "Russia") in pairs
    item = next(x for x in c["items"] if (x["a"], x["b"]) == ("Hamas", "Russia"))
    assert any(cl["negated"] for cl in item["claims"]) and any(not cl["negated"] for cl in item["claims"])
    assert all(cl["evidence"]["text"] for cl in item["claims"])
    assert client.get("/api/contradictions", params={"actor": "Ukraine"}).json()["total"] == 0
    rows = list(csv.DictReader(io.StringIO(client.get("/api/contradictions.csv").text)))
    assert rows[0]["a"] and int(rows[0]["claims"]) >= 2
    cmp = client.get("/api/compare", params={"a": "Daily Planet", "b": "Morning Star"}).json()
    assert cmp["a"] == "Daily Planet" and isinstance(cmp["comparison"], list)
    assert any(x["disagree"] for x in cmp["comparison"])
    assert client.get("/api/compare", params={"a": "Daily Planet", "b": "Nowhere"}).status_code == 400
    assert client.get("/api/compare", params={"a": "Daily Planet"}).status_code == 422


def test_openapi_and_facets(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/documents/{doc_id}", "/api/claims", "/api/actors/{name}",
              "/api/graph", "/api/contradictions", "/api/narratives", "/api/compare"):
        assert p in paths, p
    assert "post" in paths["/api/documents"]
    assert client.get("/docs").status_code == 404  # Swagger UI would need a CDN
    f = client.get("/api/facets").json()
    assert f["outlets"] == ["Daily Planet", "Morning Star"] and f["upload"] is False
    assert f["since"] == "2024-01-10" and "attack" in f["relations"]


def test_upload_disabled_without_token(client: TestClient) -> None:
    r = client.post("/api/documents", json={"text": "Russia supports Hamas."})
    assert r.status_code == 403
    r = client.post("/api/documents", json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403


def test_upload_with_token(writer: TestClient, store) -> None:
    doc = {"id": "up1", "title": "Uploaded", "text": "Iran supports Hamas.", "source": "Wire",
           "published": "2024-04-01"}
    assert writer.post("/api/documents", json=doc).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert writer.post("/api/documents", json=doc, headers=bad).status_code == 401
    ok = {"Authorization": f"Bearer {TOKEN}"}
    r = writer.post("/api/documents", json=doc, headers=ok)
    assert r.status_code == 201, r.text
    assert r.json()["documents"][0]["id"] == "up1"
    got = writer.get("/api/documents/up1").json()
    assert got["text"] == "Iran supports Hamas." and got["outlet"] == "Wire"
    assert store.query("SELECT meta FROM documents WHERE id = 'up1'")[0]["meta"] == '{"analysed": true}'
    # no id: one is made from the content
    r = writer.post("/api/documents", json={"text": "Another text."}, headers=ok)
    assert r.status_code == 201 and r.json()["documents"][0]["id"].startswith("upload:")
    assert writer.post("/api/documents", json={"title": "no text"}, headers=ok).status_code == 422
    assert writer.post("/api/documents", content=b"{oops", headers={**ok, "Content-Type": "application/json"}).status_code == 422
    big = {"text": "x" * 5000}
    assert writer.post("/api/documents", json=big, headers=ok).status_code == 413
    assert writer.get("/api/facets").json()["upload"] is True


def test_upload_file(writer: TestClient) -> None:
    ok = {"Authorization": f"Bearer {TOKEN}"}
    files = {"file": ("note.txt", b"Hamas opposes Israel.\n", "text/plain")}
    r = writer.post("/api/documents", files=files, headers=ok)
    assert r.status_code == 201, r.text
    doc_id = r.json()["documents"][0]["id"]
    assert "Hamas opposes Israel." in writer.get(f"/api/documents/{doc_id}").json()["text"]
    lines = b'{"id": "j1", "text": "One."}\n{"id": "j2", "text": "Two."}\n'
    r = writer.post("/api/documents", files={"file": ("../../x.jsonl", lines, "application/json")}, headers=ok)
    assert r.status_code == 201 and [d["id"] for d in r.json()["documents"]] == ["j1", "j2"]
    r = writer.post("/api/documents", files={"file": ("evil.exe", b"MZ", "application/octet-stream")}, headers=ok)
    assert r.status_code == 422 and "unsupported" in r.json()["detail"]
    r = writer.post("/api/documents", files={"file": ("big.txt", b"y" * 3000, "text/plain")}, headers=ok)
    assert r.status_code == 413


def test_pages_are_safe(client: TestClient) -> None:
    for path in ("/", "/documents/c1", "/actors/Russia", "/contradictions"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "<script>alert" not in r.text  # the page holds no data: it fetches JSON
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "innerHTML" not in js.text
    # the hostile title is returned as data, JSON-encoded, never as markup
    r = client.get("/api/documents/c1")
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["title"] == HOSTILE_TITLE
    assert client.get("/static/../app.py").status_code == 404


def test_narratives_adapter(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    import rashomon.nlp.narratives as nar

    monkeypatch.delattr(nar, "summary", raising=False)
    assert client.get("/api/narratives").status_code == 503
    seen = {}

    def summary(store, by="outlet"):
        seen["by"] = by
        return pd.DataFrame([{by: "Daily Planet", "narrative": "URW: Praise of Russia", "docs": 1}])

    monkeypatch.setattr(nar, "summary", summary, raising=False)
    r = client.get("/api/narratives", params={"by": "actor"}).json()
    assert seen["by"] == "actor" and r["items"][0]["narrative"] == "URW: Praise of Russia"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/narratives.csv").text)))
    assert rows == [{"outlet": "Daily Planet", "narrative": "URW: Praise of Russia", "docs": "1"}]
    # the two compared outlets only
    r = client.get("/api/narratives", params={"outlets": "daily planet,Morning Star"}).json()
    assert [x["outlet"] for x in r["items"]] == ["Daily Planet"]
    assert client.get("/api/narratives", params={"outlets": "Morning Star"}).json()["items"] == []
    assert client.get("/api/narratives", params={"by": "nonsense"}).status_code == 422


def test_upload_when_analysis_is_unavailable(store) -> None:
    from rashomon.errors import UserError

    def broken(docs: list[Doc]) -> list[Doc]:
        raise UserError("component 'framing' is not available")

    c = TestClient(create_app(store, token=TOKEN, analyse=broken))
    r = c.post("/api/documents", json={"text": "Iran supports Hamas."},
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 503 and "framing" in r.json()["detail"]
    assert c.get("/api/documents").json()["total"] == 4  # nothing half-stored


def test_pair_timeline_and_compare_csv(client: TestClient) -> None:
    t = client.get("/api/timeline", params={"a": "Russia", "b": "Hamas", "period": "month"}).json()
    assert [p["period"] for p in t["items"]] == ["2024-01", "2024-02", "2024-03"]
    assert t["items"][0]["stance"] > 0 and t["items"][-1]["stance"] < 0
    assert client.get("/api/timeline", params={"a": "Russia", "b": "Hamas", "period": "week"}).status_code == 422
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/compare.csv", params={"a": "Daily Planet", "b": "Morning Star"}).text)))
    first = rows[0]
    assert (first["a"], first["b"], first["disagree"]) == ("Hamas", "Russia", "True")
    assert float(first["stance Daily Planet"]) > 0 > float(first["stance Morning Star"])


# ---- the actor page on a busy actor: same answers as the former queries ---------------
def _former_speakers(s, actor):
    """The former query: its own pass over the actor's claims."""
    from rashomon.api import queries as q

    return s.query(
        "SELECT coalesce(c.source, '(the outlet)') AS speaker, d.source AS outlet, "
        f"count(*) AS claims, {q._POSITIVE} AS positive, {q._NEGATIVE} AS negative "
        "FROM claims c LEFT JOIN documents d ON d.id = c.doc "
        f"WHERE {q._INVOLVES} "
        "GROUP BY coalesce(c.source, '(the outlet)'), d.source ORDER BY claims DESC LIMIT 100",
        q._involves(actor))


def _former_timeline(s, actor):
    from rashomon.api import queries as q

    return s.query(
        "SELECT substr(d.published, 1, 7) AS month, "
        f"{q._POSITIVE} AS positive, {q._NEGATIVE} AS negative, count(*) AS claims "
        "FROM claims c JOIN documents d ON d.id = c.doc "
        f"WHERE {q._INVOLVES} "
        "AND d.published IS NOT NULL GROUP BY substr(d.published, 1, 7) ORDER BY month",
        q._involves(actor))


def _busy_corpus() -> list[Doc]:
    """Russia in many claims, under its name and (once) only by id; undated stories,
    speakers, outlets, negation, a self-loop."""
    import random

    from rashomon.doc import RELATIONS
    from rashomon.graph.synth import story

    rng = random.Random(11)
    docs = []
    for i in range(40):
        claims = []
        for _ in range(rng.randint(1, 4)):
            other = rng.choice(["Iran", "Ukraine", "Hamas", "NATO"])
            s, o = ("Russia", other) if rng.random() < 0.6 else (other, "Russia")
            opts = {"negated": rng.random() < 0.2, "source": rng.choice([None, "Kyiv", "Kremlin"])}
            claims.append((s, rng.choice(RELATIONS), o, opts))
        date = None if i % 9 == 0 else f"202{i % 3}-{i % 12 + 1:02d}-15"
        docs.append(story(f"b{i}", rng.choice(["AP", "BBC", None]), date, claims))
    docs.append(story("self", "AP", "2021-05-01", [("Russia", "support", "Russia")]))
    odd = story("byid", "RT", "2022-01-01", [("Moscow", "oppose", "Ukraine")])
    odd.claims[0].subject_id = "Q159"  # only the id names Russia here
    docs.append(odd)
    return docs


@pytest.fixture()
def busy_store(store_url: str):  # noqa: F811
    s = open_store(store_url)
    s.save(_busy_corpus())
    yield s
    s.close()


def test_speakers_timeline_one_pass_equals_former(busy_store) -> None:
    from rashomon.api import queries as q

    def key(r: dict) -> tuple:
        return tuple(str(v) for v in r.values())

    for actor in ({"id": "Q159", "name": "Russia"}, {"id": "Iran", "name": "Iran"},
                  {"id": "nobody", "name": "Nobody"}):
        spk, tl = q.speakers_timeline(busy_store, actor)
        assert tl == _former_timeline(busy_store, actor)
        former = _former_speakers(busy_store, actor)
        assert sorted(map(key, spk)) == sorted(map(key, former))  # ties may come in any order
        assert [r["claims"] for r in spk] == [r["claims"] for r in former]
    spk, tl = q.speakers_timeline(busy_store, {"id": "Q159", "name": "Russia"})
    assert len(tl) > 10 and len(spk) > 5
    assert "RT" in {r["outlet"] for r in spk}  # the claim that names Russia only by id
    assert q.speakers_timeline(busy_store, {"id": "x", "name": "Nobody"}) == ([], [])


def test_busy_actor_claims_pages_equal_index_path(busy_store, monkeypatch) -> None:
    from rashomon.api import queries as q
    from rashomon.api.queries import ClaimFilter
    from rashomon.graph import cache

    def pages(f: ClaimFilter) -> list:
        counts: dict = {}
        out = []
        for limit in (1, 7, 100):
            for offset in range(0, 130, 9):
                out.append(q.claims(busy_store, f, limit, offset, counts))
        assert q.claims(busy_store, f, 5, 3, counts) == q.claims(busy_store, f, 5, 3)  # memo
        return out

    filters = [ClaimFilter("Russia"), ClaimFilter("Russia", relation="support,oppose"),
               ClaimFilter("Russia", since="2021"), ClaimFilter("Iran", source="Kyiv")]
    assert not q.busy(busy_store, ["Russia"])  # no fresh cache yet: the index path
    cache.refresh(busy_store)
    assert q.busy(busy_store, ["Russia"]) is False  # far below BUSY
    index_path = [pages(f) for f in filters]
    monkeypatch.setattr(q, "PAGE_SCAN", 2)  # pages by scans
    assert [pages(f) for f in filters] == index_path
    monkeypatch.setattr(q, "BUSY", 10)  # and counts in one pass
    assert q.busy(busy_store, ["Russia"]) and not q.busy(busy_store, ["Nobody"])
    assert [pages(f) for f in filters] == index_path
    total, rows = q.claims(busy_store, ClaimFilter("Russia"), 100, 0)
    n = {side: busy_store.query(f"SELECT count(*) AS n FROM claims WHERE {side} = 'Russia'")[0]["n"]
         for side in ("subject", "object")}
    assert total == n["subject"] + n["object"] > 100  # the self-loop counts in both parts
    assert len(rows) == 100 and all("Russia" in (r["subject"], r["object"]) for r in rows)
