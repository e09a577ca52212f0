"""The office's success figures: participation, answers, duplicates and suggestion feedback.

Pure functions over a SQLAlchemy session; nothing here writes. Every count is for a *period* — an ISO
week (Monday to Sunday) or a calendar month — in the office's time zone: a question received on
Monday 00:10 in Bogor belongs to the week starting that Monday, though in UTC it is still Sunday 17:10.

What is counted (docs/kpi.md says the same for readers):

- **questions received**: every stored question whose ``received_at`` falls in the period, whatever
  became of it (spam included, shown apart as ``spam``).
- **participants**: distinct senders among those questions, except questions rejected as spam. Who
  is the same sender: see :func:`participant_keys`.
- **growth**: ``(participants - previous) / previous * 100``, one decimal, for the whole period and
  per channel and per category; ``None`` when the previous period had no participants (there is no
  growth from zero).
- **questions published**: questions in an edition whose publication (``Edition.published_at``) falls
  in the period; **median time to publication**: the median, over those questions, of the hours from
  ``received_at`` to the edition's ``published_at``.
- **duplicates caught**: questions closed as a duplicate of a published entry, counted when staff
  closed them (``answered_at``); ``duplicates_flagged_by_engine`` of those had the engine's
  ``duplicate`` verdict beforehand.
- **questions answered**: published + duplicates caught (both got an answer in the period).
- **suggestion feedback**: the feedback staff recorded on suggestions in the period (``feedback_at``):
  accepted (used word for word), edited (used with changes), rejected (with its reason);
  ``acceptance_pct`` = accepted / all feedback, ``use_pct`` = (accepted + edited) / all feedback.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import (
    Channel,
    Edition,
    EditionItem,
    EditionStatus,
    Feedback,
    FeedbackReason,
    Question,
    QuestionStatus,
    RejectReason,
    Suggestion,
)
from api.publishing.model import format_date_id

__all__ = [
    "DEFAULT_TIMEZONE",
    "UNCATEGORIZED",
    "FeedbackFigures",
    "MonthReport",
    "Period",
    "PeriodFigures",
    "Split",
    "figures",
    "growth_pct",
    "month_report",
    "months_between",
    "participant_keys",
    "weeks_between",
    "weeks_of_month",
]

DEFAULT_TIMEZONE = "Asia/Jakarta"
UNCATEGORIZED = "uncategorized"


def month_name(day: dt.date) -> str:
    """The Indonesian name of ``day``'s month (``Oktober``), from the project's one date formatter."""
    return format_date_id(day).split()[1]


def month_short(day: dt.date) -> str:
    """Its three-letter form (``Okt``, ``Agu``): the first three letters of every Indonesian month name."""
    return month_name(day)[:3]


_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
# Periods outside these years are typing mistakes, not reports anyone wants.
MIN_YEAR, MAX_YEAR = 2000, 2100


# ------------------------------------------------------------------ periods
@dataclass(frozen=True, order=True)
class Period:
    """An ISO week or a calendar month, in the office's calendar.

    Attributes:
        kind: ``"week"`` or ``"month"``.
        start: First day (a Monday for weeks, the 1st for months).
    """

    kind: Literal["week", "month"]
    start: dt.date

    @classmethod
    def week_of(cls, day: dt.date) -> Period:
        """The ISO week (Monday to Sunday) holding ``day``."""
        return cls("week", day - dt.timedelta(days=day.weekday()))

    @classmethod
    def month_of(cls, day: dt.date) -> Period:
        """The calendar month holding ``day``."""
        return cls("month", day.replace(day=1))

    @classmethod
    def parse(cls, key: str) -> Period:
        """A period from its key: ``"2026-10"`` (month) or ``"2026-W41"`` (ISO week).

        Raises:
            ValueError: the key is neither, with a message saying what is expected.
        """
        text = key.strip()
        if m := _MONTH_KEY.match(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"month {text!r} does not exist: the month part must be 01-12")
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"month {text!r} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}")
            return cls("month", dt.date(year, month, 1))
        if m := _WEEK_KEY.match(text):
            year, week = int(m[1]), int(m[2])
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"week {text!r} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}")
            try:
                return cls("week", dt.date.fromisocalendar(year, week, 1))
            except ValueError:
                raise ValueError(f"week {text!r} does not exist in {year}") from None
        raise ValueError(f"{text!r} is not a period: write a month as YYYY-MM (e.g. 2026-10)")

    @property
    def end(self) -> dt.date:
        """The day after the last day."""
        if self.kind == "week":
            return self.start + dt.timedelta(days=7)
        year, month = divmod(self.start.year * 12 + self.start.month, 12)
        return dt.date(year, month + 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        """``"2026-10"`` or ``"2026-W41"``."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        """Indonesian name: ``"Oktober 2026"``, ``"Pekan 41 (5–11 Okt 2026)"``."""
        if self.kind == "month":
            return f"{month_name(self.start)} {self.start.year}"
        return f"Pekan {self.start.isocalendar()[1]} ({self.span_label})"

    @property
    def short_label(self) -> str:
        """For chart axes: ``"Okt 2026"`` or ``"P41"``."""
        if self.kind == "month":
            return f"{month_short(self.start)} {self.start.year}"
        return f"P{self.start.isocalendar()[1]}"

    @property
    def span_label(self) -> str:
        """The days it covers: ``"5–11 Okt 2026"``, ``"28 Sep–4 Okt 2026"``, ``"29 Des 2025–4 Jan 2026"``."""
        a, b = self.start, self.last_day
        end = f"{b.day} {month_short(b)} {b.year}"
        if a.year != b.year:
            return f"{a.day} {month_short(a)} {a.year}–{end}"
        if a.month != b.month:
            return f"{a.day} {month_short(a)}–{end}"
        return f"{a.day}–{end}"

    def previous(self) -> Period:
        if self.kind == "week":
            return Period("week", self.start - dt.timedelta(days=7))
        return Period.month_of(self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return Period(self.kind, self.end)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "key": self.key,
            "first_day": self.start.isoformat(),
            "last_day": self.last_day.isoformat(),
            "label": self.label,
        }


def weeks_between(first: dt.date, last: dt.date) -> list[Period]:
    """Every ISO week from the one holding ``first`` to the one holding ``last``, empty weeks included."""
    out, week = [], Period.week_of(first)
    while week.start <= last:
        out.append(week)
        week = week.next()
    return out


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from ``first`` to ``last`` inclusive."""
    out, month = [], Period.month_of(first.start)
    while month.start <= last.start:
        out.append(month)
        month = month.next()
    return out


