"""Incoming questions and the suggestions shown for them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Entry, Feedback, FeedbackReason, Question, QuestionStatus, Suggestion


def get(*, session: Session, question_id: int) -> Question | None:
    return session.get(Question, question_id)


def get_for_update(*, session: Session, question_id: int) -> Question | None:
    """The question, locked until commit on PostgreSQL (two staff acting at once: one wins, one gets 409)."""
    return session.scalar(select(Question).where(Question.id == question_id).with_for_update())


def get_by_tracking_code(*, session: Session, code: str) -> Question | None:
    return session.scalar(select(Question).where(Question.tracking_code == code))


def get_by_dedup_key(*, session: Session, key: str) -> Question | None:
    return session.scalar(select(Question).where(Question.dedup_key == key))


def existing_dedup_keys(*, session: Session, keys: list[str]) -> dict[str, Question]:
    out: dict[str, Question] = {}
    for i in range(0, len(keys), 500):  # stay under the bound-parameter limits of both backends
        chunk = keys[i : i + 500]
        out.update(
            {q.dedup_key: q for q in session.scalars(select(Question).where(Question.dedup_key.in_(chunk)))}
        )
    return out


def tracking_code_exists(*, session: Session, code: str) -> bool:
    return session.scalar(select(Question.id).where(Question.tracking_code == code)) is not None


def create(*, session: Session, **fields) -> Question:
    question = Question(**fields)
    session.add(question)
    session.flush()
    return question


def list_filtered(
    *,
    session: Session,
    status: str | None,
    channel: str | None,
    category: str | None,
    verdict: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Question], int]:
    query = select(Question)
    if status:
        query = query.where(Question.status == status)
    if channel:
        query = query.where(Question.channel == channel)
    if category:
        query = query.where(func.coalesce(Question.category, Question.predicted_category) == category)
    if verdict:
        query = query.where(Question.verdict == verdict)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Question.received_at.desc(), Question.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def list_open(*, session: Session, limit: int) -> list[Question]:
    """Questions waiting for staff, oldest first."""
    waiting = [QuestionStatus.pending.value, QuestionStatus.returned.value]
    return list(
        session.scalars(
            select(Question)
            .where(Question.status.in_(waiting))
            .order_by(Question.received_at, Question.id)
            .limit(limit)
        )
    )


def current_suggestions(*, session: Session, question: Question) -> list[Suggestion]:
    """The suggestions of the question's latest screening, best first."""
    return list(
        session.scalars(
            select(Suggestion)
            .where(Suggestion.question_id == question.id, Suggestion.batch == question.suggestion_batch)
            .order_by(Suggestion.rank)
        )
    )


def add_suggestions(*, session: Session, question: Question, rows: list[dict]) -> list[Suggestion]:
    """Store a new batch of suggestions and make it the question's current one."""
    question.suggestion_batch = (question.suggestion_batch or 0) + 1
    out = [Suggestion(question_id=question.id, batch=question.suggestion_batch, **row) for row in rows]
    session.add_all(out)
    session.flush()
    return out


# ------------------------------------------------------------------ labelled data for recalibration
def confirmed_duplicates(*, session: Session) -> list[tuple[str, str]]:
    """(question text, entry ref) for every question staff marked a duplicate of an entry."""
    rows = session.execute(
        select(Question.text, Entry.ref)
        .join(Entry, Question.duplicate_of_id == Entry.id)
        .where(Question.status == QuestionStatus.duplicate.value)
    )
    return [(t, r) for t, r in rows]


def accepted_suggestions(*, session: Session) -> list[tuple[int, str, str]]:
    """(question id, question text, entry ref) for every suggestion staff accepted."""
    rows = session.execute(
        select(Question.id, Question.text, Suggestion.entry_ref)
        .join(Suggestion, Suggestion.question_id == Question.id)
        .where(Suggestion.feedback == Feedback.accepted.value)
    )
    return [(i, t, r) for i, t, r in rows]


def rejected_not_related(*, session: Session) -> list[tuple[int, str]]:
    """(question id, text) of questions that are not themselves published and had a suggestion
    rejected as not related."""
    rows = session.execute(
        select(Question.id, Question.text)
        .join(Suggestion, Suggestion.question_id == Question.id)
        .where(
            Suggestion.feedback == Feedback.rejected.value,
            Suggestion.feedback_reason == FeedbackReason.not_related.value,
            Question.entry_id.is_(None),
            Question.status != QuestionStatus.duplicate.value,
        )
        .distinct()
    )
    return [(i, t) for i, t in rows]
