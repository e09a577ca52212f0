"""``halokop index build``: index a knowledge-base file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from halokop_nlp.cli._common import fail, load_queries

app = typer.Typer(help="Build search indexes.", no_args_is_help=True)


@app.command("build")
def build(
    from_file: Annotated[
        Path, typer.Option("--from-file", help="Knowledge base, JSONL (ref, question, answer, ...).")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the index into (replaced atomically).")
    ],
    encoder: Annotated[
        str, typer.Option(envvar="HALOKOP_ENCODER", help="bundled:e5-small or st:NAME_OR_PATH")
    ] = ("bundled:e5-small"),
    labelled: Annotated[
        Path | None,
        typer.Option(help="Labelled queries (q, target) to calibrate fusion and thresholds on."),
    ] = None,
    evaluate_on: Annotated[
        Path | None, typer.Option("--evaluate-on", help="Labelled queries to measure the new index on.")
    ] = None,
) -> None:
    """Build an index from a KB file: vectors, lexical index, classifiers, calibration."""
    from halokop_nlp.encoders import EncoderError, get_encoder
    from halokop_nlp.evaluation import evaluate
    from halokop_nlp.kb import KBFormatError, read_kb
    from halokop_nlp.retrieval import Recommender

    try:
        entries = read_kb(from_file)
    except FileNotFoundError:
        raise fail(f"{from_file}: no such file") from None
    except KBFormatError as exc:
        raise fail(f"{from_file}: {exc}; nothing was written") from None
    if not entries:
        raise fail(f"{from_file}: the knowledge base is empty; nothing was written")
    queries = load_queries(labelled) if labelled else None
    try:
        enc = get_encoder(encoder)
    except (ValueError, EncoderError) as exc:
        raise fail(str(exc)) from None

    start = time.perf_counter()
    with Progress(transient=True) as progress:
        task = progress.add_task("encoding entries", total=len(entries))
        try:
            rec = Recommender.build(
                entries,
                enc,
                labelled=queries,
                labelled_name=str(labelled or ""),
                progress=lambda n: progress.advance(task, n),
            )
        except ValueError as exc:
            raise fail(f"{exc}; nothing was written") from None
    figures = evaluate(rec, load_queries(evaluate_on))["overall"] if evaluate_on else None
    rec.save(out, evaluation=figures)
    took = time.perf_counter() - start
    typer.echo(
        f"indexed {len(entries)} entries ({rec.index.vector_count} phrasings, {rec.index.kind} search) "
        f"with {enc.name} in {took:.1f}s -> {out}"
    )
    cal = rec.calibration
    typer.echo(f"calibration ({cal.source}): duplicate >= {cal.duplicate}, related >= {cal.related}")
    if figures:
        typer.echo(
            f"evaluation on {evaluate_on}: "
            + ", ".join(f"{k} {figures[k]}" for k in ("r@1", "r@5", "mrr", "auc") if k in figures)
        )
