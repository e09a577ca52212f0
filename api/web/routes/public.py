"""Pages for citizens, no login: search published answers, send a question, check its status."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import HTMLResponse, Response

from api.deps import LiveIndexDep, SessionDep, SettingsDep
from api.errors import InvalidInput, NotFound, ServiceError
from api.schemas.public import PublicQuestionCreate
from api.services import public
from api.web import queries
from api.web.forms import CSRF_MESSAGE, read_form, service_message, too_long, validation_messages
from api.web.render import redirect, render
from api.web.session import PageUserOrNone

router = APIRouter(include_in_schema=False)

SEARCH_LIMIT = 10
MAX_QUERY_CHARS = 200

# How a citizen wants to hear back; the service keeps the contact given, so the choice decides
# which contact is sent (and required).
REPLY_CHANNELS = {
    "terbit": "Saya akan membaca jawabannya di HALO KOP-UKM (cek status dengan kode pelacakan)",
    "email": "Balas lewat e-mail",
    "whatsapp": "Balas lewat WhatsApp",
}


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    user: PageUserOrNone,
    q: str = "",
    kategori: str = "",
) -> Response:
    """Search published answers (works without JavaScript; with it, results follow the typing)."""
    q = q.replace("\x00", "").strip()[:MAX_QUERY_CHARS]
    category = kategori.replace("\x00", "").strip()[:64] or None
    error = None
    try:
        results = public.search(
            session=session, live=live, settings=settings, q=q, category=category, limit=SEARCH_LIMIT
        )
    except ServiceError:
        results, error = None, "Pencarian sedang tidak dapat dilakukan. Coba lagi beberapa saat lagi."
    return render(
        request,
        "public/search.html",
        {
            "q": q,
            "category": category or "",
            "categories": queries.published_categories(session=session),
            "results": results,
            "error": error,
            "limit": SEARCH_LIMIT,
            "max_query": MAX_QUERY_CHARS,
        },
        user=user,
    )


def _ask_page(request: Request, settings, user, values: dict, errors: list[str], status_code: int = 200):
    return render(
        request,
        "public/ask.html",
        {
            "values": values,
            "errors": errors,
            "reply_channels": REPLY_CHANNELS,
            "max_chars": settings.max_question_chars,
        },
        user=user,
        status_code=status_code,
    )


@router.get("/tanya", response_class=HTMLResponse)
def ask_page(request: Request, settings: SettingsDep, user: PageUserOrNone, q: str = "") -> Response:
    """The question form ("Tidak menemukan jawaban? Kirim pertanyaan"), filled with a search if given."""
    values = {"pertanyaan": q.replace("\x00", "").strip()[:MAX_QUERY_CHARS], "balasan": "terbit"}
    return _ask_page(request, settings, user, values, [])


@router.post("/tanya", response_class=HTMLResponse)
async def ask_submit(
    request: Request, session: SessionDep, live: LiveIndexDep, settings: SettingsDep, user: PageUserOrNone
) -> Response:
    """Send the question; the citizen is shown the tracking code."""
    form = await read_form(request)
    values = {
        "pertanyaan": form.text("pertanyaan"),
        "nama": form.text("nama"),
        "balasan": form.get("balasan") if form.get("balasan") in REPLY_CHANNELS else "terbit",
        "email": form.text("email"),
        "whatsapp": form.text("whatsapp"),
    }
    errors = []
    if not form.csrf_ok:
        errors.append(CSRF_MESSAGE)
    if not values["pertanyaan"]:
        errors.append("Tulis pertanyaan Anda terlebih dahulu.")
    elif len(values["pertanyaan"]) > settings.max_question_chars:
        errors.append(too_long("Pertanyaan", len(values["pertanyaan"]), settings.max_question_chars))
    if values["balasan"] == "email" and not values["email"]:
        errors.append("Anda memilih balasan lewat e-mail: isi alamat e-mail Anda.")
    if values["balasan"] == "whatsapp" and not values["whatsapp"]:
        errors.append("Anda memilih balasan lewat WhatsApp: isi nomor WhatsApp Anda.")
    data = None
    if not errors:
        try:
            data = PublicQuestionCreate(
                text=values["pertanyaan"],
                name=values["nama"] or None,
                email=values["email"] if values["balasan"] == "email" else None,
                phone=values["whatsapp"] if values["balasan"] == "whatsapp" else None,
            )
        except ValidationError as exc:
            errors.extend(validation_messages(exc))
    if data is not None:
        try:
            receipt = public.submit_question(session=session, live=live, settings=settings, data=data)
        except InvalidInput:
            errors.append(too_long("Pertanyaan", len(values["pertanyaan"]), settings.max_question_chars))
        except ServiceError as exc:
            errors.append(service_message(exc))
        else:
            return redirect(f"/status/{receipt.tracking_code}?baru=1")
    return _ask_page(request, settings, user, values, errors, status_code=422)


def _status_page(request: Request, user, code: str, status, error: str | None, new: bool, status_code=200):
    return render(
        request,
        "public/status.html",
        {"code": code, "status": status, "error": error, "new": new},
        user=user,
        status_code=status_code,
    )


def _lookup(request: Request, session, settings, user, code: str, new: bool = False) -> Response:
    code = code.replace("\x00", "").strip()[:32]
    if not code:
        return _status_page(request, user, "", None, None, new)
    try:
        status = public.question_status(session=session, settings=settings, code=code)
    except NotFound:
        error = (
            f"Kode pelacakan {code} tidak ditemukan. Periksa kembali kode Anda "
            "(bentuknya seperti HK-ABCD2345)."
        )
        return _status_page(request, user, code, None, error, False, status_code=404)
    except InvalidInput:
        error = "Kode pelacakan tidak dikenali: bentuknya seperti HK-ABCD2345."
        return _status_page(request, user, code, None, error, False, status_code=422)
    return _status_page(request, user, status.tracking_code, status, None, new)


@router.get("/status", response_class=HTMLResponse)
def status_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: PageUserOrNone,
    kode: str = "",
) -> Response:
    """Check a question's status by its tracking code."""
    return _lookup(request, session, settings, user, kode[:100])


@router.get("/status/{kode}", response_class=HTMLResponse)
def status_page(
    request: Request,
    kode: str,
    session: SessionDep,
    settings: SettingsDep,
    user: PageUserOrNone,
    baru: str = "",
) -> Response:
    """The status of one question (right after sending it, with the code shown large)."""
    return _lookup(request, session, settings, user, kode[:100], new=baru == "1")
