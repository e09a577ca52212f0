"""Administration: index versions and rebuilds, users, the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import AdminUser, BuildsDep, SessionDep, StateDep
from api.errors import NotFound
from api.repository import audit as audit_repo
from api.repository import builds as builds_repo
from api.repository import users as users_repo
from api.schemas.admin import (
    ActivateCreate,
    ActivatePublic,
    AuditList,
    AuditPublic,
    BuildPublic,
    IndexOverview,
    RebuildCreate,
)
from api.schemas.auth import UserCreate, UserList, UserPublic, UserUpdate
from api.schemas.common import NoNul
from api.services import index_admin, users

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/index")
def index_overview(session: SessionDep, state: StateDep, user: AdminUser) -> IndexOverview:
    """Index versions on disk, which one is live, and recent rebuilds."""
    return IndexOverview.model_validate(
        index_admin.overview(state=state, session=session), from_attributes=True
    )


@router.post("/index/rebuild", status_code=status.HTTP_202_ACCEPTED)
def rebuild(
    session: SessionDep, builds: BuildsDep, user: AdminUser, data: RebuildCreate | None = None
) -> BuildPublic:
    """Rebuild the index from the database in the background; follow it at /api/admin/index/builds/{id}."""
    build = builds.start(session=session, user=user, activate=(data or RebuildCreate()).activate)
    return BuildPublic.model_validate(build)


@router.get("/index/builds/{build_id}")
def build_status(
    build_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep, user: AdminUser
) -> BuildPublic:
    """Status of one rebuild."""
    build = builds_repo.get(session=session, build_id=build_id)
    if build is None:
        raise NotFound(f"there is no index build {build_id}")
    return BuildPublic.model_validate(build)


@router.post("/index/activate")
def activate(data: ActivateCreate, session: SessionDep, state: StateDep, user: AdminUser) -> ActivatePublic:
    """Switch the running service to a saved index version (also how to roll back)."""
    return ActivatePublic(
        **index_admin.activate_version(state=state, session=session, version=data.version, user=user)
    )


@router.get("/users")
def list_users(
    session: SessionDep,
    user: AdminUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> UserList:
    """Every account."""
    rows, total = users_repo.list_all(session=session, limit=limit, offset=offset)
    return UserList(items=[UserPublic.model_validate(u) for u in rows], total=total)


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(data: UserCreate, session: SessionDep, user: AdminUser) -> UserPublic:
    """Create an account with a role."""
    return UserPublic.model_validate(users.create_user(session=session, data=data, actor=user))


@router.patch("/users/{user_id}")
def update_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)], data: UserUpdate, session: SessionDep, user: AdminUser
) -> UserPublic:
    """Change an account's role, password or name, or disable it."""
    return UserPublic.model_validate(
        users.update_user(session=session, user_id=user_id, data=data, actor=user)
    )


@router.get("/audit")
def audit_log(
    session: SessionDep,
    user: AdminUser,
    action: Annotated[str | None, Query(max_length=64), NoNul] = None,
    object_type: Annotated[str | None, Query(max_length=32), NoNul] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AuditList:
    """Who changed what, newest first."""
    rows, total = audit_repo.list_recent(
        session=session, limit=limit, offset=offset, action=action, object_type=object_type
    )
    return AuditList(items=[AuditPublic.model_validate(r) for r in rows], total=total)
