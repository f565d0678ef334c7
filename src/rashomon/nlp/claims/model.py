"""The learned relation model: all-MiniLM-L6-v2 with its top layers fine-tuned on pairs.

The encoder runs once per candidate sentence. Its lower layers (``TRUNK`` of six) are the
stock model, frozen; the top layers are copies fine-tuned for relations. Each candidate
pair (A = first mention, B = second) is read from the top layers' token vectors: the mean
of A's word pieces, of B's, of the words between them and of the whole sentence, A*B, and
the rule and parse features of ``features.py``. A small MLP gives one of ``LABELS``
(none, ally, cooperate, support/oppose/attack/part_of with a direction) and two extra
heads give negation and hedging.

The shipped model lives in ``model/`` next to this file (``weights.safetensors`` and
``meta.json``); ``rashomon train claims`` writes a new one.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from rashomon.nlp import saved
from rashomon.nlp.claims.candidates import PairSlots
from rashomon.nlp.claims.features import LABELS, N_FEATURES
from rashomon.nlp.text.embed import load_float_model, load_model
from rashomon.nlp.text.minilm import SPLIT, Layer, warm

SHIPPED = Path(__file__).with_name("model")
# stock layers below the fine-tuned ones (the default; a model's meta says its own): where
# sentence vectors split their encoder too (minilm.SPLIT), so the two share the lower layers
TRUNK = SPLIT
MAX_TOKENS = 192
POOLS = 5  # A, B, between, sentence, A*B


class PairHead(nn.Module):
    """Top encoder layers plus the pair classifier."""

    def __init__(self, top: nn.ModuleList, hidden: int = 384, inner: int = 256,
                 n_features: int = N_FEATURES, n_labels: int = len(LABELS),
                 dropout: float = 0.1) -> None:
        super().__init__()
        self.top = top
        self.mlp = nn.Sequential(nn.Dropout(dropout), nn.Linear(POOLS * hidden + n_features, inner),
                                 nn.GELU(), nn.Dropout(dropout))
        self.relation = nn.Linear(inner, n_labels)
        self.negated = nn.Linear(inner, 2)
        self.hedged = nn.Linear(inner, 2)

    def encode(self, x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        mask = keep[:, None, None, :].bool()
        for layer in self.top:
            x = layer(x, mask)
        return x

    def forward(self, h: torch.Tensor, keep: torch.Tensor, rows: list[int],
                pairs: list[PairSlots], feats: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Logits for each pair (``rows``: its sentence's row in the batch)."""
        weights = pool_weights(keep.sum(1).tolist(), rows, pairs, h.shape[1]).to(h.dtype)
        return self.classify(self.encode(h, keep), weights, torch.tensor(rows, dtype=torch.long), feats)

    def classify(self, h: torch.Tensor, weights: torch.Tensor, rows: torch.Tensor,
                 feats: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Logits of the pairs from the top layers' token vectors ``h`` (``weights``: each
        pair's pools over its sentence's row ``rows``)."""
        pooled = torch.einsum("pkn,pnh->pkh", weights, h[rows])
        z = torch.cat([pooled.flatten(1), pooled[:, 0] * pooled[:, 1], feats], dim=1)
        z = self.mlp(z)
        return self.relation(z), self.negated(z), self.hedged(z)


class Scorer(nn.Module):
    """``PairHead`` on one sentence's states with the pooling weights given: the part the
    pipeline runs for each sentence, compiled like the encoder's (``minilm.warm``)."""

    def __init__(self, head: PairHead) -> None:
        super().__init__()
        self.head = head

    def forward(self, h: torch.Tensor, keep: torch.Tensor, weights: torch.Tensor,
                rows: torch.Tensor, feats: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return self.head.classify(self.head.encode(h, keep), weights, rows, feats)


def pool_weights(lengths: list[int], rows: list[int], pairs: list[PairSlots], n: int) -> torch.Tensor:
    """(pairs, 4, n) pooling weights: the mean of A's word pieces, of B's, of those between
    and of the sentence's ``lengths[row]`` tokens."""
    w = np.zeros((len(pairs), 4, n), dtype=np.float32)
    for i, (row, p) in enumerate(zip(rows, pairs, strict=True)):
        w[i, 0, p.a] = 1.0 / len(p.a)
        w[i, 1, p.b] = 1.0 / len(p.b)
        if p.between:
            w[i, 2, p.between] = 1.0 / len(p.between)
        real = lengths[row]
        w[i, 3, :real] = 1.0 / real
    return torch.from_numpy(w)


def stock_trunk() -> tuple[nn.Module, nn.ModuleList, Any]:
    """The float32 stock encoder split at ``TRUNK``: (embeddings, lower layers, tokenizer);
    the upper layers are returned inside a fresh copy by ``fresh_head``."""
    model = load_float_model()
    return model.embeddings, model.encoder.layer, model.tokenizer


def fresh_head(layers: nn.ModuleList, trunk: int = TRUNK, **kw: Any) -> PairHead:
    top = nn.ModuleList(copy.deepcopy(layers[i]) for i in range(trunk, len(layers)))
    return PairHead(top, **kw)


class RelationModel:
    """A trained pair classifier ready to predict (trunk, head, threshold, labels)."""

    def __init__(self, head: PairHead, meta: dict[str, Any]) -> None:
        self.head = head.eval()
        self.meta = meta
        self.threshold = float(meta.get("threshold", 0.5))
        self.labels = tuple(meta.get("labels", LABELS))
        self._trunk: Any = None

    # ---- the shared lower layers --------------------------------------------------------
    def trunk(self) -> tuple[Any, int, Any]:
        """(sentence encoder, number of lower layers, tokenizer): the encoder this process
        already uses for narratives and framing (int8 unless RASHOMON_EMBED_INT8=0), whose
        lower layers the model reads."""
        if self._trunk is None:
            enc = load_model()
            tok = copy.deepcopy(enc.tokenizer)
            tok.enable_truncation(MAX_TOKENS)
            self._trunk = (enc, int(self.meta.get("trunk_layers", TRUNK)), tok)
        return self._trunk

    def tokenize(self, texts: list[str]) -> list[Any]:
        return self.trunk()[2].encode_batch(texts)

    def lower(self, ids: list[int]) -> torch.Tensor:
        """The sentence's token states after the lower layers, computed once: the sentence
        vectors of framing and narratives start from them (``MiniLM.states``)."""
        enc, k, _ = self.trunk()
        return enc.states(ids, k)

    def _sample(self) -> tuple[torch.Tensor, ...]:
        """Inputs of ``Scorer`` to trace it on: two pairs of a 7-piece sentence."""
        hidden = self.head.top[0].attention.self.query.in_features
        features = self.head.mlp[1].in_features - POOLS * hidden
        return (torch.zeros((1, 7, hidden)), torch.ones((1, 7), dtype=torch.long),
                torch.full((2, 4, 7), 1.0 / 7), torch.zeros(2, dtype=torch.long),
                torch.zeros((2, features)))

    @torch.inference_mode()
    def predict(self, ids: list[int], pairs: list[PairSlots], feats: np.ndarray) -> np.ndarray:
        """(len(pairs), len(labels) + 2) probabilities: the relation classes, then
        P(negated) and P(hedged), for the pairs of one sentence."""
        if not pairs:
            return np.zeros((0, len(self.labels) + 2), dtype=np.float32)
        x = self.lower(ids)
        n = x.shape[1]
        keep = torch.ones((1, n), dtype=torch.long)
        rows = [0] * len(pairs)
        scorer = warm(self.__dict__, "scorer", lambda: Scorer(self.head), self._sample)
        rel, neg, hed = scorer(x, keep, pool_weights([n], rows, pairs, n),
                               torch.tensor(rows, dtype=torch.long),
                               torch.from_numpy(np.asarray(feats, dtype=np.float32)))
        t = float(self.meta.get("temperature", 1.0))
        out = torch.cat([torch.softmax(rel / t, -1), torch.softmax(neg, -1)[:, 1:],
                         torch.softmax(hed, -1)[:, 1:]], dim=1)
        return out.numpy()


def save(head: PairHead, meta: dict[str, Any], folder: str | Path) -> Path:
    """Write the fine-tuned layers and the classifier (float16) with their metadata."""
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in head.state_dict().items()}
    return saved.write(folder, meta, state, arrays="torch", sort_keys=True)


def load(folder: str | Path | None = None) -> RelationModel:
    """A saved model (default: the shipped one)."""
    return _load(str(Path(folder) if folder else SHIPPED))


@lru_cache(maxsize=4)
def _load(folder: str) -> RelationModel:
    meta, state = saved.read(folder, "claims model", arrays="torch")
    hidden, inner = int(meta.get("hidden", 384)), int(meta.get("inner", 256))
    heads, ffn = int(meta.get("heads", 12)), int(meta.get("intermediate", 1536))
    top = nn.ModuleList(Layer(hidden, heads, ffn, 1e-12, "meta") for _ in range(int(meta["top_layers"])))
    head = PairHead(top, hidden, inner, int(meta["n_features"]), len(meta["labels"]))
    head.load_state_dict({k: v.float() for k, v in state.items()}, strict=True, assign=True)
    return RelationModel(head, meta)


def available(folder: str | Path | None = None) -> bool:
    path = Path(folder) if folder else SHIPPED
    return (path / "weights.safetensors").is_file() and (path / "meta.json").is_file()
