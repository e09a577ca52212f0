"""Questions as staff see them (with sender details: staff routes only), and what staff do with them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from api.models import Channel, Feedback, FeedbackReason, QuestionStatus, RejectReason, SuggestionsStatus
from api.schemas.common import Category, Email, Id, Input, OptionalShort, Output, Phone, Ref, Text


class QuestionCreate(Input):
    """One question typed in or forwarded by staff. ``text`` is limited by ``HALOKOP_MAX_QUESTION_CHARS``."""

    channel: Channel
    text: Text
    external_id: OptionalShort = Field(None, description="The message's id in its channel, if it has one.")
    received_at: dt.datetime | None = Field(
        None, description="When the office received it (ISO 8601; no zone means office time). Default: now."
    )
    sender_name: OptionalShort = None
    sender_handle: OptionalShort = None
    sender_email: Email = None
    sender_phone: Phone = None


class Screening(BaseModel):
    label: str = Field(description="ok, spam or offtopic")
    score: float = Field(description="Probability that the message is not a real question.")


class SuggestionPublic(Output):
    """One match shown to staff, with what staff did with it."""

    id: int
    rank: int
    ref: str = Field(validation_alias="entry_ref")
    question: str = Field(validation_alias="entry_question")
    answer: str = Field(validation_alias="entry_answer")
    category: str | None = Field(validation_alias="entry_category")
    score: float
    signals: dict[str, float]
    lexical: bool = Field(description="Found by words only (the encoder was not available).")
    feedback: Feedback | None
    feedback_reason: FeedbackReason | None


class QuestionSummary(Output):
    """A question in a list (staff only: it names the sender)."""

    id: int
    tracking_code: str
    channel: Channel
    sender_name: str | None
    sender_handle: str | None
    text: str
    received_at: dt.datetime
    status: QuestionStatus
    category: str | None
    predicted_category: str | None
    verdict: str | None
    screening_label: str | None
    suggestions_status: SuggestionsStatus


class QuestionPublic(QuestionSummary):
    """One question with everything staff need to handle it (staff only: personal data)."""

    external_id: str | None
    sender_email: str | None
    sender_phone: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    category_probability: float | None
    screening: Screening | None
    suggestions_error: str | None
    index_version: str | None
    draft: str | None
    suggestions: list[SuggestionPublic]
    answer: str | None
    public_question: str | None
    answer_source: str | None
    answered_by: str | None
    answered_at: dt.datetime | None
    duplicate_of: str | None = Field(description="Ref of the published entry it duplicates.")
    reject_reason: RejectReason | None
    reject_note: str | None
    review_comment: str | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    entry_ref: str | None = Field(description="Ref of the entry it was published as.")
    created: bool | None = Field(None, description="On intake: false if the same message was already stored.")


class QuestionList(BaseModel):
    items: list[QuestionSummary]
    total: int


class FeedbackItem(Input):
    """What staff did with one suggestion."""

    suggestion_id: Id
    action: Feedback
    reason: FeedbackReason | None = Field(
        None, description="Required when rejected: not_related or related_not_answering."
    )

    @model_validator(mode="after")
    def _reason(self) -> FeedbackItem:
        if self.action == Feedback.rejected and self.reason is None:
            raise ValueError("a rejected suggestion needs a reason: 'not_related' or 'related_not_answering'")
        if self.action != Feedback.rejected and self.reason is not None:
            raise ValueError(
                f"a reason is only given for rejected suggestions, not for {self.action.value!r}"
            )
        return self


FeedbackItems = Annotated[list[FeedbackItem], Field(max_length=50)]


class FeedbackCreate(Input):
    items: Annotated[list[FeedbackItem], Field(min_length=1, max_length=50)]


class AnswerCreate(Input):
    """Staff's answer. Started from the draft, from one suggestion, or written anew."""

    answer: Text
    source: Literal["draft", "suggestion", "new"] = "new"
    based_on: Ref | None = Field(
        None, description="Ref of the suggestion the answer starts from (recorded as accepted or edited)."
    )
    public_question: Annotated[str | None, Field(max_length=4000)] = Field(
        None,
        description="The question as it will be published (without personal details). Default: as received.",
    )
    category: Category = None
    feedback: FeedbackItems = []

    @model_validator(mode="after")
    def _based_on(self) -> AnswerCreate:
        if self.source == "suggestion" and not self.based_on:
            raise ValueError("source 'suggestion' needs based_on: the ref of the suggestion used")
        return self


class DuplicateCreate(Input):
    ref: Ref = Field(description="The published entry that already answers the question.")
    alternate_text: Annotated[str | None, Field(max_length=4000)] = Field(
        None,
        description="Phrasing to add to the entry (default: the question's text), without personal details.",
    )
    feedback: FeedbackItems = []


class RejectCreate(Input):
    reason: RejectReason
    note: Annotated[str | None, Field(max_length=2000)] = None
    feedback: FeedbackItems = []

    @model_validator(mode="after")
    def _note(self) -> RejectCreate:
        if self.reason == RejectReason.other and not self.note:
            raise ValueError("reason 'other' needs a note saying why")
        return self


class ReviewCreate(Input):
    """The head of office's decision on an answer."""

    decision: Literal["approve", "return"] = "approve"
    comment: Annotated[str | None, Field(max_length=2000)] = None

    @model_validator(mode="after")
    def _comment(self) -> ReviewCreate:
        if self.decision == "return" and not self.comment:
            raise ValueError("sending an answer back needs a comment saying what to change")
        return self


class ImportRowError(BaseModel):
    line: int = Field(description="Line number in the file (CSV: the header is line 1).")
    message: str


class ImportReport(BaseModel):
    """Outcome of a bulk import. Good rows are kept even when other rows are bad."""

    format: Literal["csv", "jsonl"]
    rows: int
    created: int
    already_present: int
    rejected: int
    question_ids: list[int]
    errors: list[ImportRowError]


class QuestionGroup(BaseModel):
    size: int
    questions: list[QuestionSummary]


class QuestionGroupList(BaseModel):
    items: list[QuestionGroup]
    total: int
    method: Literal["semantic", "exact"] = Field(
        description="semantic: grouped by the engine; exact: same normalized text (engine not available)."
    )
