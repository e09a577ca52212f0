"""A demonstration database for the figures: the sample KB plus invented weeks of the office's work.

``data/sample`` holds only the knowledge base and labelled queries, not a history of questions, so the
notebook (and anyone trying the dashboard) needs one made up. Everything here is generated from a seed
and is the same on every run: questions drawn from the labelled queries, sent over the office's
channels by invented citizens (some of whom come back), a holiday week with no questions at all,
weekly editions published on Thursdays, duplicates closed, suggestion feedback that improves over time.

**Not real data.** Names, handles, e-mail addresses and phone numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from api.models import Edition, EditionItem, Entry, Question, Suggestion
from api.services.kb import import_entries
from halokop_nlp import KBEntry

__all__ = ["SAMPLE_END", "build_sample_database"]

SAMPLE_END = dt.date(2026, 10, 31)

_FIRST = (
    "Siti",
    "Budi",
    "Dewi",
    "Agus",
    "Rina",
    "Ahmad",
    "Yuni",
    "Dedi",
    "Lina",
    "Rudi",
    "Wati",
    "Hendra",
    "Nur",
    "Eko",
    "Sri",
    "Joko",
    "Ani",
    "Asep",
    "Euis",
    "Ujang",
    "Neng",
    "Cecep",
    "Tati",
    "Iwan",
)
_LAST = (
    "Rahayu",
    "Santoso",
    "Lestari",
    "Hidayat",
    "Kurniawan",
    "Wulandari",
    "Saputra",
    "Nugraha",
    "Permana",
    "Sumarni",
    "Firmansyah",
    "Suryani",
    "Gunawan",
    "Maulana",
)
_SPAM = (
    "PROMO pinjaman cepat cair tanpa jaminan!!! hubungi wa kami sekarang",
    "Follow balik ya kak, cek postingan kami, ada giveaway pulsa",
    "Jual followers murah, 1000 followers cuma 10rb, DM sekarang",
)
# Where questions come from, at the start and at the end of the sample (the column moves to video).
_CHANNELS_START = {
    "instagram": 30,
    "tiktok": 10,
    "email": 15,
    "letter": 8,
    "online_discussion": 5,
    "web_form": 12,
    "whatsapp": 15,
    "other": 5,
}
_CHANNELS_END = {
    "instagram": 30,
    "tiktok": 30,
    "email": 8,
    "letter": 4,
    "online_discussion": 4,
    "web_form": 12,
    "whatsapp": 10,
    "other": 2,
}
HOLIDAY_WEEK = 6  # the seventh week: the office is closed (cuti bersama), nothing comes in


@dataclass
class _Person:
    channel: str
    name: str
    handle: str | None
    email: str | None
    phone: str | None

    def sender(self, channel: str) -> dict[str, str | None]:
        """The sender fields a message from this person carries on ``channel``."""
        if channel in ("instagram", "tiktok", "online_discussion"):
            return {"sender_handle": self.handle, "sender_name": self.name}
        if channel == "email":
            return {"sender_email": self.email, "sender_name": self.name}
        if channel == "whatsapp":
            return {"sender_phone": self.phone, "sender_name": self.name}
        if channel == "web_form":
            return {"sender_email": self.email, "sender_phone": self.phone, "sender_name": self.name}
        if channel == "letter":
            return {"sender_name": self.name}
        return {}


def _local(day: dt.date, hour: int, minute: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tz)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _new_person(rng: random.Random, channel: str, n: int) -> _Person:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    slug = f"{first}{last}".lower()
    return _Person(
        channel=channel,
        name=f"{first} {last}",
        handle=f"@{slug}{n}",
        email=f"{slug}{n}@contoh.id",
        phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
    )


def build_sample_database(
    session: Session,
    *,
    entries: Sequence[KBEntry],
    queries: Sequence[dict],
    end: dt.date = SAMPLE_END,
    weeks: int = 16,
    seed: int = 7,
    tz: ZoneInfo | str = "Asia/Jakarta",
) -> dict[str, int]:
    """Fill an empty, migrated database with the sample KB and ``weeks`` weeks of invented work.

    Args:
        session: A session on the database to fill.
        entries: The knowledge base (``data/sample/kb.jsonl``), imported as published entries.
        queries: Labelled queries (``{"q", "target"}``, no target: out of scope) used as question texts.
        end: The last day of the sample; questions arrive in the ``weeks`` ISO weeks before it.
        weeks: How many weeks of questions.
        seed: The random seed (the same seed gives the same database).
        tz: The office's time zone.

    Returns:
        Counts of what was written: ``entries``, ``questions``, ``editions``, ``suggestions``.
    """
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    rng = random.Random(seed)
    import_entries(session=session, entries=entries, actor_name="sample")
    by_ref = {e.ref: e for e in session.query(Entry).all()}
    pool = list(queries)
    rng.shuffle(pool)
    first_monday = end - dt.timedelta(days=end.weekday()) - dt.timedelta(weeks=weeks - 1)
    people: list[_Person] = []
    questions: list[tuple[Question, dict | None]] = []
    n = 0
    for week in range(weeks):
        monday = first_monday + dt.timedelta(weeks=week)
        if week == HOLIDAY_WEEK:
            continue
        share = week / max(weeks - 1, 1)
        channels = {c: _CHANNELS_START[c] * (1 - share) + _CHANNELS_END[c] * share for c in _CHANNELS_START}
        count = max(0, round(5 + 0.9 * week + rng.uniform(-2, 2)))
        for _ in range(count):
            n += 1
            # The week holding ``end`` is cut off after it.
            day = monday + dt.timedelta(days=rng.randrange(min(7, (end - monday).days + 1)))
            received = _local(day, rng.randrange(6, 23), rng.randrange(60), zone)
            if rng.random() < 0.04:
                text, query, status = rng.choice(_SPAM), None, "spam"
                person = _Person("instagram", "", f"@promo{rng.randrange(100, 999)}", None, None)
                channel = "instagram"
            else:
                query = pool[n % len(pool)]
                text, status = query["q"], "in" if query.get("target") else "oos"
                if people and rng.random() < 0.28:
                    person = rng.choice(people)  # someone asking again, mostly on the same channel
                    channel = person.channel if rng.random() < 0.8 else _pick(rng, channels)
                else:
                    channel = _pick(rng, channels)
                    person = _new_person(rng, channel, len(people) + 1)
                    if channel != "other":  # "other" carries no sender: nobody to recognise later
                        people.append(person)
            fields = person.sender(channel)
            key = hashlib.sha256(f"sample|{n}|{text}".encode()).hexdigest()
            q = Question(
                tracking_code=f"HK-S{n:07d}",
                channel=channel,
                dedup_key=key,
                text=text,
                received_at=received,
                created_at=received,
                status="pending",
                suggestions_status="ready",
                **fields,
            )
            if status == "spam":
                q.status, q.reject_reason, q.screening_label = "rejected", "spam", "spam"
            elif status == "oos":
                q.status, q.reject_reason, q.verdict = "rejected", "out_of_scope", "new"
            else:
                target = by_ref.get(query["target"]) if query else None
                q.predicted_category = target.category if target else None
                q.category = q.predicted_category
            session.add(q)
            questions.append((q, query if status == "in" else None))
    session.flush()

    # Staff work: duplicates closed, answers written and approved, suggestions judged.
    suggestions = 0
    editions: dict[dt.date, Edition] = {}
    positions: dict[dt.date, int] = {}
    for index, (q, query) in enumerate(questions):
        if query is None:
            continue
        progress = index / max(len(questions) - 1, 1)
        target = by_ref.get(query["target"])
        decided = q.received_at + dt.timedelta(hours=rng.uniform(2, 60))
        if decided.astimezone(zone).date() > end:
            continue  # still waiting at the end of the sample
        duplicate = rng.random() < 0.3 and target is not None
        q.answered_at = decided
        q.verdict = (
            ("duplicate" if rng.random() < 0.75 else "related")
            if duplicate
            else rng.choice(("related", "new", "related"))
        )
        p_accept = 0.3 + 0.35 * progress  # the engine improves as feedback accumulates
        for rank in (1, 2, 3):
            if rank == 1 and duplicate:
                feedback, reason = "accepted", None
            elif rank == 1:
                roll = rng.random()
                if roll < p_accept:
                    feedback, reason = "accepted", None
                elif roll < p_accept + 0.3:
                    feedback, reason = "edited", None
                else:
                    feedback = "rejected"
                    reason = "not_related" if rng.random() < 0.6 else "related_not_answering"
            elif rank == 2 and rng.random() < 0.5:
                feedback, reason = "rejected", "not_related"
            else:
                feedback, reason = None, None
            ref = target.ref if (rank == 1 and target is not None) else rng.choice(list(by_ref))
            shown = by_ref[ref]
            session.add(
                Suggestion(
                    question_id=q.id,
                    batch=1,
                    rank=rank,
                    entry_ref=ref,
                    entry_question=shown.question,
                    entry_answer=shown.answer,
                    entry_category=shown.category,
                    score=round(rng.uniform(0.6, 0.9) if rank == 1 else rng.uniform(0.2, 0.6), 4),
                    signals={},
                    created_at=q.received_at,
                    feedback=feedback,
                    feedback_reason=reason,
                    feedback_at=decided if feedback else None,
                )
            )
            suggestions += 1
        q.suggestion_batch = 1
        if duplicate:
            q.status, q.duplicate_of_id = "duplicate", target.id if target else None
            continue
        q.answer = target.answer if target is not None else "Jawaban staf untuk pertanyaan ini."
        q.answer_source = "suggestion"
        q.status = "approved"
        q.reviewed_at = decided + dt.timedelta(hours=rng.uniform(4, 30))
        # The next Thursday edition at least two days after approval, if it is within the sample.
        ready = q.reviewed_at.astimezone(zone).date() + dt.timedelta(days=2)
        thursday = ready + dt.timedelta(days=(3 - ready.weekday()) % 7)
        if thursday > end:
            continue
        edition = editions.get(thursday)
        if edition is None:
            edition = Edition(
                publish_date=thursday,
                title=f"HALO KOP-UKM edisi {thursday.isoformat()}",
                status="published",
                published_at=_local(thursday, 9, 0, zone),
            )
            session.add(edition)
            session.flush()
            editions[thursday] = edition
        positions[thursday] = positions.get(thursday, 0) + 1
        session.add(EditionItem(edition_id=edition.id, question_id=q.id, position=positions[thursday]))
        entry = Entry(
            ref=f"hk-{thursday:%Y%m%d}-q{q.id}",
            question=q.text,
            answer=q.answer,
            category=q.category,
            published_at=thursday,
            source="edition",
            edition_id=edition.id,
        )
        session.add(entry)
        session.flush()
        q.status, q.entry_id = "published", entry.id
    session.commit()
    return {
        "entries": len(entries),
        "questions": len(questions),
        "editions": len(editions),
        "suggestions": suggestions,
    }
