"""Staff pages for incoming questions: the inbox, one question with its suggestions, and what staff
do with it (answer from the draft, mark a duplicate, reject), with the feedback on each suggestion."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from api.core.config import Settings
from api.deps import LiveIndexDep, SessionDep, SettingsDep
from api.errors import Conflict, InvalidInput, NotFound, ServiceError
from api.models import Question, QuestionStatus, RejectReason, User
from api.repository import entries as entries_repo
from api.repository import questions as questions_repo
from api.schemas.questions import AnswerCreate, DuplicateCreate, FeedbackItem, RejectCreate
from api.services import review, screening
from api.services.live_index import LiveIndex
from api.services.views import question_public
from api.web import labels, queries
from api.web.forms import CSRF_MESSAGE, Form, read_form, service_message, too_long, validation_messages
from api.web.render import redirect, render
from api.web.session import ReaderPage, StafPage
from halokop_nlp.drafts import DRAFT_LABEL

router = APIRouter(prefix="/petugas", include_in_schema=False)

PAGE_SIZE = 25
GROUP_LIMIT = 200
OPEN = (QuestionStatus.pending.value, QuestionStatus.returned.value)
PLACEHOLDER = "[Tulis jawaban baru"

FLASH = {
    "dijawab": "Jawaban pertanyaan #{id} dikirim untuk persetujuan pimpinan.",
    "duplikat": (
        "Pertanyaan #{id} ditandai sebagai duplikat; teksnya menjadi rumusan lain dari jawaban terbit."
    ),
    "ditolak": "Pertanyaan #{id} ditolak.",
    "dinilai": "Penilaian saran untuk pertanyaan #{id} disimpan.",
    "saran": "Saran untuk pertanyaan #{id} diperbarui.",
}


def flash_message(ok: str, ident: str) -> str | None:
    template = FLASH.get(ok)
    return template.format(id=ident if ident.isdigit() else "") if template else None


# ------------------------------------------------------------------ inbox
def _groups(session: Session, live: LiveIndex) -> dict[int, int]:
    """Question id -> group number, for waiting questions that ask the same thing."""
    found, _method = screening.group_open_questions(session=session, live=live, limit=GROUP_LIMIT)
    return {q.id: n for n, group in enumerate(found) for q in group}


def _blocks(rows: list[Question], groups: dict[int, int]) -> list[dict]:
    """The rows as blocks: a group's members together at the place of the first one."""
    by_group: dict[int, list[Question]] = {}
    for q in rows:
        if q.id in groups:
            by_group.setdefault(groups[q.id], []).append(q)
    blocks, placed = [], set()
    for q in rows:
        n = groups.get(q.id)
        if n is None:
            blocks.append({"group": False, "questions": [q]})
        elif n not in placed and len(by_group[n]) > 1:
            placed.add(n)
            blocks.append({"group": True, "questions": by_group[n]})
        elif n not in placed:
            blocks.append({"group": False, "questions": [q]})
    return blocks


