"""`rashomon train`, `rashomon semeval` and `rashomon narratives`: narratives and framing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from rashomon import nlp
from rashomon.cli.output import Console
from rashomon.errors import UserError
from rashomon.nlp.narratives.semeval import (
    locate,
    read_docs,
    read_st1,
    read_st2,
    read_st3,
    st1_line,
    st2_line,
    st3_line,
    write_lines,
)
from rashomon.nlp.narratives.stored import summary
from rashomon.store import open_store

train_app = typer.Typer(help="Fit a narratives or framing classifier on your labelled data.",
                        no_args_is_help=True)
semeval_app = typer.Typer(help="Run SemEval-2025 Task 10 subtasks and write the official formats.",
                          no_args_is_help=True)

CODEBOOK = typer.Option("", "--codebook", metavar="FILE", help="A codebook YAML to use instead of the shipped one.")
MODEL = typer.Option("", "--model", metavar="MODEL", help="A model made by `rashomon train` (default: codebook only).")


def register(app: typer.Typer) -> None:
    """Add `train`, `semeval` and `narratives` to the `rashomon` app."""
    app.add_typer(train_app, name="train")
    app.add_typer(semeval_app, name="semeval")
    app.command("narratives", help=NARRATIVES_HELP)(narratives)


def _progress(total: int, label: str) -> Any:
    from rich.progress import (  # noqa: PLC0415 - start-up: rich parts load on use
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def _load(model: str, kind: type) -> Any:
    if not model:
        return None
    m = nlp.narratives.train.load_model(model)
    if not isinstance(m, kind):
        raise UserError(f"{model} is not a {kind.__name__} model")
    return m


# ---- train --------------------------------------------------------------------------------

@train_app.command("narratives", help="Fit narratives + sub-narratives on SemEval subtask-2 labels.\n\n"
                   "Example:  rashomon train narratives --docs EN/raw-documents "
                   "--labels EN/subtask-2-annotations.txt -o narr.model\n\n"
                   "With --builtin: remake the shipped model from Rashomon's own narratives set "
                   "(data/narratives; seeded, grouped 5-fold CV picks C and thresholds).")
def train_narratives(
    docs: str = typer.Option("", "--docs", metavar="DIR", help="Folder of .txt articles."),
    labels: str = typer.Option("", "--labels", metavar="FILE", help="subtask-2 annotations file."),
    out: str = typer.Option("", "-o", "--out", metavar="MODEL",
                            help="Where to save the model (with --builtin: a folder, default the shipped one)."),
    codebook: str = CODEBOOK,
    builtin_set: bool = typer.Option(False, "--builtin", help="Train on data/narratives (the shipped model)."),
) -> None:
    if builtin_set:
        builtin = nlp.narratives.builtin
        builtin.train(builtin.DATA, out or builtin.MODEL, log=typer.echo)
        return
    if not (docs and labels and out):
        raise UserError("give --docs, --labels and -o (or --builtin)")
    texts, gold = read_docs(docs), read_st2(labels)
    missing = [d for d in gold if d not in texts]
    if len(missing) == len(gold):
        raise UserError(f"none of the labelled documents are in {docs}")
    model = nlp.narratives.train.TrainedNarratives.fit([nlp.narratives.tasks.make_doc(k, v) for k, v in texts.items() if k in gold], gold,
                                  codebook or None)
    model.save(out)
    typer.echo(f"trained on {model.meta['documents']} documents "
               f"({len(model.meta['narratives'])} narratives, {len(model.meta['subnarratives'])} "
               f"sub-narratives) -> {out}")


@train_app.command("framing", help="Fit entity roles on your labelled mentions (EN, RU, BG, PT, HI).\n\n"
                   "Labels in SemEval subtask-1 format (with --docs):\n\n"
                   "  rashomon train framing --docs PT/raw-documents --labels PT/subtask-1-annotations.txt -o roles.model\n\n"
                   "or passages in the framing set's JSON Lines format (data/framing/README.md), "
                   "a file or a folder of *.jsonl:\n\n"
                   "  rashomon train framing --labels my-passages.jsonl --lang ru -o roles.model\n\n"
                   "The model reads multilingual sentence embeddings, word cues around each mention and the "
                   "explicit evidence (parse cues, claims); its decision thresholds per language come from "
                   "5-fold cross-validation on your data.\n\n"
                   "With --builtin: remake the shipped model from Rashomon's own framing set "
                   "(data/framing; seeded).")
def train_framing(
    labels: str = typer.Option("", "--labels", metavar="FILE",
                               help="subtask-1 annotations (with --docs), or a .jsonl file / folder of passages."),
    out: str = typer.Option("", "-o", "--out", metavar="MODEL",
                            help="Where to save the model (with --builtin: a folder, default the shipped one)."),
    docs: str = typer.Option("", "--docs", metavar="DIR", help="Folder of .txt articles (subtask-1 labels)."),
    lang: str = typer.Option("", "--lang", metavar="LANG",
                             help="Language of the articles (en, ru, bg, pt, hi; default: detected per article)."),
    with_own: bool = typer.Option(False, "--with-own", help="Also train on Rashomon's own framing set (data/framing)."),
    builtin_set: bool = typer.Option(False, "--builtin", help="Train on data/framing (the shipped model)."),
) -> None:
    import numpy as np  # noqa: PLC0415 - heavy

    corpus = nlp.framing.corpus
    if builtin_set:
        corpus.main(["train", str(corpus.DATA), out or str(corpus.MODEL)])
        return
    if not (labels and out):
        raise UserError("give --labels and -o (or --builtin)")

    if lang and lang not in nlp.framing.model.LANGS:
        raise UserError(f"--lang must be one of {', '.join(nlp.framing.model.LANGS)}")
    path = Path(labels)
    if path.is_dir() or path.suffix == ".jsonl":
        if not path.exists():
            raise UserError(f"labels not found: {path}")
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        if not files:
            raise UserError(f"no *.jsonl files in {path}")
        seen: dict[str, str] = {}
        items = [it for f in files for it in nlp.framing.corpus.load_file(f, lang or None, seen)]
    elif not docs:
        raise UserError("--docs is needed with subtask-1 labels (or give a .jsonl file of passages)")
    else:
        items = _semeval_items(docs, labels, lang)
    if not items:
        raise UserError(f"no labelled mentions in {labels}")
    _parse_english(items)
    if with_own:
        own = nlp.framing.corpus.load_corpus()
        nlp.framing.corpus.parallel_groups(own)
        items += own
    parts = []
    with _progress(len(items), "Embedding mentions") as bar:
        t = bar.add_task("framing", total=len(items))
        for i in range(0, len(items), 64):
            parts.append(nlp.framing.model.featurize(items[i:i + 64]))
            bar.advance(t, len(parts[-1]))
    X = np.vstack(parts)
    # the user's data carries its own prior: thresholds for plain accuracy under CV
    model = nlp.framing.model.RoleModel.fit(items, X, shares=())
    model.save(out)
    langs = ", ".join(f"{k} {v}" for k, v in model.meta["languages"].items())
    typer.echo(f"trained on {len(items)} mentions ({langs}) -> {out}")


def _semeval_items(docs: str, labels: str, lang: str) -> list[Any]:
    """Items of the labelled mentions of subtask-1 annotations over a folder of articles."""
    texts, rows = read_docs(docs), read_st1(labels)
    cache: dict[str, Any] = {}
    items = []
    for r in rows:
        if r.doc not in texts or not r.main:
            continue
        if r.doc not in cache:  # one Doc per article, not per labelled mention
            d = nlp.narratives.tasks.make_doc(r.doc, texts[r.doc])
            d.language = lang or nlp.framing.model.language(d)
            cache[r.doc] = d
        d = cache[r.doc]
        s, e = locate(d.text, r)
        items.append(nlp.framing.model.Item(d, s, e, str(d.language), None, r.main, r.fine, r.doc))
    if not items:
        raise UserError(f"none of the labelled mentions are in {docs}")
    return items


def _parse_english(items: list[Any]) -> None:
    """spaCy parses of the English mentions' sentences (the English features read them)."""
    for it in items:
        i = it.doc.sentence_at(it.start)
        if it.lang == "en" and i >= 0 and it.doc.sentences[i].parse is None:
            it.doc.sentences[i].parse = nlp.parse.load_spacy()(it.doc.sentences[i].text)


