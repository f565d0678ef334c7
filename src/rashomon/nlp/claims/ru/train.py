"""Train the Russian pair model on the project's Russian claims corpus, choosing the
variant by cross-validation on that corpus only, and write ``ru_pairs.npz``.

    python -m rashomon.nlp.claims.ru.train [--corpus data/claims/ru-*.jsonl] [--folds 5]
                                           [--seed 13] [--out PATH] [--cv-only] [--embeddings]
                                           [--embed '' navec] [--sources ...] [--C ...]

The corpus is every ``data/claims/ru-*.jsonl`` file. Folds are grouped: blocks of
``BLOCK`` sentences of one file (written together) stay in one fold. Each held-out sentence
is scored twice: with the corpus's own actor mentions ("given mentions", the relation model
alone) and end to end, with the mentions the pipeline finds ("sentences", "gazetteer",
"parse", "entities"; each one named after the corpus actor it overlaps), as an analysis
of a real article sees them.

Variants: the rules alone, and logistic regressions over the pair features, without and
with navec word vectors of the words joining the pair (``--embed``; with ``--embeddings``
also with e5 vectors of the sentence with the pair marked and of the words between the
pair: one or two encoder calls per pair at analysis time), trained on the given-mention
pairs, the pipeline-mention pairs or both (default: both), for a few regularisation
strengths and claim thresholds, with or without the rules' claims standing where the model
gives none. The variant with the best end-to-end exact F1 (with false claims on unrelated
pairs counted ``NONE_WEIGHT`` times: 1.0, see there) is refitted on the whole corpus (a
variant with vectors must beat the cheaper ones by ``MARGIN``). Seeded: the same corpus
gives the same file.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import pickle
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.doc import Claim, Doc, Mention
from rashomon.eval.claims import Resolver, _prf, _tuples, coarse_tp
from rashomon.nlp.claims.corpus import CorpusError, Example, load_corpus
from rashomon.nlp.claims.ru.extract import sentence_claims
from rashomon.nlp.claims.ru.features import (
    NONE,
    Encoder,
    Pair,
    WordVectors,
    label_of,
    pair_features,
    pairs,
)
from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
from rashomon.nlp.claims.ru.model import MODEL_FILE, PairModel
from rashomon.nlp.claims.ru.rules import RuCandidate, View, candidates
from rashomon.nlp.text.ruparse import Tok, parse_texts
from rashomon.registry import Pipeline

CORPUS = "data/claims/ru-*.jsonl"
BLOCK = 25  # sentences of one file written together: one fold
EMBEDS = ("", "navec")  # the cheap variants, always tried
E5 = ("marked", "marked+between")  # e5 variants: with --embeddings
SOURCES = ("given", "pipeline", "both")  # which mentions the training pairs come from
CS = (0.3, 1.0, 3.0)
# the grid tried by default: training on both mentions won every earlier run of the whole
# grid (three runs, C 1 or 3); --sources and --C widen it
DEFAULT_SOURCES = ("both",)
DEFAULT_CS = (1.0, 3.0)
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)
KEEP_RULES = (False, True)
# a costlier variant must beat the best cheaper one by more than this end-to-end exact F1
# to be chosen: navec vectors are a table look-up per word (the parser loads the table
# anyway), e5 vectors cost one or two encoder calls per pair
# Real news holds more unrelated actor pairs per related pair than the corpus: 1.86 in our
# own Russian articles (data/devdocs/ru), 1.10 in the corpus; false claims on unrelated pairs
# can be counted NONE_WEIGHT times in the choice. At 1.5 (the ratio 1.68, rounded) the
# command chose features/+rules, C=3, threshold 0.8, which scored 0.452 exact F1 on those
# articles against 0.470 for the plain choice (navec/+rules, C=1, 0.7): so 1.0, plain F1.
NONE_WEIGHT = 1.0
MARGIN = {"": 0.0, "navec": 0.005, "marked": 0.01, "marked+between": 0.01}
PRE = ("sentences", "gazetteer", "parse", "entities")


@dataclass
class Item:
    ex: Example
    view: View
    pairs: list[Pair]
    labels: list[str]
    cands: list[RuCandidate]
    group: str = ""


def corpus_files(patterns: list[str]) -> list[Path]:
    """The corpus files named by ``patterns`` (paths, globs, or folders: their ru-*.jsonl)."""
    out: list[Path] = []
    for pat in patterns:
        p = Path(pat)
        found = sorted(p.glob("ru-*.jsonl")) if p.is_dir() else [Path(x) for x in sorted(glob.glob(pat))]
        out += [f for f in found if f not in out]
    return out


def load_grouped(files: list[Path]) -> tuple[list[Example], list[str]]:
    """The Russian examples of ``files`` and each one's fold group (file + block)."""
    examples: list[Example] = []
    groups: list[str] = []
    seen: set[str] = set()
    for f in files:
        for k, ex in enumerate(e for e in load_corpus([f]) if e.lang == "ru"):
            if ex.id in seen:
                raise CorpusError(f"{f}: id {ex.id!r} used twice")
            seen.add(ex.id)
            examples.append(ex)
            groups.append(f"{f.name}:{k // BLOCK}")
    return examples, groups


