"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (development data); the test is skipped when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests run only when asked for: `-m slow` (any -m expression) or RASHOMON_SLOW=1."""
    import os

    if config.getoption("-m") or os.environ.get("RASHOMON_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or RASHOMON_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
