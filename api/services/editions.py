"""Weekly editions: approved answers are placed and ordered, then published into the knowledge base.

Publishing writes the entries to the database first, then adds them to the live index
incrementally (``Recommender.add``): no rebuild. If the live index cannot take them (encoder down),
the database still has them; ``/health`` says so and the next activation or rebuild catches up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.config import Settings
from api.errors import Conflict, InvalidInput, NotFound
from api.models import Edition, EditionStatus, QuestionStatus, User, utcnow
from api.publishing.model import format_date_id
from api.repository import audit
from api.repository import editions as repo
from api.repository import entries as entries_repo
from api.repository import questions as questions_repo
from api.schemas.editions import (
    EditionCreate,
    EditionItemPublic,
    EditionItemsCreate,
    EditionItemsOrder,
    EditionPublic,
)
from api.services.index_versions import to_kb_entry
from api.services.live_index import LiveIndex

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def office_today(settings: Settings) -> dt.date:
    return dt.datetime.now(settings.tz).date()


def next_publish_date(settings: Settings, today: dt.date | None = None) -> dt.date:
    """The next publishing weekday, today included."""
    today = today or office_today(settings)
    return today + dt.timedelta(days=(settings.publish_weekday - today.weekday()) % 7)


def default_title(day: dt.date) -> str:
    return f"HALO KOP-UKM edisi {format_date_id(day)}"


def get_edition(*, session: Session, edition_id: int) -> Edition:
    edition = repo.get(session=session, edition_id=edition_id)
    if edition is None:
        raise NotFound(f"there is no edition {edition_id}")
    return edition


def _draft_edition(session: Session, edition_id: int, action: str) -> Edition:
    edition = repo.get_for_update(session=session, edition_id=edition_id)
    if edition is None:
        raise NotFound(f"there is no edition {edition_id}")
    if edition.status != EditionStatus.draft.value:
        raise Conflict(
            f"edition {edition_id} is already published: {action} is only possible before publishing"
        )
    return edition


def create_edition(*, session: Session, settings: Settings, data: EditionCreate, user: User) -> Edition:
    day = data.publish_date or next_publish_date(settings)
    if day.weekday() != settings.publish_weekday:
        raise InvalidInput(
            f"{day.isoformat()} is a {WEEKDAYS_EN[day.weekday()]}; editions are published on "
            f"{WEEKDAYS_EN[settings.publish_weekday]} (HALOKOP_PUBLISH_WEEKDAY)"
        )
    if repo.get_by_date(session=session, publish_date=day) is not None:
        raise Conflict(f"there is already an edition for {day.isoformat()}")
    edition = repo.create(
        session=session, publish_date=day, title=data.title or default_title(day), created_by_id=user.id
    )
    audit.record(
        session=session,
        actor=user,
        action="edition.create",
        object_type="edition",
        object_id=edition.id,
        detail={"publish_date": day.isoformat()},
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"there is already an edition for {day.isoformat()}") from None
    return edition


def _commit_change(session: Session, user: User, edition: Edition, action: str, detail: dict) -> Edition:
    """Record a change of a draft edition in the audit log, commit it and return the fresh edition."""
    audit.record(
        session=session, actor=user, action=action, object_type="edition", object_id=edition.id, detail=detail
    )
    session.commit()
    session.refresh(edition)
    return edition


def _renumber(edition: Edition, order: list[int]) -> None:
    by_question = {item.question_id: item for item in edition.items}
    for position, qid in enumerate(order, start=1):
        by_question[qid].position = position


def add_items(*, session: Session, edition_id: int, data: EditionItemsCreate, user: User) -> Edition:
    """Place approved questions in a draft edition (at the end, or from ``position`` on)."""
    edition = _draft_edition(session, edition_id, "adding questions")
    for qid in data.question_ids:
        question = questions_repo.get_for_update(session=session, question_id=qid)
        if question is None:
            raise NotFound(f"there is no question {qid}")
        placed = repo.item_for_question(session=session, question_id=qid)
        if placed is not None:
            where = "this edition" if placed.edition_id == edition.id else f"edition {placed.edition_id}"
            raise Conflict(f"question {qid} is already in {where}")
        if question.status != QuestionStatus.approved.value:
            raise Conflict(
                f"question {qid} is {question.status}: only approved answers can go into an edition"
            )
        question.status = QuestionStatus.scheduled.value
    order = [item.question_id for item in edition.items]
    at = len(order) if data.position is None else min(data.position - 1, len(order))
    order[at:at] = data.question_ids
    for qid in data.question_ids:
        repo.add_item(session=session, edition=edition, question_id=qid, position=0)
    _renumber(edition, order)
    return _commit_change(session, user, edition, "edition.add_items", {"question_ids": data.question_ids})


def reorder_items(*, session: Session, edition_id: int, data: EditionItemsOrder, user: User) -> Edition:
    edition = _draft_edition(session, edition_id, "reordering")
    have = {item.question_id for item in edition.items}
    if set(data.question_ids) != have:
        missing, extra = sorted(have - set(data.question_ids)), sorted(set(data.question_ids) - have)
        raise InvalidInput(
            "give every question of the edition exactly once"
            + (f"; missing: {missing}" if missing else "")
            + (f"; not in this edition: {extra}" if extra else "")
        )
    _renumber(edition, data.question_ids)
    return _commit_change(session, user, edition, "edition.reorder", {"question_ids": data.question_ids})


def remove_item(*, session: Session, edition_id: int, question_id: int, user: User) -> Edition:
    edition = _draft_edition(session, edition_id, "removing questions")
    item = next((i for i in edition.items if i.question_id == question_id), None)
    if item is None:
        raise NotFound(f"question {question_id} is not in edition {edition_id}")
    item.question.status = QuestionStatus.approved.value
    edition.items.remove(item)
    session.flush()
    _renumber(edition, [i.question_id for i in edition.items])
    return _commit_change(session, user, edition, "edition.remove_item", {"question_id": question_id})


def _entry_ref(session: Session, day: dt.date, position: int, question_id: int) -> str:
    ref = f"hk-{day:%Y%m%d}-{position:02d}"
    if entries_repo.get_by_ref(session=session, ref=ref) is not None:
        ref = f"{ref}-q{question_id}"
    return ref


def publish_edition(*, session: Session, live: LiveIndex, edition_id: int, user: User) -> Edition:
    """Publish: every item becomes a knowledge-base entry, then enters the live index incrementally."""
    edition = _draft_edition(session, edition_id, "publishing")
    if not edition.items:
        raise Conflict(f"edition {edition_id} has no questions: add approved answers before publishing")
    created = []
    for item in edition.items:
        question = item.question
        entry = entries_repo.create(
            session=session,
            ref=_entry_ref(session, edition.publish_date, item.position, question.id),
            question=question.public_question or question.text,
            answer=question.answer or "",
            category=question.category or question.predicted_category,
            published_at=edition.publish_date,
            source="edition",
            edition_id=edition.id,
        )
        question.entry_id = entry.id
        question.status = QuestionStatus.published.value
        created.append(entry)
    edition.status = EditionStatus.published.value
    edition.published_by_id, edition.published_at = user.id, utcnow()
    audit.record(
        session=session,
        actor=user,
        action="edition.publish",
        object_type="edition",
        object_id=edition.id,
        detail={"refs": [e.ref for e in created]},
    )
    session.commit()
    live.add_entries([to_kb_entry(e) for e in created])
    return edition


def list_editions(
    *, session: Session, status: str | None, limit: int, offset: int
) -> tuple[list[Edition], int]:
    return repo.list_all(session=session, status=status, limit=limit, offset=offset)


def edition_public(edition: Edition) -> EditionPublic:
    items = []
    for item in edition.items:
        q = item.question
        items.append(
            EditionItemPublic(
                question_id=q.id,
                position=item.position,
                question=q.public_question or q.text,
                answer=q.answer,
                category=q.category or q.predicted_category,
                status=q.status,
                entry_ref=q.entry.ref if q.entry is not None else None,
            )
        )
    return EditionPublic(
        id=edition.id,
        publish_date=edition.publish_date,
        title=edition.title,
        status=edition.status,
        created_at=edition.created_at,
        published_at=edition.published_at,
        items=items,
    )
