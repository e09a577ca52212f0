"""The service's settings: environment variables with the ``HALOKOP_`` prefix, or a ``.env`` file.

Every setting is checked when the service starts, so a typo stops it with a message instead of
failing on the first request.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # The office writes settings in Indonesian too.
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "sabtu": 5,
    "minggu": 6,
}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SECRET_FILE = "secret_key"
MIN_SECRET_CHARS = 32


class Settings(BaseSettings):
    """Everything the service can be told from outside.

    Paths are relative to the working directory unless absolute.
    """

    model_config = SettingsConfigDict(
        env_prefix="HALOKOP_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        Path("var"), description="Where the SQLite database and the generated secret live."
    )
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: SQLite file halokop.sqlite3 in data_dir."
    )
    index_root: Path = Field(Path("models/index"), description="Directory holding index versions.")
    encoder: str = Field("bundled:e5-small", description="bundled:e5-small or st:NAME_OR_PATH.")
    secret_key: SecretStr | None = Field(
        None, description="Signs login tokens; generated and kept in data_dir/secret_key if unset."
    )
    access_token_minutes: int = Field(480, ge=5, le=60 * 24 * 30, description="Login token lifetime.")
    max_question_chars: int = Field(4000, ge=50, le=100_000, description="Longest question text accepted.")
    max_answer_chars: int = Field(20_000, ge=100, le=200_000, description="Longest answer text accepted.")
    max_import_bytes: int = Field(5_000_000, ge=1_000, description="Largest bulk-import file accepted.")
    max_import_rows: int = Field(10_000, ge=1, description="Most rows one bulk import may hold.")
    publish_weekday: Annotated[int, NoDecode] = Field(
        3, description="Weekday editions are published on: a name (thursday, kamis) or 0-6 with Monday = 0."
    )
    timezone: str = Field("Asia/Jakarta", description="The office's time zone (edition dates, weekdays).")
    suggestions: int = Field(5, ge=1, le=20, description="How many matches are stored per question.")
    calibration_min_positives: int = Field(
        20, ge=2, description="Labelled (question, entry) pairs needed before a rebuild recalibrates."
    )
    calibration_min_negatives: int = Field(
        5, ge=1, description="Labelled out-of-scope questions needed before a rebuild recalibrates."
    )
    eval_file: Path | None = Field(
        None, description="Labelled queries (JSONL q, target) to evaluate rebuilds on."
    )
    auto_migrate: bool = Field(False, description="Upgrade the database schema when the service starts.")

    @field_validator("publish_weekday", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            day = value
        elif isinstance(value, str) and value.strip().isdigit():
            day = int(value.strip())
        elif isinstance(value, str) and value.strip().lower() in WEEKDAYS:
            return WEEKDAYS[value.strip().lower()]
        else:
            raise ValueError(
                f"publish_weekday {value!r} is not a weekday: use a name such as 'thursday' or 'kamis', "
                "or a number 0-6 with Monday = 0"
            )
        if not 0 <= day <= 6:
            raise ValueError(f"publish_weekday {day} is out of range: use 0-6 with Monday = 0")
        return day

    @field_validator("encoder")
    @classmethod
    def _encoder(cls, value: str) -> str:
        kind, _, arg = value.partition(":")
        if kind == "bundled" or (kind == "st" and arg):
            return value
        raise ValueError(f"encoder {value!r} is not known: use 'bundled:e5-small' or 'st:NAME_OR_PATH'")

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone {value!r} is not a known IANA time zone (e.g. 'Asia/Jakarta'); "
                "on Windows install the 'tzdata' package"
            ) from None
        return value

    @field_validator("secret_key")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(
                f"secret_key must be at least {MIN_SECRET_CHARS} characters; leave it unset to have one "
                'generated, or make one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return value

    @model_validator(mode="after")
    def _database(self) -> Settings:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        if self.database_url is None:
            self.database_url = f"sqlite:///{(self.data_dir / 'halokop.sqlite3').as_posix()}"
        try:
            url = make_url(self.database_url)
        except ArgumentError:
            raise ValueError(
                f"database_url {self.database_url!r} is not a database URL: use e.g. "
                "'sqlite:///var/halokop.sqlite3' or 'postgresql+psycopg://user@host:5432/dbname'"
            ) from None
        if url.drivername in ("postgresql", "postgres"):
            # psycopg (v3) is the driver that is installed; say so rather than rely on the dialect's default.
            url = url.set(drivername="postgresql+psycopg")
            self.database_url = url.render_as_string(hide_password=False)
        backend = url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"database_url uses {backend!r}: only SQLite and PostgreSQL are supported")
        return self

    # --------------------------------------------------------------- derived
    @property
    def is_sqlite(self) -> bool:
        return str(self.database_url).startswith("sqlite")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def publish_weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.publish_weekday]

    def jwt_secret(self) -> str:
        """The token-signing secret: the configured one, or one generated once and kept in data_dir.

        Never hard-coded: a fresh install gets its own random secret, stored with owner-only permissions.
        """
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / SECRET_FILE
        if path.is_file():
            value = path.read_text("utf-8").strip()
            if len(value) >= MIN_SECRET_CHARS:
                return value
            raise ValueError(f"{path} holds a secret shorter than {MIN_SECRET_CHARS} characters: delete it")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(value + "\n")
        try:
            # Two processes starting at once: the first secret written wins, both use it.
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return path.read_text("utf-8").strip()


def describe_errors(exc: Exception) -> str:
    """One readable line per invalid setting (for the CLI and the startup log)."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return str(exc)
    lines = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "settings"
        message = err["msg"].removeprefix("Value error, ")
        lines.append(f"HALOKOP_{name.upper()}: {message}" if err["loc"] else message)
    return "; ".join(lines)
