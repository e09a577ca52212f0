"""Users and their roles."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import User


def get(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create(*, session: Session, username: str, role: str, password_hash: str, full_name: str | None) -> User:
    user = User(username=username, role=role, password_hash=password_hash, full_name=full_name)
    session.add(user)
    session.flush()
    return user


def list_all(*, session: Session, limit: int, offset: int) -> tuple[list[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
    return list(rows), total