def _item(ex: Example, toks: list[Tok], ms: list[Mention], group: str) -> Item:
    view = View(toks, ms, 0, ex.text, load_ru_lexicon())
    cands = candidates(view)
    ps = [pair_features(view, a, b, cands) for a, b in pairs(view)]
    labels = []
    for p in ps:
        c = ex.label(ms[p.a].name, ms[p.b].name)
        labels.append(NONE if c is None else label_of(c.relation, c.subject == ms[p.a].name))
    return Item(ex, view, ps, labels, cands, group)


def code_stamp() -> str:
    """Hash of the package's code and word lists (.py, .yaml): what parses and pipeline
    mentions depend on besides the installed models."""
    root = Path(__file__).resolve().parents[3]  # the rashomon package
    h = hashlib.blake2b(digest_size=16)
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".yaml") and f.is_file():
            h.update(str(f.relative_to(root)).encode() + b"\x00" + f.read_bytes())
    return h.hexdigest()


class Cache:
    """Parses and pipeline mentions by sentence text, kept in a pickle file between runs
    (``--cache``: a development aid; the model does not depend on it). A file written by
    other code (``code_stamp``) is ignored: its pipeline mentions may be stale."""

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None
        self.stamp = code_stamp() if self.path is not None else ""
        self.data: dict[tuple[str, str], Any] = {}
        if self.path is not None and self.path.exists():
            with self.path.open("rb") as f:
                got = pickle.load(f)
            if isinstance(got, dict) and got.get("stamp") == self.stamp:
                self.data = got["data"]
            else:
                print(f"{self.path}: written by other code, not used", file=sys.stderr)

    def get(self, kind: str, texts: list[str], compute: Any) -> list[Any]:
        todo = sorted({t for t in texts if (kind, t) not in self.data})
        if todo:
            self.data.update({(kind, t): v for t, v in zip(todo, compute(todo), strict=True)})
            self.save()
        return [self.data[(kind, t)] for t in texts]

    def save(self) -> None:
        if self.path is not None:
            with self.path.open("wb") as f:
                pickle.dump({"stamp": self.stamp, "data": self.data}, f)


def views(examples: list[Example], groups: list[str] | None = None,
          cache: Cache | None = None) -> list[Item]:
    """Each corpus sentence parsed, with its own mentions as actors and every pair labelled."""
    parses = (cache or Cache(None)).get("parse", [e.text for e in examples], parse_texts)
    groups = groups or [e.id for e in examples]
    out = []
    for ex, toks, g in zip(examples, parses, groups, strict=True):
        ms = [Mention(m.start, m.end, m.text, m.name, m.name, kind="kb", type=m.type)
              for m in ex.mentions]
        out.append(_item(ex, toks, ms, g))
    return out


def _aligned(ex: Example, m: Mention) -> str | None:
    """The corpus actor whose mention overlaps ``m`` most, if any."""
    best, most = None, 0
    for g in ex.mentions:
        n = min(g.end, m.end) - max(g.start, m.start)
        if n > most:
            best, most = g.name, n
    return best


