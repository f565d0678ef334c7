"""Scorers against gold annotations. Modules load on first use (``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.eval import claims as claims

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["claims"])
