"""The rule sentence splitter: exact, trimmed offsets; abbreviations; long runs cut at spaces."""

from __future__ import annotations

from rashomon.nlp.sentences import split


def texts(t: str, max_len: int = 2000) -> list[str]:
    spans = split(t, max_len)
    for s, e in spans:
        assert t[s:e] == t[s:e].strip() and e > s
    return [t[s:e] for s, e in spans]


def test_abbreviations_and_quotes() -> None:
    t = 'Mr. Smith met Gen. Jones in the U.S. on Monday. They talked. "Yes," he said. Then 3 more.'
    assert texts(t) == ["Mr. Smith met Gen. Jones in the U.S. on Monday.", "They talked.",
                        '"Yes," he said.', "Then 3 more."]


def test_lines_are_boundaries_and_lowercase_continues() -> None:
    assert texts("Headline without stop\nBody one. body goes on.\n\n  Last.") == [
        "Headline without stop", "Body one. body goes on.", "Last."]


def test_long_runs_cut_at_spaces() -> None:
    t = ("word " * 1000).strip() + ". Next one."
    parts = texts(t, 200)
    assert all(len(p) <= 200 and not p.startswith("d ") for p in parts)
    assert parts[-1] == "Next one."
    assert texts("x" * 450, 200) == ["x" * 200, "x" * 200, "x" * 50]
