"""Staff routes for incoming questions (responses include the sender's details: never public)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, File, Form, Path, Query, Response, UploadFile, status

from api.deps import LiveIndexDep, PimpinanUser, ReaderUser, SessionDep, SettingsDep, StafUser, StateDep
from api.models import Channel, QuestionStatus
from api.repository import questions as repo
from api.schemas.common import NoNul
from api.schemas.questions import (
    AnswerCreate,
    DuplicateCreate,
    FeedbackCreate,
    ImportReport,
    QuestionCreate,
    QuestionGroup,
    QuestionGroupList,
    QuestionList,
    QuestionPublic,
    RejectCreate,
    ReviewCreate,
)
from api.services import intake, review, screening
from api.services.views import question_public, question_summary

router = APIRouter(prefix="/api/questions", tags=["questions"])

QuestionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create(
    data: QuestionCreate,
    response: Response,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafUser,
) -> QuestionPublic:
    """Record a question from any channel (201; 200 and created=false if the message is already stored)."""
    question, created = intake.create_question(
        session=session, live=live, settings=settings, data=data, actor=user
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return question_public(session, question, created=created)


@router.post("/import")
def import_file(
    file: Annotated[UploadFile, File(description="CSV with a header row, or JSONL: one question a row.")],
    background: BackgroundTasks,
    session: SessionDep,
    state: StateDep,
    live: LiveIndexDep,
    user: StafUser,
    channel: Annotated[Channel | None, Form(description="Channel of rows that do not name one.")] = None,
    format: Annotated[
        Literal["csv", "jsonl"] | None, Form(description="Default: from the file name.")
    ] = None,
) -> ImportReport:
    """Bulk-import a channel export; idempotent; bad rows are reported by line, good rows kept."""
    content = file.file.read(state.settings.max_import_bytes + 1)
    report = intake.import_questions(
        session=session,
        settings=state.settings,
        content=content,
        filename=file.filename,
        fmt=format,
        channel=channel,
        actor=user,
    )
    # Screening runs after the response: a large import should not wait for the engine.
    background.add_task(
        screening.screen_many,
        sessions=state.sessions,
        live=live,
        settings=state.settings,
        ids=report.question_ids,
    )
    return report


@router.get("")
def list_questions(
    session: SessionDep,
    user: ReaderUser,
    status_: Annotated[QuestionStatus | None, Query(alias="status")] = None,
    channel: Channel | None = None,
    category: Annotated[str | None, Query(max_length=64), NoNul] = None,
    verdict: Annotated[Literal["duplicate", "related", "new", "unavailable"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QuestionList:
    """Questions, newest first, filtered by status, channel, category or verdict."""
    rows, total = repo.list_filtered(
        session=session,
        status=status_.value if status_ else None,
        channel=channel.value if channel else None,
        category=category or None,
        verdict=verdict,
        limit=limit,
        offset=offset,
    )
    return QuestionList(items=[question_summary(q) for q in rows], total=total)


@router.get("/groups")
def groups(
    session: SessionDep,
    live: LiveIndexDep,
    user: ReaderUser,
    limit: Annotated[int, Query(ge=2, le=1000)] = 200,
) -> QuestionGroupList:
    """Waiting questions that ask the same thing, grouped (groups of two or more)."""
    found, method = screening.group_open_questions(session=session, live=live, limit=limit)
    items = [QuestionGroup(size=len(g), questions=[question_summary(q) for q in g]) for g in found]
    return QuestionGroupList(items=items, total=len(items), method=method)


@router.get("/{question_id}")
def get(question_id: QuestionId, session: SessionDep, user: ReaderUser) -> QuestionPublic:
    """One question with its verdict, matches, draft and history."""
    return question_public(session, review.get_question(session=session, question_id=question_id))


@router.post("/{question_id}/answer")
def answer(
    question_id: QuestionId, data: AnswerCreate, session: SessionDep, settings: SettingsDep, user: StafUser
) -> QuestionPublic:
    """Answer a waiting question (from the draft, a suggestion, or anew); it then waits for approval."""
    question = review.answer_question(
        session=session, settings=settings, question_id=question_id, data=data, user=user
    )
    return question_public(session, question)


@router.post("/{question_id}/mark-duplicate")
def mark_duplicate(
    question_id: QuestionId,
    data: DuplicateCreate,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafUser,
) -> QuestionPublic:
    """Close a question as answered by a published entry; its text becomes that entry's alternate phrasing."""
    question = review.mark_duplicate(
        session=session, live=live, settings=settings, question_id=question_id, data=data, user=user
    )
    return question_public(session, question)


@router.post("/{question_id}/reject")
def reject(
    question_id: QuestionId, data: RejectCreate, session: SessionDep, user: StafUser
) -> QuestionPublic:
    """Close a question without an answer, with a reason."""
    return question_public(
        session, review.reject_question(session=session, question_id=question_id, data=data, user=user)
    )


@router.post("/{question_id}/feedback")
def feedback(
    question_id: QuestionId, data: FeedbackCreate, session: SessionDep, user: StafUser
) -> QuestionPublic:
    """Record what staff did with suggestions (accepted, edited, rejected with a reason)."""
    return question_public(
        session, review.record_feedback(session=session, question_id=question_id, items=data.items, user=user)
    )


@router.post("/{question_id}/suggest")
def suggest_again(
    question_id: QuestionId, session: SessionDep, live: LiveIndexDep, settings: SettingsDep, user: StafUser
) -> QuestionPublic:
    """Run the engine on a waiting question again (after it recovered, or after a new edition)."""
    question = review.refresh_suggestions(
        session=session, live=live, settings=settings, question_id=question_id
    )
    return question_public(session, question)


@router.post("/{question_id}/approve")
def approve(
    question_id: QuestionId, data: ReviewCreate, session: SessionDep, user: PimpinanUser
) -> QuestionPublic:
    """Approve an answer, or send it back with a comment (decision "return")."""
    return question_public(
        session, review.review_answer(session=session, question_id=question_id, data=data, user=user)
    )
