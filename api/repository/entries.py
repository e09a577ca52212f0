"""Published knowledge-base entries and their alternate phrasings."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Entry, EntryAlternate


def text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def get(*, session: Session, entry_id: int) -> Entry | None:
    return session.get(Entry, entry_id)


def get_by_ref(*, session: Session, ref: str) -> Entry | None:
    return session.scalar(select(Entry).where(Entry.ref == ref))


def get_by_refs(*, session: Session, refs: list[str]) -> dict[str, Entry]:
    if not refs:
        return {}
    return {e.ref: e for e in session.scalars(select(Entry).where(Entry.ref.in_(set(refs))))}


def list_all(*, session: Session) -> list[Entry]:
    return list(session.scalars(select(Entry).order_by(Entry.id)))


def count(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Entry)) or 0


def list_latest(*, session: Session, category: str | None, limit: int) -> tuple[list[Entry], int]:
    query = select(Entry)
    if category:
        query = query.where(Entry.category == category)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Entry.published_at.desc().nulls_last(), Entry.id.desc()).limit(limit)
    ).all()
    return list(rows), total


def create(
    *,
    session: Session,
    ref: str,
    question: str,
    answer: str,
    category: str | None,
    published_at: dt.date | None,
    source: str,
    edition_id: int | None = None,
) -> Entry:
    entry = Entry(
        ref=ref,
        question=question,
        answer=answer,
        category=category,
        published_at=published_at,
        source=source,
        edition_id=edition_id,
    )
    session.add(entry)
    session.flush()
    return entry


def add_alternate(*, session: Session, entry: Entry, text: str, question_id: int | None = None) -> bool:
    """Record another phrasing; False if the entry already has it (as question or alternate)."""
    text = text.strip()
    if text == entry.question.strip() or any(a.text == text for a in entry.alternates):
        return False
    entry.alternates.append(EntryAlternate(text=text, text_hash=text_hash(text), question_id=question_id))
    session.flush()
    return True
