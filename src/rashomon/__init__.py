"""Rashomon: who stands with whom, according to whom."""

from rashomon.doc import Claim, Doc, Label, Mention, Sentence, Span

__version__ = "0.1.0"
__all__ = ["Claim", "Doc", "Label", "Mention", "Sentence", "Span", "__version__"]
