"""The admin's index page: versions with their figures, the live one, rebuild, switch or roll back."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from api.deps import BuildsDep, SessionDep, StateDep
from api.errors import Conflict, NotFound, ServiceError, Unavailable
from api.models import BuildStatus, User
from api.services import index_admin
from api.state import ServiceState
from api.web import queries
from api.web.forms import CSRF_MESSAGE, read_form, service_message
from api.web.render import redirect, render
from api.web.session import AdminPage

router = APIRouter(prefix="/petugas/indeks", include_in_schema=False)

FLASH = {
    "dibangun": (
        "Pembangunan indeks dimulai di latar belakang. Halaman ini diperbarui sendiri sampai selesai."
    ),
    "diaktifkan": "Versi indeks {versi} kini dipakai layanan.",
}


def _when(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _page(
    request: Request,
    state: ServiceState,
    session: Session,
    user: User,
    *,
    errors: list[str] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    overview = index_admin.overview(state=state, session=session)
    for v in overview["versions"]:
        v["created"] = _when(v.get("created_at"))
    live = next((v for v in overview["versions"] if v["live"]), None)
    for v in overview["versions"]:
        # "Roll back" for a version older than the live one, "activate" for a newer one.
        v["older"] = bool(live and live["created"] and v["created"] and v["created"] < live["created"])
    running = any(
        b.status in (BuildStatus.queued.value, BuildStatus.running.value) for b in overview["builds"]
    )
    return render(
        request,
        "staff/index.html",
        {
            "o": overview,
            "live_entries": queries.live_entries(state.live),
            "running": running,
            "errors": errors or [],
            "flash": flash,
        },
        user=user,
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def index_page(
    request: Request, state: StateDep, session: SessionDep, user: AdminPage, ok: str = "", versi: str = ""
) -> Response:
    """Index versions, the live one, recent rebuilds."""
    flash = FLASH[ok].format(versi=versi[:64]) if ok in FLASH else None
    return _page(request, state, session, user, flash=flash)


@router.post("/bangun", response_class=HTMLResponse)
async def rebuild(
    request: Request, state: StateDep, session: SessionDep, builds: BuildsDep, user: AdminPage
) -> Response:
    """Rebuild the index from the published entries, in the background."""
    form = await read_form(request)
    if not form.csrf_ok:
        return _page(request, state, session, user, errors=[CSRF_MESSAGE], status_code=422)
    try:
        builds.start(session=session, user=user, activate=form.get("aktifkan") == "1")
    except Conflict:
        error = "Pembangunan indeks sebelumnya masih berjalan. Tunggu sampai selesai."
    except Unavailable:
        error = "Indeks tidak dapat dibangun: model pengode (encoder) sedang tidak tersedia."
    except ServiceError as exc:
        error = service_message(exc)
    else:
        return redirect("/petugas/indeks?ok=dibangun")
    session.rollback()
    return _page(request, state, session, user, errors=[error], status_code=409)


@router.post("/aktifkan", response_class=HTMLResponse)
async def activate(request: Request, state: StateDep, session: SessionDep, user: AdminPage) -> Response:
    """Switch the service to a saved version: a newer one, or back to an earlier one."""
    form = await read_form(request)
    version = form.text("versi")[:64]
    if not form.csrf_ok:
        return _page(request, state, session, user, errors=[CSRF_MESSAGE], status_code=422)
    try:
        index_admin.activate_version(state=state, session=session, version=version, user=user)
    except NotFound:
        error = f"Versi indeks \u201c{version}\u201d tidak ditemukan."
    except Conflict:
        error = (
            f"Versi \u201c{version}\u201d dibangun dengan model pengode lain dan tidak cocok dengan layanan."
        )
    except Unavailable:
        error = f"Versi \u201c{version}\u201d tidak dapat diaktifkan sekarang: model pengode tidak tersedia."
    except ServiceError as exc:
        error = service_message(exc)
    else:
        return redirect(f"/petugas/indeks?ok=diaktifkan&versi={version}")
    session.rollback()
    return _page(request, state, session, user, errors=[error], status_code=409)
