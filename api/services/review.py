"""What staff and the head of office do with a question, and the feedback it leaves for retraining.

- staff answer a waiting question (from the draft, from one suggestion, or anew), mark it a
  duplicate of a published entry (its text becomes an alternate phrasing of that entry), or reject
  it with a reason;
- the head of office approves an answer or sends it back with a comment.

Every suggestion shown can get feedback: accepted, edited, or rejected as not related / related
but not answering. Feedback given explicitly wins; otherwise the suggestion an answer starts from
is recorded as accepted (its answer kept word for word) or edited, and the entry a question is
marked a duplicate of as accepted.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.core.config import Settings
from api.errors import Conflict, InvalidInput, NotFound
from api.models import Feedback, Question, QuestionStatus, Suggestion, User, utcnow
from api.repository import audit
from api.repository import entries as entries_repo
from api.repository import questions as repo
from api.schemas.questions import AnswerCreate, DuplicateCreate, FeedbackItem, RejectCreate, ReviewCreate
from api.services import screening
from api.services.index_versions import to_kb_entry
from api.services.intake import check_text_length
from api.services.keys import normalize_text
from api.services.live_index import LiveIndex

OPEN = (QuestionStatus.pending.value, QuestionStatus.returned.value)


def get_question(*, session: Session, question_id: int) -> Question:
    question = repo.get(session=session, question_id=question_id)
    if question is None:
        raise NotFound(f"there is no question {question_id}")
    return question


def _open_question(session: Session, question_id: int, action: str) -> Question:
    question = repo.get_for_update(session=session, question_id=question_id)
    if question is None:
        raise NotFound(f"there is no question {question_id}")
    if question.status not in OPEN:
        raise Conflict(
            f"question {question_id} is {question.status}: only pending or returned questions can be {action}"
        )
    return question


def apply_feedback(
    *,
    session: Session,
    question: Question,
    items: Sequence[FeedbackItem],
    user: User,
    implicit: dict[str, str] | None = None,
) -> list[Suggestion]:
    """Record feedback on the question's current suggestions. Returns the suggestions changed.

    Raises:
        InvalidInput: an item names a suggestion that is not one of the question's current ones.
    """
    current = repo.current_suggestions(session=session, question=question)
    by_id = {s.id: s for s in current}
    unknown = [i.suggestion_id for i in items if i.suggestion_id not in by_id]
    if unknown:
        shown = ", ".join(str(s.id) for s in current) or "none"
        raise InvalidInput(
            f"suggestion {unknown[0]} is not one of question {question.id}'s current suggestions "
            f"(those are: {shown})"
        )
    now = utcnow()
    changed = []
    explicit = {i.suggestion_id: i for i in items}
    for s in current:
        item = explicit.get(s.id)
        if item is not None:
            s.feedback, s.feedback_reason = item.action.value, item.reason.value if item.reason else None
        elif implicit and s.entry_ref in implicit and s.feedback is None:
            s.feedback, s.feedback_reason = implicit[s.entry_ref], None
        else:
            continue
        s.feedback_by_id, s.feedback_at = user.id, now
        changed.append(s)
    return changed


def _feedback_detail(changed: list[Suggestion]) -> list[dict]:
    return [
        {"suggestion": s.id, "ref": s.entry_ref, "feedback": s.feedback, "reason": s.feedback_reason}
        for s in changed
    ]


def answer_question(
    *, session: Session, settings: Settings, question_id: int, data: AnswerCreate, user: User
) -> Question:
    """Staff's answer; the question then waits for the head of office."""
    question = _open_question(session, question_id, "answered")
    if len(data.answer) > settings.max_answer_chars:
        raise InvalidInput(
            f"the answer has {len(data.answer)} characters; the limit is {settings.max_answer_chars}"
        )
    if data.public_question:
        check_text_length(settings, data.public_question, "public_question")
    current = repo.current_suggestions(session=session, question=question)
    based_on = data.based_on
    if (
        based_on is None
        and data.source == "draft"
        and question.verdict in ("duplicate", "related")
        and current
    ):
        based_on = current[0].entry_ref  # the draft quotes the best match's answer
    implicit = {}
    if based_on:
        used = next((s for s in current if s.entry_ref == based_on), None)
        if used is None and data.source == "suggestion":
            raise InvalidInput(f"based_on {based_on!r} is not one of the question's current suggestions")
        if used is not None:
            kept = normalize_text(used.entry_answer) in normalize_text(data.answer)
            implicit[based_on] = Feedback.accepted.value if kept else Feedback.edited.value
    changed = apply_feedback(
        session=session, question=question, items=data.feedback, user=user, implicit=implicit
    )
    question.answer = data.answer
    question.public_question = data.public_question or None
    question.category = data.category or question.category or question.predicted_category
    question.answer_source = data.source
    question.answered_by_id, question.answered_at = user.id, utcnow()
    question.status = QuestionStatus.answered.value
    audit.record(
        session=session,
        actor=user,
        action="question.answer",
        object_type="question",
        object_id=question.id,
        detail={"source": data.source, "based_on": based_on, "feedback": _feedback_detail(changed)},
    )
    session.commit()
    return question


