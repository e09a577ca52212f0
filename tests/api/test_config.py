"""Settings: the HALOKOP_ environment, .env, defaults and fail-fast validation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.core.config import Settings, describe_errors


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("HALOKOP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_read_settings_defaults():
    s = Settings()
    assert s.database_url == "sqlite:///var/halokop.sqlite3"
    assert (s.index_root, s.encoder, s.publish_weekday_name) == (
        Path("models/index"),
        "bundled:e5-small",
        "thursday",
    )
    assert (s.max_question_chars, s.access_token_minutes, s.timezone) == (4000, 480, "Asia/Jakarta")


def test_read_settings_from_environment_and_dotenv(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text(
        "HALOKOP_PUBLISH_WEEKDAY=minggu\nHALOKOP_MAX_QUESTION_CHARS=900\n", "utf-8"
    )
    monkeypatch.setenv("HALOKOP_MAX_QUESTION_CHARS", "1200")
    monkeypatch.setenv("HALOKOP_DATA_DIR", "/srv/halokop")
    s = Settings()
    assert (s.publish_weekday, s.max_question_chars) == (6, 1200)  # the environment wins over .env
    assert s.database_url == "sqlite:////srv/halokop/halokop.sqlite3"


def test_read_settings_postgres_url():
    s = Settings(database_url="postgresql://halokop:pw@db.internal:5432/halokop")
    assert s.database_url == "postgresql+psycopg://halokop:pw@db.internal:5432/halokop"
    assert not s.is_sqlite


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        (
            "HALOKOP_PUBLISH_WEEKDAY",
            "funday",
            "HALOKOP_PUBLISH_WEEKDAY: publish_weekday 'funday' is not a weekday: use a "
            "name such as 'thursday' or 'kamis', or a number 0-6 with Monday = 0",
        ),
        (
            "HALOKOP_PUBLISH_WEEKDAY",
            "9",
            "HALOKOP_PUBLISH_WEEKDAY: publish_weekday 9 is out of range: use 0-6 with Monday = 0",
        ),
        ("HALOKOP_DATABASE_URL", "mysql://u@h/db", "only SQLite and PostgreSQL are supported"),
        ("HALOKOP_DATABASE_URL", "not a url", "is not a database URL"),
        ("HALOKOP_ENCODER", "openai:ada", "HALOKOP_ENCODER: encoder 'openai:ada' is not known"),
        ("HALOKOP_SECRET_KEY", "short", "HALOKOP_SECRET_KEY: secret_key must be at least 32 characters"),
        (
            "HALOKOP_TIMEZONE",
            "Mars/Olympus",
            "HALOKOP_TIMEZONE: timezone 'Mars/Olympus' is not a known IANA time zone",
        ),
        (
            "HALOKOP_MAX_QUESTION_CHARS",
            "10",
            "HALOKOP_MAX_QUESTION_CHARS: Input should be greater than or equal to 50",
        ),
    ],
)
def test_read_settings_invalid(monkeypatch, env, value, message):
    monkeypatch.setenv(env, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert message in describe_errors(caught.value)


def test_generate_secret_once(tmp_path):
    s = Settings(data_dir=tmp_path / "var")
    first = s.jwt_secret()
    path = tmp_path / "var" / "secret_key"
    assert len(first) >= 60
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path / "var").jwt_secret() == first
    assert Settings(data_dir=tmp_path / "other").jwt_secret() != first


def test_use_configured_secret(tmp_path):
    s = Settings(data_dir=tmp_path / "var", secret_key="k" * 40)
    assert s.jwt_secret() == "k" * 40
    assert not (tmp_path / "var" / "secret_key").exists()