def _pipeline_mentions(texts: list[str]) -> list[list[Mention]]:
    """Each text's pipeline mentions, without coreference (the texts are parsed in batches
    first). Coreference mentions stay out of training and of this CV: a trigger word inside
    an anaphor ("Альянс" -> ally) would otherwise be learnt as the pair's relation, and the
    corpus is single sentences, where coreference adds little (end to end 0.534 -> 0.536)."""
    pre = Pipeline(list(PRE))
    out: list[list[Mention]] = []
    for at in range(0, len(texts), 1000):
        chunk = texts[at:at + 1000]
        parse_texts(chunk)
        docs = pre.pipe([Doc(id=str(at + k), text=t, language="ru") for k, t in enumerate(chunk)])
        out += [[m for m in d.mentions if m.kind != "coref"] for d in docs]
    return out


def pipeline_views(items: list[Item], cache: Cache | None = None) -> list[Item]:
    """The same sentences with the mentions the pipeline finds: a mention keeps the
    pipeline's actor (so merged or split actors stay so) and takes the name of the corpus
    actor it overlaps (its own name when it overlaps none), so that claims score by name."""
    found = (cache or Cache(None)).get("mentions", [it.ex.text for it in items],
                                       _pipeline_mentions)
    out = []
    for it, mentions in zip(items, found, strict=True):
        ms = [Mention(m.start, m.end, m.text, m.actor, _aligned(it.ex, m) or m.name,
                      kind=m.kind, type=m.type, score=m.score) for m in mentions]
        out.append(_item(it.ex, it.view.toks, ms, it.group))
    return out


def gold_rows(items: list[Item]) -> list[dict[str, Any]]:
    return [{"doc": it.ex.id, "subject": c.subject, "relation": c.relation, "object": c.object,
             "negated": c.negated, "hedged": c.hedged, "source": c.source, "evidence": ""}
            for it in items for c in it.ex.claims]


def rows(item: Item, claims: list[Claim]) -> list[dict[str, Any]]:
    return [{"doc": item.ex.id, "subject": c.subject, "relation": c.relation,
             "object": c.object, "negated": c.negated, "hedged": c.hedged, "source": c.source,
             "evidence": c.evidence.text} for c in claims]


def corpus_score(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                 ids: list[str], none_weight: float = NONE_WEIGHT) -> dict[str, float]:
    """The claims scorer's measures over every sentence (those without gold claims too)."""
    res = Resolver(gold)
    P, G = _tuples(pred, res), _tuples(gold, res)
    Pc, Gc = _tuples(pred, res, True), _tuples(gold, res, True)
    tp = n_p = n_g = ctp = cn_p = cn_g = a_ok = a_n = h_ok = 0
    fp_unrelated = 0
    for d in ids:
        p, g = P.get(d, {}), G.get(d, {})
        both = set(p) & set(g)
        tp, n_p, n_g = tp + len(both), n_p + len(p), n_g + len(g)
        related = {frozenset((t[0], t[2])) for t in g}
        fp_unrelated += sum(1 for t in set(p) - both if frozenset((t[0], t[2])) not in related)
        for t in both:
            a_n += 1
            a_ok += bool({res.key(d, r["source"]) for r in g[t]} & {res.key(d, r["source"]) for r in p[t]})
            h_ok += bool({r["hedged"] for r in g[t]} & {r["hedged"] for r in p[t]})
        pc, gc = Pc.get(d, {}), Gc.get(d, {})
        ctp, cn_p, cn_g = ctp + coarse_tp(pc, gc), cn_p + len(pc), cn_g + len(gc)
    e, c = _prf(tp, n_p, n_g), _prf(ctp, cn_p, cn_g)
    shifted = n_p + (none_weight - 1) * fp_unrelated + n_g
    return {"exact_p": e["precision"], "exact_r": e["recall"], "exact_f1": e["f1"],
            "shifted_f1": 2 * tp / shifted if shifted else 0.0,
            "coarse_f1": c["f1"], "attribution": a_ok / a_n if a_n else 0.0,
            "hedging": h_ok / a_n if a_n else 0.0}


