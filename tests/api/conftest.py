"""Fixtures for the service tests.

Every database test runs against SQLite, and again against PostgreSQL when
``HALOKOP_TEST_DATABASE_URL`` is set (each session gets its own schema there, dropped at the end;
each test starts from empty tables). The app loads a copy of the small index built once per session
with the fake encoder (``built_small_dir`` from tests/conftest.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.core import db, security
from api.core.config import Settings
from api.main import create_app
from api.models import Role, User
from api.services.index_versions import write_pointer
from api.services.kb import import_entries
from tests.api.util import ControlledEncoder
from tests.dbutil import DB_KINDS, emptied_after, migrated_database

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", params=DB_KINDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, or a fresh schema on the PostgreSQL test server."""
    with migrated_database(request.param, tmp_path_factory.mktemp("db"), "halokop_test") as url:
        yield url


@pytest.fixture
def db_engine(database_url):
    """An engine on the test database; every table is emptied after the test."""
    with emptied_after(database_url) as engine:
        yield engine


@pytest.fixture
def sessions(db_engine):
    return db.make_sessionmaker(db_engine)


@pytest.fixture
def index_root(tmp_path, built_small_dir) -> Path:
    """An index root holding a copy of the small index as version ``v1``, the current one."""
    root = tmp_path / "index"
    shutil.copytree(built_small_dir, root / "v1")
    write_pointer(root, "v1")
    return root


@pytest.fixture
def settings(tmp_path, database_url, index_root) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url=database_url,
        index_root=index_root,
        secret_key="test-secret-" + "x" * 40,
        calibration_min_positives=5,
        calibration_min_negatives=2,
    )


@pytest.fixture(scope="session")
def password_hash() -> str:
    return security.hash_password(PASSWORD)  # argon2 is slow on purpose: hash once


@dataclass
class Accounts:
    """One user per role, with ready bearer headers."""

    users: dict[str, User]
    headers: dict[str, dict[str, str]]

    def __getitem__(self, role: str) -> dict[str, str]:
        return self.headers[role]


@pytest.fixture
def accounts(sessions, settings, password_hash) -> Accounts:
    users, headers = {}, {}
    with sessions() as session:
        for role in Role:
            user = User(
                username=f"{role.value}1",
                role=role.value,
                password_hash=password_hash,
                full_name=f"Test {role.value}",
            )
            session.add(user)
            session.flush()
            users[role.value] = user
            token = security.create_token(
                user_id=user.id, role=user.role, secret=settings.jwt_secret(), minutes=5
            )
            headers[role.value] = {"Authorization": f"Bearer {token}"}
        session.commit()
    headers["public"] = {}
    return Accounts(users, headers)


@pytest.fixture
def seeded(sessions, small_entries) -> None:
    """The small KB as published entries in the database (what the small index was built from)."""
    with sessions() as session:
        import_entries(session=session, entries=small_entries, actor_name="test")


@pytest.fixture
def encoder(hash_encoder) -> ControlledEncoder:
    """The fake encoder the app runs with; tests can count its work or break it."""
    return ControlledEncoder(hash_encoder)


@pytest.fixture
def app(settings, encoder, seeded, db_engine):
    return create_app(settings, encoder=encoder)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def state(client):
    """The running service's state (live index, settings, sessions)."""
    return client.app.state.service