# ---- semeval ------------------------------------------------------------------------------

@semeval_app.command("st1", help="Entity framing: main and fine roles for given mentions.\n\n"
                     "Example:  rashomon semeval st1 --docs EN/raw-documents --mentions "
                     "mentions.txt -o st1.txt")
def semeval_st1(
    docs: str = typer.Option(..., "--docs", metavar="DIR", help="Folder of .txt articles."),
    mentions: str = typer.Option(..., "--mentions", metavar="FILE",
                                 help="article_id, mention, start, end (tab-separated; extra columns ignored)."),
    out: str = typer.Option(..., "-o", "--out", metavar="OUT", help="Output file."),
    model: str = MODEL,
    codebook: str = CODEBOOK,
) -> None:

    texts, rows = read_docs(docs), read_st1(mentions)
    with _progress(len(rows), "Framing") as bar:
        t = bar.add_task("st1", total=len(rows))
        res = nlp.narratives.tasks.st1(texts, rows, _load(model, nlp.framing.model.RoleModel), codebook or None,
                        tick=lambda: bar.advance(t))
    write_lines(out, [st1_line(r) for r in res])
    typer.echo(f"{len(res)} mentions -> {out}")


@semeval_app.command("st2", help="Narratives and sub-narratives per document.\n\n"
                     "Example:  rashomon semeval st2 --docs EN/raw-documents -o st2.txt")