@router.get("/kotak-masuk", response_class=HTMLResponse)
def inbox(
    request: Request,
    session: SessionDep,
    live: LiveIndexDep,
    user: ReaderPage,
    status: str = "pending",
    kanal: str = "",
    kategori: str = "",
    hal: str = "1",
    ok: str = "",
    id: str = "",
) -> Response:
    """Questions by status, channel and category, with counts per status and duplicate groups."""
    status = status if status in labels.STATUSES or status == "semua" else "pending"
    channel = kanal if kanal in labels.CHANNELS else ""
    categories = queries.categories(session=session)
    category = kategori if kategori in categories else ""
    page = int(hal) if hal.isdigit() and 0 < int(hal) < 10_000 else 1
    rows, total = questions_repo.list_filtered(
        session=session,
        status=None if status == "semua" else status,
        channel=channel or None,
        category=category or None,
        verdict=None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    counts = queries.count_by_status(session=session, channel=channel or None, category=category or None)
    groups = _groups(session, live) if status in (*OPEN, "semua") and rows else {}
    return render(
        request,
        "staff/inbox.html",
        {
            "status": status,
            "channel": channel,
            "category": category,
            "categories": categories,
            "channels": labels.CHANNELS,
            "counts": counts,
            "all_count": sum(counts.values()),
            "blocks": _blocks(rows, groups),
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "flash": flash_message(ok, id),
            "flash_id": id if id.isdigit() else "",
        },
        user=user,
    )


# ------------------------------------------------------------------ one question
def _editable_draft(draft: str | None) -> str:
    """The draft without its "[DRAF ...]" label line: the label tells staff, it is no part of an answer."""
    lines = (draft or "").splitlines()
    if lines and lines[0].strip() == DRAFT_LABEL:
        lines = lines[1:]
    while lines and not lines[0].strip():
        lines = lines[1:]
    return "\n".join(lines)


def _defaults(question: Question, detail, use_ref: str | None) -> dict:
    """What the answer form starts with: a chosen suggestion's answer, the earlier answer when sent
    back by the head of office, or the draft."""
    values = {
        "jawaban": _editable_draft(detail.draft),
        "sumber": "draft" if detail.draft else "new",
        "dasar": "",
        "pertanyaan_publik": question.public_question or question.text,
        "kategori": question.category or question.predicted_category or "",
        "fb": {},
        "alasan": "",
        "catatan": "",
    }
    if question.status == QuestionStatus.returned.value and question.answer:
        values["jawaban"] = question.answer
        values["sumber"] = question.answer_source or "new"
    chosen = next((s for s in detail.suggestions if s.ref == use_ref), None)
    if chosen is not None:
        values.update(jawaban=chosen.answer, sumber="suggestion", dasar=chosen.ref)
    return values


def _siblings(session: Session, live: LiveIndex, question: Question) -> list[Question]:
    if question.status not in OPEN:
        return []
    found, _ = screening.group_open_questions(session=session, live=live, limit=GROUP_LIMIT)
    for group in found:
        if any(q.id == question.id for q in group):
            return [q for q in group if q.id != question.id]
    return []


def _question_page(
    request: Request,
    session: Session,
    live: LiveIndex,
    settings: Settings,
    user: User,
    question: Question,
    *,
    values: dict | None = None,
    errors: list[str] | None = None,
    use_ref: str | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    detail = question_public(session, question)
    known = entries_repo.get_by_refs(session=session, refs=[s.ref for s in detail.suggestions])
    categories = queries.categories(session=session)
    return render(
        request,
        "staff/question.html",
        {
            "q": detail,
            "normalized": queries.machine_reading(live, question.text),
            "top_score": detail.suggestions[0].score if detail.suggestions else None,
            "siblings": _siblings(session, live, question),
            "published_refs": set(known),
            "categories": categories,
            "values": values or _defaults(question, detail, use_ref),
            "errors": errors or [],
            "is_open": question.status in OPEN,
            "can_act": user.role == "staf",
            "editable": question.status in OPEN and user.role == "staf",
            "draft_text": _editable_draft(detail.draft),
            "reject_reasons": labels.REJECT_REASONS,
            "feedback_choices": labels.FEEDBACK_CHOICES,
            "max_answer": settings.max_answer_chars,
            "flash": flash,
        },
        user=user,
        status_code=status_code,
    )


MAX_ID = 2**31 - 1


def _get_or_404(request: Request, session: Session, user: User, question_id: str) -> Question | Response:
    number = int(question_id) if question_id.isdigit() and 0 < int(question_id) <= MAX_ID else None
    question = questions_repo.get(session=session, question_id=number) if number else None
    if question is None:
        return render(
            request,
            "error.html",
            {
                "title": "Pertanyaan tidak ditemukan",
                "message": f"Tidak ada pertanyaan dengan nomor {question_id[:20]}.",
                "back": "/petugas/kotak-masuk",
            },
            user=user,
            status_code=404,
        )
    return question


@router.get("/pertanyaan/{question_id}", response_class=HTMLResponse)
def question_page(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: ReaderPage,
    pakai: str = "",
    ok: str = "",
) -> Response:
    """One question: original and machine-read text, verdict, matches side by side, editable draft."""
    question = _get_or_404(request, session, user, question_id)
    if isinstance(question, Response):
        return question
    return _question_page(
        request,
        session,
        live,
        settings,
        user,
        question,
        use_ref=pakai or None,
        flash=flash_message(ok, str(question.id)),
    )


def _posted_values(form: Form, question: Question) -> dict:
    """Everything the question form sent, to show it again unchanged if the action is refused."""
    fb = {}
    for name, value in form.values.items():
        if name.startswith("fb_") and name[3:].isdigit() and value in labels.FEEDBACK_CHOICES:
            fb[int(name[3:])] = value
    return {
        "jawaban": form.text("jawaban"),
        "sumber": form.get("sumber") if form.get("sumber") in ("draft", "suggestion", "new") else "new",
        "dasar": form.text("dasar"),
        "pertanyaan_publik": form.text("pertanyaan_publik"),
        "kategori": form.text("kategori"),
        "fb": fb,
        "alasan": form.get("alasan"),
        "catatan": form.text("catatan"),
    }


def _feedback_items(values: dict) -> list[FeedbackItem]:
    return [
        FeedbackItem(suggestion_id=sid, action="rejected", reason=reason)
        for sid, reason in sorted(values["fb"].items())
        if reason
    ]


def _refused(exc: ServiceError, question: Question, session: Session, action: str) -> str:
    """Why the service refused an action on a question, in Indonesian."""
    if isinstance(exc, Conflict):
        session.refresh(question)
        return (
            f"Pertanyaan ini sudah berstatus \u201c{labels.STATUSES.get(question.status, question.status)}"
            f"\u201d, jadi tidak bisa {action} lagi. Hanya pertanyaan yang menunggu atau dikembalikan "
            "yang dapat diproses."
        )
    if isinstance(exc, InvalidInput) and "suggestion" in exc.message:
        return (
            "Saran untuk pertanyaan ini sudah diperbarui sejak halaman dibuka, sehingga penilaian saran "
            "tidak cocok lagi. Muat ulang halaman, lalu nilai ulang sarannya."
        )
    return service_message(exc)


async def _act(
    request: Request,
    question_id: str,
    session: Session,
    live: LiveIndex,
    settings: Settings,
    user: User,
    action,
) -> Response:
    """Read the form and run ``action(question, form, values) -> (errors, url)``.

    On success the browser is sent to ``url`` (``#code``: the page is shown again as sent, with the
    flash message ``code``); otherwise the page is shown again with every field as it was sent and
    the errors above.
    """
    question = _get_or_404(request, session, user, question_id)
    if isinstance(question, Response):
        return question
    form = await read_form(request)
    values = _posted_values(form, question)
    if not form.csrf_ok:
        errors = [CSRF_MESSAGE]
    else:
        errors, url = action(question, form, values)
        if not errors and url.startswith("#"):
            # Done, but the page stays as it was: the answer being written is kept.
            return _question_page(
                request,
                session,
                live,
                settings,
                user,
                question,
                values=values,
                flash=FLASH[url[1:]].format(id=question.id),
            )
        if not errors:
            return redirect(url)
    session.rollback()
    return _question_page(
        request, session, live, settings, user, question, values=values, errors=errors, status_code=422
    )


@router.post("/pertanyaan/{question_id}/jawab", response_class=HTMLResponse)
async def answer(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafPage,
) -> Response:
    """Send the answer (from the draft, a suggestion or written anew) for the head of office's approval."""

    def action(question: Question, form: Form, values: dict):
        errors = []
        text = values["jawaban"]
        if not text:
            errors.append("Tulis jawaban terlebih dahulu.")
        elif DRAFT_LABEL in text or PLACEHOLDER in text:
            errors.append(
                "Jawaban masih memuat petunjuk draf dalam kurung siku. Ganti petunjuk itu dengan "
                "jawaban Anda sebelum mengirim."
            )
        elif len(text) > settings.max_answer_chars:
            errors.append(too_long("Jawaban", len(text), settings.max_answer_chars))
        if len(values["pertanyaan_publik"]) > settings.max_question_chars:
            errors.append(
                too_long(
                    "Pertanyaan yang diterbitkan",
                    len(values["pertanyaan_publik"]),
                    settings.max_question_chars,
                )
            )
        if errors:
            return errors, ""
        source = values["sumber"]
        if source == "suggestion" and not values["dasar"]:
            source = "new"
        try:
            data = AnswerCreate(
                answer=text,
                source=source,
                based_on=(values["dasar"] or None) if source == "suggestion" else None,
                public_question=values["pertanyaan_publik"] or None,
                category=values["kategori"] or None,
                feedback=_feedback_items(values),
            )
        except ValidationError as exc:
            return validation_messages(exc), ""
        try:
            review.answer_question(
                session=session, settings=settings, question_id=question.id, data=data, user=user
            )
        except ServiceError as exc:
            return [_refused(exc, question, session, "dijawab")], ""
        return [], f"/petugas/kotak-masuk?ok=dijawab&id={question.id}"

    return await _act(request, question_id, session, live, settings, user, action)


@router.post("/pertanyaan/{question_id}/duplikat", response_class=HTMLResponse)
async def mark_duplicate(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafPage,
) -> Response:
    """Close the question as answered by a published entry (one of its matches)."""

    def action(question: Question, form: Form, values: dict):
        ref = form.text("ref")
        if not ref:
            return ["Pilih jawaban terbit yang sudah menjawab pertanyaan ini."], ""
        try:
            data = DuplicateCreate(ref=ref, feedback=_feedback_items(values))
        except ValidationError as exc:
            return validation_messages(exc), ""
        try:
            review.mark_duplicate(
                session=session, live=live, settings=settings, question_id=question.id, data=data, user=user
            )
        except NotFound:
            return [f"Jawaban {ref} tidak ada di antara jawaban yang sudah terbit; pilih jawaban lain."], ""
        except ServiceError as exc:
            return [_refused(exc, question, session, "ditandai duplikat")], ""
        return [], f"/petugas/kotak-masuk?ok=duplikat&id={question.id}"

    return await _act(request, question_id, session, live, settings, user, action)


@router.post("/pertanyaan/{question_id}/tolak", response_class=HTMLResponse)
async def reject(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafPage,
) -> Response:
    """Close the question without an answer, with a reason."""

    def action(question: Question, form: Form, values: dict):
        reason = values["alasan"]
        if reason not in labels.REJECT_REASONS:
            return ["Pilih alasan penolakan."], ""
        if reason == RejectReason.other.value and not values["catatan"]:
            return [
                "Alasan \u201cLainnya\u201d perlu catatan yang menjelaskan mengapa pertanyaan ditolak."
            ], ""
        try:
            data = RejectCreate(
                reason=reason, note=values["catatan"] or None, feedback=_feedback_items(values)
            )
        except ValidationError as exc:
            return validation_messages(exc), ""
        try:
            review.reject_question(session=session, question_id=question.id, data=data, user=user)
        except ServiceError as exc:
            return [_refused(exc, question, session, "ditolak")], ""
        return [], f"/petugas/kotak-masuk?ok=ditolak&id={question.id}"

    return await _act(request, question_id, session, live, settings, user, action)


@router.post("/pertanyaan/{question_id}/nilai", response_class=HTMLResponse)
async def rate_suggestions(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafPage,
) -> Response:
    """Record the ratings of the suggestions alone (the question and the answer being written stay)."""

    def action(question: Question, form: Form, values: dict):
        items = _feedback_items(values)
        if not items:
            return ["Belum ada saran yang dinilai: pilih penilaian pada salah satu saran."], ""
        try:
            review.record_feedback(session=session, question_id=question.id, items=items, user=user)
        except ServiceError as exc:
            return [_refused(exc, question, session, "dinilai")], ""
        return [], "#dinilai"

    return await _act(request, question_id, session, live, settings, user, action)


@router.post("/pertanyaan/{question_id}/saran-ulang", response_class=HTMLResponse)
async def suggest_again(
    request: Request,
    question_id: str,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: StafPage,
) -> Response:
    """Run the engine on the question again (after it recovered, or after a new edition)."""

    def action(question: Question, form: Form, values: dict):
        try:
            review.refresh_suggestions(session=session, live=live, settings=settings, question_id=question.id)
        except ServiceError as exc:
            return [_refused(exc, question, session, "diperbarui sarannya")], ""
        return [], f"/petugas/pertanyaan/{question.id}?ok=saran"

    return await _act(request, question_id, session, live, settings, user, action)
