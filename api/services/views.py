"""Database rows turned into the response schemas that need more than one row."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.models import Question, User
from api.repository import questions as repo
from api.schemas.questions import QuestionPublic, QuestionSummary, Screening, SuggestionPublic


def _username(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.username if user else None


def question_summary(question: Question) -> QuestionSummary:
    return QuestionSummary.model_validate(question)


def question_public(session: Session, question: Question, created: bool | None = None) -> QuestionPublic:
    """Everything about one question, for staff (includes the sender's details)."""
    base = QuestionSummary.model_validate(question).model_dump()
    screening = (
        Screening(label=question.screening_label, score=question.screening_score or 0.0)
        if question.screening_label
        else None
    )
    return QuestionPublic(
        **base,
        external_id=question.external_id,
        sender_email=question.sender_email,
        sender_phone=question.sender_phone,
        created_at=question.created_at,
        updated_at=question.updated_at,
        category_probability=question.category_probability,
        screening=screening,
        suggestions_error=question.suggestions_error,
        index_version=question.index_version,
        draft=question.draft,
        suggestions=[
            SuggestionPublic.model_validate(s)
            for s in repo.current_suggestions(session=session, question=question)
        ],
        answer=question.answer,
        public_question=question.public_question,
        answer_source=question.answer_source,
        answered_by=_username(session, question.answered_by_id),
        answered_at=question.answered_at,
        duplicate_of=question.duplicate_of.ref if question.duplicate_of is not None else None,
        reject_reason=question.reject_reason,
        reject_note=question.reject_note,
        review_comment=question.review_comment,
        reviewed_by=_username(session, question.reviewed_by_id),
        reviewed_at=question.reviewed_at,
        entry_ref=question.entry.ref if question.entry is not None else None,
        created=created,
    )
