"""Alembic migrations: they build exactly the models' schema, and go down and up again."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from api.core import db
from api.models import Base
from tests.dbutil import PG_ENV, url_with_schema


def test_upgrade_database_matches_models(db_engine):
    with db_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert db.current_revision(db_engine) == db.head_revision() == "0001"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield engine
        engine.dispose()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"halokop_mig_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = db.make_engine(url_with_schema(base, schema))
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_downgrade_and_upgrade_database(fresh_engine):
    assert db.current_revision(fresh_engine) is None
    db.upgrade(fresh_engine)
    tables = set(inspect(fresh_engine).get_table_names())
    assert {
        "users",
        "entries",
        "entry_alternates",
        "questions",
        "suggestions",
        "editions",
        "edition_items",
        "audit_log",
        "index_builds",
        "alembic_version",
    } <= tables
    db.downgrade(fresh_engine, "base")
    assert set(inspect(fresh_engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(fresh_engine)
    assert db.current_revision(fresh_engine) == "0001"
