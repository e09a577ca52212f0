"""The audit log: who changed what, and when."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import AuditLog, User


def record(
    *,
    session: Session,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object = None,
    detail: dict | None = None,
    actor_name: str | None = None,
) -> AuditLog:
    """Add an audit line (committed with the change it describes)."""
    row = AuditLog(
        actor_id=actor.id if actor else None,
        actor=actor.username if actor else (actor_name or "public"),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail or {},
    )
    session.add(row)
    return row


def list_recent(
    *, session: Session, limit: int, offset: int, action: str | None = None, object_type: str | None = None
) -> tuple[list[AuditLog], int]:
    query = select(AuditLog)
    if action:
        query = query.where(AuditLog.action == action)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditLog.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), total
