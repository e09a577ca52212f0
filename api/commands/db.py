"""``halokop db``: the database schema."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database, safe_url

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Option(help="Schema revision to go to.")] = "head",
    database_url: Annotated[
        str | None,
        typer.Option(envvar="HALOKOP_DATABASE_URL", help="Database URL (default: SQLite in var/)."),
    ] = None,
) -> None:
    """Create or migrate the database schema (SQLite or PostgreSQL)."""
    from api.core import db

    settings = load_settings(database_url=database_url)
    engine, _ = open_database(settings, need_schema=False)
    before = db.current_revision(engine)
    try:
        db.upgrade(engine, revision)
    except Exception as exc:  # noqa: BLE001 - report any migration failure in plain words
        raise fail(f"migration failed: {exc}") from None
    after = db.current_revision(engine)
    typer.echo(f"{safe_url(settings)}: schema {before or '(empty)'} -> {after}")


@app.command("current")
def current(
    database_url: Annotated[
        str | None, typer.Option(envvar="HALOKOP_DATABASE_URL", help="Database URL.")
    ] = None,
) -> None:
    """Show the database's schema revision and the one this code expects."""
    from api.core import db

    settings = load_settings(database_url=database_url)
    engine, _ = open_database(settings, need_schema=False)
    typer.echo(
        f"{safe_url(settings)}: schema {db.current_revision(engine) or '(empty)'}, "
        f"code expects {db.head_revision()}"
    )
