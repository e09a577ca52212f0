"""Staff login and logout: the same accounts and password hashing as ``POST /api/auth/token``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from api.core import security
from api.deps import SessionDep, StateDep
from api.services import users
from api.web.forms import CSRF_MESSAGE, read_form
from api.web.render import redirect, render
from api.web.session import (
    LOGIN_PATH,
    PageUserOrNone,
    home_of,
    login_response,
    logout_response,
    safe_next,
)

router = APIRouter(include_in_schema=False)

NOTICES = {
    "expired": "Sesi Anda sudah berakhir. Silakan masuk lagi.",
    "keluar": "Anda sudah keluar.",
}
WRONG = "Nama pengguna atau kata sandi salah."


def _login_page(request: Request, *, username: str, next_path: str, error, notice, status_code=200):
    return render(
        request,
        "staff/login.html",
        {"username": username, "next_path": next_path, "error": error, "notice": notice},
        status_code=status_code,
    )


@router.get(LOGIN_PATH, response_class=HTMLResponse)
def login_page(request: Request, user: PageUserOrNone, lanjut: str = "", alasan: str = "") -> Response:
    """The login form (a logged-in visitor goes straight to their start page)."""
    next_path = safe_next(lanjut) or ""
    if user is not None and alasan != "expired":
        return redirect(next_path or home_of(user))
    return _login_page(request, username="", next_path=next_path, error=None, notice=NOTICES.get(alasan))


@router.post(LOGIN_PATH, response_class=HTMLResponse)
async def login_submit(request: Request, session: SessionDep, state: StateDep) -> Response:
    """Check the password; on success the session cookie holds the API's login token."""
    form = await read_form(request)
    username = form.text("username")[:64]
    password = form.get("password")
    next_path = safe_next(form.get("lanjut")) or ""
    error = None
    if not form.csrf_ok:
        error = CSRF_MESSAGE
    elif not username or not password:
        error = "Isi nama pengguna dan kata sandi."
    else:
        user = None
        if len(password) <= security.MAX_PASSWORD_CHARS:
            user = users.authenticate(session=session, username=username, password=password)
        if user is None:
            error = WRONG
        else:
            return login_response(redirect(next_path or home_of(user)), request, user=user, state=state)
    # The password is never sent back; the username is, so only the password needs typing again.
    return _login_page(
        request, username=username, next_path=next_path, error=error, notice=None, status_code=401
    )


@router.post("/petugas/keluar")
async def logout(request: Request) -> Response:
    """Log out (a POST with the CSRF token, so another site cannot log a person out)."""
    form = await read_form(request)
    if not form.csrf_ok:
        return redirect("/petugas")
    return logout_response(redirect(f"{LOGIN_PATH}?alasan=keluar"), request)


@router.get("/petugas", response_class=HTMLResponse)
def staff_home(user: PageUserOrNone) -> Response:
    """Each role's start page."""
    return redirect(home_of(user) if user is not None else LOGIN_PATH)
