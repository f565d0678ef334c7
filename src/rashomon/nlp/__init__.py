"""The analysis of a document: sentences, parse, actors, claims, framing, narratives, and
the shared text layer. Its packages load on first use (``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.nlp import actors as actors
    from rashomon.nlp import claims as claims
    from rashomon.nlp import framing as framing
    from rashomon.nlp import narratives as narratives
    from rashomon.nlp import parse as parse

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["actors", "claims", "framing", "narratives", "parse"])
