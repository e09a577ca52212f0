"""Fixtures for the success-figure tests: a database with known answers, an app, one account per role.

Database tests run on SQLite, and again on PostgreSQL when ``HALOKOP_TEST_DATABASE_URL`` is set. On
PostgreSQL this package gets its own schema (``halokop_kpi_<random>``, dropped at the end), so it never
collides with the service tests running beside it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.core import db, security
from api.core.config import Settings
from api.main import create_app
from api.models import Base, Role, User
from tests.fakes import HashEncoder
from tests.kpi.known import seed_known

PG_ENV = "HALOKOP_TEST_DATABASE_URL"


def _psycopg(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _with_schema(base: str, schema: str) -> str:
    rendered = _psycopg(base)
    sep = "&" if "?" in rendered else "?"
    return f"{rendered}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def kpi_database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for this package's tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('kpi-db') / 'kpi.sqlite3'}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        yield url
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"halokop_kpi_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(_psycopg(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_schema(base, schema)
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def kpi_engine(kpi_database_url):
    """An engine on the test database; every table is emptied after the test."""
    engine = db.make_engine(kpi_database_url)
    yield engine
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def kpi_sessions(kpi_engine):
    return db.make_sessionmaker(kpi_engine)


@pytest.fixture
def known(kpi_sessions) -> dict[str, int]:
    """The database of ``tests/kpi/known.py``: question number -> question id."""
    with kpi_sessions() as session:
        return seed_known(session)


@pytest.fixture
def kpi_settings(tmp_path, kpi_database_url) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url=kpi_database_url,
        index_root=tmp_path / "index",  # empty: the service runs degraded, which these routes do not mind
        secret_key="kpi-test-secret-" + "x" * 40,
    )


@pytest.fixture(scope="session")
def password_hash() -> str:
    return security.hash_password("correct horse battery")


@dataclass
class Accounts:
    headers: dict[str, dict[str, str]]
    tokens: dict[str, str]

    def __getitem__(self, role: str) -> dict[str, str]:
        return self.headers[role]


@pytest.fixture
def accounts(kpi_sessions, kpi_settings, password_hash) -> Accounts:
    headers: dict[str, dict[str, str]] = {"public": {}}
    tokens = {}
    with kpi_sessions() as session:
        for role in Role:
            user = User(username=f"kpi-{role.value}", role=role.value, password_hash=password_hash)
            session.add(user)
            session.flush()
            tokens[role.value] = security.create_token(
                user_id=user.id, role=user.role, secret=kpi_settings.jwt_secret(), minutes=5
            )
            headers[role.value] = {"Authorization": f"Bearer {tokens[role.value]}"}
        session.commit()
    return Accounts(headers, tokens)


@pytest.fixture
def client(kpi_settings, kpi_engine) -> Iterator[TestClient]:
    with TestClient(create_app(kpi_settings, encoder=HashEncoder())) as c:
        yield c
