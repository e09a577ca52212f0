"""Charts: SVG documents, stable bytes, no pyplot state, and they survive empty periods."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from api.kpi import charts
from api.kpi.figures import FeedbackFigures, Period, PeriodFigures, Split, weeks_between

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


def _weeks() -> list[PeriodFigures]:
    out = []
    for week, people, before in zip(
        weeks_between(dt.date(2026, 10, 5), dt.date(2026, 10, 25)), (0, 3, 4), (2, 0, 3), strict=True
    ):
        out.append(
            PeriodFigures(
                week,
                questions_received=people,
                participants=people,
                previous_participants=before,
                feedback=FeedbackFigures(accepted=people, edited=1, rejected_not_related=1),
            )
        )
    return out


def test_draw_participants_chart_as_svg():
    svg = charts.participants_chart(_weeks(), "Peserta unik per pekan")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["width"] == "518.4pt"  # 7.2 inches
    assert "<text" not in svg  # text drawn as paths: looks the same without the fonts


def test_draw_chart_same_bytes_twice():
    assert charts.participants_chart(_weeks()) == charts.participants_chart(_weeks())
    assert charts.acceptance_chart(_weeks()) == charts.acceptance_chart(_weeks())


def test_draw_charts_of_empty_periods():
    empty = PeriodFigures(Period.parse("2026-10"))
    for svg in (
        charts.participants_chart([]),
        charts.participants_chart([empty]),
        charts.acceptance_chart([empty]),
        charts.channels_chart(empty),
    ):
        assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_draw_channels_chart():
    month = PeriodFigures(
        Period.parse("2026-10"), by_channel={"instagram": Split(3, 2, 1), "tiktok": Split(1, 1)}
    )
    assert ET.fromstring(charts.channels_chart(month)).tag == f"{SVG}svg"


def test_encode_chart_data_uri():
    uri = charts.data_uri("<svg/>")
    assert uri == "data:image/svg+xml;base64,PHN2Zy8+"
    assert base64.b64decode(uri.split(",", 1)[1]) == b"<svg/>"


def test_draw_charts_without_pyplot():
    # In a fresh interpreter: other tests of the session may have imported pyplot themselves.
    code = (
        "import sys; from tests.kpi.test_charts import _weeks; from api.kpi import charts; "
        "charts.participants_chart(_weeks()); print('matplotlib.pyplot' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"
