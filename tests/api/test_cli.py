"""The service's commands: db upgrade, kb import, index build, users, demo setup."""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli import build_app
from api.core import db
from api.services.index_versions import list_versions, read_pointer
from halokop_nlp import read_kb
from tests.dbutil import PG_ENV, url_with_schema
from tests.fakes import HashEncoder

DATA = Path(__file__).parent.parent / "data"
KB = DATA / "kb_small.jsonl"
QUERIES = DATA / "queries_small.jsonl"
ALTERNATES = sum(len(e.alternates) for e in read_kb(KB))


@pytest.fixture
def env(monkeypatch, tmp_path) -> dict:
    """A clean HALOKOP_ environment pointing into tmp_path, and the fake encoder behind every spec."""
    for name in list(os.environ):
        if name.startswith("HALOKOP_") and name != PG_ENV:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    values = {
        "HALOKOP_DATA_DIR": str(tmp_path / "var"),
        "HALOKOP_INDEX_ROOT": str(tmp_path / "index"),
        "HALOKOP_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'cli.sqlite3'}",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    encoder = HashEncoder()
    monkeypatch.setattr("halokop_nlp.get_encoder", lambda spec="bundled:e5-small": encoder)
    monkeypatch.setattr("halokop_nlp.encoders.get_encoder", lambda spec="bundled:e5-small": encoder)
    return values


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(build_app(), list(args), input=input)


def test_upgrade_db(env):
    first = run("db", "upgrade")
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith(": schema (empty) -> 0001")
    assert run("db", "upgrade").output.strip().endswith(": schema 0001 -> 0001")
    assert run("db", "current").output.strip().endswith("schema 0001, code expects 0001")


def test_upgrade_db_postgres(env, monkeypatch):
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"halokop_cli_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        monkeypatch.setenv("HALOKOP_DATABASE_URL", url_with_schema(base, schema))
        result = run("db", "upgrade")
        assert result.exit_code == 0, result.output
        assert "schema (empty) -> 0001" in result.output
        assert run("kb", "import", str(KB)).output.startswith(f"{KB}: 12 created")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_import_kb_twice(env):
    run("db", "upgrade")
    first = run("kb", "import", str(KB))
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == (
        f"{KB}: 12 created, 0 updated, 0 unchanged, {ALTERNATES} alternate phrasings added"
    )
    second = run("kb", "import", str(KB))
    assert (
        second.output.splitlines()[0]
        == f"{KB}: 0 created, 0 updated, 12 unchanged, 0 alternate phrasings added"
    )


def test_import_kb_changed_entry(env, tmp_path):
    run("db", "upgrade")
    run("kb", "import", str(KB))
    rows = [json.loads(line) for line in KB.read_text("utf-8").splitlines()]
    rows[0]["answer"] = "Jawaban yang diperbarui."
    changed = tmp_path / "kb.jsonl"
    changed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    assert run("kb", "import", str(changed)).output.startswith(
        f"{changed}: 0 created, 1 updated, 11 unchanged"
    )


def test_import_kb_invalid(env, tmp_path):
    run("db", "upgrade")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"ref": "a", "question": "q?", "answer": "a."}\n{"ref": "b", "question": "q2?"}\n', "utf-8"
    )
    result = run("kb", "import", str(bad))
    assert result.exit_code == 1
    assert f"error: {bad}: line 2: missing required field 'answer'; nothing was imported" in result.output


def test_import_kb_before_upgrade(env):
    result = run("kb", "import", str(KB))
    assert result.exit_code == 1
    assert "is at schema (empty): run `halokop db upgrade` first" in result.output


