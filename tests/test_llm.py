"""The LLM claim extractor against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rashomon.doc import Doc, Mention
from rashomon.errors import UserError
from rashomon.nlp.claims.llm import LLMExtractor, estimate

TEXT = "Iran supplied Hamas with rockets. Israel said Hamas attacked it."


class Fake:
    """Answers scripted per request: (status, body) pairs; the last one repeats."""

    def __init__(self) -> None:
        self.script: list[tuple[int, str]] = []
        self.requests: list[dict] = []

    def answer(self) -> tuple[int, str]:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]


@pytest.fixture()
def server() -> Iterator[tuple[str, Fake]]:
    fake = Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "body": body,
                                  "auth": self.headers.get("Authorization")})
            status, text = fake.answer()
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", fake
    httpd.shutdown()
    httpd.server_close()


def chat(content: object) -> str:
    text = content if isinstance(content, str) else json.dumps(content)
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}]})


GOOD = {"claims": [
    {"sentence": 0, "subject": "Iran", "relation": "support", "object": "Hamas", "negated": False,
     "hedged": False, "source": None, "evidence": "Iran supplied Hamas with rockets"},
    {"sentence": 1, "subject": "Hamas", "relation": "attack", "object": "Israel", "negated": False,
     "hedged": False, "source": "Israel", "evidence": "Hamas attacked it"},
    {"sentence": 1, "subject": "Hamas", "relation": "likes", "object": "Israel", "negated": False,
     "hedged": False, "source": None, "evidence": "x"},
    {"sentence": 0, "subject": "", "relation": "ally", "object": "Iran", "negated": False,
     "hedged": False, "source": None, "evidence": "Iran"},
]}


def make_doc() -> Doc:
    doc = Doc("d", TEXT)
    from rashomon.nlp.sentences import make_sentences

    make_sentences()(doc)
    doc.mentions = [Mention(0, 4, "Iran", "Q794", "Iran", sentence=0),
                    Mention(14, 19, "Hamas", "Q38", "Hamas", sentence=0)]
    return doc


def extractor(url: str, tmp_path, **kw: object) -> LLMExtractor:
    return LLMExtractor(url, "fake-model", api_key="k", cache_dir=tmp_path / "cache",
                        backoff=0.01, **kw)


def test_valid_answer_gives_claims_with_exact_evidence(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(200, chat(GOOD))]
    doc = make_doc()
    stats = extractor(url, tmp_path).extract_docs([doc])
    got = {(c.subject, c.relation, c.object, c.source) for c in doc.claims}
    assert got == {("Iran", "support", "Hamas", None), ("Hamas", "attack", "Israel", "Israel")}
    for c in doc.claims:
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text
        assert c.extractor == "llm"
    iran = next(c for c in doc.claims if c.subject == "Iran")
    assert iran.subject_id == "Q794" and iran.evidence.text == "Iran supplied Hamas with rockets"
    assert stats.invalid == 2 and stats.calls == 1
    req = fake.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer k"
    assert req["body"]["model"] == "fake-model"
    assert "Iran supplied Hamas" in req["body"]["messages"][1]["content"]


def test_invalid_json_is_counted_not_raised(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(200, chat("this is not json"))]
    doc = make_doc()
    stats = extractor(url, tmp_path).extract_docs([doc])
    assert doc.claims == [] and stats.invalid == 1


def test_retry_after_server_error(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(500, "{}"), (429, "{}"), (200, chat(GOOD))]
    doc = make_doc()
    stats = extractor(url, tmp_path).extract_docs([doc])
    assert len(fake.requests) == 3 and stats.retries == 2
    assert len(doc.claims) == 2


def test_gives_up_after_retries(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(503, "{}")]
    with pytest.raises(UserError, match="failed after 3 attempts"):
        extractor(url, tmp_path, retries=2).extract_docs([make_doc()])
    assert len(fake.requests) == 3


def test_client_error_is_one_line(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(401, '{"error": "bad key"}')]
    with pytest.raises(UserError, match="HTTP 401"):
        extractor(url, tmp_path).extract_docs([make_doc()])
    assert len(fake.requests) == 1


def test_cache_hit_makes_no_request(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(200, chat(GOOD))]
    extractor(url, tmp_path).extract_docs([make_doc()])
    assert len(fake.requests) == 1
    doc = make_doc()
    stats = extractor(url, tmp_path).extract_docs([doc])
    assert len(fake.requests) == 1 and stats.cache_hits == 1 and stats.calls == 0
    assert len(doc.claims) == 2
    other = LLMExtractor(url, "other-model", cache_dir=tmp_path / "cache", backoff=0.01)
    other.extract_docs([make_doc()])  # another model is another cache key
    assert len(fake.requests) == 2


def test_concurrency_many_docs(server, tmp_path) -> None:
    url, fake = server
    fake.script = [(200, chat({"claims": []}))]
    docs = [Doc(f"d{i}", f"Text number {i}. Iran met Hamas.") for i in range(6)]
    stats = extractor(url, tmp_path, concurrency=3).extract_docs(docs)
    assert stats.calls == 6 and len(fake.requests) == 6


def test_estimate_and_dry_run_make_no_request(server, tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app

    for var in ("RASHOMON_CLAIMS_EXTRACTOR", "RASHOMON_LLM_URL", "RASHOMON_LLM_MODEL",
                "RASHOMON_LLM_CONCURRENCY", "RASHOMON_LLM_CACHE"):
        monkeypatch.setenv(var, "")  # restored after the test
    url, fake = server
    fake.script = [(200, chat(GOOD))]
    calls, tokens = estimate([make_doc()])
    assert calls == 1 and tokens > len(TEXT) // 4
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(folder), "--db", str(tmp_path / "x.duckdb"),
                                   "--llm", url, "--model", "fake-model", "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "1 call" in res.output and "tokens" in res.output
    assert fake.requests == []
    import os

    assert os.environ["RASHOMON_LLM_URL"] == ""  # settings travel as config, not in the environment


def test_missing_url_or_model_is_a_user_error() -> None:
    with pytest.raises(UserError):
        LLMExtractor("", "m")
    with pytest.raises(UserError):
        LLMExtractor("http://127.0.0.1:1", "")


def test_component_uses_llm_extractor(server, tmp_path) -> None:
    from rashomon.nlp.claims.component import ClaimExtractor

    url, fake = server
    fake.script = [(200, chat(GOOD))]
    step = ClaimExtractor(extractor="llm", llm_url=url, llm_model="fake-model",
                          llm_cache=str(tmp_path / "c"))
    doc = step(make_doc())
    assert {c.extractor for c in doc.claims} == {"llm"} and len(doc.claims) == 2




def test_analyze_llm_options_switch_the_pipeline(server, tmp_path) -> None:
    from rashomon.nlp.claims.llm import llm_config
    from rashomon.registry import get_component

    url, fake = server
    fake.script = [(200, chat(GOOD))]
    settings = llm_config(url, "fake-model", str(tmp_path / "c"), 2)
    step = get_component("claims").factory(settings)
    assert step.llm is not None and step.llm.concurrency == 2
    assert get_component("claims").factory({}).llm is None  # no settings, no LLM
    doc = step(make_doc())
    assert len(doc.claims) == 2 and len(fake.requests) == 1
    with pytest.raises(UserError):
        llm_config(url, "")