def semeval_st2(
    docs: str = typer.Option(..., "--docs", metavar="DIR", help="Folder of .txt articles."),
    out: str = typer.Option(..., "-o", "--out", metavar="OUT", help="Output file."),
    model: str = MODEL,
    codebook: str = CODEBOOK,
    full: bool = typer.Option(False, "--full", help="Also run actors and claims (slower; adds claim cues)."),
) -> None:

    texts = read_docs(docs)
    with _progress(len(texts), "Narratives") as bar:
        t = bar.add_task("st2", total=len(texts))
        res = nlp.narratives.tasks.st2(texts, _load(model, nlp.narratives.train.TrainedNarratives), codebook or None, full,
                        tick=lambda: bar.advance(t))
    write_lines(out, [st2_line(d, *p.labels()) for d, p in res.items()])
    typer.echo(f"{len(res)} documents -> {out}")


@semeval_app.command("st3", help="Explanations (<= 80 words, extractive) of each document's dominant narrative.\n\n"
                     "Example:  rashomon semeval st3 --docs EN/raw-documents --narratives "
                     "dominant.txt -o st3.txt")
def semeval_st3(
    docs: str = typer.Option(..., "--docs", metavar="DIR", help="Folder of .txt articles."),
    narratives_file: str = typer.Option(..., "--narratives", metavar="FILE",
                                        help="article_id, dominant narrative, dominant sub-narrative (tab-separated)."),
    out: str = typer.Option(..., "-o", "--out", metavar="OUT", help="Output file."),
    codebook: str = CODEBOOK,
) -> None:

    texts, dom = read_docs(docs), read_st3(narratives_file)
    with _progress(len(dom), "Explaining") as bar:
        t = bar.add_task("st3", total=len(dom))
        res = nlp.narratives.tasks.st3(texts, dom, codebook or None, tick=lambda: bar.advance(t))
    write_lines(out, [st3_line(d, x) for d, x in res.items()])
    typer.echo(f"{len(res)} explanations -> {out}")


# ---- narratives summary ----------------------------------------------------------------------

NARRATIVES_HELP = """Show stored narrative labels per outlet, or role labels per actor.

Examples:

  rashomon narratives --db news.duckdb

  rashomon narratives --by actor --format json
"""


def narratives(
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help="DuckDB file or postgresql:// URL."),
    by: str = typer.Option("outlet", "--by", help="outlet or actor."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    limit: int = typer.Option(200, "--limit", min=1, help="Most rows to show."),
) -> None:

    if by not in ("outlet", "actor"):
        raise UserError(f"--by must be 'outlet' or 'actor', not {by!r}")
    if fmt not in ("table", "json"):
        raise UserError(f"--format must be 'table' or 'json', not {fmt!r}")
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        raise UserError(f"no database at {db}: run `rashomon analyze` first (or pass --db)")
    store = open_store(db)
    try:
        rows = summary(store, by=by)[:limit]
    finally:
        store.close()
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from rich.table import Table  # noqa: PLC0415 - start-up: rich parts load on use

    if not rows:
        typer.echo("no narrative or role labels stored yet (run `rashomon analyze`)")
        return
    table = Table(show_lines=False)
    cols = ["outlet", "kind", "label", "docs", "share"] if by == "outlet" else ["name", "actor", "role", "docs", "fine"]
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*[", ".join(f"{k} {v}" for k, v in r[c].items()) if isinstance(r[c], dict)
                        else str(r[c]) for c in cols])
    Console().print(table)
