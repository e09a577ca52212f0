"""``halokop edition export N --out DIR``: an edition's publishing kit as a ZIP file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database

app = typer.Typer(help="Weekly editions.", no_args_is_help=True)


@app.command("export")
def export(
    edition_id: Annotated[int, typer.Argument(help="The edition's id (as in GET /api/editions).", min=1)],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Directory to write the ZIP into (created if missing).", envvar="HALOKOP_KIT_OUT"
        ),
    ] = Path("."),
) -> None:
    """Write the edition's publishing kit (Instagram cards, caption, TikTok script) as one ZIP."""
    from api.errors import ServiceError
    from api.kit_routes import kit_zip

    _, sessions = open_database(load_settings())
    with sessions() as session:
        try:
            name, data = kit_zip(session, edition_id)
        except ServiceError as exc:
            raise fail(exc.message) from None
    if out.exists() and not out.is_dir():
        raise fail(f"--out {out} is a file; give a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        path = out / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # never leave half a ZIP under the real name
    except OSError as exc:
        raise fail(f"cannot write into {out}: {exc}") from None
    typer.echo(f"edition {edition_id}: {path} ({len(data):,} bytes)")


def register(app_: typer.Typer) -> None:
    """Add ``halokop edition export`` to the command line."""
    app_.add_typer(app, name="edition")
