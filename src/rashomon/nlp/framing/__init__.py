"""Framing: the role of each actor mention. The modules the CLI reaches load on first use
(``rashomon.lazy``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lazy

if TYPE_CHECKING:
    from rashomon.nlp.framing import corpus as corpus
    from rashomon.nlp.framing import model as model

__getattr__, __dir__ = lazy.modules(__name__, ("corpus", "model"))