def mark_duplicate(
    *,
    session: Session,
    live: LiveIndex,
    settings: Settings,
    question_id: int,
    data: DuplicateCreate,
    user: User,
) -> Question:
    """Close the question as answered by a published entry; its text becomes an alternate phrasing."""
    question = _open_question(session, question_id, "marked duplicate")
    entry = entries_repo.get_by_ref(session=session, ref=data.ref)
    if entry is None:
        raise NotFound(f"there is no published entry with ref {data.ref!r}")
    text = data.alternate_text or question.text
    check_text_length(settings, text, "alternate_text")
    changed = apply_feedback(
        session=session,
        question=question,
        items=data.feedback,
        user=user,
        implicit={entry.ref: Feedback.accepted.value},
    )
    added = entries_repo.add_alternate(session=session, entry=entry, text=text, question_id=question.id)
    question.status = QuestionStatus.duplicate.value
    question.duplicate_of_id = entry.id
    question.answered_by_id, question.answered_at = user.id, utcnow()
    audit.record(
        session=session,
        actor=user,
        action="question.mark_duplicate",
        object_type="question",
        object_id=question.id,
        detail={"ref": entry.ref, "alternate_added": added, "feedback": _feedback_detail(changed)},
    )
    session.commit()
    if added:
        kb = to_kb_entry(entry)
        live.mutate(
            lambda rec: (
                rec.add_alternate(entry.ref, text.strip()) if entry.ref in rec.index else rec.add([kb])
            ),
            f"add an alternate phrasing to {entry.ref}",
        )
    return question


def reject_question(*, session: Session, question_id: int, data: RejectCreate, user: User) -> Question:
    question = _open_question(session, question_id, "rejected")
    changed = apply_feedback(session=session, question=question, items=data.feedback, user=user)
    question.status = QuestionStatus.rejected.value
    question.reject_reason, question.reject_note = data.reason.value, data.note
    audit.record(
        session=session,
        actor=user,
        action="question.reject",
        object_type="question",
        object_id=question.id,
        detail={"reason": data.reason.value, "feedback": _feedback_detail(changed)},
    )
    session.commit()
    return question


def record_feedback(
    *, session: Session, question_id: int, items: Sequence[FeedbackItem], user: User
) -> Question:
    question = get_question(session=session, question_id=question_id)
    changed = apply_feedback(session=session, question=question, items=items, user=user)
    audit.record(
        session=session,
        actor=user,
        action="question.feedback",
        object_type="question",
        object_id=question.id,
        detail={"feedback": _feedback_detail(changed)},
    )
    session.commit()
    return question


def review_answer(*, session: Session, question_id: int, data: ReviewCreate, user: User) -> Question:
    """The head of office approves an answer or sends it back with a comment."""
    question = repo.get_for_update(session=session, question_id=question_id)
    if question is None:
        raise NotFound(f"there is no question {question_id}")
    if question.status != QuestionStatus.answered.value:
        raise Conflict(
            f"question {question_id} is {question.status}: only answered questions can be reviewed"
        )
    approve = data.decision == "approve"
    question.status = QuestionStatus.approved.value if approve else QuestionStatus.returned.value
    question.review_comment = data.comment
    question.reviewed_by_id, question.reviewed_at = user.id, utcnow()
    audit.record(
        session=session,
        actor=user,
        action="question.approve" if approve else "question.return",
        object_type="question",
        object_id=question.id,
        detail={"comment": data.comment},
    )
    session.commit()
    return question


def refresh_suggestions(
    *, session: Session, live: LiveIndex, settings: Settings, question_id: int
) -> Question:
    """Run the engine again (e.g. after it recovered, or after a new edition)."""
    question = _open_question(session, question_id, "screened again")
    screening.screen_question(session=session, live=live, settings=settings, question=question)
    return question
