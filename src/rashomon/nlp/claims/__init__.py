"""Claims: rules, the learned relation model, attribution, the LLM extractor. The modules
the CLI reaches load on first use (``lazy_loader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from rashomon.nlp.claims import fromgold as fromgold
    from rashomon.nlp.claims import llm as llm
    from rashomon.nlp.claims import model as model
    from rashomon.nlp.claims import train as train

__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["fromgold", "llm", "model", "train"])
