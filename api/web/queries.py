"""Reads the pages need that the service has no function for (yet): counts, category lists, and
how the engine read a text. Read-only; every change goes through ``api.services``."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Entry, Question
from api.services.live_index import LiveIndex
from halokop_nlp import Normalizer


def count_by_status(*, session: Session, channel: str | None, category: str | None) -> dict[str, int]:
    """How many questions are in each status (within the inbox's channel and category filters)."""
    query = select(Question.status, func.count()).group_by(Question.status)
    if channel:
        query = query.where(Question.channel == channel)
    if category:
        query = query.where(func.coalesce(Question.category, Question.predicted_category) == category)
    return {status: n for status, n in session.execute(query)}


def categories(*, session: Session) -> list[str]:
    """Every category a published entry or a screened question has, sorted."""
    found = set(session.scalars(select(Entry.category).where(Entry.category.is_not(None)).distinct()))
    found |= set(
        session.scalars(
            select(Question.predicted_category).where(Question.predicted_category.is_not(None)).distinct()
        )
    )
    return sorted(found)


def published_categories(*, session: Session) -> list[str]:
    """Categories of published entries (the public search filter)."""
    return sorted(session.scalars(select(Entry.category).where(Entry.category.is_not(None)).distinct()))


@lru_cache(maxsize=1)
def _default_normalizer() -> Normalizer:
    return Normalizer()


def machine_reading(live: LiveIndex, text: str) -> str:
    """The text as the engine reads it: normalized words (informal words mapped, greetings dropped).

    Uses the live index's own normalizer, so staff see exactly what was matched; the library's
    default when no index is loaded.
    """
    with live.reading() as rec:
        if rec is not None:
            return rec.index.analyzer.normalizer.normalize(text)
    return _default_normalizer().normalize(text)


def live_entries(live: LiveIndex) -> int | None:
    """How many entries the live index answers from (grows as editions are published)."""
    with live.reading() as rec:
        return len(rec.index) if rec is not None else None
