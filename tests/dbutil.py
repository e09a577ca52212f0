"""Test databases shared by the service and figures suites: SQLite, or a schema on PostgreSQL.

``HALOKOP_TEST_DATABASE_URL`` names the PostgreSQL server; each caller gets its own schema (created,
migrated, and dropped at the end), so suites running side by side never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from api.core import db
from api.models import Base

PG_ENV = "HALOKOP_TEST_DATABASE_URL"
DB_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def psycopg_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def url_with_schema(base: str, schema: str) -> str:
    rendered = psycopg_url(base)
    sep = "&" if "?" in rendered else "?"
    return f"{rendered}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def migrated_database(kind: str, directory: Path, schema_prefix: str) -> Iterator[str]:
    """A migrated, empty database URL: a SQLite file in ``directory`` or a fresh PostgreSQL schema."""
    if kind == "sqlite":
        url = f"sqlite:///{directory / 'test.sqlite3'}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        yield url
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"{schema_prefix}_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(psycopg_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = url_with_schema(base, schema)
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def emptied_after(url: str) -> Iterator[Engine]:
    """An engine on ``url``; every table is emptied when the block ends."""
    engine = db.make_engine(url)
    try:
        yield engine
    finally:
        with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        engine.dispose()
