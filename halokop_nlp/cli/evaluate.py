"""``halokop eval``: quality figures of an index on labelled queries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from halokop_nlp.cli._common import load_queries, load_recommender


def evaluate(
    queries: Annotated[Path, typer.Argument(help="JSONL with q and target (no target: out of scope).")],
    index: Annotated[
        Path,
        typer.Option(
            "--index",
            envvar="HALOKOP_INDEX_DIR",
            help="Index directory, or a root whose CURRENT_VERSION names one.",
        ),
    ] = Path("models/index"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Recall@1/5, MRR, out-of-scope AUC and the verdict confusion matrix."""
    from halokop_nlp.evaluation import evaluate as run

    rows = load_queries(queries)
    figures = run(load_recommender(index), rows)
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    typer.echo(f"{'set':<12}{'n':>5}{'R@1':>8}{'R@5':>8}{'MRR':>8}{'AUC':>8}")
    for name, m in [("all", figures["overall"]), *figures["by_style"].items()]:
        auc = f"{m['auc']:.3f}" if "auc" in m else "-"
        typer.echo(f"{name:<12}{m['queries']:>5}{m['r@1']:>8.3f}{m['r@5']:>8.3f}{m['mrr']:>8.3f}{auc:>8}")
    v = figures["overall"].get("verdicts")
    if v:
        typer.echo("\nverdicts      duplicate  related      new")
        for row in ("in_scope", "out_of_scope"):
            typer.echo(f"{row:<13}{v[row]['duplicate']:>10}{v[row]['related']:>9}{v[row]['new']:>9}")
        typer.echo(f"wrong-entry duplicates: {figures['overall']['wrong_duplicates']}")