def weeks_of_month(month: Period) -> list[Period]:
    """The ISO weeks that belong to a month: those whose Thursday falls in it.

    This is ISO 8601's own rule for weeks that straddle two years, applied to months, so every week
    belongs to exactly one month. A week's figures still cover all its seven days.
    """
    weeks = weeks_between(month.start, month.last_day)
    return [w for w in weeks if month.contains(w.start + dt.timedelta(days=3))]


# ------------------------------------------------------------------ who is a participant
def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _identifiers(channel: str, handle: str | None, email: str | None, phone: str | None) -> list[str]:
    ids = []
    if email and email.strip():
        ids.append("email:" + _norm(email))
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) >= 6:  # shorter "numbers" are typing noise, not a way to recognise anyone
        ids.append("phone:" + ("62" + digits[1:] if digits.startswith("0") else digits))
    if handle and handle.strip().lstrip("@").strip():
        # @budi on Instagram and @budi on TikTok need not be the same person: handles are per platform.
        ids.append(f"handle:{channel}:" + _norm(handle.strip().lstrip("@")))
    return ids


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller string becomes the root, so the result does not depend on the input order.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def participant_keys(
    rows: Iterable[tuple[int, str, str | None, str | None, str | None, str | None]],
) -> dict[int, str]:
    """Who sent each question: a key that is the same for questions from the same person.

    Two questions come from the same person when they share an e-mail address (any case), a phone
    number (digits only, a leading ``0`` read as ``62``), or a handle on the same platform (``@`` and
    case ignored). Identifiers given together link each other: someone who wrote once with e-mail and
    phone, and once with the phone alone, is one person. A name counts only when a question carries no
    other identifier, and only within its channel (two letters signed "Pak Ahmad" are one sender; an
    Instagram and a letter "Ahmad" are not). A question with no sender details at all is its own
    participant.

    Args:
        rows: ``(question id, channel, handle, e-mail, phone, name)`` for every question that can link
            identities (normally all questions in the database).

    Returns:
        Question id to participant key (an opaque string; it carries no personal data).
    """
    links = _UnionFind()
    pending: list[tuple[int, str]] = []
    for qid, channel, handle, email, phone, name in rows:
        ids = _identifiers(channel, handle, email, phone)
        if not ids:
            if name and _norm(name):
                ids = [f"name:{channel}:" + _norm(name)]
            else:
                ids = [f"anonymous:{qid}"]
        for other in ids[1:]:
            links.union(ids[0], other)
        pending.append((qid, ids[0]))
    # Number the people in first-seen order, so the keys say nothing about the identifiers.
    numbers: dict[str, str] = {}
    out = {}
    for qid, ident in pending:
        root = links.find(ident)
        out[qid] = numbers.setdefault(root, f"p{len(numbers) + 1}")
    return out


