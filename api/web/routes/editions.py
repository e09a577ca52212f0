"""The edition builder: start the week's edition, pick approved Q&A, order them, preview, publish."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from api.core.config import Settings
from api.deps import LiveIndexDep, SessionDep, SettingsDep
from api.errors import Conflict, InvalidInput, NotFound, ServiceError
from api.models import Edition, EditionStatus, QuestionStatus, User
from api.repository import questions as questions_repo
from api.schemas.editions import EditionCreate, EditionItemsCreate, EditionItemsOrder
from api.services import editions
from api.services.views import question_public
from api.web import labels
from api.web.forms import CSRF_MESSAGE, Form, read_form, service_message, validation_messages
from api.web.render import redirect, render
from api.web.session import EditorPage, PimpinanPage

router = APIRouter(prefix="/petugas/edisi", include_in_schema=False)

LIST_LIMIT = 50
APPROVED_LIMIT = 200
FLASH = {
    "dibuat": "Edisi dibuat. Tambahkan jawaban yang sudah disetujui.",
    "ditambah": "Pertanyaan ditambahkan ke edisi.",
    "diurutkan": "Urutan diperbarui.",
    "dihapus": "Pertanyaan dikeluarkan dari edisi; statusnya kembali \u201cDisetujui\u201d.",
    "terbit": "Edisi diterbitkan. Jawabannya kini dapat dicari warga di halaman publik.",
}


def _flash(ok: str) -> str | None:
    return FLASH.get(ok)


@router.get("", response_class=HTMLResponse)
def edition_list(
    request: Request, session: SessionDep, settings: SettingsDep, user: EditorPage, ok: str = ""
) -> Response:
    """Editions, newest first, and the form to start the next one."""
    return _list_page(request, session, settings, user, values=None, errors=[], flash=_flash(ok))


def _list_page(request, session, settings: Settings, user, *, values, errors, flash=None, status_code=200):
    rows, total = editions.list_editions(session=session, status=None, limit=LIST_LIMIT, offset=0)
    day = editions.next_publish_date(settings)
    return render(
        request,
        "staff/editions.html",
        {
            "editions": rows,
            "total": total,
            "values": values or {"tanggal": day.isoformat(), "judul": ""},
            "default_title": editions.default_title(day),
            "weekday": labels.WEEKDAYS[settings.publish_weekday],
            "errors": errors,
            "flash": flash,
        },
        user=user,
        status_code=status_code,
    )


@router.post("", response_class=HTMLResponse)
async def edition_create(
    request: Request, session: SessionDep, settings: SettingsDep, user: EditorPage
) -> Response:
    """Start an edition for a publishing day."""
    form = await read_form(request)
    values = {"tanggal": form.text("tanggal"), "judul": form.text("judul")}
    errors: list[str] = []
    day = None
    if not form.csrf_ok:
        errors.append(CSRF_MESSAGE)
    elif values["tanggal"]:
        try:
            day = dt.date.fromisoformat(values["tanggal"])
        except ValueError:
            errors.append("Tanggal terbit tidak valid: pilih tanggal dari kalender (tttt-bb-hh).")
    if not errors:
        try:
            data = EditionCreate(publish_date=day, title=values["judul"] or None)
            edition = editions.create_edition(session=session, settings=settings, data=data, user=user)
        except ValidationError as exc:
            errors.extend(validation_messages(exc))
        except InvalidInput:
            chosen = day or editions.next_publish_date(settings)
            errors.append(
                f"{labels.date_long(chosen)} bukan hari terbit: edisi HALO KOP-UKM terbit setiap hari "
                f"{labels.WEEKDAYS[settings.publish_weekday]}. Pilih tanggal lain."
            )
        except Conflict:
            chosen = day or editions.next_publish_date(settings)
            errors.append(f"Sudah ada edisi untuk {labels.date_long(chosen)}; buka edisi itu dari daftar.")
        except ServiceError as exc:
            errors.append(service_message(exc))
        else:
            return redirect(f"/petugas/edisi/{edition.id}?ok=dibuat")
    session.rollback()
    return _list_page(request, session, settings, user, values=values, errors=errors, status_code=422)


def _edition_or_404(request: Request, session: Session, user: User, edition_id: str) -> Edition | Response:
    number = int(edition_id) if edition_id.isdigit() and 0 < int(edition_id) < 2**31 else None
    try:
        return editions.get_edition(session=session, edition_id=number or 0)
    except NotFound:
        return render(
            request,
            "error.html",
            {
                "title": "Edisi tidak ditemukan",
                "message": f"Tidak ada edisi dengan nomor {edition_id[:20]}.",
                "back": "/petugas/edisi",
            },
            user=user,
            status_code=404,
        )


def _builder(
    request: Request,
    session: Session,
    user: User,
    edition: Edition,
    *,
    errors: list[str] | None = None,
    checked: set[int] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    approved, _ = questions_repo.list_filtered(
        session=session,
        status=QuestionStatus.approved.value,
        channel=None,
        category=None,
        verdict=None,
        limit=APPROVED_LIMIT,
        offset=0,
    )
    return render(
        request,
        "staff/edition.html",
        {
            "edition": editions.edition_public(edition),
            "is_draft": edition.status == EditionStatus.draft.value,
            "approved": [question_public(session, q) for q in reversed(approved)],
            "checked": checked or set(),
            "can_publish": user.role == "pimpinan",
            "errors": errors or [],
            "flash": flash,
        },
        user=user,
        status_code=status_code,
    )


@router.get("/{edition_id}", response_class=HTMLResponse)
def edition_page(
    request: Request, edition_id: str, session: SessionDep, user: EditorPage, ok: str = ""
) -> Response:
    """One edition: its Q&A in order, approved answers to add, preview and publish."""
    edition = _edition_or_404(request, session, user, edition_id)
    if isinstance(edition, Response):
        return edition
    return _builder(request, session, user, edition, flash=_flash(ok))


@router.get("/{edition_id}/pratinjau", response_class=HTMLResponse)
def edition_preview(request: Request, edition_id: str, session: SessionDep, user: EditorPage) -> Response:
    """The edition as readers will see it."""
    edition = _edition_or_404(request, session, user, edition_id)
    if isinstance(edition, Response):
        return edition
    return render(request, "staff/preview.html", {"edition": editions.edition_public(edition)}, user=user)


def _ids(form: Form, name: str) -> list[int]:
    return [int(v) for v in form.getlist(name) if v.isdigit() and 0 < int(v) < 2**31]


async def _change(request: Request, edition_id: str, session: Session, user: User, change) -> Response:
    """Run ``change(edition, form) -> (errors, ok-code)`` on a draft edition; show the builder again."""
    edition = _edition_or_404(request, session, user, edition_id)
    if isinstance(edition, Response):
        return edition
    form = await read_form(request)
    if not form.csrf_ok:
        errors = [CSRF_MESSAGE]
    elif edition.status != EditionStatus.draft.value:
        errors = ["Edisi ini sudah terbit; isinya tidak dapat diubah lagi."]
    else:
        try:
            errors, ok = change(edition, form)
        except ValidationError as exc:
            errors, ok = validation_messages(exc), ""
        except ServiceError as exc:
            errors, ok = [_refused(exc)], ""
        if not errors:
            return redirect(f"/petugas/edisi/{edition.id}?ok={ok}")
    session.rollback()
    session.refresh(edition)
    return _builder(
        request, session, user, edition, errors=errors, checked=set(_ids(form, "pertanyaan")), status_code=422
    )


def _refused(exc: ServiceError) -> str:
    if isinstance(exc, Conflict) and "has no questions" in exc.message:
        return (
            "Edisi ini belum berisi pertanyaan: tambahkan jawaban yang sudah disetujui sebelum menerbitkan."
        )
    if isinstance(exc, Conflict) and "already in" in exc.message:
        return "Salah satu pertanyaan yang dipilih sudah masuk edisi. Muat ulang halaman."
    if isinstance(exc, Conflict) and "only approved answers" in exc.message:
        return "Pertanyaan yang dipilih sudah tidak \u201cDisetujui\u201d lagi. Muat ulang halaman."
    return service_message(exc)


@router.post("/{edition_id}/tambah", response_class=HTMLResponse)
async def add_items(request: Request, edition_id: str, session: SessionDep, user: EditorPage) -> Response:
    """Add the checked approved answers at the end of the edition."""

    def change(edition: Edition, form: Form):
        ids = list(dict.fromkeys(_ids(form, "pertanyaan")))
        if not ids:
            return ["Centang minimal satu jawaban yang sudah disetujui."], ""
        editions.add_items(
            session=session, edition_id=edition.id, data=EditionItemsCreate(question_ids=ids), user=user
        )
        return [], "ditambah"

    return await _change(request, edition_id, session, user, change)


@router.post("/{edition_id}/urutan", response_class=HTMLResponse)
async def move_item(request: Request, edition_id: str, session: SessionDep, user: EditorPage) -> Response:
    """Move one Q&A up or down."""

    def change(edition: Edition, form: Form):
        order = [item.question_id for item in edition.items]
        moving = _ids(form, "item")
        if not moving or moving[0] not in order:
            return ["Pertanyaan itu tidak ada di edisi ini. Muat ulang halaman."], ""
        at = order.index(moving[0])
        to = at - 1 if form.get("arah") == "naik" else at + 1
        if 0 <= to < len(order):
            order[at], order[to] = order[to], order[at]
            editions.reorder_items(
                session=session, edition_id=edition.id, data=EditionItemsOrder(question_ids=order), user=user
            )
        return [], "diurutkan"

    return await _change(request, edition_id, session, user, change)


@router.post("/{edition_id}/hapus", response_class=HTMLResponse)
async def remove_item(request: Request, edition_id: str, session: SessionDep, user: EditorPage) -> Response:
    """Take one Q&A out of the edition (it goes back to approved)."""

    def change(edition: Edition, form: Form):
        ids = _ids(form, "item")
        if not ids:
            return ["Pertanyaan itu tidak ada di edisi ini. Muat ulang halaman."], ""
        editions.remove_item(session=session, edition_id=edition.id, question_id=ids[0], user=user)
        return [], "dihapus"

    return await _change(request, edition_id, session, user, change)


@router.post("/{edition_id}/terbitkan", response_class=HTMLResponse)
async def publish(
    request: Request, edition_id: str, session: SessionDep, live: LiveIndexDep, user: PimpinanPage
) -> Response:
    """Publish: the answers become searchable entries at once (no index rebuild)."""

    def change(edition: Edition, form: Form):
        editions.publish_edition(session=session, live=live, edition_id=edition.id, user=user)
        return [], "terbit"

    return await _change(request, edition_id, session, user, change)
