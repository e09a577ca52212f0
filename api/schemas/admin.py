"""Index versions, rebuilds, the audit log and the health report."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.models import BuildStatus
from api.schemas.common import Input, Output


class IndexVersion(BaseModel):
    version: str
    created_at: str | None
    encoder: str | None
    entries: int | None
    phrasings: int | None
    corpus_hash: str | None
    package_version: str | None
    calibration: dict
    evaluation: dict
    live: bool = Field(description="The version the running service answers with.")
    current: bool = Field(description="The version the service loads at startup.")


class BuildPublic(Output):
    id: int
    version: str | None
    status: BuildStatus
    activate: bool
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    entries: int | None
    calibration_source: str | None
    evaluation: dict | None
    message: str | None


class IndexOverview(BaseModel):
    live_version: str | None
    current_version: str | None
    encoder: str
    degraded: bool
    problems: list[str]
    versions: list[IndexVersion]
    builds: list[BuildPublic]


class RebuildCreate(Input):
    activate: bool = Field(True, description="Switch the service to the new version when it is built.")


class ActivateCreate(Input):
    version: Annotated[str, Field(min_length=1, max_length=64)]


class ActivatePublic(BaseModel):
    version: str
    previous: str | None
    entries: int
    synced: dict


class AuditPublic(Output):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    detail: dict


class AuditList(BaseModel):
    items: list[AuditPublic]
    total: int


class DatabaseHealth(BaseModel):
    ok: bool
    revision: str | None
    error: str | None


class IndexHealth(BaseModel):
    loaded: bool
    version: str | None
    entries: int | None


class EncoderHealth(BaseModel):
    name: str
    available: bool


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"]
    degraded: bool
    reasons: list[str]
    database: DatabaseHealth
    index: IndexHealth
    encoder: EncoderHealth
