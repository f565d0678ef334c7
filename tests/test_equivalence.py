"""Every engine and backend gives the same analysis: documents, mentions, claims, labels.

The reference is the single-process engine into DuckDB; compared (order-independent, on
normalised rows) with two worker processes into DuckDB, with PostgreSQL, and with Ray.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from rashomon.engine import run
from rashomon.registry import DEFAULT_PIPELINE, get_component
from rashomon.store import COLUMNS, open_store

CORPUS = Path(__file__).parent / "fixtures" / "engine"
TABLES = ("documents", "sentences", "mentions", "claims", "labels", "signatures")
BATCH = 3


def available_pipeline() -> list[str]:
    """The default pipeline, less components not built yet (so the test grows with it)."""
    names = []
    for name in DEFAULT_PIPELINE:
        try:
            get_component(name)
        except ImportError:
            continue
        names.append(name)
    return names


def value(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, bool):
        return int(v)
    return v


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table as sorted, normalised rows (without the analysis time)."""
    out = {}
    with open_store(url) as store:
        for table in TABLES:
            cols = [c for c in COLUMNS[table] if c != "analysed_at"]
            rows = store.query(f"SELECT {', '.join(cols)} FROM {table}")
            out[table] = sorted((tuple(value(r[c]) for c in cols) for r in rows), key=repr)
    return out


CORE = ["sentences", "gazetteer", "parse", "entities", "claims"]
Snapshot = dict[str, list[tuple[Any, ...]]]


def analyse(url: str, names: list[str], **kw: Any) -> Snapshot:
    with open_store(url) as store:
        summary = run([CORPUS], store, names=names, batch_size=BATCH, **kw)
    assert summary.analysed == 10 and not summary.rejected
    return snapshot(url)


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The single-process DuckDB analysis, per pipeline (computed once)."""
    cache: dict[tuple[str, ...], Snapshot] = {}

    def get(names: list[str]) -> Snapshot:
        if tuple(names) not in cache:
            url = str(tmp_path_factory.mktemp("ref") / "ref.duckdb")
            snap = analyse(url, names, workers=1)
            assert len(snap["documents"]) == 10
            assert len(snap["mentions"]) >= 40  # several actors per article
            assert len(snap["claims"]) >= 5
            cache[tuple(names)] = snap
        return cache[tuple(names)]

    return get


def assert_same(got: Snapshot, want: Snapshot) -> None:
    for table in TABLES:
        assert got[table] == want[table], f"{table} differs"


def pg_url() -> str:
    from test_backends import fresh_pg_url, pg_available

    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL is not reachable")
    return fresh_pg_url()


def test_snapshot_sees_a_difference(references: Any) -> None:
    """The comparison is not vacuous: one changed mention is caught."""
    reference = references(CORE)
    changed = {t: list(rows) for t, rows in reference.items()}
    first = changed["mentions"][0]
    changed["mentions"][0] = (*first[:2], "Q0", *first[3:])
    with pytest.raises(AssertionError, match="mentions differs"):
        assert_same(changed, reference)


def test_two_workers_equal_one(references: Any, tmp_path: Path) -> None:
    assert_same(analyse(str(tmp_path / "w2.duckdb"), CORE, workers=2), references(CORE))


@pytest.mark.postgres
def test_postgres_equals_duckdb(references: Any) -> None:
    assert_same(analyse(pg_url(), CORE, workers=1), references(CORE))


@pytest.mark.slow
@pytest.mark.postgres
def test_full_pipeline_workers_and_postgres(references: Any, tmp_path: Path) -> None:
    """The whole default pipeline (with framing and narratives): 2 workers into DuckDB
    and into PostgreSQL equal one process into DuckDB."""
    full = available_pipeline()
    assert_same(analyse(str(tmp_path / "full.duckdb"), full, workers=2), references(full))
    assert_same(analyse(pg_url(), full, workers=2), references(full))


@pytest.mark.ray
@pytest.mark.slow
def test_ray_equals_local(references: Any, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    full = available_pipeline()
    assert_same(analyse(str(tmp_path / "ray.duckdb"), full, engine="ray", workers=2),
                references(full))
