"""The shared text layer under actors, claims, framing and narratives: sentence embeddings
(``embed``: English MiniLM, ``minilm``: its plain-torch encoder, ``e5``: multilingual e5),
and the cue matcher (``cues``). ``minilm`` imports torch: it loads on first use
(``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.nlp.text import minilm as minilm

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["minilm"])
