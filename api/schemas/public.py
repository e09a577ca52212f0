"""What citizens send and see: published entries, the question form, tracking. No personal data here."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import Email, Input, OptionalShort, Phone, Text


class EntryPublic(BaseModel):
    """A published question with its answer."""

    ref: str
    question: str
    answer: str
    category: str | None
    published_at: dt.date | None


class SearchHit(EntryPublic):
    score: float | None = Field(description="How well the entry matches the query (0-1); none when listing.")


class SearchList(BaseModel):
    items: list[SearchHit]
    total: int
    mode: Literal["semantic", "lexical", "database", "latest"] = Field(
        description="semantic: full engine; lexical or database: fallbacks while the engine is degraded; "
        "latest: no query given, newest entries first."
    )


class PublicQuestionCreate(Input):
    """The public question form. Contact details are optional and never shown publicly."""

    text: Text
    name: OptionalShort = None
    email: Email = None
    phone: Phone = None


class TrackingReceipt(BaseModel):
    tracking_code: str
    status: str
    status_label: str
    message: str


class PublishedAnswer(BaseModel):
    ref: str
    question: str
    answer: str
    published_at: dt.date | None


class TrackingStatus(BaseModel):
    tracking_code: str
    status: Literal["received", "in_review", "approved", "published", "answered_before", "closed"]
    status_label: str = Field(description="The status in Indonesian, for showing to the citizen.")
    received_on: dt.date
    answer: PublishedAnswer | None
