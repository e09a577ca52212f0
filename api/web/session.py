"""Staff sessions for the pages: the API's own login token in an HttpOnly cookie, and CSRF tokens.

- The session cookie holds exactly the JWT ``POST /api/auth/token`` issues (same users, same argon2
  hashes, same lifetime); it is read by the same ``get_current_user`` the API uses. The API itself
  never reads the cookie (it takes ``Authorization: Bearer`` only), so API routes cannot be driven by
  a cross-site form.
- Every POST form carries a CSRF token: an HMAC, under the service's secret, of a random per-browser
  nonce (its own cookie) and the current session cookie. A form made before logging in or out stops
  being valid; a page from another site cannot read either cookie, so cannot make the token.
- Both cookies are HttpOnly and SameSite=Lax, and Secure when the page is served over HTTPS.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from api.core import security
from api.deps import SessionDep, StateDep, get_current_user
from api.models import Role, User

SESSION_COOKIE = "halokop_sesi"
NONCE_COOKIE = "halokop_csrf"
CSRF_FIELD = "csrf_token"
NONCE_DAYS = 30

LOGIN_PATH = "/petugas/masuk"


class LoginRequired(Exception):
    """The page needs a staff login (answered with a redirect to the login page)."""

    def __init__(self, next_path: str, reason: str | None = None) -> None:
        self.next_path = next_path
        self.reason = reason


class PageForbidden(Exception):
    """The logged-in account's role may not use this page (answered with a 403 page)."""

    def __init__(self, user: User, roles: tuple[Role, ...]) -> None:
        self.user = user
        self.roles = roles


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# ------------------------------------------------------------------ session cookie
def login_response(response: Response, request: Request, *, user: User, state) -> Response:
    """Put a fresh login token for ``user`` in the session cookie of ``response``."""
    minutes = state.settings.access_token_minutes
    token = security.create_token(user_id=user.id, role=user.role, secret=state.secret, minutes=minutes)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=minutes * 60,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    return response


def logout_response(response: Response, request: Request) -> Response:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def current_user(request: Request, state: StateDep, session: SessionDep) -> User | None:
    """The staff member the session cookie names, or None (no cookie, expired, disabled)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return get_current_user(state, session, token)
    except HTTPException:
        return None


PageUserOrNone = Annotated[User | None, Depends(current_user)]


def _here(request: Request) -> str:
    path = request.url.path
    return f"{path}?{request.url.query}" if request.url.query else path


def require(*roles: Role):
    """A page dependency letting only these roles in: others get a 403 page, visitors the login page."""

    def check(request: Request, user: PageUserOrNone) -> User:
        if user is None:
            reason = "expired" if request.cookies.get(SESSION_COOKIE) else None
            raise LoginRequired(_here(request) if request.method == "GET" else "", reason)
        if user.role not in {r.value for r in roles}:
            raise PageForbidden(user, roles)
        return user

    return check


def login_url(next_path: str = "", reason: str | None = None) -> str:
    params = []
    if next_path:
        params.append(f"lanjut={quote(next_path, safe='')}")
    if reason:
        params.append(f"alasan={reason}")
    return LOGIN_PATH + ("?" + "&".join(params) if params else "")


def safe_next(value: str | None) -> str | None:
    """Only a path on this site's staff pages may follow a login (no open redirect)."""
    if not value or not value.startswith("/petugas") or value.startswith("//") or "\\" in value:
        return None
    return value


# ------------------------------------------------------------------ CSRF
def _nonce(request: Request) -> str:
    nonce = request.cookies.get(NONCE_COOKIE)
    if nonce and 20 <= len(nonce) <= 100:
        return nonce
    fresh = getattr(request.state, "new_csrf_nonce", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.new_csrf_nonce = fresh
    return fresh


def _sign(secret: str, nonce: str, session: str) -> str:
    return hmac.new(secret.encode(), f"csrf|{nonce}|{session}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request, secret: str) -> str:
    """The token the page's forms carry (a nonce cookie is set with the page if the browser has none)."""
    return _sign(secret, _nonce(request), request.cookies.get(SESSION_COOKIE, ""))


def csrf_valid(request: Request, secret: str, submitted: object) -> bool:
    nonce = request.cookies.get(NONCE_COOKIE)
    if not nonce or not isinstance(submitted, str):
        return False
    expected = _sign(secret, nonce, request.cookies.get(SESSION_COOKIE, ""))
    return hmac.compare_digest(expected, submitted)


def set_nonce_cookie(request: Request, response: Response) -> None:
    fresh = getattr(request.state, "new_csrf_nonce", None)
    if fresh:
        response.set_cookie(
            NONCE_COOKIE,
            fresh,
            max_age=NONCE_DAYS * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=_secure(request),
            path="/",
        )


# Who may use which page; the same roles the API's routes let through (api/deps.py, checked by
# tests/web/test_roles.py against the API for every action).
STAF = (Role.staf,)
READERS = (Role.staf, Role.pimpinan)
EDITORS = (Role.staf, Role.pimpinan)
PIMPINAN = (Role.pimpinan,)
ADMIN = (Role.admin,)

StafPage = Annotated[User, Depends(require(*STAF))]
ReaderPage = Annotated[User, Depends(require(*READERS))]
EditorPage = Annotated[User, Depends(require(*EDITORS))]
PimpinanPage = Annotated[User, Depends(require(*PIMPINAN))]
AdminPage = Annotated[User, Depends(require(*ADMIN))]
StaffPage = Annotated[User, Depends(require(*Role))]

HOME = {Role.staf.value: "/petugas/kotak-masuk", Role.pimpinan.value: "/petugas/persetujuan"}


def home_of(user: User) -> str:
    return HOME.get(user.role, "/petugas/indeks")
