"""The one lexicon format: word lists, numbers and tables, validated and merged."""

from pathlib import Path

import pytest

from rashomon.errors import UserError
from rashomon.nlp import lexicon


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_lists_numbers_and_tables(tmp_path: Path) -> None:
    p = _write(tmp_path, "a.yaml", "negators: [Not, never, no, 'off']\npenalty: 0.25\n"
               "verbs:\n  arm: {relation: support}\nempty:\n")
    lex = lexicon.load(p)
    assert lex.words("negators") == {"not", "never", "no", "off"}  # "no"/"off" stay words
    assert lex.number("penalty") == 0.25
    assert lex.table("verbs")["arm"]["relation"] == "support"
    assert lex.words("empty") == frozenset()
    assert lex.table("nouns") == {}


def test_yo_folds_and_case_can_be_kept(tmp_path: Path) -> None:
    p = _write(tmp_path, "ru.yaml", "hedges: [Ещё]\n")
    assert lexicon.load(p).words("hedges") == {"еще"}
    assert lexicon.load(p, fold=False).words("hedges") == {"Ещё"}


@pytest.mark.parametrize("text", ["- a\n- b\n", "penalty: high\n", "words: [[a, b]]\n"])
def test_malformed_files_give_one_clear_error(tmp_path: Path, text: str) -> None:
    p = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(UserError, match="bad.yaml"):
        lexicon.load(p)


def test_missing_names_and_files_are_clear(tmp_path: Path) -> None:
    lex = lexicon.load(_write(tmp_path, "a.yaml", "x: [a]\n"))
    with pytest.raises(UserError, match="no word list 'y'"):
        lex.words("y")
    with pytest.raises(UserError, match="no number 'y'"):
        lex.number("y")
    with pytest.raises(UserError, match="cannot read lexicon"):
        lexicon.load(tmp_path / "absent.yaml")


def test_later_files_extend_lists_and_override_values(tmp_path: Path) -> None:
    a = lexicon.load(_write(tmp_path, "a.yaml", "w: [a]\nn: 1\nt: {x: 1, y: 2}\n"))
    b = lexicon.load(_write(tmp_path, "b.yaml", "w: [b]\nn: 2\nt: {y: 3}\n"))
    m = lexicon.merge([a, b])
    assert m.words("w") == {"a", "b"}
    assert m.number("n") == 2.0
    assert dict(m.table("t")) == {"x": "1", "y": "3"}
