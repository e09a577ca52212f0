"""Loading a knowledge-base file (the library's JSONL format) into the database as published entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.repository import audit
from api.repository import entries as repo
from halokop_nlp import KBEntry


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def import_entries(*, session: Session, entries: Sequence[KBEntry], actor_name: str) -> dict[str, int]:
    """Insert or update entries by ``ref`` (idempotent: importing the same file twice changes nothing).

    A changed question, answer, category or date updates the entry; alternate phrasings are added,
    never removed (some were confirmed by staff since).

    Returns:
        Counts of ``created``, ``updated`` and ``unchanged`` entries, and ``alternates`` added.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0, "alternates": 0}
    existing = repo.get_by_refs(session=session, refs=[e.ref for e in entries])
    for kb in entries:
        row = existing.get(kb.ref)
        if row is None:
            row = repo.create(
                session=session,
                ref=kb.ref,
                question=kb.question,
                answer=kb.answer,
                category=kb.category,
                published_at=_date(kb.published_at),
                source="import",
            )
            counts["created"] += 1
        else:
            new = (kb.question, kb.answer, kb.category, _date(kb.published_at))
            if (row.question, row.answer, row.category, row.published_at) != new:
                row.question, row.answer, row.category, row.published_at = new
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for text in kb.alternates:
            counts["alternates"] += repo.add_alternate(session=session, entry=row, text=text)
    audit.record(
        session=session,
        actor=None,
        actor_name=actor_name,
        action="kb.import",
        object_type="entry",
        detail=counts,
    )
    session.commit()
    return counts
