"""Rendering pages: the Jinja2 environment, its Indonesian filters, and the headers every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse

from api.models import User
from api.web import labels
from api.web.session import CSRF_FIELD, csrf_token, set_nonce_cookie

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

OFFICE = "Dinas Koperasi dan UKM Kabupaten Bogor"

# Pages load nothing from elsewhere and run no inline script: a strict policy costs nothing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        status=lambda v: labels.STATUSES.get(str(getattr(v, "value", v)), str(v)),
        channel=lambda v: labels.CHANNELS.get(str(getattr(v, "value", v)), str(v)),
        verdict=lambda v: labels.VERDICTS.get(v or "", v or ""),
        category=labels.category,
        role=lambda v: labels.ROLES.get(v, v),
        score=labels.score,
        percent=labels.percent,
        date_long=labels.date_long,
        edition_of=labels.edition_of,
    )
    env.globals.update(labels=labels, OFFICE=OFFICE)
    return env


ENV = _environment()


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page from ``template`` with the context every page needs (user, CSRF token, flash, dates)."""
    state = request.app.state.service
    tz = state.settings.tz
    ctx = {
        "request": request,
        "user": user,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request, state.secret),
        "path": request.url.path,
        "flash": None,
        "error": None,
        "date": lambda v: labels.date(v, tz),
        "datetime": lambda v: labels.datetime(v, tz),
    }
    ctx.update(context or {})
    html = ENV.get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
    set_nonce_cookie(request, response)
    return response


def redirect(url: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (a reload does not post again)."""
    return RedirectResponse(url, status_code=303)
