"""Weekly editions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import EditorUser, LiveIndexDep, PimpinanUser, ReaderUser, SessionDep, SettingsDep
from api.models import EditionStatus
from api.schemas.editions import (
    EditionCreate,
    EditionItemsCreate,
    EditionItemsOrder,
    EditionList,
    EditionPublic,
)
from api.services import editions

router = APIRouter(prefix="/api/editions", tags=["editions"])

EditionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create(
    data: EditionCreate, session: SessionDep, settings: SettingsDep, user: EditorUser
) -> EditionPublic:
    """Start the edition of a week (default: the next publishing day)."""
    return editions.edition_public(
        editions.create_edition(session=session, settings=settings, data=data, user=user)
    )


@router.get("")
def list_editions(
    session: SessionDep,
    user: ReaderUser,
    status_: Annotated[EditionStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EditionList:
    """Editions, newest first."""
    rows, total = editions.list_editions(
        session=session, status=status_.value if status_ else None, limit=limit, offset=offset
    )
    return EditionList(items=[editions.edition_public(e) for e in rows], total=total)


@router.get("/{edition_id}")
def get(edition_id: EditionId, session: SessionDep, user: ReaderUser) -> EditionPublic:
    """One edition with its questions in order."""
    return editions.edition_public(editions.get_edition(session=session, edition_id=edition_id))


@router.post("/{edition_id}/items")
def add_items(
    edition_id: EditionId, data: EditionItemsCreate, session: SessionDep, user: EditorUser
) -> EditionPublic:
    """Add approved answers to a draft edition, in order."""
    return editions.edition_public(
        editions.add_items(session=session, edition_id=edition_id, data=data, user=user)
    )


@router.put("/{edition_id}/items")
def reorder_items(
    edition_id: EditionId, data: EditionItemsOrder, session: SessionDep, user: EditorUser
) -> EditionPublic:
    """Set the order of every question in a draft edition."""
    return editions.edition_public(
        editions.reorder_items(session=session, edition_id=edition_id, data=data, user=user)
    )


@router.delete("/{edition_id}/items/{question_id}")
def remove_item(
    edition_id: EditionId,
    question_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    user: EditorUser,
) -> EditionPublic:
    """Take a question out of a draft edition (it goes back to approved)."""
    return editions.edition_public(
        editions.remove_item(session=session, edition_id=edition_id, question_id=question_id, user=user)
    )


@router.post("/{edition_id}/publish")
def publish(
    edition_id: EditionId, session: SessionDep, live: LiveIndexDep, user: PimpinanUser
) -> EditionPublic:
    """Publish: the answers become knowledge-base entries and enter the live index at once."""
    return editions.edition_public(
        editions.publish_edition(session=session, live=live, edition_id=edition_id, user=user)
    )
