"""Rashomon: who stands with whom, according to whom.

``rashomon.engine`` (the analysis) and ``rashomon.api`` (Python and HTTP API) load on first
use (``lazy_loader``): ``import rashomon`` stays cheap for the commands that need neither.
"""

from typing import TYPE_CHECKING

import lazy_loader

from rashomon.doc import Claim, Doc, Label, Mention, Sentence, Span

if TYPE_CHECKING:
    from rashomon import api as api
    from rashomon import engine as engine

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["api", "engine"])

__version__ = "0.1.0"
__all__ = ["Claim", "Doc", "Label", "Mention", "Sentence", "Span", "__version__"]
