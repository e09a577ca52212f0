"""The ``halokop`` command line: one module per command group."""

from __future__ import annotations

import typer

from halokop_nlp.cli import evaluate, index, suggest


def build_app() -> typer.Typer:
    """The library's commands; the service adds its own groups to this app."""
    app = typer.Typer(
        help="HALO KOP-UKM Assist: question matching for the HALO KOP-UKM column.",
        no_args_is_help=True,
        add_completion=False,
    )
    app.add_typer(index.app, name="index")
    app.command("suggest")(suggest.suggest)
    app.command("eval")(evaluate.evaluate)
    return app


def main() -> None:
    build_app()()
