"""Shared pieces of the schemas."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ().-]{5,30}$")


class Output(BaseModel):
    """A response read straight from database rows."""

    model_config = ConfigDict(from_attributes=True)


def no_nul(value: str | None) -> str | None:
    # PostgreSQL cannot store or compare NUL characters in text; say so instead of failing in the database.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL (\\x00) characters")
    return value


NoNul = AfterValidator(no_nul)


class Input(BaseModel):
    """A request body: unknown fields are refused, so a typo is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        return no_nul(value) if isinstance(value, str) else value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _blank_to_none(value: str | None) -> str | None:
    return value if value else None


def _email(value: str | None) -> str | None:
    if value and not EMAIL_RE.match(value):
        raise ValueError("is not an e-mail address")
    return value or None


def _phone(value: str | None) -> str | None:
    if value and not PHONE_RE.match(value):
        raise ValueError("is not a phone number (digits, optionally with +, spaces or dashes)")
    return value or None


Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
OptionalShort = Annotated[str | None, Field(max_length=200), AfterValidator(_blank_to_none)]
Email = Annotated[str | None, Field(max_length=254), AfterValidator(_email)]
Phone = Annotated[str | None, Field(max_length=40), AfterValidator(_phone)]
Category = Annotated[
    str | None, Field(max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$"), AfterValidator(_blank_to_none)
]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
