"""Fixtures for the success-figure tests: a database with known answers, an app, one account per role.

Database tests run on SQLite, and again on PostgreSQL when ``HALOKOP_TEST_DATABASE_URL`` is set. On
PostgreSQL this package gets its own schema (``halokop_kpi_<random>``, dropped at the end), so it never
collides with the service tests running beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.core import db, security
from api.core.config import Settings
from api.main import create_app
from api.models import Role, User
from tests.dbutil import DB_KINDS, emptied_after, migrated_database
from tests.fakes import HashEncoder
from tests.kpi.known import seed_known


@pytest.fixture(scope="session", params=DB_KINDS)
def kpi_database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for this package's tests (its own PostgreSQL schema)."""
    with migrated_database(request.param, tmp_path_factory.mktemp("kpi-db"), "halokop_kpi") as url:
        yield url


@pytest.fixture
def kpi_engine(kpi_database_url):
    """An engine on the test database; every table is emptied after the test."""
    with emptied_after(kpi_database_url) as engine:
        yield engine


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
