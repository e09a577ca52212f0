"""Web pages in Indonesian for staff and citizens, served by the service's own app.

Plain HTML from Jinja2 templates, one stylesheet and two small scripts; no front-end build step and
nothing loaded from elsewhere. Every page works without JavaScript; with it, the public search
shows results while one types and the question page fills the answer box from a suggestion in place.

``install(app)`` mounts the pages and ``/static``; ``api.main.create_app`` calls it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.web import labels
from api.web.render import STATIC, redirect, render
from api.web.routes import approvals, editions, index_admin, login, public, questions
from api.web.session import CSRF_FIELD, LoginRequired, PageForbidden, login_url, safe_next

ROUTERS = (
    public.router,
    login.router,
    questions.router,
    approvals.router,
    editions.router,
    index_admin.router,
)


async def _login_required(request: Request, exc: LoginRequired) -> Response:
    if request.method == "GET":
        return redirect(login_url(exc.next_path, exc.reason))
    # A form sent after the session ended: show what was typed, so nothing is lost, with the login form.
    typed = []
    try:
        form = await request.form()
        typed = [
            (name, value)
            for name, value in form.multi_items()
            if isinstance(value, str)
            and value.strip()
            and name not in (CSRF_FIELD, "password")
            and len(value) > 3
        ]
    except Exception:  # noqa: BLE001 - an unreadable body: nothing to show
        typed = []
    referer = urlsplit(request.headers.get("referer", ""))
    back = safe_next(referer.path + (f"?{referer.query}" if referer.query else "")) or ""
    return render(
        request,
        "staff/login.html",
        {
            "username": "",
            "next_path": back,
            "error": None,
            "notice": "Sesi Anda sudah berakhir, jadi isian belum tersimpan. Salin teks Anda di bawah, "
            "masuk lagi, lalu kirim ulang.",
            "typed": typed,
        },
        status_code=401,
    )


async def _forbidden(request: Request, exc: PageForbidden) -> Response:
    allowed = " atau ".join(labels.ROLES[r.value] for r in exc.roles)
    return render(
        request,
        "error.html",
        {
            "title": "Tidak ada akses",
            "message": f"Halaman ini untuk peran {allowed}. Anda masuk sebagai "
            f"{labels.ROLES.get(exc.user.role, exc.user.role)}.",
            "back": None,
        },
        user=exc.user,
        status_code=403,
    )


def _not_a_page(previous):
    """A browser asking for a page that does not exist (a mistyped address, or a form's address
    opened directly) gets an Indonesian page; API clients keep the service's JSON answer."""

    async def handler(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        wants_page = "text/html" in request.headers.get("accept", "") and request.method in ("GET", "HEAD")
        if exc.status_code not in (404, 405) or not wants_page or path.startswith(("/api/", "/static/")):
            return await previous(request, exc)
        staff = path.startswith("/petugas")
        return render(
            request,
            "error.html",
            {
                "title": "Halaman tidak ditemukan",
                "message": "Alamat ini tidak ada, atau hanya dipakai untuk mengirim formulir. "
                "Periksa alamatnya, atau kembali ke halaman awal.",
                "back": "/petugas" if staff else "/",
            },
            status_code=404,
        )

    return handler


def install(app: FastAPI) -> None:
    """Add the pages and their static files to the service's app (after ``api.errors.install``)."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _login_required)  # type: ignore[arg-type]
    app.add_exception_handler(PageForbidden, _forbidden)  # type: ignore[arg-type]
    previous = app.exception_handlers.get(StarletteHTTPException)
    if previous is not None:
        app.add_exception_handler(StarletteHTTPException, _not_a_page(previous))  # type: ignore[arg-type]


__all__ = ["install"]
