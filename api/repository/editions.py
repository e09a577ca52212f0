"""Weekly editions and the questions placed in them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Edition, EditionItem


def get(*, session: Session, edition_id: int) -> Edition | None:
    return session.get(Edition, edition_id)


def get_for_update(*, session: Session, edition_id: int) -> Edition | None:
    return session.scalar(select(Edition).where(Edition.id == edition_id).with_for_update())


def get_by_date(*, session: Session, publish_date: dt.date) -> Edition | None:
    return session.scalar(select(Edition).where(Edition.publish_date == publish_date))


def create(*, session: Session, publish_date: dt.date, title: str, created_by_id: int | None) -> Edition:
    edition = Edition(publish_date=publish_date, title=title, created_by_id=created_by_id)
    session.add(edition)
    session.flush()
    return edition


def list_all(*, session: Session, status: str | None, limit: int, offset: int) -> tuple[list[Edition], int]:
    query = select(Edition)
    if status:
        query = query.where(Edition.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Edition.publish_date.desc()).limit(limit).offset(offset))
    return list(rows), total


def item_for_question(*, session: Session, question_id: int) -> EditionItem | None:
    return session.scalar(select(EditionItem).where(EditionItem.question_id == question_id))


def add_item(*, session: Session, edition: Edition, question_id: int, position: int) -> EditionItem:
    item = EditionItem(edition_id=edition.id, question_id=question_id, position=position)
    edition.items.append(item)
    session.flush()
    return item
