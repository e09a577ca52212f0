"""Staff pages served from this package: who may see them, and rendering them in the site's look.

A page is opened by a browser, which cannot send an ``Authorization`` header, so a page accepts the
staff session cookie of ``api/web`` (it holds exactly the API's login token) as well as a bearer token;
either way the token goes through ``api.deps.get_current_user``, so roles, expiry and disabled
accounts count exactly as on the API. Pages only read (GET): no form posts, so no CSRF concern here.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from api.deps import get_current_user
from api.kpi.report import ENV
from api.models import Role, User
from api.state import ServiceState
from api.web.render import OFFICE, SECURITY_HEADERS
from api.web.session import CSRF_FIELD, SESSION_COOKIE, csrf_token, login_url, set_nonce_cookie

ROLE_NAMES = {"staf": "Staf", "pimpinan": "Pimpinan", "admin": "Admin"}


def render_page(
    request: Request,
    state: ServiceState,
    template: str,
    context: dict[str, Any],
    *,
    user: User | None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page from this package's templates, extending the staff pages' base template."""
    ctx = {
        "request": request,
        "user": user,
        "path": request.url.path,
        "flash": None,
        "error": None,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request, state.secret),
        "OFFICE": OFFICE,
        **context,
    }
    html = ENV.get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
    set_nonce_cookie(request, response)
    return response


def page_user(
    request: Request,
    state: ServiceState,
    session: Session,
    token: str | None,
    roles: tuple[Role, ...],
    *,
    next_path: str = "",
) -> User | Response:
    """The logged-in user if their role is one of ``roles``; otherwise the 401 or 403 page to answer with.

    Args:
        request: The request (its session cookie is read when there is no bearer token).
        state: The running service.
        session: A database session.
        token: The bearer token, if the request sent one.
        roles: The roles that may see the page.
        next_path: Where the login page should lead back to (only staff paths are honoured there).
    """
    token = token or request.cookies.get(SESSION_COOKIE)
    try:
        user = get_current_user(state, session, token)
    except HTTPException:
        expired = bool(token)
        return render_page(
            request,
            state,
            "kpi/refused.html",
            {
                "title": "Silakan masuk",
                "message": (
                    "Sesi Anda sudah berakhir. Masuk lagi untuk membuka halaman ini."
                    if expired
                    else "Halaman ini hanya untuk petugas. Masuk dengan akun Anda untuk membukanya."
                ),
                "login": login_url(next_path, "expired" if expired else None),
            },
            user=None,
            status_code=401,
        )
    if user.role not in {r.value for r in roles}:
        allowed = " atau ".join(ROLE_NAMES[r.value] for r in roles)
        return render_page(
            request,
            state,
            "kpi/refused.html",
            {
                "title": "Tidak ada akses",
                "message": (
                    f"Halaman ini untuk peran {allowed}. Anda masuk sebagai "
                    f"{ROLE_NAMES.get(user.role, user.role)}."
                ),
                "login": None,
            },
            user=user,
            status_code=403,
        )
    return user
