"""What citizens can do without logging in: search published answers, ask, and track their question.

Nothing here returns personal data: only published entries and a question's public status.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.core.config import Settings
from api.errors import InvalidInput, NotFound
from api.models import Channel, Entry, QuestionStatus
from api.repository import entries as entries_repo
from api.repository import questions as questions_repo
from api.schemas.public import (
    PublicQuestionCreate,
    PublishedAnswer,
    SearchHit,
    SearchList,
    TrackingReceipt,
    TrackingStatus,
)
from api.schemas.questions import QuestionCreate
from api.services import intake
from api.services.keys import normalize_text, normalize_tracking_code
from api.services.live_index import LiveIndex

# internal status -> (public status, Indonesian label)
PUBLIC_STATUS = {
    QuestionStatus.pending.value: ("received", "Pertanyaan sudah diterima dan menunggu ditinjau petugas."),
    QuestionStatus.answered.value: ("in_review", "Jawaban sedang disiapkan dan ditinjau."),
    QuestionStatus.returned.value: ("in_review", "Jawaban sedang disiapkan dan ditinjau."),
    QuestionStatus.approved.value: (
        "approved",
        "Jawaban sudah disetujui dan akan terbit di edisi HALO KOP-UKM berikutnya.",
    ),
    QuestionStatus.scheduled.value: (
        "approved",
        "Jawaban sudah disetujui dan akan terbit di edisi HALO KOP-UKM berikutnya.",
    ),
    QuestionStatus.published.value: ("published", "Jawaban sudah terbit di HALO KOP-UKM."),
    QuestionStatus.duplicate.value: (
        "answered_before",
        "Pertanyaan serupa sudah pernah dijawab; lihat jawabannya di bawah.",
    ),
    QuestionStatus.rejected.value: (
        "closed",
        "Pertanyaan ini tidak dapat dijawab di HALO KOP-UKM. Silakan hubungi kantor dinas untuk bantuan.",
    ),
}
DB_FALLBACK_LIMIT = 5000


def _hit(entry: Entry, score: float | None) -> SearchHit:
    return SearchHit(
        ref=entry.ref,
        question=entry.question,
        answer=entry.answer,
        category=entry.category,
        published_at=entry.published_at,
        score=score,
    )


def _database_search(session: Session, q: str, category: str | None, limit: int) -> list[SearchHit]:
    """Word-overlap search over the database, for when no index is loaded at all."""
    words = {w for w in normalize_text(q).split() if len(w) > 2}
    if not words:
        return []
    rows, _ = entries_repo.list_latest(session=session, category=category, limit=DB_FALLBACK_LIMIT)
    scored = []
    for entry in rows:
        have = set(normalize_text(f"{entry.question} {entry.answer}").split())
        overlap = len(words & have) / len(words)
        if overlap > 0:
            scored.append((round(overlap, 4), entry))
    scored.sort(key=lambda t: (-t[0], t[1].ref))
    return [_hit(e, s) for s, e in scored[:limit]]


def search(
    *, session: Session, live: LiveIndex, settings: Settings, q: str | None, category: str | None, limit: int
) -> SearchList:
    """Published entries matching a query, best first; newest entries when there is no query."""
    q = (q or "").strip()
    if not q:
        rows, total = entries_repo.list_latest(session=session, category=category, limit=limit)
        return SearchList(items=[_hit(e, None) for e in rows], total=total, mode="latest")
    intake.check_text_length(settings, q, "the query")
    matches, mode = live.search(q, limit, category)
    if matches is None:
        hits = _database_search(session, q, category, limit)
        return SearchList(items=hits, total=len(hits), mode="database")
    known = entries_repo.get_by_refs(session=session, refs=[m.ref for m in matches])
    hits = []
    for m in matches:
        entry = known.get(m.ref)
        if entry is not None:
            hits.append(_hit(entry, float(m.score)))
        else:  # an entry the index was built with from a file, not (yet) in the database
            hits.append(
                SearchHit(
                    ref=m.ref,
                    question=m.question,
                    answer=m.answer,
                    category=m.category,
                    published_at=m.published_at[:10] if m.published_at else None,
                    score=float(m.score),
                )
            )
    return SearchList(items=hits, total=len(hits), mode=mode)  # type: ignore[arg-type]


def submit_question(
    *, session: Session, live: LiveIndex, settings: Settings, data: PublicQuestionCreate
) -> TrackingReceipt:
    question, _created = intake.create_question(
        session=session,
        live=live,
        settings=settings,
        data=QuestionCreate(
            channel=Channel.web_form,
            text=data.text,
            sender_name=data.name,
            sender_email=data.email,
            sender_phone=data.phone,
        ),
        actor=None,
    )
    status, label = PUBLIC_STATUS[question.status]
    return TrackingReceipt(
        tracking_code=question.tracking_code,
        status=status,
        status_label=label,
        message=f"Simpan kode {question.tracking_code} untuk memeriksa status pertanyaan Anda.",
    )


def question_status(*, session: Session, settings: Settings, code: str) -> TrackingStatus:
    normalized = normalize_tracking_code(code)
    if len(normalized) > 16:
        raise InvalidInput("a tracking code looks like HK-ABCD2345")
    question = questions_repo.get_by_tracking_code(session=session, code=normalized)
    if question is None:
        raise NotFound(f"there is no question with tracking code {code.strip()!r}")
    status, label = PUBLIC_STATUS[question.status]
    entry = (
        question.entry
        if question.status == QuestionStatus.published.value
        else (question.duplicate_of if question.status == QuestionStatus.duplicate.value else None)
    )
    return TrackingStatus(
        tracking_code=question.tracking_code,
        status=status,  # type: ignore[arg-type]
        status_label=label,
        received_on=question.received_at.astimezone(settings.tz).date(),
        answer=None
        if entry is None
        else PublishedAnswer(
            ref=entry.ref, question=entry.question, answer=entry.answer, published_at=entry.published_at
        ),
    )
