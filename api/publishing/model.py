"""Plain inputs of the publishing kit: an edition's Q&A items and the office's branding.

The kit is pure Python on purpose: the service turns its database rows into these dataclasses, and
everything in :mod:`api.publishing` works from them alone (no database, no web framework).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

__all__ = [
    "Branding",
    "EditionKit",
    "KitItem",
    "PLACEHOLDER_CONTACTS",
    "format_date_id",
]

_MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def format_date_id(date: datetime.date) -> str:
    """Format a date the way Indonesian readers write it.

    Args:
        date: The date to format.

    Returns:
        Day, Indonesian month name and year, e.g. ``"27 November 2026"``.
    """
    return f"{date.day} {_MONTHS_ID[date.month - 1]} {date.year}"


@dataclass(frozen=True)
class KitItem:
    """One published question and its answer.

    Attributes:
        question: The citizen's question as published (already edited for publication).
        answer: The office's answer; blank lines separate paragraphs.
        category: Topic shown on the card, e.g. ``"Perizinan Koperasi"``.
        ref: Optional reference of the question in the service (e.g. ``"Q-2026-0142"``); not shown to readers.
    """

    question: str
    answer: str
    category: str
    ref: str | None = None


@dataclass(frozen=True)
class EditionKit:
    """A weekly edition of the column, ready to be turned into cards, captions and a script.

    Attributes:
        number: Edition number, e.g. ``12``.
        date: Publication date.
        items: The Q&A items in publication order.
    """

    number: int
    date: datetime.date
    items: list[KitItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"Edition number must be 1 or more, got {self.number}.")

    @property
    def date_label(self) -> str:
        """The publication date in Indonesian, e.g. ``"27 November 2026"``."""
        return format_date_id(self.date)


# Contact values below are invented stand-ins so a kit can be rendered before the office confirms its real
# addresses. The service must set them from its settings (HALOKOP_* variables); export.py warns in the
# README of every kit that still carries one of them.
PLACEHOLDER_CONTACTS: dict[str, str] = {
    "email": "halokopukm@bogorkab.go.id",
    "instagram": "@diskopukm.kabbogor",
    "tiktok": "@diskopukm.kabbogor",
    "web_form": "https://diskopukm.bogorkab.go.id/halo-kop-ukm",
}


@dataclass(frozen=True)
class Branding:
    """Visual identity and contact lines printed on every kit.

    Colours are ``#RRGGBB`` strings. Contact values default to placeholders (see
    :data:`PLACEHOLDER_CONTACTS`) that must be replaced from the service settings before publishing;
    an empty contact value is simply left off the cards and captions.

    Attributes:
        primary: Main colour (header band, cover and closing background).
        secondary: Accent colour (category chip, rules, edition number on the cover).
        text: Body text colour on the light background.
        background: Background of the Q&A cards.
        logo_path: Optional logo image (PNG with transparency works best), scaled into the top-right corner.
        office_name: Full name of the office, shown on the cover and closing card.
        office_short_name: Short name for card footers.
        column_name: Name of the column.
        email: E-mail address for questions (placeholder by default).
        instagram: Instagram handle, with ``@`` (placeholder by default).
        tiktok: TikTok handle, with ``@`` (placeholder by default).
        web_form: Address of the web question form (placeholder by default).
        hashtags: Hashtags for the caption and the closing card; ``#`` is added when missing.
    """

    primary: str = "#0B4F8A"
    secondary: str = "#F2B705"
    text: str = "#1E293B"
    background: str = "#F5F8FC"
    logo_path: Path | None = None
    office_name: str = "Dinas Koperasi dan Usaha Kecil Menengah Kabupaten Bogor"
    office_short_name: str = "Dinas Koperasi dan UKM Kabupaten Bogor"
    column_name: str = "HALO KOP-UKM"
    email: str = PLACEHOLDER_CONTACTS["email"]
    instagram: str = PLACEHOLDER_CONTACTS["instagram"]
    tiktok: str = PLACEHOLDER_CONTACTS["tiktok"]
    web_form: str = PLACEHOLDER_CONTACTS["web_form"]
    hashtags: list[str] = field(
        default_factory=lambda: [
            "#HALOKOPUKM",
            "#KoperasiBogor",
            "#UMKMBogor",
            "#KabupatenBogor",
            "#UMKMNaikKelas",
        ]
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name in ("primary", "secondary", "text", "background"):
                value = getattr(self, f.name)
                if not isinstance(value, str) or not _HEX_COLOUR.match(value):
                    raise ValueError(f"Branding colour {f.name!r} must look like '#0B4F8A', got {value!r}.")
        if self.logo_path is not None:
            object.__setattr__(self, "logo_path", Path(self.logo_path))
        tags = []
        for tag in self.hashtags:
            tag = tag.strip()
            if not tag or tag == "#":
                continue
            if any(ch.isspace() for ch in tag) or "#" in tag[1:]:
                raise ValueError(f"A hashtag must be a single word such as '#UMKMBogor', got {tag!r}.")
            tags.append(tag if tag.startswith("#") else f"#{tag}")
        object.__setattr__(self, "hashtags", tags)

    def placeholder_fields(self) -> list[str]:
        """Names of the contact fields still holding an invented placeholder value.

        Returns:
            Field names such as ``["email", "web_form"]``; empty once every contact is set.
        """
        return [name for name, value in PLACEHOLDER_CONTACTS.items() if getattr(self, name) == value]
