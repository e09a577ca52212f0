"""Background index rebuilds."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.models import BuildStatus, IndexBuild, utcnow


def create(*, session: Session, requested_by_id: int | None, activate: bool) -> IndexBuild:
    build = IndexBuild(requested_by_id=requested_by_id, activate=activate, status=BuildStatus.queued.value)
    session.add(build)
    session.flush()
    return build


def get(*, session: Session, build_id: int) -> IndexBuild | None:
    return session.get(IndexBuild, build_id)


def list_recent(*, session: Session, limit: int) -> list[IndexBuild]:
    return list(session.scalars(select(IndexBuild).order_by(IndexBuild.id.desc()).limit(limit)))


def unfinished(*, session: Session) -> list[IndexBuild]:
    return list(
        session.scalars(
            select(IndexBuild).where(
                IndexBuild.status.in_([BuildStatus.queued.value, BuildStatus.running.value])
            )
        )
    )


def fail_unfinished(*, session: Session, message: str) -> int:
    """Mark builds a previous run of the service left unfinished as failed."""
    result = session.execute(
        update(IndexBuild)
        .where(IndexBuild.status.in_([BuildStatus.queued.value, BuildStatus.running.value]))
        .values(status=BuildStatus.failed.value, message=message, finished_at=utcnow())
    )
    return result.rowcount or 0
