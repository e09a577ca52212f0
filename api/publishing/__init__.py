"""Weekly publishing kit of the HALO KOP-UKM column: Instagram carousel cards, caption, TikTok script, ZIP.

Pure Python on top of Pillow: the service turns an edition's rows into :class:`EditionKit` and
:class:`Branding` (from its settings) and calls :func:`build_kit` or :func:`write_zip`. Cards are drawn with
the DejaVu fonts of Debian's ``fonts-dejavu-core`` package.
"""

from __future__ import annotations

from api.publishing.captions import INSTAGRAM_CAPTION_LIMIT, build_instagram_caption, caption_length
from api.publishing.cards import (
    CARD_SIZE,
    SAFE_AREA,
    Box,
    FontNotFoundError,
    RenderedCard,
    TextBox,
    load_font,
    render_cards,
    wrap_text,
)
from api.publishing.export import INSTAGRAM_MAX_SLIDES, build_kit, kit_filename, write_zip
from api.publishing.model import PLACEHOLDER_CONTACTS, Branding, EditionKit, KitItem, format_date_id
from api.publishing.tiktok import ScriptLine, TikTokScript, build_tiktok_script, speaking_seconds

__all__ = [
    "CARD_SIZE",
    "INSTAGRAM_CAPTION_LIMIT",
    "INSTAGRAM_MAX_SLIDES",
    "PLACEHOLDER_CONTACTS",
    "SAFE_AREA",
    "Box",
    "Branding",
    "EditionKit",
    "FontNotFoundError",
    "KitItem",
    "RenderedCard",
    "ScriptLine",
    "TextBox",
    "TikTokScript",
    "build_instagram_caption",
    "build_kit",
    "build_tiktok_script",
    "caption_length",
    "format_date_id",
    "kit_filename",
    "load_font",
    "render_cards",
    "speaking_seconds",
    "wrap_text",
    "write_zip",
]
