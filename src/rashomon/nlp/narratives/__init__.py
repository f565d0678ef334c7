"""Narratives (SemEval-2025 Task 10): codebook, classifiers, explanations, summaries.
The modules the CLI reaches load on first use (``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import lazy_loader

from rashomon.nlp.narratives.stored import summary as _summary

if TYPE_CHECKING:
    from rashomon.nlp.narratives import builtin as builtin
    from rashomon.nlp.narratives import tasks as tasks
    from rashomon.nlp.narratives import train as train

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["builtin", "tasks", "train"])


def summary(store: Any, by: str = "outlet", kind: str | None = None) -> list[dict[str, Any]]:
    """Stored narrative labels per outlet, or role labels per actor (see ``stored.summary``)."""
    return _summary(store, by=by, kind=kind)


__all__ = ["summary"]
