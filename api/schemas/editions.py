"""Weekly editions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from api.models import EditionStatus, QuestionStatus
from api.schemas.common import Id, Input, Output

QuestionIds = Annotated[list[Id], Field(min_length=1, max_length=200)]


def _unique(ids: list[int]) -> list[int]:
    seen = [i for n, i in enumerate(ids) if i in ids[:n]]
    if seen:
        raise ValueError(f"question ids must not repeat (repeated: {sorted(set(seen))})")
    return ids


class EditionCreate(Input):
    publish_date: dt.date | None = Field(
        None, description="Must fall on the publishing weekday; default: the next one (today included)."
    )
    title: Annotated[str | None, Field(max_length=200)] = None


class EditionItemsCreate(Input):
    """Approved questions to add, in this order."""

    question_ids: QuestionIds
    position: int | None = Field(
        None, ge=1, description="Insert at this 1-based position (default: at the end)."
    )

    _check = field_validator("question_ids")(_unique)


class EditionItemsOrder(Input):
    """Every question of the edition, in the new order."""

    question_ids: QuestionIds

    _check = field_validator("question_ids")(_unique)


class EditionItemPublic(BaseModel):
    question_id: int
    position: int
    question: str
    answer: str | None
    category: str | None
    status: QuestionStatus
    entry_ref: str | None


class EditionPublic(Output):
    id: int
    publish_date: dt.date
    title: str
    status: EditionStatus
    created_at: dt.datetime
    published_at: dt.datetime | None
    items: list[EditionItemPublic]


class EditionList(BaseModel):
    items: list[EditionPublic]
    total: int
