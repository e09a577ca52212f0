"""The Instagram caption of an edition, always within Instagram's 2,200-character limit."""

from __future__ import annotations

from api.publishing.model import Branding, EditionKit
from api.publishing.text import display_contact, join_id, truncate_words

__all__ = [
    "INSTAGRAM_CAPTION_LIMIT",
    "INSTAGRAM_HASHTAG_LIMIT",
    "build_instagram_caption",
    "caption_length",
]

INSTAGRAM_CAPTION_LIMIT = 2200
# Instagram rejects a caption with more than 30 hashtags.
INSTAGRAM_HASHTAG_LIMIT = 30

# Longest question text in the list, tried in turn: listing every question briefly beats listing a few fully.
_QUESTION_LENGTHS = (220, 140, 90, 60)


def caption_length(text: str) -> int:
    """Length of a caption as Instagram may count it.

    Counted in UTF-16 code units, so an emoji counts as two: never less than ``len(text)``, which keeps the
    limit safe whichever way Instagram counts.

    Args:
        text: The caption.

    Returns:
        The length.
    """
    return len(text.encode("utf-16-le")) // 2


def _call_to_action(branding: Branding) -> str:
    channels = []
    if branding.instagram.strip():
        channels.append(f"DM ke {branding.instagram.strip()}")
    if branding.email.strip():
        channels.append(f"e-mail ke {branding.email.strip()}")
    if branding.web_form.strip():
        channels.append(f"formulir di {display_contact(branding.web_form)}")
    ask = "Punya pertanyaan seputar koperasi atau UMKM?"
    if channels:
        ask += f" Kirim lewat {join_id(channels)}."
    return f"{ask} Pertanyaan terpilih dijawab di edisi berikutnya."


def _compose(header: str, intro: str, listed: list[str], hidden: int, cta: str, tags: list[str]) -> str:
    blocks = [f"{header}\n\n{intro}".strip()]
    if listed:
        block = "Pertanyaan edisi ini:\n" + "\n".join(listed)
        if hidden:
            block += f"\n…dan {hidden} pertanyaan lainnya, lengkap di slide."
        blocks.append(block)
    if cta:
        blocks.append(cta)
    if tags:
        blocks.append(" ".join(tags))
    return "\n\n".join(blocks)


def build_instagram_caption(
    kit: EditionKit, branding: Branding | None = None, *, limit: int = INSTAGRAM_CAPTION_LIMIT
) -> str:
    """Write the Instagram caption of an edition, in Indonesian.

    The caption has a title line, a short intro, the numbered questions, a call to send questions and the
    branding's hashtags (at most 30). When it would run over ``limit``, questions are first shortened
    (whole words, ending in "…"), then fewer are listed with a "…dan N pertanyaan lainnya" line; only if the
    fixed parts alone are too long are hashtags dropped (whole ones, from the end) and the texts trimmed.
    No word or hashtag is ever cut in half.

    Args:
        kit: The edition.
        branding: Office branding and contacts; defaults to :class:`Branding()`.
        limit: Maximum length as counted by :func:`caption_length`.

    Returns:
        The caption, at most ``limit`` characters long.
    """
    branding = branding or Branding()
    n = len(kit.items)
    header = f"{branding.column_name} — Edisi {kit.number} ({kit.date_label})"
    if n:
        intro = (
            f"Pekan ini {branding.office_short_name} menjawab {n} pertanyaan warga seputar koperasi "
            "dan UMKM. Geser untuk membaca jawaban lengkapnya."
        )
    else:
        intro = f"Kabar pekan ini dari {branding.office_short_name}."
    cta = _call_to_action(branding)
    tags = list(branding.hashtags[:INSTAGRAM_HASHTAG_LIMIT])

    def fits(text: str) -> bool:
        return caption_length(text) <= limit

    best: str | None = None
    best_listed = -1
    for max_chars in _QUESTION_LENGTHS:
        lines = [
            f"{i}. {truncate_words(item.question, max_chars)}" for i, item in enumerate(kit.items, start=1)
        ]
        for k in range(n, -1, -1):
            text = _compose(header, intro, lines[:k], n - k, cta, tags)
            if fits(text):
                if k > best_listed:
                    best, best_listed = text, k
                break
        if best_listed == n:
            break
    if best is not None:
        return best

    # Only the fixed parts are left and they are still too long (a tiny limit, a long list of hashtags):
    # drop whole hashtags from the end, then shorten the call to action, the intro and the title.
    while tags and not fits(_compose(header, intro, [], 0, cta, tags)):
        tags.pop()
    parts = {"header": header, "intro": intro, "cta": cta}
    for name in ("cta", "intro", "header"):
        text = _compose(parts["header"], parts["intro"], [], 0, parts["cta"], tags)
        while not fits(text) and parts[name]:
            excess = caption_length(text) - limit
            parts[name] = truncate_words(parts[name], max(len(parts[name]) - max(excess, 1), 0))
            text = _compose(parts["header"], parts["intro"], [], 0, parts["cta"], tags)
        if fits(text):
            return text
    return ""
