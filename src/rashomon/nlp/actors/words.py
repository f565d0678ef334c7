"""The actor layer's word lists (``lexicon.yaml``), read once through the one lexicon loader."""

from __future__ import annotations

from pathlib import Path

from rashomon.nlp import lexicon

FILE = Path(__file__).with_name("lexicon.yaml")
WORDS = lexicon.load(FILE)
