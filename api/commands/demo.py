"""``halokop demo``: a working product on a fresh machine, in one command."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database, safe_url

app = typer.Typer(help="Demo installation.", no_args_is_help=True)

SAMPLE_KB = (Path("data/sample/kb.jsonl"), Path("tests/data/kb_small.jsonl"))
LABELLED = {Path("tests/data/kb_small.jsonl"): Path("tests/data/queries_small.jsonl")}
DEV_SET = Path("data/eval/dev.jsonl")
DEMO_USERS = (("demo-staf", "staf"), ("demo-pimpinan", "pimpinan"), ("demo-admin", "admin"))


def _first_existing(paths: tuple[Path, ...]) -> Path | None:
    return next((p for p in paths if p.is_file()), None)


@app.command("setup")
def setup(
    kb: Annotated[
        Path | None, typer.Option(help="Knowledge base to load (default: data/sample/kb.jsonl).")
    ] = None,
    labelled: Annotated[
        Path | None,
        typer.Option(help="Labelled queries to calibrate on (default: data/eval/dev.jsonl if present)."),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Build the index even if the current one already holds the same KB."),
    ] = False,
) -> None:
    """Migrate the database, load the sample KB, build the index, create one demo account per role."""
    from api.commands.index import build_from_database
    from api.core import db
    from api.repository import users as users_repo
    from api.schemas.auth import UserCreate
    from api.services.kb import import_entries
    from api.services.users import create_user
    from halokop_nlp import KBFormatError, read_kb

    settings = load_settings()
    kb = kb or _first_existing(SAMPLE_KB)
    if kb is None or not kb.is_file():
        raise fail(f"no knowledge base found (looked for {', '.join(map(str, SAMPLE_KB))}): give --kb FILE")
    if labelled is None:
        labelled = DEV_SET if DEV_SET.is_file() else LABELLED.get(kb)
    try:
        entries = read_kb(kb)
    except KBFormatError as exc:
        raise fail(f"{kb}: {exc}") from None

    engine, _ = open_database(settings, need_schema=False)
    db.upgrade(engine)
    typer.echo(f"1/4 database {safe_url(settings)} at schema {db.current_revision(engine)}")
    _, sessions = open_database(settings)
    with sessions() as session:
        counts = import_entries(session=session, entries=entries, actor_name="demo")
    typer.echo(
        f"2/4 knowledge base {kb}: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
    typer.echo(
        f"3/4 building the index ({settings.encoder}" + (f", calibrated on {labelled})" if labelled else ")")
    )
    build_from_database(
        encoder=settings.encoder,
        labelled=labelled,
        evaluate_on=None,
        activate=True,
        skip_if_current=not rebuild,
    )

    typer.echo("4/4 demo accounts (passwords are shown this once):")
    with sessions() as session:
        for username, role in DEMO_USERS:
            if users_repo.get_by_username(session=session, username=username) is not None:
                typer.echo(
                    f"    {username:<15} {role:<9} already exists, password unchanged "
                    f"(reset: halokop users set-password {username})"
                )
                continue
            password = secrets.token_urlsafe(9)
            create_user(
                session=session,
                data=UserCreate(username=username, password=password, role=role),
                actor=None,
                actor_name="demo",
            )
            typer.echo(f"    {username:<15} {role:<9} password: {password}")
    typer.echo("\nready: halokop serve --host 127.0.0.1 --port 8000   (then open http://127.0.0.1:8000/docs)")
