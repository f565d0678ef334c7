"""Scorers for narratives (SemEval-2025 Task 10 subtask 2) and entity framing (subtask 1).

Narratives: samples-F1 (F1 of each document's predicted vs gold label set, averaged over
documents; "Other" labels count as labels). Framing: main-role accuracy and exact match of
the fine-role sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rashomon.registry import scorer


def set_f1(pred: Iterable[str], gold: Iterable[str]) -> float:
    p, g = set(pred), set(gold)
    if not p and not g:
        return 1.0
    tp = len(p & g)
    if tp == 0:
        return 0.0
    prec, rec = tp / len(p), tp / len(g)
    return 2 * prec * rec / (prec + rec)


def samples_f1(pred: Mapping[str, Sequence[str]], gold: Mapping[str, Sequence[str]]) -> float:
    """Mean per-document F1 over the gold documents (a missing prediction scores 0)."""
    if not gold:
        return 0.0
    return sum(set_f1(pred.get(d, ()), g) for d, g in gold.items()) / len(gold)


def narrative_scores(
    pred: Mapping[str, tuple[Sequence[str], Sequence[str]]],
    gold: Mapping[str, tuple[Sequence[str], Sequence[str]]],
) -> dict[str, float]:
    """``{"narratives_f1", "subnarratives_f1", "docs"}`` for doc -> (narratives, subs) maps."""
    return {
        "narratives_f1": samples_f1({d: v[0] for d, v in pred.items()}, {d: v[0] for d, v in gold.items()}),
        "subnarratives_f1": samples_f1({d: v[1] for d, v in pred.items()}, {d: v[1] for d, v in gold.items()}),
        "docs": float(len(gold)),
    }


def framing_scores(
    pred: Mapping[tuple[str, int, int], tuple[str, Sequence[str]]],
    gold: Mapping[tuple[str, int, int], tuple[str, Sequence[str]]],
) -> dict[str, float]:
    """Keys (doc, start, end) -> (main role, fine roles). Missing predictions count as wrong."""
    if not gold:
        return {"main_accuracy": 0.0, "exact_match": 0.0, "fine_f1": 0.0, "mentions": 0.0}
    main = exact = 0
    f1 = 0.0
    for k, (gm, gf) in gold.items():
        pm, pf = pred.get(k, ("", ()))
        main += pm == gm
        exact += set(pf) == set(gf)
        f1 += set_f1(pf, gf)
    n = len(gold)
    return {"main_accuracy": main / n, "exact_match": exact / n, "fine_f1": f1 / n,
            "mentions": float(n)}


@scorer("narratives")
def score(examples: Iterable[Any]) -> dict[str, float]:
    """Examples are (predicted Doc, gold Doc) pairs; labels of kind narrative/subnarrative."""
    pred, gold = {}, {}
    for p, g in examples:
        pred[g.id] = _labels(p)
        gold[g.id] = _labels(g)
    return narrative_scores(pred, gold)


@scorer("framing")
def score_framing(examples: Iterable[Any]) -> dict[str, float]:
    """Examples are (predicted Doc, gold Doc) pairs; role labels matched by target span."""
    pred, gold = {}, {}
    for p, g in examples:
        for docs, out in ((p, pred), (g, gold)):
            for lb in docs.labels:
                if lb.kind == "role" and lb.target is not None:
                    out[(g.id, lb.target.start, lb.target.end)] = (lb.value, list(lb.fine))
    return framing_scores(pred, gold)


def _labels(doc: Any) -> tuple[list[str], list[str]]:
    return ([lb.value for lb in doc.labels if lb.kind == "narrative"],
            [lb.value for lb in doc.labels if lb.kind == "subnarrative"])
