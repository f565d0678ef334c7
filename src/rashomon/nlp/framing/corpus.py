"""The project's own framing set (``data/framing/<lang>.jsonl``, see its README): loading,
checking, cross-validation and the default model trained on it.

    python -m rashomon.nlp.framing.corpus check     # counts, label checks
    python -m rashomon.nlp.framing.corpus cv        # per-language 5-fold CV figures

The default model is fitted on the whole set on first use (seeded, a few seconds) and kept
in the cache folder, keyed by the set's and this code's content.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.doc import Doc, Sentence
from rashomon.errors import UserError
from rashomon.jsonl import records
from rashomon.nlp.framing.codebook import MAIN_ROLES, load_roles
from rashomon.nlp.framing.model import (
    LANGS,
    SHARES,
    Item,
    RoleModel,
    decide,
    featurize,
    group_folds,
    language,
    shifted_accuracy,
)
from rashomon.nlp.parse import load_spacy
from rashomon.nlp.sentences import split
from rashomon.nlp.text.e5 import embed_e5

DATA = Path(__file__).resolve().parents[4] / "data" / "framing"
PARALLEL = 0.9  # passages this similar (e5) across languages are one group in CV
# languages whose default framing is the English role codebook (parse evidence: the verbs a
# mention is subject or object of, the words it is called, claims) rather than the model
# fitted on the framing set: on labelled English news it is the stronger of the two
# (bench/narratives.py; the framing set's English CV is in the datasheet)
RULES_FOR = ("en",)


def file_language(path: Path) -> str:
    """The language of a framing file: ``<lang>.jsonl`` or ``<lang>-<part>.jsonl``."""
    lang = path.stem.split("-", 1)[0]
    if lang not in LANGS:
        raise UserError(f"{path}: file name must start with one of {', '.join(LANGS)} "
                        f"(as in en.jsonl or en-2.jsonl)")
    return lang


def load_corpus(folder: str | Path = DATA) -> list[Item]:
    """Every labelled mention of the set (every ``*.jsonl`` file of ``folder``, its
    language from its name), one Item each (one Doc per passage)."""
    folder = Path(folder)
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise UserError(f"no framing set (*.jsonl) in {folder}")
    items: list[Item] = []
    seen: dict[str, str] = {}  # passage id -> its file
    for f in files:
        items += load_file(f, file_language(f), seen)
    return items


def load_file(path: str | Path, lang: str | None = None, seen: dict[str, str] | None = None) -> list[Item]:
    """The labelled mentions of one file in the framing set's format. A passage's language:
    its ``"lang"`` field, else ``lang``, else detected from its text."""
    path = Path(path)
    book = load_roles(None)
    seen = {} if seen is None else seen
    items: list[Item] = []
    for where, rec in records(path):
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec.get("id") \
                or not isinstance(rec.get("mentions"), list):
            raise UserError(f"{where}: a passage needs \"id\", \"text\" and a list of \"mentions\"")
        if rec["id"] in seen:
            raise UserError(f"{where}: passage id {rec['id']!r} also in {seen[rec['id']]}")
        seen[rec["id"]] = path.name
        text = rec["text"]
        doc = Doc(str(rec["id"]), text)
        doc.sentences = [Sentence(a, b, text[a:b]) for a, b in split(text)]
        doc.language = str(rec.get("lang") or lang or language(doc))
        if doc.language not in LANGS:
            raise UserError(f"{where}: language {doc.language!r} is not one of {', '.join(LANGS)}")
        if doc.language == "en":  # English features read the parse, as in the pipeline
            parse_doc(doc)
        for m in rec["mentions"]:
            if not isinstance(m, dict) or not m.get("mention") or "main" not in m:
                raise UserError(f"{where}: a mention needs \"mention\" and \"main\"")
            start = text.find(m["mention"])
            if start < 0:
                raise UserError(f"{where}: mention {m['mention']!r} not in the text")
            if m["main"] not in MAIN_ROLES:
                raise UserError(f"{where}: unknown main role {m['main']!r}")
            for fr in m.get("fine", []):
                if fr not in book.fine or book.fine[fr].main != m["main"]:
                    raise UserError(f"{where}: fine role {fr!r} is not a {m['main']} role")
            items.append(Item(doc, start, start + len(m["mention"]), doc.language, None, m["main"],
                              list(m.get("fine", [])), doc.id))
    return items


def parse_doc(doc: Any) -> None:
    """spaCy parse of every sentence (English)."""
    nlp = load_spacy()
    for s in doc.sentences:
        if s.parse is None:
            s.parse = nlp(s.text)


def parallel_groups(items: list[Item], threshold: float = PARALLEL) -> None:
    """Passages that say much the same in different languages share a group (so a fold
    never tests on a passage whose near-translation it trained on)."""
    ids = sorted({it.doc.id for it in items})
    text = {it.doc.id: it.doc.text for it in items}
    V = embed_e5([text[i] for i in ids])
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    S = V @ V.T
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if S[i, j] >= threshold:
                parent[root(i)] = root(j)
    group = {d: ids[root(k)] for k, d in enumerate(ids)}
    for it in items:
        it.group = group[it.doc.id]


def fingerprint(folder: Path = DATA) -> str:
    h = hashlib.blake2b(digest_size=12)
    for f in sorted(folder.glob("*.jsonl")):
        h.update(f.read_bytes())
    here = Path(__file__).parent
    for name in ("model.py", "corpus.py", "window_cues.yaml", "evidence.py", "lexicon.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


def train_default(folder: Path = DATA) -> RoleModel:
    items = load_corpus(folder)
    parallel_groups(items)
    return RoleModel.fit(items, gate=True)


@lru_cache(maxsize=1)
def default_model() -> RoleModel | None:
    """The model fitted on the shipped framing set (cached on disk); None without the set."""
    import joblib  # noqa: PLC0415 - heavy, loaded on use

    if not DATA.is_dir():
        return None
    folder = Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")
    path = folder / f"framing-{fingerprint()}.joblib"
    try:
        data = joblib.load(path)
        if isinstance(data, dict) and data.get("format") == "rashomon-framing-3":
            return RoleModel.from_dict(data)
    except (OSError, EOFError, pickle.UnpicklingError, ImportError, AttributeError, TypeError,
            ValueError, KeyError, IndexError):  # missing or unreadable: fit again
        pass
    model = train_default()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        model.save(tmp)
        os.replace(tmp, path)
        Path(str(tmp) + ".json").unlink(missing_ok=True)
    except OSError:
        pass
    return model


def cross_validate(items: list[Item], X: np.ndarray | None = None, seed: int = 13) -> dict[str, dict[str, Any]]:
    """Per language: accuracy, worst gain over the all-Antagonist prior at SHARES, and fine
    exact match, from 5-fold CV over the pooled set (folds by group); thresholds chosen by an
    inner CV on the training folds only."""
    X = featurize(items) if X is None else X
    y = [it.main for it in items]
    groups = [it.group or str(i) for i, it in enumerate(items)]
    pred: list[tuple[str, list[str]]] = [("", [])] * len(items)
    for test in group_folds(groups, 5, seed):
        train = np.setdiff1d(np.arange(len(items)), test)
        # its thresholds come from a CV inside the training folds (RoleModel.fit)
        model = RoleModel.fit([items[i] for i in train], X[train], gate=True)
        for i, (p, x) in zip(test, zip(model.proba(X[test]), X[test], strict=True), strict=True):
            main = decide(p, model.tau(items[i].lang), model.allowed(x))
            pred[i] = (main, model.fine_role(x, main))
    out = {}
    for lang in LANGS:
        idx = [i for i, it in enumerate(items) if it.lang == lang]
        if not idx:
            continue
        pm = [pred[i][0] for i in idx]
        gm = [y[i] for i in idx]
        out[lang] = {
            "mentions": len(idx),
            "accuracy": float(np.mean([a == b for a, b in zip(pm, gm, strict=True)])),
            "prior": gm.count("Antagonist") / len(gm),
            "worst_gain": min(shifted_accuracy(pm, gm, s) - s for s in SHARES),
            "fine_exact": float(np.mean([pred[i][0] == y[i] and set(pred[i][1]) == set(items[i].fine[:1])
                                         for i in idx])),
            "predicted": dict(Counter(pm)),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cmd = argv[0] if argv else "check"
    items = load_corpus(argv[1] if len(argv) > 1 else DATA)
    if cmd == "check":
        by = Counter((it.lang, it.main) for it in items)
        for lang in LANGS:
            row = {m: by[(lang, m)] for m in MAIN_ROLES}
            print(f"{lang}: {sum(row.values())} mentions  " + "  ".join(f"{m} {n}" for m, n in row.items()))
        print(f"total {len(items)} mentions in {len({it.doc.id for it in items})} passages")
        return 0
    if cmd == "cv":
        parallel_groups(items)
        print(f"{len(set(it.group for it in items))} groups of parallel passages")
        for lang, r in cross_validate(items).items():
            print(f"{lang}: {r['mentions']} mentions  accuracy {r['accuracy']:.3f} (all-Antagonist "
                  f"{r['prior']:.3f})  worst gain over the prior at 50-80% antagonists "
                  f"{r['worst_gain']:+.3f}  fine exact {r['fine_exact']:.3f}  predicted {r['predicted']}")
        return 0
    print(f"unknown command {cmd!r}: check or cv", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
