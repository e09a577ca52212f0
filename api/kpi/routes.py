"""The success figures over HTTP: the admin dashboard page, its downloadable report, and the JSON.

Roles: ``admin``, and ``pimpinan`` (the head of office the figures are for) may view too; ``staf`` get
403, visitors 401. The JSON takes a bearer token only, like every ``/api`` route; the pages take the
staff session cookie as well (see :mod:`api.kpi.pages`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from api.core.config import Settings
from api.deps import SessionDep, SettingsDep, StateDep, oauth2_scheme, require
from api.errors import InvalidInput
from api.kpi.figures import Period, month_report
from api.kpi.pages import page_user, render_page
from api.kpi.report import draw_charts, figures_context, render_report, report_filename
from api.models import Role, User

router = APIRouter()

VIEW_ROLES = (Role.admin, Role.pimpinan)
KpiViewer = Annotated[User, Depends(require(*VIEW_ROLES))]
BearerToken = Annotated[str | None, Depends(oauth2_scheme)]
MonthQuery = Annotated[
    str | None,
    Query(
        max_length=32,
        description="The month as YYYY-MM, in the office's time zone; default: the current month.",
        examples=["2026-10"],
    ),
]

# The report file carries its own inline styles and data: charts, and nothing else.
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _this_month(settings: Settings) -> Period:
    return Period.month_of(dt.datetime.now(settings.tz).date())


def _month(value: str | None, settings: Settings) -> Period:
    """The month asked for, or this month; a week or a malformed value is refused with a message."""
    if value is None or not value.strip():
        return _this_month(settings)
    try:
        period = Period.parse(value)
    except ValueError as exc:
        raise InvalidInput(f"query parameter 'month': {exc}") from None
    if period.kind != "month":
        raise InvalidInput(f"query parameter 'month': {value!r} is a week; give a month as YYYY-MM")
    return period


@router.get("/api/admin/kpi", tags=["admin"])
def kpi(session: SessionDep, settings: SettingsDep, user: KpiViewer, month: MonthQuery = None) -> dict:
    """Success figures of a month: totals, its ISO weeks and the six months up to it (admin, pimpinan)."""
    return month_report(session, _month(month, settings), tz=settings.tz).to_dict()


def _page_month(request: Request, state, user: User, month: str | None) -> Period | Response:
    try:
        return _month(month, state.settings)
    except InvalidInput:
        return render_page(
            request,
            state,
            "kpi/invalid.html",
            {"message": f"“{month}” bukan bulan. Tulis bulan sebagai TTTT-BB, misalnya 2026-10."},
            user=user,
            status_code=400,
        )


@router.get("/admin/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request, state: StateDep, session: SessionDep, token: BearerToken, month: MonthQuery = None
) -> Response:
    """The admin dashboard page: a month's figures and charts."""
    user = page_user(request, state, session, token, VIEW_ROLES)
    if isinstance(user, Response):
        return user
    period = _page_month(request, state, user, month)
    if isinstance(period, Response):
        return period
    report = month_report(session, period, tz=state.settings.tz)
    context = figures_context(report, draw_charts(report))
    return render_page(request, state, "kpi/dashboard.html", context, user=user)


@router.get("/admin/dashboard/report", include_in_schema=False)
def dashboard_report(
    request: Request, state: StateDep, session: SessionDep, token: BearerToken, month: MonthQuery = None
) -> Response:
    """The month's report as a standalone HTML file to forward (same as ``halokop report``)."""
    user = page_user(request, state, session, token, VIEW_ROLES)
    if isinstance(user, Response):
        return user
    period = _page_month(request, state, user, month)
    if isinstance(period, Response):
        return period
    html = render_report(month_report(session, period, tz=state.settings.tz))
    return HTMLResponse(
        html,
        headers={
            "Content-Disposition": f'attachment; filename="{report_filename(period)}"',
            "Content-Security-Policy": REPORT_CSP,
            "X-Content-Type-Options": "nosniff",
        },
    )
