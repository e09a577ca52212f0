"""Small text helpers shared by the caption and the TikTok script: sentences, words, Indonesian numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "ELLIPSIS",
    "display_contact",
    "format_decimal_id",
    "join_id",
    "ordinal_id",
    "split_sentences",
    "truncate_words",
    "word_count",
]

ELLIPSIS = "…"

# A sentence ends at . ! ? (or …) followed by whitespace and a capital letter; "Rp1.000.000" and
# "UU No. 25 Tahun 1992" therefore stay whole. Abbreviations that are followed by a capitalised name in this
# domain ("Kab. Bogor", "Jl. Tegar Beriman") are glued back afterwards.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'(\[]?[A-Z])")
_ABBREVIATIONS = frozenset(
    {
        "no",
        "kab",
        "kec",
        "kel",
        "ds",
        "jl",
        "jln",
        "prov",
        "dr",
        "drs",
        "ir",
        "prof",
        "h",
        "hj",
        "bpk",
        "ibu",
        "sdr",
    }
)

_ORDINALS_ID = (
    "pertama",
    "kedua",
    "ketiga",
    "keempat",
    "kelima",
    "keenam",
    "ketujuh",
    "kedelapan",
    "kesembilan",
    "kesepuluh",
)


def split_sentences(text: str) -> list[str]:
    """Split Indonesian prose into sentences, keeping their punctuation.

    Args:
        text: Any prose; line breaks count as spaces.

    Returns:
        The sentences in order, stripped; an empty list for blank text.
    """
    flat = " ".join(text.split())
    if not flat:
        return []
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(flat):
        last_word = sentences[-1].rsplit(" ", 1)[-1] if sentences else ""
        if last_word.endswith(".") and last_word[:-1].lower() in _ABBREVIATIONS:
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def word_count(text: str) -> int:
    """Count whitespace-separated words.

    Args:
        text: Any text.

    Returns:
        The number of words.
    """
    return len(text.split())


def truncate_words(text: str, max_chars: int, *, ellipsis: str = ELLIPSIS) -> str:
    """Shorten text to at most ``max_chars`` characters without cutting a word in half.

    Args:
        text: Text to shorten; runs of whitespace become single spaces.
        max_chars: Maximum length of the result, ellipsis included.
        ellipsis: Appended when something was cut.

    Returns:
        The text itself when it fits, otherwise the longest run of whole words followed by the ellipsis
        (trailing punctuation before the ellipsis is dropped). Returns ``""`` when not even the ellipsis fits
        and just the ellipsis when not even the first word fits.
    """
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    if max_chars < len(ellipsis):
        return ""
    kept: list[str] = []
    length = 0
    for word in flat.split(" "):
        extra = len(word) + (1 if kept else 0)
        if length + extra + len(ellipsis) > max_chars:
            break
        kept.append(word)
        length += extra
    head = " ".join(kept).rstrip(" ,;:.-–—")
    return f"{head}{ellipsis}"


def ordinal_id(n: int) -> str:
    """Indonesian ordinal word for spoken scripts.

    Args:
        n: A positive number.

    Returns:
        ``"pertama"``, ``"kedua"``, … up to ``"kesepuluh"``, then ``"ke-11"``, ``"ke-12"``, …
    """
    return _ORDINALS_ID[n - 1] if 1 <= n <= len(_ORDINALS_ID) else f"ke-{n}"


def format_decimal_id(value: float, digits: int = 1) -> str:
    """Format a number with an Indonesian decimal comma.

    Args:
        value: The number.
        digits: Digits after the comma.

    Returns:
        E.g. ``"57,5"`` for ``57.5``.
    """
    return f"{value:.{digits}f}".replace(".", ",")


def display_contact(value: str) -> str:
    """A contact value as printed for readers: web addresses lose ``https://`` and a trailing ``/``.

    Args:
        value: An e-mail address, handle or web address.

    Returns:
        The shorter form, e.g. ``"diskopukm.bogorkab.go.id/halo-kop-ukm"``.
    """
    value = value.strip()
    for scheme in ("https://", "http://"):
        if value.lower().startswith(scheme):
            value = value[len(scheme) :].rstrip("/")
    return value


def join_id(parts: Sequence[str], conjunction: str = "atau") -> str:
    """Join phrases the Indonesian way: ``"A, B, atau C"``.

    Args:
        parts: The phrases.
        conjunction: ``"atau"`` or ``"dan"``.

    Returns:
        The joined phrase; ``""`` for no parts.
    """
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} {conjunction} {parts[1]}"
    return f"{', '.join(parts[:-1])}, {conjunction} {parts[-1]}"
