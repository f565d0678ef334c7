"""The codebook embedded once (``Prototypes``: one row per definition or example sentence)
and its cue phrases; read by the English classifier and the multilingual calibration."""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from rashomon.nlp import lexicon
from rashomon.nlp.narratives.codebook import Codebook, Entry, load_codebook
from rashomon.nlp.text.cues import CueIndex
from rashomon.nlp.text.embed import embed_persistent


class Prototypes:
    """The codebook embedded once: one row per definition or example sentence."""

    def __init__(self, cb: Codebook) -> None:
        self.cb = cb
        self.entries: list[Entry] = [*cb.narratives, *cb.subnarratives]
        self.index = {e.label: i for i, e in enumerate(self.entries)}
        texts: list[str] = []
        owner: list[int] = []
        for i, e in enumerate(self.entries):
            for t in [e.definition, *e.examples]:
                texts.append(t)
                owner.append(i)
        self.matrix = embed_persistent(texts)
        self.owner = np.array(owner)
        # each entry's rows are consecutive: where they start, for one reduceat per document
        self.starts = np.searchsorted(self.owner, np.arange(len(self.entries)))
        self.other = embed_persistent([cb.other.definition, *cb.other.examples])
        self.cues = codebook_cues(cb)
        # one cue index for every entry and then every domain: one scan per document
        self.cue_index = CueIndex([*(e.all_cues() for e in self.entries),
                                   *([c for cs in langs.values() for c in cs] for langs in cb.domains.values())])
        # entry indexes of each narrative's real sub-narratives
        self.kids = {n.label: [self.index[c.label] for c in cb.children(n.label) if not c.synthetic]
                     for n in cb.narratives}


    @cached_property
    def reporting(self) -> np.ndarray:
        """Neutral reporting on the narratives' topics (``reporting.yaml``), embedded once: read
        only by the English neutral gate (``classify.DEFAULTS["neutral_gate"]``)."""
        return embed_persistent(reporting_sentences())


REPORTING = Path(__file__).with_name("reporting.yaml")


def reporting_sentences() -> list[str]:
    """The neutral reporting sentences, in a fixed order."""
    return sorted(lexicon.load(REPORTING).words("reporting"))


@lru_cache(maxsize=4)
def prototypes(path: str | None = None) -> Prototypes:
    return Prototypes(load_codebook(path))


def codebook_cues(cb: Codebook) -> tuple[str, ...]:
    """Every cue phrase of a codebook (its entries' and its domains')."""
    cues = {c for e in [*cb.narratives, *cb.subnarratives] for c in e.all_cues()}
    cues |= {c for langs in cb.domains.values() for cs in langs.values() for c in cs}
    return tuple(sorted(cues))


@lru_cache(maxsize=1)
def default_cues() -> tuple[str, ...]:
    return codebook_cues(load_codebook(None))