# ------------------------------------------------------------------ figures
def growth_pct(current: int, previous: int) -> float | None:
    """Percentage change from ``previous`` to ``current``, one decimal; None when ``previous`` is 0."""
    if previous == 0:
        return None
    return round((current - previous) / previous * 100, 1)


def _pct(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


@dataclass
class Split:
    """Questions and participants of one channel or category in a period."""

    questions: int = 0
    participants: int = 0
    previous_participants: int = 0

    @property
    def growth_pct(self) -> float | None:
        return growth_pct(self.participants, self.previous_participants)

    def to_dict(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "participants": self.participants,
            "previous_participants": self.previous_participants,
            "growth_pct": self.growth_pct,
        }


@dataclass
class FeedbackFigures:
    """What staff did with the suggestions shown to them."""

    accepted: int = 0
    edited: int = 0
    rejected_not_related: int = 0
    rejected_related_not_answering: int = 0
    rejected_other: int = 0  # rejected with no reason recorded

    @property
    def rejected(self) -> int:
        return self.rejected_not_related + self.rejected_related_not_answering + self.rejected_other

    @property
    def total(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def acceptance_pct(self) -> float | None:
        """Accepted as shown, in percent of all feedback; None without feedback."""
        return _pct(self.accepted, self.total)

    @property
    def use_pct(self) -> float | None:
        """Accepted or edited (the suggestion was used), in percent of all feedback."""
        return _pct(self.accepted + self.edited, self.total)

    def share_pct(self, what: str) -> float | None:
        return _pct(getattr(self, what), self.total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "edited": self.edited,
            "rejected": self.rejected,
            "rejected_not_related": self.rejected_not_related,
            "rejected_related_not_answering": self.rejected_related_not_answering,
            "rejected_no_reason": self.rejected_other,
            "total": self.total,
            "acceptance_pct": self.acceptance_pct,
            "use_pct": self.use_pct,
        }


@dataclass
class PeriodFigures:
    """Every figure of one week or month (see the module docstring for the definitions)."""

    period: Period
    questions_received: int = 0
    spam: int = 0
    participants: int = 0
    previous_participants: int = 0
    by_channel: dict[str, Split] = field(default_factory=dict)
    by_category: dict[str, Split] = field(default_factory=dict)
    questions_published: int = 0
    duplicates_caught: int = 0
    duplicates_flagged_by_engine: int = 0
    median_hours_to_publication: float | None = None
    feedback: FeedbackFigures = field(default_factory=FeedbackFigures)

    @property
    def participants_growth_pct(self) -> float | None:
        return growth_pct(self.participants, self.previous_participants)

    @property
    def questions_answered(self) -> int:
        return self.questions_published + self.duplicates_caught

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.to_dict(),
            "questions_received": self.questions_received,
            "spam": self.spam,
            "participants": self.participants,
            "previous_participants": self.previous_participants,
            "participants_growth_pct": self.participants_growth_pct,
            "by_channel": {k: v.to_dict() for k, v in self.by_channel.items()},
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "questions_answered": self.questions_answered,
            "questions_published": self.questions_published,
            "duplicates_caught": self.duplicates_caught,
            "duplicates_flagged_by_engine": self.duplicates_flagged_by_engine,
            "median_hours_to_publication": self.median_hours_to_publication,
            "feedback": self.feedback.to_dict(),
        }


# ------------------------------------------------------------------ reading the database
@dataclass(frozen=True)
class _Received:
    day: dt.date
    channel: str
    category: str
    person: str | None  # None: rejected as spam, not a participant


@dataclass
class _Rows:
    received: list[_Received]
    published: list[tuple[dt.date, float]]  # (publication day, hours from receipt)
    duplicates: list[tuple[dt.date, bool]]  # (day caught, engine said duplicate)
    feedback: list[tuple[dt.date, str, str | None]]  # (day, feedback, reason)


def _bounds(start: dt.date, end: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of local midnight at ``start`` and ``end``."""

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tz).astimezone(dt.timezone.utc)

    return midnight(start), midnight(end)


def _load(session: Session, start: dt.date, end: dt.date, tz: ZoneInfo) -> _Rows:
    lo, hi = _bounds(start, end, tz)

    def local_day(value: dt.datetime) -> dt.date:
        return value.astimezone(tz).date()

    # Identities link across the whole table, not just the window (an e-mail given in March ties a phone
    # number to the same person in October). Six short columns per question: tens of thousands are cheap.
    people = participant_keys(
        session.execute(
            select(
                Question.id,
                Question.channel,
                Question.sender_handle,
                Question.sender_email,
                Question.sender_phone,
                Question.sender_name,
            )
        )
    )
    received = []
    for qid, received_at, channel, category, predicted, status, reason in session.execute(
        select(
            Question.id,
            Question.received_at,
            Question.channel,
            Question.category,
            Question.predicted_category,
            Question.status,
            Question.reject_reason,
        ).where(Question.received_at >= lo, Question.received_at < hi)
    ):
        spam = status == QuestionStatus.rejected.value and reason == RejectReason.spam.value
        received.append(
            _Received(
                local_day(received_at),
                channel,
                category or predicted or UNCATEGORIZED,
                None if spam else people[qid],
            )
        )

    published = []
    for received_at, published_at in session.execute(
        select(Question.received_at, Edition.published_at)
        .join(EditionItem, EditionItem.question_id == Question.id)
        .join(Edition, Edition.id == EditionItem.edition_id)
        .where(
            Edition.status == EditionStatus.published.value,
            Edition.published_at >= lo,
            Edition.published_at < hi,
        )
    ):
        published.append((local_day(published_at), (published_at - received_at).total_seconds() / 3600))

    duplicates = [
        (local_day(answered_at), verdict == "duplicate")
        for answered_at, verdict in session.execute(
            select(Question.answered_at, Question.verdict).where(
                Question.status == QuestionStatus.duplicate.value,
                Question.answered_at >= lo,
                Question.answered_at < hi,
            )
        )
    ]

    feedback = [
        (local_day(at), value, reason)
        for at, value, reason in session.execute(
            select(Suggestion.feedback_at, Suggestion.feedback, Suggestion.feedback_reason).where(
                Suggestion.feedback.is_not(None),
                Suggestion.feedback_at >= lo,
                Suggestion.feedback_at < hi,
            )
        )
    ]
    return _Rows(received, published, duplicates, feedback)


def _people(
    rows: Sequence[_Received], period: Period
) -> tuple[set[str], dict[str, set[str]], dict[str, set[str]]]:
    everyone: set[str] = set()
    by_channel: dict[str, set[str]] = defaultdict(set)
    by_category: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.person is not None and period.contains(r.day):
            everyone.add(r.person)
            by_channel[r.channel].add(r.person)
            by_category[r.category].add(r.person)
    return everyone, by_channel, by_category


def _figures_of(period: Period, rows: _Rows) -> PeriodFigures:
    out = PeriodFigures(period)
    inside = [r for r in rows.received if period.contains(r.day)]
    out.questions_received = len(inside)
    out.spam = sum(1 for r in inside if r.person is None)
    people, channel_people, category_people = _people(inside, period)
    before, channel_before, category_before = _people(rows.received, period.previous())
    out.participants, out.previous_participants = len(people), len(before)

    channel_questions = Counter(r.channel for r in inside)
    # Every channel is listed (a channel with no questions is a finding too), in the workflow's order.
    channels = [c.value for c in Channel]
    channels += sorted(set(channel_questions) - set(channels))
    out.by_channel = {
        c: Split(channel_questions[c], len(channel_people.get(c, ())), len(channel_before.get(c, ())))
        for c in channels
    }
    category_questions = Counter(r.category for r in inside)
    categories = sorted(
        set(category_questions) | set(category_before),
        key=lambda c: (c == UNCATEGORIZED, -category_questions[c], c),
    )
    out.by_category = {
        c: Split(category_questions[c], len(category_people.get(c, ())), len(category_before.get(c, ())))
        for c in categories
    }

    hours = [h for day, h in rows.published if period.contains(day)]
    out.questions_published = len(hours)
    out.median_hours_to_publication = round(statistics.median(hours), 1) if hours else None
    caught = [flagged for day, flagged in rows.duplicates if period.contains(day)]
    out.duplicates_caught, out.duplicates_flagged_by_engine = len(caught), sum(caught)

    fb = FeedbackFigures()
    for day, value, reason in rows.feedback:
        if not period.contains(day):
            continue
        if value == Feedback.accepted.value:
            fb.accepted += 1
        elif value == Feedback.edited.value:
            fb.edited += 1
        elif reason == FeedbackReason.not_related.value:
            fb.rejected_not_related += 1
        elif reason == FeedbackReason.related_not_answering.value:
            fb.rejected_related_not_answering += 1
        else:
            fb.rejected_other += 1
    out.feedback = fb
    return out


def _zone(tz: ZoneInfo | str) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def figures(
    session: Session, periods: Sequence[Period], *, tz: ZoneInfo | str = DEFAULT_TIMEZONE
) -> list[PeriodFigures]:
    """The figures of each period (weeks and months may be mixed), read in one pass over the database.

    Args:
        session: A database session (only read from).
        periods: The periods wanted; each one's growth compares with the period just before it.
        tz: The office's time zone, which decides the day a question, publication or feedback falls on.

    Returns:
        One :class:`PeriodFigures` per period, in the order given.
    """
    if not periods:
        return []
    zone = _zone(tz)
    start = min(p.previous().start for p in periods)
    end = max(p.end for p in periods)
    rows = _load(session, start, end, zone)
    return [_figures_of(p, rows) for p in periods]


# ------------------------------------------------------------------ the month report
@dataclass
class MonthReport:
    """What the dashboard and the report file show for one month."""

    month: PeriodFigures
    weeks: list[PeriodFigures]
    trend: list[PeriodFigures]  # the months up to and including this one, oldest first
    timezone: str
    generated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month.to_dict(),
            "weeks": [w.to_dict() for w in self.weeks],
            "trend": [m.to_dict() for m in self.trend],
            "timezone": self.timezone,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
        }


def month_report(
    session: Session,
    month: Period | str,
    *,
    tz: ZoneInfo | str = DEFAULT_TIMEZONE,
    trend_months: int = 6,
    now: dt.datetime | None = None,
) -> MonthReport:
    """The month's figures, its ISO weeks (see :func:`weeks_of_month`) and the months before it.

    Args:
        session: A database session.
        month: The month, as a :class:`Period` or ``"YYYY-MM"``.
        tz: The office's time zone.
        trend_months: How many months the trend shows, this one included.
        now: When the report is made (default: now).

    Raises:
        ValueError: ``month`` is not a month.
    """
    period = Period.parse(month) if isinstance(month, str) else month
    if period.kind != "month":
        raise ValueError(f"{period.key} is a week: give a month as YYYY-MM")
    zone = _zone(tz)
    first = period
    for _ in range(max(trend_months, 1) - 1):
        first = first.previous()
    trend_periods = months_between(first, period)
    week_periods = weeks_of_month(period)
    results = figures(session, [*trend_periods, *week_periods], tz=zone)
    trend, weeks = results[: len(trend_periods)], results[len(trend_periods) :]
    return MonthReport(
        month=trend[-1],
        weeks=weeks,
        trend=trend,
        timezone=zone.key,
        generated_at=(now or dt.datetime.now(zone)).astimezone(zone),
    )
