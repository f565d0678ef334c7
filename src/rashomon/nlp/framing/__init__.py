"""Framing: the role of each actor mention. The modules the CLI reaches load on first use
(``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.nlp.framing import corpus as corpus
    from rashomon.nlp.framing import model as model

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["corpus", "model"])