def fit(items: list[Item], vecs: dict[str, np.ndarray], embed: str, c: float,
        seed: int) -> PairModel:
    """A logistic regression over the pair features seen at least twice (and the vectors)."""
    from scipy import sparse  # noqa: PLC0415 - heavy, loaded on use
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - heavy, loaded on use

    pairs_ = [p for it in items for p in it.pairs]
    seen = Counter(k for p in pairs_ for k in p.feats)
    vocab = {n: i for i, n in enumerate(sorted(k for k, v in seen.items() if v >= 2))}
    r, col, val = [], [], []
    for i, p in enumerate(pairs_):
        for k, v in p.feats.items():
            if k in vocab:
                r.append(i)
                col.append(vocab[k])
                val.append(v)
    x = sparse.csr_matrix((val, (r, col)), shape=(len(pairs_), len(vocab)), dtype=np.float64)
    x = sparse.hstack([x, *[sparse.csr_matrix(b) for b in _embedded(pairs_, vecs, embed)]],
                      format="csr")
    y = [lab for it in items for lab in it.labels]
    clf = LogisticRegression(C=c, solver="newton-cg", max_iter=200, class_weight="balanced",
                             random_state=seed)
    clf.fit(x, y)
    return PairModel([str(k) for k in clf.classes_], vocab, clf.coef_, clf.intercept_, embed,
                     0.5, {})


def _embedded(pairs_: list[Pair], vecs: dict[str, np.ndarray], embed: str) -> list[np.ndarray]:
    if embed == "navec":
        return [WordVectors()(pairs_)]
    blocks = []
    if embed:
        blocks.append(np.stack([vecs[p.marked] for p in pairs_]) if pairs_ else np.zeros((0, 384)))
    if embed == "marked+between":
        blocks.append(np.stack([vecs[p.between] for p in pairs_]) if pairs_ else np.zeros((0, 384)))
    return blocks


class _Cached:
    """An encoder that answers from precomputed vectors (cross-validation)."""

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts]) if texts else np.zeros((0, 384))


def encode_all(items: list[Item]) -> dict[str, np.ndarray]:
    """e5 vectors of every pair text (marked sentence, words between), computed once."""
    texts = sorted({t for it in items for p in it.pairs for t in (p.marked, p.between)})
    return dict(zip(texts, Encoder()(texts), strict=True)) if texts else {}


def folds_of(groups: list[str], folds: int, seed: int) -> list[int]:
    """A fold per item: its group's, the groups shuffled (seeded) and dealt in turn."""
    keys = sorted(set(groups))
    order = np.random.RandomState(seed).permutation(len(keys))
    fold = {keys[j]: n % folds for n, j in enumerate(order)}
    return [fold[g] for g in groups]


Variant = tuple[str, str, float, float, bool]  # embed, source, C, threshold, keep rules


def _model_preds(preds: dict[tuple[Variant, str], list[dict[str, Any]]], m: PairModel,
                 test: dict[str, list[Item]], fit_key: tuple[str, str, float]) -> None:
    """The held-out rows of model ``m`` (fitted as ``fit_key``: embed, source, C) at every
    threshold and keep-rules setting, added to ``preds``."""
    embed, src, c = fit_key
    for how, its in test.items():
        probs = m.proba([p for it in its for p in it.pairs])
        at = 0
        for it in its:
            mine = probs[at:at + len(it.pairs)]
            at += len(it.pairs)
            for t in THRESHOLDS:
                for keep in KEEP_RULES:
                    m.threshold, m.keep_rules = t, keep
                    preds[((embed, src, c, t, keep), how)] += rows(
                        it, sentence_claims(it.ex.text, it.view, 0, m,
                                            cands=it.cands, ps=it.pairs,
                                            probs=mine))


