"""`rashomon analyze`: ingest files and folders, run the pipeline, store the results."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

import rashomon
from rashomon import nlp
from rashomon.cli.output import Console
from rashomon.envconfig import from_env, merge
from rashomon.errors import UserError
from rashomon.ingest import DEFAULT_MAX_BYTES, Rejection
from rashomon.ingest.outlets import OutletRule
from rashomon.store import open_store

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from rashomon.engine.local import Summary
    from rashomon.store import Store

HELP = """Read articles, find actors and claims, and store everything in a database.

PATH may be files or folders (read recursively; hidden files are skipped):
.txt/.md (optional Title:/Source:/Published: header), .html/.htm, .jsonl and .csv
(fields id and text; title, published, source, url, language optional), RSS/Atom
feeds (.rss, .atom, .xml), PDF (its text layer) and DOCX. Text in UTF-8, UTF-16 or a
legacy encoding (Windows-1251, KOI8-R, ISO-8859-x...) is recognised. Re-running skips
unchanged documents; a changed file replaces its old analysis.

A bad document (undecodable, empty, malformed, or one the analysis or the database
fails on) is one line `path[:line]: reason` on stderr and is skipped; the rest is
stored, and the exit status is 1. The summary counts every file: read, skipped by
type, rejected. A DuckDB file is held only while writing, so `rashomon serve` can
keep showing it (and new documents) during the run.

Examples:

  rashomon analyze examples/

  rashomon analyze news.jsonl feeds/ --db news.duckdb --batch-size 32

  rashomon analyze articles/ --components sentences,parse --quiet

  rashomon analyze plain-rt/ --outlet RT    (files that name no outlet)

  rashomon analyze by-outlet/ --outlet-per-folder    (by-outlet/rt/..., by-outlet/bbc/...)

  rashomon analyze s3://bucket/news/ --engine ray --db postgresql://host/rashomon
