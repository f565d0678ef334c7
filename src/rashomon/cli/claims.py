"""`rashomon train claims`: the relation model, from the project's corpus or your own labels."""

from __future__ import annotations

import random

import typer

from rashomon import nlp
from rashomon.cli.narratives import train_app
from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.ingest import read_paths
from rashomon.nlp.claims.corpus import CorpusError, load_corpus

HELP = """Train the relation model that decides claims between actor pairs.

With no labels given, it retrains the shipped model from the project's own corpus
(data/claims/*.jsonl, see data/claims/README.md). --gold and --docs train on your own
articles labelled in the claim spec's JSONL format; --teacher labels a sample of your
articles with an LLM and trains the local model on those labels (--dry-run first shows what
that costs). Five-fold cross-validation picks the decision threshold and prints its figures.

Examples:
  rashomon train claims -o my-model
  rashomon train claims --gold my-gold.jsonl --docs articles/ -o my-model
  rashomon train claims --teacher http://localhost:8000 --model qwen2.5 --docs articles/ --sample 1000 -o my-model
  rashomon analyze news/ --claims-model my-model
"""


def register(app: typer.Typer) -> None:
    """Add `train claims` to the `train` group (defined with the narratives commands)."""
    train_app.command("claims", help=HELP)(train_claims)


def train_claims(
    corpus: list[str] = typer.Argument(None, metavar="[CORPUS...]",
                                       help="Corpus JSONL files or folders (default: the shipped corpus)."),
    out: str = typer.Option(..., "--out", "-o", metavar="MODEL", help="Folder to write the model to."),
    gold: list[str] = typer.Option([], "--gold", metavar="FILE", help="Gold claims (claim spec JSONL)."),
    docs: list[str] = typer.Option([], "--docs", metavar="DIR", help="Folders with the labelled (or, with --teacher, unlabelled) articles."),
    teacher: str = typer.Option("", "--teacher", metavar="URL", help="An OpenAI-compatible endpoint that labels your articles."),
    model: str = typer.Option("", "--model", help="The teacher's model name (with --teacher)."),
    sample: int = typer.Option(1000, "--sample", min=1, help="With --teacher: how many articles to label."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --teacher: print the calls and tokens it would spend, and exit."),
    folds: int = typer.Option(5, "--folds", min=0, help="Cross-validation folds (0 or 1: none; the threshold stays 0.5)."),
    epochs: int = typer.Option(3, "--epochs", min=1, help="Passes over the training sentences."),
    seed: int = typer.Option(13, "--seed", help="Random seed: the same data and seed give the same model."),
) -> None:
    if teacher or model or dry_run:
        examples = _teacher_examples(teacher, model, docs, sample, dry_run)
        if examples is None:
            return
    elif gold:
        if not docs:
            raise UserError("--gold needs --docs: the folders that hold the labelled articles")
        examples = nlp.claims.fromgold.load_gold(list(gold), list(docs))
    else:
        try:
            examples = [e for e in load_corpus(list(corpus or [nlp.claims.train.DEFAULT_CORPUS]))
                        if e.lang == "en"]
        except (CorpusError, OSError) as e:
            raise UserError(str(e)) from e
    typer.echo(f"{len(examples)} training sentences")
    nlp.claims.train.train_examples(examples, out, folds if folds > 1 else 0, epochs, seed,
                            None if folds > 1 else 0.5, progress=typer.echo)


def _teacher_examples(url: str, model: str, docs: list[str], sample: int,
                      dry_run: bool) -> list | None:
    """Examples labelled by the LLM extractor on a seeded sample of the user's articles."""
    if not docs:
        raise UserError("--teacher needs --docs: the articles to label")
    found = [d for d in read_paths(list(docs), 5_000_000) if isinstance(d, Doc)]
    random.Random(13).shuffle(found)
    chosen = found[:sample]
    if dry_run:
        calls, tokens = nlp.claims.llm.estimate(chosen)
        typer.echo(f"dry run: {len(chosen)} of {len(found)} article(s) -> {calls} call(s), "
                   f"about {tokens:,} tokens (chars / 4); nothing was sent")
        return None
    if not url or not model:
        raise UserError("--teacher URL and --model NAME go together")
    analysed = nlp.claims.fromgold.analyse(chosen)
    teacher = nlp.claims.llm.LLMExtractor(url, model)
    teacher.extract_docs(analysed)
    rows = [{"doc": d.id, "subject": c.subject, "relation": c.relation, "object": c.object,
             "negated": c.negated, "hedged": c.hedged, "source": c.source,
             "evidence": c.evidence.text} for d in analysed for c in d.claims]
    typer.echo(f"the teacher labelled {len(rows)} claims in {len(analysed)} articles")
    return nlp.claims.fromgold.examples_from(analysed, rows, None, prefix="teacher")


