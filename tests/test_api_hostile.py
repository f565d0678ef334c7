"""The API under hostile requests, on DuckDB and PostgreSQL: 4xx, never 500; uploads take
the ingest path of `analyze`; Schemathesis over the whole schema (bounded) finds no
server error and no undeclared status code."""

from __future__ import annotations

import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from rashomon.api.app import create_app
from rashomon.api.sample import sample_docs
from rashomon.doc import Doc
from rashomon.store import open_store
from test_backends import store_url  # noqa: F401  (fixture: DuckDB and PostgreSQL)

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIG = "99999999999999999999"
# Schemathesis examples per operation: a smoke test by default, more in CI (RASHOMON_SLOW=1)
EXAMPLES = int(os.environ.get("RASHOMON_SCHEMATHESIS_EXAMPLES")
               or (60 if os.environ.get("RASHOMON_SLOW") == "1" else 25))


def no_nlp(docs: list[Doc]) -> list[Doc]:
    return docs


@pytest.fixture()
def client(store_url: str):  # noqa: F811
    s = open_store(store_url)
    s.save(sample_docs())
    yield TestClient(create_app(s, token=TOKEN, analyse=no_nlp), raise_server_exceptions=False)
    s.close()


@pytest.mark.parametrize("path", [
    f"/api/documents?offset={BIG}", f"/api/claims?offset={BIG}", f"/api/actors?offset={BIG}",
    f"/api/contradictions?offset={BIG}", f"/api/documents?limit={BIG}", "/api/graph?min_weight=inf",
    "/api/graph?min_weight=nan", f"/api/actors/Russia?neighbours={BIG}", "/api/documents?offset=-1",
])
def test_out_of_bounds_is_422(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 422, r.text


@pytest.mark.parametrize("path", [
    "/api/documents?q=%00", "/api/claims?actor=%00", "/api/documents/%00", "/api/actors/x%00",
    "/api/compare?a=%00&b=x", "/api/timeline?a=%00&b=x", "/api/claims?doc=a%00b",
    "/api/documents?outlet=%00", "/api/claims?since=20x4", "/api/graph?since=yesterday",
])
def test_nul_and_bad_dates_are_400(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 400, r.text
    assert r.json()["detail"]


def test_odd_but_valid_values_are_answered(client: TestClient) -> None:
    assert client.get("/api/claims?relation=,,,,").status_code == 200
    for path in ("/api/timeline?a=Russia&b=Iran&relation=%0D", "/api/graph?relation=%20,%20",
                 "/api/contradictions?relation=,", "/api/actors/Russia?relation=%09"):
        assert client.get(path).status_code == 200, path  # found by Schemathesis: "\r"
    assert client.get("/api/actors?q=%ED%A0%80").status_code == 200  # bad UTF-8: replaced
    assert client.get(f"/api/documents?offset={10**9}").json()["items"] == []


def test_hostile_uploads(client: TestClient) -> None:
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = client.post("/api/documents", content=deep, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and "nested deeper than 64" in r.json()["detail"]
    r = client.post("/api/documents", content=b'{"text": "\xff\xfe"}',
                    headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post("/api/documents", json={"text": "\u200b\ufeff"}, headers=AUTH)
    assert r.status_code == 422 and r.json()["detail"] == "item 0: empty document (no text)"
    body = '{"id": "s\\ud800", "title": "\\u0000", "text": "Russia \\ud800 supports \\u0000 Serbia."}'
    r = client.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    got = client.get("/api/documents/s\ufffd").json()
    assert got["text"] == "Russia \ufffd supports \ufffd Serbia." and got["title"] == "\ufffd"


def test_uploads_get_language_and_duplicates_like_analyze(client: TestClient) -> None:
    text = ("Министр иностранных дел России заявил, что Москва поддерживает переговоры с "
            "Пекином и выступает против новых санкций Евросоюза.")
    r = client.post("/api/documents", json={"id": "ru1", "text": text}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["documents"][0]["language"] == "ru"
    r = client.post("/api/documents", json={"id": "ru2", "text": text}, headers=AUTH)
    assert r.json()["duplicates"] == [{"id": "ru2", "duplicate_of": "ru1"}]
    r = client.post("/api/documents", json={"id": "ru3", "text": text + " Конец."}, headers=AUTH)
    assert r.json()["documents"][0]["duplicate_of"] == "ru1"  # near-duplicate, linked
    r = client.post("/api/documents", json={"id": "ru1", "text": text}, headers=AUTH)
    assert r.status_code == 201 and r.json()["unchanged"] == ["ru1"]
    cp = client.post("/api/documents", files={"file": ("ru.txt", text.encode("cp1251"), "text/plain")},
                     headers=AUTH)
    assert cp.status_code == 201 and cp.json()["duplicates"][0]["duplicate_of"] == "ru1"


def test_openapi_declares_the_codes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"400", "422", "503"} <= set(paths["/api/documents"]["get"]["responses"])
    assert "404" in paths["/api/documents/{doc_id}"]["get"]["responses"]
    assert {"401", "403", "408", "413", "415"} <= set(paths["/api/documents"]["post"]["responses"])


@pytest.fixture()
def api_schema(tmp_path):
    s = open_store(tmp_path / "schema.duckdb")
    s.save(sample_docs())
    app = create_app(s, token=TOKEN, max_upload=20_000, analyse=no_nlp)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    s.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_error(case: schemathesis.Case) -> None:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import status_code_conformance

    case.headers = {**(case.headers or {}), **AUTH}
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance])


def test_upload_analysis_failure_rejects_that_document_alone(tmp_path) -> None:
    def analyse(docs: list[Doc]) -> list[Doc]:
        if any("EXPLODE" in d.text for d in docs):
            raise ValueError("boom")
        return docs

    s = open_store(tmp_path / "u.duckdb")
    c = TestClient(create_app(s, token=TOKEN, analyse=analyse), raise_server_exceptions=False)
    r = c.post("/api/documents", headers=AUTH, json=[{"id": "ok", "text": "Chad and Niger met."},
                                                     {"id": "bad", "text": "EXPLODE now."}])
    assert r.status_code == 201, r.text
    assert [d["id"] for d in r.json()["documents"]] == ["ok"]
    assert r.json()["rejected"] == ["bad: analysis failed: ValueError: boom"]
    r = c.post("/api/documents", headers=AUTH, json={"id": "bad2", "text": "EXPLODE again."})
    assert r.status_code == 422 and "analysis failed" in r.json()["detail"]
    s.close()
