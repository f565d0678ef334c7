"""The on-disk cache of the parsed KB and the gazetteer's form tables (kbcache.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.nlp.actors import gazetteer, kbcache, resolve
from rashomon.nlp.actors import kb as kbmod
from rashomon.nlp.actors.kb import build_kb, load_kb

KB_TEXT = """\
- id: Q159
  name: Russia
  type: state
  metonyms: [Moscow, the Kremlin]
  demonyms: [Russians]
  adjectives: [Russian]
- id: Q212
  name: Ukraine
  type: state
  metonyms: [Kyiv]
"""
NEW_ACTOR = """\
- id: rsh:zorvian-league
  name: Zorvian League
  type: organisation
"""
TEXT = "The Kremlin said Russian troops would stay; Kyiv and the Zorvian League disagreed."


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RASHOMON_CACHE", str(folder))
    monkeypatch.delenv("RASHOMON_KB_CACHE", raising=False)
    kbmod._load.cache_clear()
    gazetteer.matcher_for.cache_clear()
    yield folder
    kbmod._load.cache_clear()
    gazetteer.matcher_for.cache_clear()


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts YAML parses done by kb.py (which imports yaml on first use)."""
    count = [0]
    real = yaml.safe_load

    def counting(text: Any) -> Any:
        count[0] += 1
        return real(text)

    monkeypatch.setattr(yaml, "safe_load", counting)
    return count


def _kbfile(tmp_path: Path, text: str = KB_TEXT) -> Path:
    p = tmp_path / "kb" / "actors.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, "utf-8")
    return p


def _load(path: Path) -> kbmod.KB:
    """A fresh process's load: no in-memory cache, only the disk."""
    kbmod._load.cache_clear()
    return load_kb((path,), include_user=False, include_package=False)


def test_second_load_reads_the_cache(cache: Path, parses: list[int], tmp_path: Path) -> None:
    path = _kbfile(tmp_path)
    first = _load(path)
    assert parses[0] == 1
    assert len(list(cache.glob("kb-*.pickle"))) == 1
    second = _load(path)
    assert parses[0] == 1  # no YAML parse the second time
    assert second is not first
    assert second.cache_key == first.cache_key is not None
    assert [a.id for a in second.actors] == [a.id for a in first.actors]
    assert second.by_name("the Kremlin").id == "Q159"
    assert second.by_name("Zorvian League") is None


def test_changed_file_invalidates(cache: Path, parses: list[int], tmp_path: Path) -> None:
    path = _kbfile(tmp_path)
    assert _load(path).by_name("Zorvian League") is None
    path.write_text(KB_TEXT + NEW_ACTOR, "utf-8")
    kb = _load(path)
    assert parses[0] == 2
    assert kb.by_name("Zorvian League").id == "rsh:zorvian-league"
    # a same-size edit (content, not size or time, decides)
    path.write_text((KB_TEXT + NEW_ACTOR).replace("Zorvian", "Qarvian"), "utf-8")
    os.utime(path, ns=(0, 0))
    kb = _load(path)
    assert kb.by_name("Qarvian League") is not None and kb.by_name("Zorvian League") is None


def test_in_memory_cache_sees_edits(cache: Path, tmp_path: Path) -> None:
    path = _kbfile(tmp_path)
    assert load_kb((path,), include_user=False, include_package=False).by_name("Zorvian League") is None
    path.write_text(KB_TEXT + NEW_ACTOR, "utf-8")
    kb = load_kb((path,), include_user=False, include_package=False)
    assert kb.by_name("Zorvian League") is not None


def test_corrupt_cache_file_is_ignored(cache: Path, parses: list[int], tmp_path: Path) -> None:
    path = _kbfile(tmp_path)
    _load(path)
    (pickled,) = cache.glob("kb-*.pickle")
    pickled.write_bytes(b"\x80\x05not a pickle at all")
    kb = _load(path)
    assert parses[0] == 2
    assert kb.by_name("Moscow").id == "Q159"
    assert _load(path).by_name("Kyiv").id == "Q212"  # the rewritten file is good again
    assert parses[0] == 2
    pickled.write_bytes(b"")  # truncated
    assert _load(path).by_name("Kyiv").id == "Q212"
    assert parses[0] == 3


