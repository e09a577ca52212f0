"""Login."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from api.core import security
from api.deps import CurrentUser, SessionDep, StateDep
from api.schemas.auth import Token, UserPublic
from api.services import users

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token")
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep, state: StateDep
) -> Token:
    """Exchange a username and password (form fields) for a bearer token."""
    if len(form.password) > security.MAX_PASSWORD_CHARS or len(form.username) > 64 or "\x00" in form.username:
        raise HTTPException(401, "wrong username or password", headers={"WWW-Authenticate": "Bearer"})
    user = users.authenticate(session=session, username=form.username, password=form.password)
    if user is None:
        raise HTTPException(401, "wrong username or password", headers={"WWW-Authenticate": "Bearer"})
    minutes = state.settings.access_token_minutes
    token = security.create_token(user_id=user.id, role=user.role, secret=state.secret, minutes=minutes)
    return Token(access_token=token, expires_in=minutes * 60, role=user.role)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    """The logged-in account."""
    return UserPublic.model_validate(user)