def cross_validate(given: list[Item], piped: list[Item], folds: int, seed: int,
                   embeds: tuple[str, ...] = ("",), sources: tuple[str, ...] = SOURCES,
                   cs: tuple[float, ...] = CS,
                   log: Any = lambda m: print(m, file=sys.stderr, flush=True),
                   subset: frozenset[str] = frozenset(),
                   ) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
    """Every variant's figures on held-out folds, given mentions and end to end (the
    vectors are returned for the final fit); with ``subset`` (sentence ids) also the end
    to end figures on those sentences alone (``subset_*``)."""
    vecs: dict[str, np.ndarray] = {}
    if any(e in E5 for e in embeds):
        log(f"encoding {sum(len(it.pairs) for it in given + piped)} pairs ...")
        vecs = encode_all(given + piped)
    fold_of = folds_of([it.group for it in given], folds, seed)
    rules: Variant = ("rules", "", 0.0, 0.0, False)
    variants: list[Variant] = [rules] + [
        (e, src, c, t, k) for e in embeds for src in sources for c in cs for t in THRESHOLDS
        for k in KEEP_RULES]
    preds: dict[tuple[Variant, str], list[dict[str, Any]]] = {
        (v, how): [] for v in variants for how in ("given", "pipeline")}
    for fold in range(folds):
        log(f"fold {fold + 1}/{folds} ...")
        test = {"given": [it for it, f in zip(given, fold_of, strict=True) if f == fold],
                "pipeline": [it for it, f in zip(piped, fold_of, strict=True) if f == fold]}
        for how, its in test.items():
            for it in its:
                preds[(rules, how)] += rows(it, sentence_claims(it.ex.text, it.view, 0, None,
                                                                cands=it.cands))
        for embed in embeds:
            for src in sources:
                train = [it for its, name in ((given, "given"), (piped, "pipeline"))
                         if src in (name, "both")
                         for it, f in zip(its, fold_of, strict=True) if f != fold]
                for c in cs:
                    log(f"  fit {embed or 'features'}/{src} C={c} on {len(train)} sentences")
                    m = fit(train, vecs, embed, c, seed)
                    m.encoder = _Cached(vecs)  # type: ignore[assignment]
                    _model_preds(preds, m, test, (embed, src, c))
    gold, ids = gold_rows(given), [it.ex.id for it in given]
    results = []
    for v in variants:
        g = corpus_score(preds[(v, "given")], gold, ids)
        e = corpus_score(preds[(v, "pipeline")], gold, ids)
        if subset:
            sub = corpus_score(preds[(v, "pipeline")], gold, [i for i in ids if i in subset])
            e |= {f"subset_{k}": x for k, x in sub.items()}
        results.append({"variant": "rules" if v[0] == "rules" else
                        f"{v[0] or 'features'}/{v[1]}" + (" +rules" if v[4] else ""),
                        "C": v[2], "threshold": v[3], "key": v,
                        **{f"given_{k}": x for k, x in g.items()}, **e})
    results.sort(key=lambda r: -r["shifted_f1"])
    return results, vecs


