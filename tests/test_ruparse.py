"""The Russian parse of a text does not depend on the texts parsed with it (natasha tags and
parses the sentences of a batch together, padded to the longest)."""

import json
import random
from pathlib import Path

from rashomon.nlp.text import ruparse

CORPUS = Path(__file__).resolve().parents[1] / "data" / "claims" / "ru-press.jsonl"


def _rows(toks: list[ruparse.Tok]) -> list[tuple]:
    return [(t.text, t.pos, sorted(t.feats.items()), t.head, t.rel, t.start, t.end) for t in toks]


def test_a_parse_is_the_same_alone_and_in_any_batch() -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()[:60]]
    texts.append("Коротко.")  # a one-word sentence among long ones
    together = dict(zip(texts, ruparse._parse(texts), strict=True))
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    again = dict(zip(shuffled, ruparse._parse(shuffled), strict=True))
    for t in texts:
        alone = ruparse._parse([t])[0]
        assert _rows(alone) == _rows(together[t]) == _rows(again[t]), t