def test_cached_object_of_wrong_type_is_ignored(cache: Path, parses: list[int], tmp_path: Path) -> None:
    path = _kbfile(tmp_path)
    key = _load(path).cache_key
    assert kbcache.write(f"kb-{key}.pickle", {"not": "a KB"})
    assert _load(path).by_name("Russia").id == "Q159"
    assert parses[0] == 2


def test_unwritable_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[int],
                              cache: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("RASHOMON_CACHE", str(blocker / "cache"))  # cannot be created
    path = _kbfile(tmp_path)
    assert _load(path).by_name("Russia").id == "Q159"
    assert _load(path).by_name("Kyiv").id == "Q212"
    assert parses[0] == 2  # works, just without the cache
    gazetteer.matcher_for.cache_clear()
    kb = _load(path)
    assert [m.actor for m in gazetteer.matcher_for(kb).mentions(Doc("t", TEXT))][:2] == ["Q159", "Q159"]


def test_read_only_cache_dir(cache: Path, parses: list[int], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _kbfile(tmp_path)
    _load(path)  # a cache written earlier stays readable
    cache.chmod(0o500)
    real = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:  # root ignores chmod: refuse writes too
        if self.parent == cache:
            raise PermissionError(13, "Read-only file system", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    try:
        assert _load(path).by_name("Russia").id == "Q159"
        assert parses[0] == 1  # read from the read-only folder
        path.write_text(KB_TEXT + NEW_ACTOR, "utf-8")
        assert _load(path).by_name("Zorvian League") is not None
        assert _load(path).by_name("Zorvian League") is not None
        assert parses[0] == 3  # cannot be cached, still works
        assert len(list(cache.iterdir())) == 1 and not list(cache.glob(".*tmp"))
    finally:
        cache.chmod(0o700)


def test_cache_can_be_turned_off(cache: Path, parses: list[int], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_KB_CACHE", "0")
    path = _kbfile(tmp_path)
    _load(path)
    _load(path)
    assert parses[0] == 2
    assert not cache.exists()


def test_user_errors_are_not_cached(cache: Path, tmp_path: Path) -> None:
    path = _kbfile(tmp_path, "- id: Q1\n  name: [unclosed\n")
    for _ in range(2):
        with pytest.raises(UserError, match="not valid YAML"):
            _load(path)
    assert not list(cache.glob("kb-*.pickle"))


def test_key_depends_on_role_content_and_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _kbfile(tmp_path)
    user = kbcache.kb_key([("user", path)])
    assert user is not None and user == kbcache.kb_key([("user", path)])
    assert user != kbcache.kb_key([("package", path)])
    assert kbcache.kb_key([("user", tmp_path / "missing.yaml")]) is None
    import rashomon

    monkeypatch.setattr(rashomon, "__version__", "999.0")
    kbcache._code_stamp.cache_clear()
    try:
        assert kbcache.kb_key([("user", path)]) != user
    finally:
        monkeypatch.undo()
        kbcache._code_stamp.cache_clear()
    assert kbcache.kb_key([("user", path)]) == user


def test_matcher_tables_are_cached(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _kbfile(tmp_path, KB_TEXT + NEW_ACTOR)
    kb = _load(path)
    fresh = [(m.start, m.end, m.actor, m.kind) for m in gazetteer.Matcher(kb).mentions(Doc("t", TEXT))]
    assert ("Q159", "metonym") in [(a, k) for _, _, a, k in fresh]
    assert "rsh:zorvian-league" in [a for _, _, a, _ in fresh]
    gazetteer.matcher_for(kb)
    assert len(list(cache.glob("forms-*.pickle"))) == 1
    built = [0]
    real = gazetteer.form_tables

    def counting(k: kbmod.KB) -> gazetteer.Tables:
        built[0] += 1
        return real(k)

    monkeypatch.setattr(gazetteer, "form_tables", counting)
    gazetteer.matcher_for.cache_clear()
    cached = gazetteer.matcher_for(_load(path))
    assert built[0] == 0  # tables came from disk
    assert [(m.start, m.end, m.actor, m.kind) for m in cached.mentions(Doc("t", TEXT))] == fresh
    # a corrupt tables file is rebuilt
    (tables,) = cache.glob("forms-*.pickle")
    tables.write_bytes(b"garbage")
    gazetteer.matcher_for.cache_clear()
    again = gazetteer.matcher_for(_load(path))
    assert built[0] == 1
    assert [(m.start, m.end, m.actor, m.kind) for m in again.mentions(Doc("t", TEXT))] == fresh


def test_fuzzy_index_tables_are_cached(cache: Path, tmp_path: Path) -> None:
    path = _kbfile(tmp_path, KB_TEXT + NEW_ACTOR)
    fresh = resolve.FuzzyIndex(_load(path))
    resolve.fuzzy_index.cache_clear()
    built = resolve.fuzzy_index(_load(path))
    assert len(list(cache.glob("fuzzy-*.pickle"))) == 1
    resolve.fuzzy_index.cache_clear()
    kbmod._load.cache_clear()
    cached = resolve.fuzzy_index(_load(path))
    assert cached is not built
    for index in (built, cached):
        assert (index.plain, index.stems, index.stem_exact) == (fresh.plain, fresh.stems, fresh.stem_exact)
        assert index.lookup("Zorvian Leage") == ("rsh:zorvian-league", fresh.lookup("Zorvian Leage")[1])
        assert index.lookup("Ukrain") == fresh.lookup("Ukrain") == ("Q212", pytest.approx(0.923, abs=1e-3))
        assert index.lookup("Kiev") is None  # too short for a fuzzy match
    (tables,) = cache.glob("fuzzy-*.pickle")
    tables.write_bytes(b"garbage")  # a corrupt file is rebuilt
    resolve.fuzzy_index.cache_clear()
    again = resolve.fuzzy_index(_load(path))
    assert again.plain == fresh.plain
    resolve.fuzzy_index.cache_clear()


def test_kb_without_key_is_not_cached(cache: Path, tmp_path: Path) -> None:
    kb = build_kb([], [_kbfile(tmp_path)])
    assert kb.cache_key is None
    assert [m.actor for m in gazetteer.matcher_for(kb).mentions(Doc("t", "Moscow and Kyiv"))] == ["Q159", "Q212"]
    assert not cache.exists()


def test_prune_keeps_newest(cache: Path) -> None:
    for i in range(kbcache.KEEP + 3):
        assert kbcache.write(f"kb-{i:02d}.pickle", i)
        os.utime(cache / f"kb-{i:02d}.pickle", (1000 + i, 1000 + i))
    kbcache.write("forms-x.pickle", 1)
    kept = sorted(p.name for p in cache.glob("kb-*.pickle"))
    assert len(kept) == kbcache.KEEP
    assert "kb-00.pickle" not in kept and f"kb-{kbcache.KEEP + 2:02d}.pickle" in kept
    assert (cache / "forms-x.pickle").exists()
    assert kbcache.read("kb-02.pickle") is None and kbcache.read(f"kb-{kbcache.KEEP + 2:02d}.pickle") == kbcache.KEEP + 2


def test_package_kb_from_cache_equals_fresh_build(cache: Path) -> None:
    kb = load_kb(include_user=False)
    kbmod._load.cache_clear()
    cached = load_kb(include_user=False)
    fresh = build_kb(kbmod.package_files(), [])
    assert cached is not kb and len(list(cache.glob("kb-*.pickle"))) == 1
    assert sorted(cached.index_items()) == sorted(fresh.index_items())
    assert cached.problems == fresh.problems
    assert cached.institution("Q159", "intelligence") is not None


HEAVY = ("spacy", "torch", "yaml", "ahocorasick", "pandas", "duckdb", "psycopg", "sklearn",
         "sentence_transformers", "ray", "fastapi", "rashomon.nlp.actors.kb")


def test_help_loads_no_kb_and_no_models() -> None:
    """`rashomon <command> --help` stays quick: no KB, models, data frames or databases."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from rashomon.cli.main import app\n"
        "import typer\n"
        "names = sorted(typer.main.get_command(app).commands)\n"
        "assert len(names) > 5, names\n"
        "for n in names:\n"
        "    r = CliRunner().invoke(app, [n, '--help'])\n"
        "    assert r.exit_code == 0 and 'Usage' in r.output, (n, r.output)\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
    # the check itself sees a heavy import
    out = subprocess.run([sys.executable, "-c", "import sys, yaml\n" + code.split("\n")[-2]],
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "yaml"
