"""The actors: the knowledge base (``kb``), matching and resolution, unknown actors, the
user's own actors. Its modules load on first use (``lazy_loader``): ``from rashomon.nlp
import actors`` then ``actors.kb.load_kb()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.nlp.actors import kb as kb
    from rashomon.nlp.actors import resolve as resolve
    from rashomon.nlp.actors import table as table
    from rashomon.nlp.actors import unknown as unknown
    from rashomon.nlp.actors import userkb as userkb

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["kb", "resolve", "table", "unknown", "userkb"])
