"""Indonesian wording of the figures: decimal commas, signed growth, durations, channel and category names."""

from __future__ import annotations

from api.kpi.figures import UNCATEGORIZED

DASH = "—"

try:  # the site's own names, so the dashboard says what the other pages say
    from api.web.labels import CHANNELS
    from api.web.labels import category as _site_category
except ImportError:  # pragma: no cover - only if the pages are not part of this installation
    CHANNELS = {}
    _site_category = None


def number(value: int | float | None, decimals: int = 0) -> str:
    """``1.234`` or ``12,5`` (Indonesian separators); ``—`` for None."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def growth(value: float | None) -> str:
    """``+33,3%``, ``-100,0%``, ``0,0%``; ``—`` when there is no growth to speak of (previous was 0)."""
    if value is None:
        return DASH
    sign = "+" if value > 0 else ""
    return f"{sign}{number(value, 1)}%"


def share(value: float | None) -> str:
    """``37,5%``; ``—`` for None."""
    return DASH if value is None else f"{number(value, 1)}%"


def duration(hours: float | None) -> str:
    """``5,5 jam`` below a day, ``9,2 hari`` from a day on; ``—`` for None."""
    if hours is None:
        return DASH
    if abs(hours) < 24:
        return f"{number(hours, 1)} jam"
    return f"{number(hours / 24, 1)} hari"


def channel(code: str) -> str:
    return CHANNELS.get(code) or code.replace("_", " ").capitalize()


def category(slug: str) -> str:
    if slug == UNCATEGORIZED:
        return "Tanpa kategori"
    if _site_category is not None:
        return _site_category(slug)
    return slug.replace("-", " ").capitalize()  # pragma: no cover
