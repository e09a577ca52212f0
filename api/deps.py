"""Dependencies routes declare: settings, a database session, the live index, the logged-in user.

Everything heavy is created once in the app's lifespan (``api.main``) and only handed out here;
tests replace any of it with ``app.dependency_overrides[get_live_index] = ...``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from api.core import security
from api.core.config import Settings
from api.models import Role, User
from api.repository import users as users_repo
from api.services.index_admin import BuildManager
from api.services.live_index import LiveIndex
from api.state import ServiceState


def get_state(request: Request) -> ServiceState:
    state = getattr(request.app.state, "service", None)
    if state is None:  # only if the app is used without its lifespan
        raise HTTPException(503, "the service is starting; try again in a moment")
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


def get_session(state: StateDep) -> Iterator[Session]:
    with state.sessions() as session:
        yield session


def get_live_index(state: StateDep) -> LiveIndex:
    return state.live


def get_builds(state: StateDep) -> BuildManager:
    assert state.builds is not None
    return state.builds


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
LiveIndexDep = Annotated[LiveIndex, Depends(get_live_index)]
BuildsDep = Annotated[BuildManager, Depends(get_builds)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)

_UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def get_current_user(
    state: StateDep, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    """The user the bearer token names; 401 if there is no valid token or the account is disabled."""
    if not token:
        raise HTTPException(
            401,
            "this route needs a login: send 'Authorization: Bearer <token>' "
            "(get one from POST /api/auth/token)",
            headers=_UNAUTHORIZED,
        )
    try:
        user_id = security.read_token(token, secret=state.secret)
    except security.TokenError as exc:
        raise HTTPException(401, str(exc), headers=_UNAUTHORIZED) from None
    user = users_repo.get(session=session, user_id=user_id)
    if user is None or not user.is_active:
        raise HTTPException(401, "this account no longer exists or is disabled", headers=_UNAUTHORIZED)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require(*roles: Role):
    """A dependency that lets only these roles through (403 for the others). The role is read from
    the database on every request, so a changed role or a disabled account counts at once."""
    allowed = {r.value for r in roles}
    names = " or ".join(r.value for r in roles)

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise HTTPException(403, f"this route is for the {names} role; you are {user.role}")
        return user

    return check


StafUser = Annotated[User, Depends(require(Role.staf))]
ReaderUser = Annotated[User, Depends(require(Role.staf, Role.pimpinan))]
PimpinanUser = Annotated[User, Depends(require(Role.pimpinan))]
EditorUser = Annotated[User, Depends(require(Role.staf, Role.pimpinan))]
AdminUser = Annotated[User, Depends(require(Role.admin))]
