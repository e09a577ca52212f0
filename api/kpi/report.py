"""The month's figures as HTML: the standalone report file, and the pieces the dashboard page shows.

Both use the same partial template (``kpi/_figures.html``), so the page and the forwarded file always
say the same. The report file is one self-contained HTML document: styles inline, charts embedded as
``data:`` URIs, nothing fetched from anywhere — it can be mailed, opened offline, or printed to PDF.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from api.kpi import charts, text
from api.kpi.figures import MonthReport, Period
from api.publishing.model import format_date_id

__all__ = [
    "ENV",
    "Charts",
    "draw_charts",
    "figures_context",
    "render_report",
    "report_filename",
    "write_report",
]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"


def _environment() -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES)]
    filters: dict[str, Any] = {}
    globals_: dict[str, Any] = {}
    try:
        # The dashboard page extends the staff pages' base template and needs their filters.
        from api.web.render import ENV as SITE_ENV

        loaders.append(SITE_ENV.loader)  # type: ignore[arg-type]
        filters.update(SITE_ENV.filters)
        globals_.update(SITE_ENV.globals)
    except ImportError:  # pragma: no cover - pages not installed: the report file still works
        pass
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(filters)
    env.globals.update(globals_)
    env.filters.update(
        num=text.number,
        growth=text.growth,
        share=text.share,
        duration=text.duration,
        channel_name=text.channel,
        category_name=text.category,
    )
    env.globals.update(DASH=text.DASH)
    return env


ENV = _environment()


@dataclass(frozen=True)
class Charts:
    """The month's charts as ``data:`` URIs, ready for ``<img src>``."""

    participants_weekly: str
    participants_monthly: str
    channels: str
    acceptance: str


def draw_charts(report: MonthReport) -> Charts:
    """Draw the four charts of a month report."""
    return Charts(
        participants_weekly=charts.data_uri(
            charts.participants_chart(report.weeks, f"Peserta unik per pekan — {report.month.period.label}")
        ),
        participants_monthly=charts.data_uri(
            charts.participants_chart(report.trend, "Peserta unik per bulan")
        ),
        channels=charts.data_uri(charts.channels_chart(report.month)),
        acceptance=charts.data_uri(
            charts.acceptance_chart(report.weeks, f"Penilaian saran per pekan — {report.month.period.label}")
        ),
    )


def _generated_label(when: dt.datetime) -> str:
    return f"{format_date_id(when.date())}, {when:%H.%M}"


def figures_context(report: MonthReport, drawn: Charts | None = None) -> dict[str, Any]:
    """What the ``kpi/_figures.html`` partial needs."""
    month = report.month
    previous = month.period.previous()
    return {
        "report": report,
        "m": month,
        "previous_label": previous.label,
        "charts": drawn or draw_charts(report),
        "generated_label": _generated_label(report.generated_at),
    }


def render_report(report: MonthReport, *, office: str | None = None) -> str:
    """The standalone HTML report of a month (charts embedded)."""
    template = ENV.get_template("kpi/report.html")
    return template.render(
        **figures_context(report),
        office=office or "Dinas Koperasi dan UKM Kabupaten Bogor",
    )


def report_filename(period: Period) -> str:
    """``laporan-halokop-2026-10.html``: the same name from the page and from ``halokop report``."""
    return f"laporan-halokop-{period.key}.html"


def write_report(path: str | os.PathLike[str], html: str) -> Path:
    """Write the report through a temporary file and a rename, so nobody opens half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)  # meant to be shared; mkstemp makes it private
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
