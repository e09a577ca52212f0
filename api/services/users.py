"""User accounts and logins."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core import security
from api.errors import Conflict, InvalidInput, NotFound
from api.models import Role, User
from api.repository import audit
from api.repository import users as repo
from api.schemas.auth import UserCreate, UserUpdate


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (same work either way: no username probing)."""
    user = repo.get_by_username(session=session, username=username.strip().lower())
    ok = security.verify_password(password, user.password_hash if user else None)
    return user if ok and user is not None and user.is_active else None


def create_user(
    *, session: Session, data: UserCreate, actor: User | None, actor_name: str | None = None
) -> User:
    try:
        security.check_password_strength(data.password, data.username)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if repo.get_by_username(session=session, username=data.username) is not None:
        raise Conflict(f"there is already a user {data.username!r}")
    user = repo.create(
        session=session,
        username=data.username,
        role=data.role.value,
        password_hash=security.hash_password(data.password),
        full_name=data.full_name,
    )
    audit.record(
        session=session,
        actor=actor,
        actor_name=actor_name,
        action="user.create",
        object_type="user",
        object_id=user.id,
        detail={"username": user.username, "role": user.role},
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"there is already a user {data.username!r}") from None
    return user


def update_user(*, session: Session, user_id: int, data: UserUpdate, actor: User) -> User:
    user = repo.get(session=session, user_id=user_id)
    if user is None:
        raise NotFound(f"there is no user {user_id}")
    if user.id == actor.id and (data.is_active is False or (data.role and data.role != Role.admin)):
        raise Conflict("you cannot deactivate yourself or take away your own admin role")
    changes: dict = {}
    if data.role is not None and data.role.value != user.role:
        changes["role"] = [user.role, data.role.value]
        user.role = data.role.value
    if data.is_active is not None and data.is_active != user.is_active:
        changes["is_active"] = data.is_active
        user.is_active = data.is_active
    if data.full_name is not None:
        user.full_name = data.full_name
        changes["full_name"] = True
    if data.password is not None:
        try:
            security.check_password_strength(data.password, user.username)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        user.password_hash = security.hash_password(data.password)
        changes["password"] = "changed"
    audit.record(
        session=session,
        actor=actor,
        action="user.update",
        object_type="user",
        object_id=user.id,
        detail=changes,
    )
    session.commit()
    return user


def set_password(*, session: Session, username: str, password: str, actor_name: str) -> User:
    user = repo.get_by_username(session=session, username=username)
    if user is None:
        raise NotFound(f"there is no user {username!r}")
    try:
        security.check_password_strength(password, username)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    user.password_hash = security.hash_password(password)
    audit.record(
        session=session,
        actor=None,
        actor_name=actor_name,
        action="user.set_password",
        object_type="user",
        object_id=user.id,
    )
    session.commit()
    return user