def test_create_user(env):
    run("db", "upgrade")
    created = run("users", "create", "rina", "--role", "staf", "--password", "kopi-pagi-cibinong")
    assert (created.exit_code, created.output.strip()) == (0, "created rina (staf)")
    prompted = run("users", "create", "budi", "--role", "pimpinan", input="rahasia-sekali\nrahasia-sekali\n")
    assert prompted.exit_code == 0, prompted.output
    assert prompted.output.strip().endswith("created budi (pimpinan)")
    again = run("users", "create", "rina", "--role", "admin", "--password", "kopi-pagi-cibinong")
    assert (again.exit_code, "error: there is already a user 'rina'" in again.output) == (1, True)
    weak = run("users", "create", "sari", "--role", "staf", "--password", "pendek")
    assert weak.exit_code == 1
    assert "field 'password': String should have at least 8 characters" in weak.output
    role = run("users", "create", "sari", "--role", "root", "--password", "kopi-pagi-cibinong")
    assert role.exit_code == 2
    listed = run("users", "list").output.split()
    assert listed == ["rina", "staf", "active", "budi", "pimpinan", "active"]


def test_build_index_from_db(env):
    run("db", "upgrade")
    run("kb", "import", str(KB))
    result = run("index", "build", "--labelled", str(QUERIES))
    assert result.exit_code == 0, result.output
    version = read_pointer(Path(env["HALOKOP_INDEX_ROOT"]))
    assert re.fullmatch(r"\d{8}-\d{6}", version)
    assert f"indexed 12 entries ({12 + ALTERNATES} phrasings) with test:hash in " in result.output
    assert f"-> {env['HALOKOP_INDEX_ROOT']}/{version}" in result.output
    assert "calibration (" in result.output
    again = run("index", "build", "--from-db", "--no-activate")
    assert again.exit_code == 0, again.output
    assert f"calibration (carried over from {version}" in again.output
    assert read_pointer(Path(env["HALOKOP_INDEX_ROOT"])) == version
    assert len(list_versions(Path(env["HALOKOP_INDEX_ROOT"]))) == 2
    listing = run("index", "list").output
    assert f"* {version}" in listing


def test_build_index_from_empty_db(env):
    run("db", "upgrade")
    result = run("index", "build", "--from-db")
    assert result.exit_code == 1
    assert "the database has no published entries: import a knowledge base" in result.output


def test_build_index_from_file(env, tmp_path):
    out = tmp_path / "file-index"
    result = run("index", "build", "--from-file", str(KB), "--labelled", str(QUERIES), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file()
    assert (
        run("index", "build", "--from-file", str(KB)).output.strip()
        == "error: --from-file needs --out DIRECTORY"
    )
    both = run("index", "build", "--from-file", str(KB), "--from-db")
    assert both.output.strip() == "error: give either --from-file FILE or --from-db, not both"


def test_activate_index_version(env):
    run("db", "upgrade")
    run("kb", "import", str(KB))
    run("index", "build", "--labelled", str(QUERIES))
    first = read_pointer(Path(env["HALOKOP_INDEX_ROOT"]))
    run("index", "build")
    assert read_pointer(Path(env["HALOKOP_INDEX_ROOT"])) != first
    assert run("index", "activate", first).exit_code == 0
    assert read_pointer(Path(env["HALOKOP_INDEX_ROOT"])) == first
    missing = run("index", "activate", "nope")
    assert missing.exit_code == 1


def test_setup_demo(env):
    result = run("demo", "setup", "--kb", str(KB), "--labelled", str(QUERIES))
    assert result.exit_code == 0, result.output
    passwords = dict(re.findall(r"^\s+(demo-\w+)\s+\w+\s+password: (\S+)$", result.output, re.M))
    assert sorted(passwords) == ["demo-admin", "demo-pimpinan", "demo-staf"]
    assert "2/4 knowledge base" in result.output and "12 created" in result.output
    from api.core.config import Settings
    from api.services.users import authenticate

    engine = db.make_engine(Settings(_env_file=None).database_url)
    with db.make_sessionmaker(engine)() as session:
        assert (
            authenticate(session=session, username="demo-admin", password=passwords["demo-admin"]).role
            == "admin"
        )
    engine.dispose()
    again = run("demo", "setup", "--kb", str(KB), "--labelled", str(QUERIES))
    assert again.exit_code == 0, again.output
    assert "already holds the database's entries with test:hash: not rebuilt" in again.output
    assert "password:" not in again.output
    assert again.output.count("already exists, password unchanged") == 3
