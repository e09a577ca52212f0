"""Database tables (SQLAlchemy 2.0). Schema changes go through a migration in ``api/migrations``."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so migrations can drop and alter them on both SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Role(str, enum.Enum):
    """Who may do what (see docs/api.md for the full table)."""

    staf = "staf"
    pimpinan = "pimpinan"
    admin = "admin"


class Channel(str, enum.Enum):
    """Where a question came from."""

    instagram = "instagram"
    tiktok = "tiktok"
    email = "email"
    letter = "letter"
    online_discussion = "online_discussion"
    web_form = "web_form"
    whatsapp = "whatsapp"
    other = "other"


class QuestionStatus(str, enum.Enum):
    """Where a question is in the workflow."""

    pending = "pending"  # waiting for staff
    answered = "answered"  # answer written, waiting for the head of office
    returned = "returned"  # sent back by the head of office with a comment
    approved = "approved"  # approved, waiting for an edition
    scheduled = "scheduled"  # placed in an edition not yet published
    published = "published"  # its answer is a published entry
    duplicate = "duplicate"  # answered by an earlier published entry
    rejected = "rejected"  # not answered (spam, off-topic, ...)


class SuggestionsStatus(str, enum.Enum):
    """Whether the engine's suggestions for a question could be made."""

    pending = "pending"  # stored, engine not run yet
    ready = "ready"
    lexical = "lexical"  # encoder failed: lexical matches only, no verdict
    unavailable = "unavailable"  # no index, or the engine failed completely


class Feedback(str, enum.Enum):
    """What staff did with one suggestion."""

    accepted = "accepted"
    edited = "edited"
    rejected = "rejected"


class FeedbackReason(str, enum.Enum):
    """Why a suggestion was rejected."""

    not_related = "not_related"
    related_not_answering = "related_not_answering"


class RejectReason(str, enum.Enum):
    """Why a question is not answered."""

    spam = "spam"
    off_topic = "off_topic"
    out_of_scope = "out_of_scope"
    incomplete = "incomplete"
    other = "other"


class EditionStatus(str, enum.Enum):
    draft = "draft"
    published = "published"


class BuildStatus(str, enum.Enum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them without a zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return (
            value.replace(tzinfo=dt.timezone.utc)
            if value.tzinfo is None
            else value.astimezone(dt.timezone.utc)
        )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Entry(Base):
    """A published question with its answer: the knowledge base."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64), index=True)
    published_at: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="import")  # import | edition
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    alternates: Mapped[list[EntryAlternate]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryAlternate.id", lazy="selectin"
    )


class EntryAlternate(Base):
    """Another phrasing of an entry's question (from an import, or a question marked its duplicate)."""

    __tablename__ = "entry_alternates"
    __table_args__ = (UniqueConstraint("entry_id", "text_hash", name="uq_entry_alternates_entry_text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # Texts can be longer than an index may hold; uniqueness goes through a hash.
    text_hash: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[Entry] = relationship(back_populates="alternates")


class Question(Base):
    """An incoming question from any channel, and everything staff did with it."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_status_channel", "status", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str | None] = mapped_column(String(200))
    dedup_key: Mapped[str] = mapped_column(String(64), unique=True)
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_handle: Mapped[str | None] = mapped_column(String(200))
    sender_email: Mapped[str | None] = mapped_column(String(254))
    sender_phone: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.pending.value, index=True)

    # screening, filled after the question is stored
    suggestions_status: Mapped[str] = mapped_column(String(16), default=SuggestionsStatus.pending.value)
    suggestions_error: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(16))
    predicted_category: Mapped[str | None] = mapped_column(String(64))
    category_probability: Mapped[float | None] = mapped_column(Float)
    screening_label: Mapped[str | None] = mapped_column(String(16))
    screening_score: Mapped[float | None] = mapped_column(Float)
    draft: Mapped[str | None] = mapped_column(Text)
    index_version: Mapped[str | None] = mapped_column(String(64))
    suggestion_batch: Mapped[int] = mapped_column(Integer, default=0)

    # staff and head of office
    category: Mapped[str | None] = mapped_column(String(64), index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    public_question: Mapped[str | None] = mapped_column(Text)
    answer_source: Mapped[str | None] = mapped_column(String(16))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    reject_note: Mapped[str | None] = mapped_column(Text)
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))

    suggestions: Mapped[list[Suggestion]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Suggestion.id"
    )
    duplicate_of: Mapped[Entry | None] = relationship(foreign_keys=[duplicate_of_id])
    entry: Mapped[Entry | None] = relationship(foreign_keys=[entry_id])


class Suggestion(Base):
    """One match shown to staff for a question, and what staff did with it (the retraining feedback)."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("question_id", "batch", "rank", name="uq_suggestions_question_batch_rank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    batch: Mapped[int] = mapped_column(Integer, default=1)
    rank: Mapped[int] = mapped_column(Integer)
    entry_ref: Mapped[str] = mapped_column(String(64))
    # What staff saw, kept as shown: the entry may be replaced later.
    entry_question: Mapped[str] = mapped_column(Text)
    entry_answer: Mapped[str] = mapped_column(Text)
    entry_category: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    signals: Mapped[dict] = mapped_column(JSON, default=dict)
    lexical: Mapped[bool] = mapped_column(Boolean, default=False)
    index_version: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    feedback: Mapped[str | None] = mapped_column(String(16))
    feedback_reason: Mapped[str | None] = mapped_column(String(32))
    feedback_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    feedback_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship(back_populates="suggestions")


class Edition(Base):
    """The weekly edition of the Q&A column."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publish_date: Mapped[dt.date] = mapped_column(Date, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=EditionStatus.draft.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    items: Mapped[list[EditionItem]] = relationship(
        back_populates="edition",
        cascade="all, delete-orphan",
        order_by="(EditionItem.position, EditionItem.id)",
        lazy="selectin",
    )


class EditionItem(Base):
    __tablename__ = "edition_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer)

    edition: Mapped[Edition] = relationship(back_populates="items")
    question: Mapped[Question] = relationship(lazy="selectin")


class AuditLog(Base):
    """Who changed what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(64))  # username, "public" or "system"
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class IndexBuild(Base):
    """A background index rebuild and its outcome."""

    __tablename__ = "index_builds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=BuildStatus.queued.value)
    activate: Mapped[bool] = mapped_column(Boolean, default=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    entries: Mapped[int | None] = mapped_column(Integer)
    calibration_source: Mapped[str | None] = mapped_column(String(200))
    evaluation: Mapped[dict | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
