"""``halokop serve``: run the web service."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from api.commands._common import load_settings


def serve(
    host: Annotated[str, typer.Option(envvar="HALOKOP_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(envvar="HALOKOP_PORT", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the API (one process: the live index and background rebuilds live in it)."""
    import uvicorn

    from api.main import create_app

    settings = load_settings()
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    typer.echo(f"HALO KOP-UKM Assist on http://{host}:{port} (API docs at /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level.lower())
