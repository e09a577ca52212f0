"""Charts of the figures, drawn on the server with matplotlib as SVG.

``matplotlib.figure.Figure`` is used directly, never ``pyplot``: no global figure state, so charts can
be drawn from several request threads at once and no GUI backend is ever chosen. Text is stored as
paths (``svg.fonttype: path``), so an SVG looks the same on every machine, fonts or not, and the
output is byte-for-byte stable (fixed hash salt, no date), which keeps report files diffable.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

from api.kpi import text
from api.kpi.figures import PeriodFigures

__all__ = ["acceptance_chart", "channels_chart", "data_uri", "participants_chart"]

GREEN = "#10633d"
GREEN_LIGHT = "#7fb99a"
YELLOW = "#f4c430"
RED = "#8c1d18"
INK = "#1b2127"
MUTED = "#4b5661"
GRID = "#d3dae0"

_STYLE = {
    "svg.fonttype": "path",
    "svg.hashsalt": "halokop-kpi",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(_STYLE):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    # Drop the XML prolog and doctype: the SVG may be inlined into HTML as it is.
    return svg[svg.index("<svg") :]


def data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URI for an ``<img>`` (allowed by the pages' Content-Security-Policy)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _tick(p: PeriodFigures) -> str:
    if p.period.kind == "week":
        return f"{p.period.short_label}\n{p.period.span_label.rsplit(' ', 1)[0]}"
    return p.period.short_label.replace(" ", "\n")


def _empty_note(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=MUTED)


def participants_chart(items: Sequence[PeriodFigures], title: str = "Peserta unik") -> str:
    """Bars of unique participants per period, each labelled with its count and growth.

    Args:
        items: Consecutive weeks or months, oldest first.
        title: The chart's title.

    Returns:
        The chart as an SVG document (a string starting with ``<svg``).
    """
    with matplotlib.rc_context(_STYLE):
        fig = _figure(7.2, 3.4)
        ax = fig.subplots()
        ax.set_title(title, loc="left", color=INK, fontsize=11, fontweight="bold")
        xs = range(len(items))
        values = [p.participants for p in items]
        ax.bar(xs, values, color=GREEN, width=0.62)
        top = max(values, default=0)
        ax.set_ylim(0, max(top * 1.35, 1))
        for x, p in zip(xs, items, strict=True):
            g = p.participants_growth_pct
            colour = MUTED if g is None or g == 0 else (GREEN if g > 0 else RED)
            ax.annotate(
                text.number(p.participants),
                (x, p.participants),
                xytext=(0, 14),
                textcoords="offset points",
                ha="center",
                color=INK,
                fontweight="bold",
            )
            ax.annotate(
                text.growth(g),
                (x, p.participants),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                color=colour,
                fontsize=8.5,
            )
        ax.set_xticks(list(xs), [_tick(p) for p in items])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylabel("orang")
        if not items:
            _empty_note(ax, "Belum ada data")
        return _svg(fig)


def channels_chart(month: PeriodFigures) -> str:
    """Horizontal bars: questions and unique participants per channel in a period (busiest first)."""
    with matplotlib.rc_context(_STYLE):
        rows = sorted(month.by_channel.items(), key=lambda kv: (-kv[1].questions, -kv[1].participants))
        fig = _figure(7.2, 0.42 * max(len(rows), 3) + 1.1)
        ax = fig.subplots()
        ax.set_title(
            f"Pertanyaan per kanal — {month.period.label}",
            loc="left",
            color=INK,
            fontsize=11,
            fontweight="bold",
        )
        names = [text.channel(c) for c, _ in rows][::-1]
        questions = [s.questions for _, s in rows][::-1]
        people = [s.participants for _, s in rows][::-1]
        ys = range(len(rows))
        h = 0.38
        ax.barh([y + h / 2 for y in ys], questions, height=h, color=GREEN, label="Pertanyaan")
        ax.barh([y - h / 2 for y in ys], people, height=h, color=YELLOW, label="Peserta unik")
        for y, q, n in zip(ys, questions, people, strict=True):
            if q:
                ax.annotate(
                    text.number(q),
                    (q, y + h / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8.5,
                    color=INK,
                )
            if n:
                ax.annotate(
                    text.number(n),
                    (n, y - h / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8.5,
                    color=INK,
                )
        ax.set_yticks(list(ys), names)
        ax.set_xlim(0, max([*questions, 1]) * 1.15)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower right", frameon=False, fontsize=9)
        return _svg(fig)


def acceptance_chart(items: Sequence[PeriodFigures], title: str = "Penilaian saran oleh staf") -> str:
    """Stacked bars of suggestion feedback per period (accepted, edited, rejected), with acceptance rates."""
    with matplotlib.rc_context(_STYLE):
        fig = _figure(7.2, 3.4)
        ax = fig.subplots()
        ax.set_title(title, loc="left", color=INK, fontsize=11, fontweight="bold")
        xs = list(range(len(items)))
        accepted = [p.feedback.accepted for p in items]
        edited = [p.feedback.edited for p in items]
        rejected = [p.feedback.rejected for p in items]
        ax.bar(xs, accepted, width=0.62, color=GREEN, label="Dipakai utuh")
        ax.bar(xs, edited, width=0.62, bottom=accepted, color=GREEN_LIGHT, label="Dipakai dengan suntingan")
        ax.bar(
            xs,
            rejected,
            width=0.62,
            bottom=[a + e for a, e in zip(accepted, edited, strict=True)],
            color="#c9ced3",
            label="Ditolak",
        )
        totals = [p.feedback.total for p in items]
        ax.set_ylim(0, max(max(totals, default=0) * 1.3, 1))
        for x, p in zip(xs, items, strict=True):
            ax.annotate(
                f"diterima {text.share(p.feedback.acceptance_pct)}",
                (x, p.feedback.total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=8.5,
                color=INK,
            )
        ax.set_xticks(xs, [_tick(p) for p in items])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylabel("saran dinilai")
        ax.legend(loc="upper left", frameon=False, fontsize=8.5, ncols=3)
        if not items:
            _empty_note(ax, "Belum ada data")
        return _svg(fig)
