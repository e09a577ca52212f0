"""Everything the running service holds: settings, database, the live index, the rebuild worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.core.config import Settings
from api.services.live_index import LiveIndex

if TYPE_CHECKING:
    from api.services.index_admin import BuildManager
    from halokop_nlp import Encoder


@dataclass
class ServiceState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    live: LiveIndex
    encoder: Encoder | None
    secret: str
    builds: BuildManager | None = None
    schema_problem: str | None = None
