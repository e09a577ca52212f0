"""Helpers shared by the service's command groups."""

from __future__ import annotations

import typer
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.core.config import Settings, describe_errors


def fail(message: str) -> typer.Exit:
    """Print an error in plain words and return the exit to raise."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


def load_settings(**overrides: object) -> Settings:
    """The service settings (environment, .env), failing with a readable message."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise fail(f"invalid settings: {describe_errors(exc)}") from None


def open_database(settings: Settings, *, need_schema: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory; fails if the database is unreachable or (optionally) not migrated."""
    from api.core import db

    engine = db.make_engine(settings.database_url)  # type: ignore[arg-type]
    try:
        revision = db.current_revision(engine)
    except Exception as exc:  # noqa: BLE001 - any connection failure is reported the same way
        raise fail(f"cannot reach the database {_safe_url(settings)}: {exc}") from None
    if need_schema and revision != db.head_revision():
        raise fail(
            f"the database {_safe_url(settings)} is at schema {revision or '(empty)'}: "
            "run `halokop db upgrade` first"
        )
    return engine, db.make_sessionmaker(engine)


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)  # type: ignore[arg-type]


safe_url = _safe_url
