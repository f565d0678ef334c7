"""Scorers against gold annotations. Modules load on first use (``rashomon.lazy``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lazy

if TYPE_CHECKING:
    from rashomon.eval import claims as claims

__getattr__, __dir__ = lazy.modules(__name__, ("claims",))
