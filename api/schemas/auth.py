"""Login tokens and user accounts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from api.models import Role
from api.schemas.common import Input, OptionalShort, Output

Username = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
Password = Annotated[str, Field(min_length=8, max_length=128)]


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")
    role: Role


class UserCreate(Input):
    username: Username
    password: Password
    role: Role
    full_name: OptionalShort = None


class UserUpdate(Input):
    role: Role | None = None
    is_active: bool | None = None
    password: Password | None = None
    full_name: OptionalShort = None


class UserPublic(Output):
    id: int
    username: str
    full_name: str | None
    role: Role
    is_active: bool
    created_at: dt.datetime


class UserList(BaseModel):
    items: list[UserPublic]
    total: int
