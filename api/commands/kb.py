"""``halokop kb``: the knowledge base in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database

app = typer.Typer(help="Knowledge base (published entries) in the database.", no_args_is_help=True)


@app.command("import")
def import_kb(
    file: Annotated[Path, typer.Argument(help="Knowledge base, JSONL (ref, question, answer, ...).")],
) -> None:
    """Load a KB file as published entries; idempotent by ref (a changed entry is updated)."""
    from api.services.kb import import_entries
    from halokop_nlp import KBFormatError, read_kb

    try:
        entries = read_kb(file)
    except FileNotFoundError:
        raise fail(f"{file}: no such file") from None
    except KBFormatError as exc:
        raise fail(f"{file}: {exc}; nothing was imported") from None
    settings = load_settings()
    _, sessions = open_database(settings)
    with sessions() as session:
        counts = import_entries(session=session, entries=entries, actor_name="cli")
    typer.echo(
        f"{file}: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['alternates']} alternate phrasings added"
    )
    if counts["created"] or counts["updated"]:
        typer.echo("a running service picks them up at its next restart or index activation")
