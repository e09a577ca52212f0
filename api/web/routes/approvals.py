"""The head of office's approval queue: approve an answer, or send it back with a comment."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.errors import Conflict, NotFound, ServiceError
from api.models import QuestionStatus, User
from api.repository import questions as questions_repo
from api.schemas.questions import ReviewCreate
from api.services import review
from api.services.views import question_public
from api.web import labels
from api.web.forms import CSRF_MESSAGE, read_form, service_message, validation_messages
from api.web.render import redirect, render
from api.web.session import PimpinanPage

router = APIRouter(prefix="/petugas", include_in_schema=False)

QUEUE_LIMIT = 100
FLASH = {
    "disetujui": "Jawaban pertanyaan #{id} disetujui dan siap dimasukkan ke edisi.",
    "dikembalikan": "Jawaban pertanyaan #{id} dikembalikan ke staf dengan komentar Anda.",
}


def queue_page(
    request: Request,
    session: Session,
    user: User,
    *,
    errors: dict[int, list[str]] | None = None,
    comments: dict[int, str] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    rows, total = questions_repo.list_filtered(
        session=session,
        status=QuestionStatus.answered.value,
        channel=None,
        category=None,
        verdict=None,
        limit=QUEUE_LIMIT,
        offset=0,
    )
    items = [question_public(session, q) for q in reversed(rows)]  # oldest first
    shown = {q.id for q in items}
    return render(
        request,
        "staff/approvals.html",
        {
            "items": items,
            # a decision on an answer no longer in the queue: its message goes above the queue
            "other_errors": [e for qid, errs in (errors or {}).items() if qid not in shown for e in errs],
            "total": total,
            "errors": errors or {},
            "comments": comments or {},
            "flash": flash,
        },
        user=user,
        status_code=status_code,
    )


@router.get("/persetujuan", response_class=HTMLResponse)
def approvals(
    request: Request, session: SessionDep, user: PimpinanPage, ok: str = "", id: str = ""
) -> Response:
    """Answers waiting for the head of office, oldest first."""
    flash = FLASH[ok].format(id=id if id.isdigit() else "") if ok in FLASH else None
    return queue_page(request, session, user, flash=flash)


@router.post("/persetujuan/{question_id}", response_class=HTMLResponse)
async def decide(request: Request, question_id: str, session: SessionDep, user: PimpinanPage) -> Response:
    """Approve, or send back with a comment."""
    form = await read_form(request)
    decision = form.get("keputusan")
    comment = form.text("komentar")
    qid = int(question_id) if question_id.isdigit() and 0 < int(question_id) < 2**31 else 0
    errors: list[str] = []
    if not form.csrf_ok:
        errors.append(CSRF_MESSAGE)
    elif decision not in ("approve", "return"):
        errors.append("Pilih: setujui, atau kembalikan dengan komentar.")
    elif decision == "return" and not comment:
        errors.append("Tulis komentar yang menjelaskan apa yang perlu diubah sebelum mengembalikan jawaban.")
    else:
        try:
            data = ReviewCreate(decision=decision, comment=comment or None)
        except ValidationError as exc:
            errors.extend(validation_messages(exc))
        else:
            try:
                review.review_answer(session=session, question_id=qid, data=data, user=user)
            except NotFound:
                errors.append(f"Tidak ada pertanyaan dengan nomor {question_id[:20]}.")
            except Conflict:
                session.rollback()
                current = questions_repo.get(session=session, question_id=qid)
                now = labels.STATUSES.get(current.status, current.status) if current else "?"
                errors.append(
                    f"Jawaban ini sudah tidak menunggu persetujuan (statusnya sekarang \u201c{now}\u201d)."
                )
            except ServiceError as exc:
                errors.append(service_message(exc))
            else:
                ok = "disetujui" if decision == "approve" else "dikembalikan"
                if form.get("dari") == "pertanyaan":
                    return redirect(f"/petugas/pertanyaan/{qid}")
                return redirect(f"/petugas/persetujuan?ok={ok}&id={qid}")
    session.rollback()
    return queue_page(request, session, user, errors={qid: errors}, comments={qid: comment}, status_code=422)
