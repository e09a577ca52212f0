"""``halokop report``: a month's success figures as one HTML file a head of office can forward."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database


def _last_month(today: dt.date) -> str:
    return f"{(today.replace(day=1) - dt.timedelta(days=1)):%Y-%m}"


def report(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month as YYYY-MM, in the office's time zone (default: last month).",
            envvar="HALOKOP_REPORT_MONTH",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The file to write, or a directory for laporan-halokop-YYYY-MM.html "
            "(default: that name in the current directory).",
            envvar="HALOKOP_REPORT_OUT",
        ),
    ] = None,
) -> None:
    """Write a month's participation and answer figures, with charts, as one HTML file."""
    from api.kpi.figures import Period, month_report
    from api.kpi.report import render_report, report_filename, write_report

    settings = load_settings()
    key = month or _last_month(dt.datetime.now(settings.tz).date())
    try:
        period = Period.parse(key)
    except ValueError as exc:
        raise fail(f"--month: {exc}") from None
    if period.kind != "month":
        raise fail(f"--month: {key!r} is a week; give a month as YYYY-MM")
    _, sessions = open_database(settings)
    with sessions() as session:
        figures = month_report(session, period, tz=settings.tz)
    target = out if out is not None else Path(report_filename(period))
    if target.is_dir():
        target = target / report_filename(period)
    try:
        path = write_report(target, render_report(figures))
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc}") from None
    m = figures.month
    growth = m.participants_growth_pct
    typer.echo(
        f"{period.key}: {m.questions_received} questions, {m.participants} participants"
        f" ({'n/a' if growth is None else f'{growth:+.1f}%'} on {period.previous().key}),"
        f" {m.questions_answered} answered -> {path}"
    )


def register(app: typer.Typer) -> None:
    """Add ``halokop report`` to the command line."""
    app.command("report")(report)
