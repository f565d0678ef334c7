"""Narratives (SemEval-2025 Task 10): codebook, classifiers, explanations, summaries."""

from __future__ import annotations

from typing import Any

from rashomon.nlp.narratives.stored import summary as _summary


def summary(store: Any, by: str = "outlet", kind: str | None = None) -> list[dict[str, Any]]:
    """Stored narrative labels per outlet, or role labels per actor (see ``stored.summary``)."""
    return _summary(store, by=by, kind=kind)


__all__ = ["summary"]
