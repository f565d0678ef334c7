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


def analyse(url: str, **kw: Any) -> dict[str, list[tuple[Any, ...]]]:
    with open_store(url) as store:
        summary = run([CORPUS], store, names=available_pipeline(), batch_size=BATCH, **kw)
    assert summary.analysed == 10 and not summary.rejected
    return snapshot(url)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    snap = analyse(str(tmp_path_factory.mktemp("ref") / "ref.duckdb"), workers=1)
    assert len(snap["documents"]) == 10
    assert len(snap["mentions"]) >= 40  # several actors per article
    if "claims" in available_pipeline():
        assert len(snap["claims"]) >= 5
    return snap


def assert_same(got: dict[str, list[tuple[Any, ...]]],
                want: dict[str, list[tuple[Any, ...]]]) -> None:
    for table in TABLES:
        assert got[table] == want[table], f"{table} differs"


def test_snapshot_sees_a_difference(reference: dict[str, list[tuple[Any, ...]]]) -> None:
    """The comparison is not vacuous: one changed mention is caught."""
    changed = {t: list(rows) for t, rows in reference.items()}
    first = changed["mentions"][0]
    changed["mentions"][0] = (*first[:2], "Q0", *first[3:])
    with pytest.raises(AssertionError, match="mentions differs"):
        assert_same(changed, reference)


def test_two_workers_equal_one(reference: dict[str, list[tuple[Any, ...]]],
                               tmp_path: Path) -> None:
    assert_same(analyse(str(tmp_path / "w2.duckdb"), workers=2), reference)


@pytest.mark.postgres
def test_postgres_equals_duckdb(reference: dict[str, list[tuple[Any, ...]]]) -> None:
    from test_backends import fresh_pg_url, pg_available

    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL is not reachable")
    assert_same(analyse(fresh_pg_url(), workers=1), reference)


@pytest.mark.ray
@pytest.mark.slow
def test_ray_equals_local(reference: dict[str, list[tuple[Any, ...]]], tmp_path: Path) -> None:
    pytest.importorskip("ray")
    assert_same(analyse(str(tmp_path / "ray.duckdb"), engine="ray", workers=2), reference)
