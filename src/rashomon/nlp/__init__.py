"""The analysis of a document: sentences, parse, actors, claims, framing, narratives, and
the shared text layer. Its packages load on first use (``rashomon.lazy``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lazy

if TYPE_CHECKING:
    from rashomon.nlp import actors as actors
    from rashomon.nlp import claims as claims
    from rashomon.nlp import framing as framing
    from rashomon.nlp import narratives as narratives
    from rashomon.nlp import parse as parse

__getattr__, __dir__ = lazy.modules(__name__, ("actors", "claims", "framing", "narratives", "parse"))