def choose(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The best end-to-end exact F1 (``shifted_f1``: at the prior NONE_WEIGHT sets),
    except that a variant with costlier vectors must beat every cheaper one by more than its
    MARGIN."""
    best: dict[str, Any] | None = None
    for embed in ("rules", *EMBEDS, *E5):
        top = max((r for r in results if r["key"][0] == embed), key=lambda r: r["shifted_f1"],
                  default=None)
        if top is not None and (best is None or
                                top["shifted_f1"] > best["shifted_f1"] + MARGIN.get(embed, 0.0)):
            best = top
    assert best is not None
    return best


def table(results: list[dict[str, Any]], top: int = 12) -> str:
    lines = [f"{'variant':28} {'C':>4} {'thr':>4} | {'given mentions: P':>17} {'R':>5} "
             f"{'F1':>5} {'coarse':>6} | {'end to end: P':>13} {'R':>5} {'F1':>5} "
             f"{'coarse':>6} {'attrib':>6} {'hedge':>5} {'shifted':>7}"]
    shown = results[:top] + [r for r in results[top:] if r["key"][0] == "rules"]
    for r in shown:
        lines.append(
            f"{r['variant']:28} {r['C']:4.1f} {r['threshold']:4.2f} | {r['given_exact_p']:17.3f} "
            f"{r['given_exact_r']:5.3f} {r['given_exact_f1']:5.3f} {r['given_coarse_f1']:6.3f} | "
            f"{r['exact_p']:13.3f} {r['exact_r']:5.3f} {r['exact_f1']:5.3f} "
            f"{r['coarse_f1']:6.3f} {r['attribution']:6.3f} {r['hedging']:5.3f} "
            f"{r['shifted_f1']:7.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 - heavy, loaded on use

    with threadpool_limits(1):  # one BLAS thread: many times faster on a shared machine
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", default=[CORPUS],
                    help="corpus files, globs or folders (default: %(default)s)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--cv-only", action="store_true", help="print the CV table, write nothing")
    ap.add_argument("--embeddings", action="store_true",
                    help="also try e5 vector variants (slow to train and to run)")
    ap.add_argument("--embed", nargs="+", default=list(EMBEDS), choices=list(EMBEDS),
                    help="cheap variants to try: '' features only, 'navec' with word vectors "
                         "(default: both)")
    ap.add_argument("--sources", nargs="+", default=list(DEFAULT_SOURCES),
                    choices=["given", "pipeline", "both"],
                    help="mentions of the training pairs to try (default: %(default)s)")
    ap.add_argument("--C", nargs="+", type=float, default=list(DEFAULT_CS), dest="cs",
                    help="regularisation strengths to try (default: %(default)s)")
    ap.add_argument("--cache", default=None,
                    help="keep parses and pipeline mentions in this pickle between runs")
    ap.add_argument("--prepare", action="store_true", help="fill --cache and stop")
    ap.add_argument("--subset", nargs="+", default=[],
                    help="also print the chosen variant's end-to-end CV figures on the sentences "
                         "of these corpus files alone (e.g. the files of an earlier corpus, to "
                         "compare a model trained with more data on the same sentences); the "
                         "model written is the same with or without it")
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    examples, groups = load_grouped(files)
    if len(examples) < args.folds * 4:
        print(f"only {len(examples)} Russian sentences: too few to train", file=sys.stderr)
        return 1
    print(f"corpus: {', '.join(f'{f} ' for f in map(str, files))}", file=sys.stderr)
    cache = Cache(args.cache)
    given = views(examples, groups, cache)
    piped = pipeline_views(given, cache)
    if args.prepare:
        return 0
    embeds = tuple(args.embed) + (E5 if args.embeddings else ())
    names = {Path(f).name for f in args.subset}
    subset = frozenset(ex.id for ex, g in zip(examples, groups, strict=True)
                       if g.split(":")[0] in names)
    results, vecs = cross_validate(given, piped, args.folds, args.seed, embeds,
                                   tuple(args.sources), tuple(args.cs), subset=subset)
    n_pairs = sum(len(it.pairs) for it in given)
    print(f"{len(examples)} sentences in {len(files)} files, {n_pairs} actor pairs; "
          f"{args.folds}-fold CV grouped by {BLOCK}-sentence blocks (seed {args.seed})")
    print(table(results))
    best = choose(results)
    print(f"chosen (end-to-end exact F1, unrelated pairs x{NONE_WEIGHT}): {best['variant']} C={best['C']} "
          f"threshold={best['threshold']}")
    if subset:
        print(f"chosen variant on the {len(subset)} sentences of {', '.join(sorted(names))} alone "
              f"(end to end): exact F1 {best['subset_exact_f1']:.3f}, coarse "
              f"{best['subset_coarse_f1']:.3f}, attribution {best['subset_attribution']:.3f}")
    if args.cv_only:
        return 0
    if best["key"][0] == "rules":
        print("the rules alone beat every model in CV: no model written")
        Path(args.out).unlink(missing_ok=True)
        return 0
    embed, src, c, t, keep = best["key"]
    train = (given if src in ("given", "both") else []) + (piped if src in ("pipeline", "both") else [])
    model = fit(train, vecs, embed, c, args.seed)
    model.threshold, model.keep_rules = t, keep
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
    model.meta = {"sentences": len(examples), "pairs": n_pairs, "seed": args.seed,
                  "folds": args.folds, "files": [f.name for f in files], "source": src,
                  "corpus_sha256_16": digest,
                  "cv": {k: best[k] for k in ("exact_f1", "coarse_f1", "attribution", "shifted_f1")},
                  "cv_given": {k: best["given_" + k] for k in ("exact_f1", "coarse_f1",
                                                               "attribution")}}
    model.save(Path(args.out))
    print(f"wrote {args.out}: {best['variant']} C={c} threshold={t} (CV end to end: exact F1 "
          f"{best['exact_f1']:.3f}, coarse {best['coarse_f1']:.3f}; given mentions: exact F1 "
          f"{best['given_exact_f1']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
