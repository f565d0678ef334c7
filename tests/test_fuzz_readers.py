"""Hypothesis over the readers (bounded in time): whatever the bytes, reading yields
documents or one-line rejections, never an exception, and every document is storable."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.doc import Doc
from rashomon.ingest import Rejection, read_paths
from rashomon.ingest.normalise import visible

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv", ".rss", ".xml", ".atom", ".pdf", ".docx"]
# text with the characters that broke runs: NUL, lone surrogates, invisible ones, markup
pieces = st.one_of(st.text(max_size=20), st.sampled_from(
    ["\x00", "\ud800", "\udfff", "\u200b", "\ufeff", "<", "&#xD800;", "&#0;", '"', "\n", ","]))
texts = st.lists(pieces, max_size=12).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10)


def check(path: Path) -> None:
    for item in read_paths([path], max_bytes=20_000):
        if isinstance(item, Rejection):
            assert len(str(item).splitlines()) == 1 and str(item).startswith(str(path))
        else:
            assert isinstance(item, Doc)
            for value in (item.text, item.id, item.title, item.source, item.author):
                if value is not None:
                    value.encode("utf-8")  # no lone surrogates
                    assert "\x00" not in value
            assert visible(item.text)


def write(suffix: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rashomon-fuzz-"))
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


@FUZZ
@given(st.sampled_from(SUFFIXES), st.binary(max_size=2000))
def test_any_bytes(suffix: str, data: bytes) -> None:
    check(write(suffix, data))


@FUZZ
@given(st.sampled_from(SUFFIXES[:8]), texts, st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1"]))
def test_any_text(suffix: str, text: str, encoding: str) -> None:
    check(write(suffix, text.encode(encoding, "surrogatepass" if "utf" in encoding else "replace")))


@FUZZ
@given(st.lists(st.one_of(json_values, st.fixed_dictionaries(
    {"id": json_values, "text": json_values}, optional={"title": json_values, "published": json_values})),
    max_size=5))
def test_jsonl_rows(rows: list[object]) -> None:
    lines = [json.dumps(r, ensure_ascii=True) for r in rows]
    check(write(".jsonl", "\n".join(lines).encode("utf-8")))


@FUZZ
@given(st.lists(st.tuples(texts, texts, texts), max_size=5))
def test_feed_items(items: list[tuple[str, str, str]]) -> None:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\ud800", "&#xD800;")

    body = "".join(f"<item><guid>{esc(a)}</guid><title>{esc(b)}</title><description>{esc(c)}"
                   "</description></item>" for a, b, c in items)
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    check(write(".rss", xml.encode("utf-8", "surrogatepass")))