"""


def register(app: typer.Typer) -> None:
    """Add `analyze` to the `rashomon` app."""
    app.command("analyze", help=HELP, no_args_is_help=True)(analyze)


def analyze(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Files or folders to read (or s3://, gs:// URIs)."),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB",
                           help="DuckDB file or postgresql:// URL."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents per batch (and per transaction)."),
    components: str = typer.Option("", "--components", metavar="a,b,c",
                                   help="Pipeline components to run (default: the full pipeline)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Largest document accepted, in bytes of UTF-8 text."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary table."),
    kb: list[str] = typer.Option([], "--kb", metavar="FILE", envvar="RASHOMON_KB",
                                 help="Your own actors file(s) (YAML), added to the knowledge base."),
    workers: int = typer.Option(0, "--workers", "-w", min=0,
                                help="Worker processes (default 0 = every core; 1 = one process)."),
    engine: str = typer.Option("local", "--engine", help="local (processes) or ray (Ray Data)."),
    ray_address: str = typer.Option("", "--ray-address", envvar="RAY_ADDRESS",
                                    help="Ray cluster to join (default: start a local Ray)."),
    llm: str = typer.Option("", "--llm", metavar="URL", envvar="RASHOMON_LLM_URL", help="Extract claims with an OpenAI-compatible endpoint."),
    model: str = typer.Option("", "--model", envvar="RASHOMON_LLM_MODEL", help="LLM model name (with --llm)."),
    llm_cache: str = typer.Option("", "--llm-cache", metavar="DIR", envvar="RASHOMON_LLM_CACHE", help="LLM answer cache (default ~/.cache/rashomon/llm)."),
    llm_concurrency: int = typer.Option(4, "--llm-concurrency", min=1, envvar="RASHOMON_LLM_CONCURRENCY", help="Parallel LLM requests."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --llm: print the calls and tokens it would spend, and exit."),
    claims_model: str = typer.Option("", "--claims-model", metavar="MODEL",
                                     help="A relation model made by `rashomon train claims` "
                                          "(default: the shipped one; 'none': rules only)."),
    narratives_model: str = typer.Option("", "--narratives-model", metavar="MODEL",
                                         help="Narratives: 'builtin' for the model shipped with Rashomon (trained on "
                                              "its own narratives set), a model made by `rashomon train narratives`, "
                                              "or 'none' (default: the codebook alone)."),
    outlet: str = typer.Option("", "--outlet", metavar="NAME", help="Outlet of documents that name none (plain files); otherwise each such document is its own source."),
    outlet_per_folder: bool = typer.Option(False, "--outlet-per-folder", help="Outlet of documents that name none: the name of their sub-folder (folder/rt/*.txt -> rt)."),
) -> None:
    err = Console(stderr=True, highlight=False)
    fresh = bool((ctx.obj or {}).get("fresh_process"))
    if fresh and rashomon.engine.short_run(paths, engine):
        gc.disable()  # a few documents: see rashomon.engine.short_run
    llm_settings: dict[str, object] = {}
    if llm or model or dry_run:  # the claims engineer's LLM extractor (rashomon.nlp.claims.llm)
        llm_settings = nlp.claims.llm.llm_config(llm, model, llm_cache, llm_concurrency)
        if dry_run:
            typer.echo(nlp.claims.llm.dry_run(paths, max_bytes))
            return
    outlets = OutletRule(outlet.strip() or None, outlet_per_folder)
    names = [c.strip() for c in components.split(",") if c.strip()] or None
    names = rashomon.engine.local.check_components(names)
    config = merge(from_env(), rashomon.engine.local.kb_config(kb), {"claims": llm_settings})
    if claims_model:
        config["claims"]["model"] = _claims_model(claims_model)
    if narratives_model:
        config.setdefault("narratives", {})["model"] = narratives_model

    def reject(r: Rejection) -> None:
        print(str(r), file=sys.stderr, flush=True)

    # a fresh process (nothing loaded): the models may load in a helper process meanwhile
    helper = (rashomon.engine.start_helper(paths, names, config, engine, workers or None)
              if fresh else None)
    try:
        store = open_store(db, short=True)
    except BaseException:
        if helper is not None:
            rashomon.engine.stop_helper(helper)
        raise
    try:
        summary = _run_engine(paths, store, engine, workers, ray_address, names, batch_size,
                              max_bytes, quiet, err, reject, config, outlets, helper)
    finally:
        store.close()
    if not summary.pool and fresh and isinstance(ctx.obj, dict):
        ctx.obj["exit_now"] = True  # nothing left to end but the interpreter: see cli.main
    _report(summary, db, quiet, err, "claims" in names)


def _run_engine(paths: list[str], store: Store, engine: str, workers: int, ray_address: str,
                names: list[str], batch_size: int, max_bytes: int, quiet: bool,
                err: Console, reject: Callable[[Rejection], None],
                config: dict[str, dict[str, object]], outlets: object = None,
                helper: ProcessPoolExecutor | None = None) -> Summary:
    """rashomon.engine.run (one process for a handful of documents or `--workers 1`, with
    a helper process loading the models meanwhile when ``helper``; else worker processes
    or Ray), with a progress count."""
    with Progress(TextColumn("Analysing: {task.fields[docs]:,} documents done"), BarColumn(),
                  CharsColumn(), TimeElapsedColumn(), console=err, disable=quiet,
                  transient=False) as bar:
        task = bar.add_task("analyse", total=None, docs=0)

        def docs_done(n: int) -> None:
            bar.update(task, docs=bar.tasks[0].fields["docs"] + n)

        return rashomon.engine.run(paths, store, engine=engine, workers=workers or None, names=names,
                   batch_size=batch_size, max_bytes=max_bytes, progress=docs_done,
                   chars=lambda n: bar.advance(task, n), on_reject=reject, config=config,
                   ray_address=ray_address or None, outlets=outlets, helper=helper)


class CharsColumn(DownloadColumn):
    """Characters analysed (of the total when known): moves within a large document."""

    def render(self, task):  # type: ignore[no-untyped-def]
        text = super().render(task)
        text.plain = text.plain.replace("bytes", "chars").replace("B", " chars")
        return text


def _report(summary: Summary, db: str, quiet: bool, err: Console, claims: bool = True) -> None:
    if not quiet:
        table = Table(title=f"rashomon analyze -> {db}", show_header=False, title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        for name, n in summary.rows():
            table.add_row(name, f"{n:,}", style="red" if name == "rejected" and n else None)
        err.print(table)
        skipped = summary.files.skipped
        if skipped:
            kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(skipped.items(), key=lambda kv: -kv[1]))
            err.print(f"Skipped files of types Rashomon does not read: {kinds}.", highlight=False)
    notice = summary.no_claim_model() if claims else None
    if notice:
        err.print(notice, style="yellow")
    if summary.rejected:
        raise typer.Exit(1)


def _claims_model(spec: str) -> str:
    """``--claims-model``: 'none' for rules only, else a folder holding a trained model."""
    if spec.lower() in ("none", "rules"):
        return ""
    if not nlp.claims.model.available(spec):
        raise UserError(f"--claims-model {spec}: no model there (make one with `rashomon train claims`)")
    return str(Path(spec).resolve())


def parse_components(text: str) -> list[str] | None:
    """'a, b,c' -> ['a', 'b', 'c']; empty -> None (the default pipeline)."""
    names = [c.strip() for c in text.split(",") if c.strip()]
    if not names and text.strip():
        raise UserError("--components is empty")
    return names or None
