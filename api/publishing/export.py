"""The downloadable publishing kit of an edition: cards, caption, TikTok script and a README, as one ZIP."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from api.publishing.captions import INSTAGRAM_CAPTION_LIMIT, build_instagram_caption, caption_length
from api.publishing.cards import RenderedCard, render_cards
from api.publishing.model import PLACEHOLDER_CONTACTS, Branding, EditionKit
from api.publishing.text import format_decimal_id
from api.publishing.tiktok import DEFAULT_WORDS_PER_SECOND, TikTokScript, build_tiktok_script

__all__ = ["INSTAGRAM_MAX_SLIDES", "build_kit", "kit_filename", "write_zip"]

# Instagram accepts at most 20 images in one carousel post.
INSTAGRAM_MAX_SLIDES = 20

_CONTACT_LABELS = {
    "email": "e-mail",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "web_form": "formulir web",
}


def kit_filename(kit: EditionKit) -> str:
    """The kit's download name, shared by the web page and the command line.

    Args:
        kit: The edition.

    Returns:
        E.g. ``"halo-kop-ukm-edisi-12-2026-11-27.zip"``.
    """
    return f"halo-kop-ukm-edisi-{kit.number}-{kit.date.isoformat()}.zip"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _readme(
    kit: EditionKit, branding: Branding, cards: list[RenderedCard], caption: str, script: TikTokScript
) -> str:
    lines = [
        f"PAKET PUBLIKASI {branding.column_name} — Edisi {kit.number} ({kit.date_label})",
        branding.office_name,
        "",
        "Isi paket:",
        "",
        f"cards/  Kartu carousel Instagram: {len(cards)} gambar PNG 1080×1350 piksel (rasio 4:5).",
        "    Unggah sesuai urutan nomor di depan nama file. Kartu pertama adalah sampul, kartu terakhir",
        "    berisi cara mengirim pertanyaan. Jawaban yang panjang berlanjut ke kartu bertanda",
        '    "(lanjutan)" dengan kata "lanjutan" pada nama filenya.',
        "",
        "caption-instagram.txt  Teks keterangan (caption) unggahan Instagram beserta tagarnya:",
        f"    {_thousands(caption_length(caption))} karakter, dalam batas Instagram "
        f"{_thousands(INSTAGRAM_CAPTION_LIMIT)} karakter.",
        "",
        "naskah-tiktok.txt  Naskah video TikTok untuk dibacakan, dengan waktu mulai dan selesai tiap",
        f"    kalimat: perkiraan {format_decimal_id(script.total_seconds)} detik dari target "
        f"{format_decimal_id(script.target_seconds)} detik.",
        "",
        "naskah-tiktok.json  Naskah yang sama dalam format JSON, untuk aplikasi penyunting video",
        "    atau pembuat teks (subtitle) otomatis.",
        "",
        "README.txt  Berkas ini.",
    ]
    notes = []
    if len(cards) > INSTAGRAM_MAX_SLIDES:
        notes.append(
            f"Edisi ini punya {len(cards)} kartu, sedangkan satu carousel Instagram memuat paling banyak "
            f"{INSTAGRAM_MAX_SLIDES} gambar. Bagi menjadi dua unggahan atau persingkat jawaban yang panjang."
        )
    if script.omitted_items:
        notes.append(
            f"Karena batas durasi, naskah TikTok hanya memuat {len(kit.items) - len(script.omitted_items)} "
            f"dari {len(kit.items)} pertanyaan; sisanya cukup dibaca di kartu Instagram."
        )
    placeholders = branding.placeholder_fields()
    if placeholders:
        listed = "; ".join(f"{_CONTACT_LABELS[name]}: {PLACEHOLDER_CONTACTS[name]}" for name in placeholders)
        notes.append(
            "Kontak berikut masih CONTOH, belum diganti dengan alamat resmi dinas di pengaturan layanan "
            f"({listed}). Jangan unggah paket ini sebelum pengaturan diperbaiki."
        )
    if notes:
        lines += ["", "PERHATIAN:"]
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def build_kit(
    kit: EditionKit,
    branding: Branding | None = None,
    *,
    target_seconds: float = 60.0,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
    font_dir: Path | None = None,
) -> dict[str, bytes]:
    """Produce every file of an edition's publishing kit.

    Args:
        kit: The edition.
        branding: Colours, logo, contacts and hashtags; defaults to :class:`Branding()`.
        target_seconds: Length of the TikTok video.
        words_per_second: Speaking rate for the TikTok timings.
        font_dir: Directory with the DejaVu fonts; defaults to the Debian location.

    Returns:
        File name to content, in this order: ``cards/01-sampul.png`` … ``cards/NN-penutup.png``,
        ``caption-instagram.txt``, ``naskah-tiktok.txt``, ``naskah-tiktok.json``, ``README.txt``.
    """
    branding = branding or Branding()
    cards = render_cards(kit, branding, font_dir=font_dir)
    caption = build_instagram_caption(kit, branding)
    script = build_tiktok_script(
        kit, branding, target_seconds=target_seconds, words_per_second=words_per_second
    )
    files = {f"cards/{card.filename}": card.to_png() for card in cards}
    files["caption-instagram.txt"] = (caption + "\n").encode()
    files["naskah-tiktok.txt"] = script.to_text().encode()
    files["naskah-tiktok.json"] = (json.dumps(script.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    files["README.txt"] = _readme(kit, branding, cards, caption, script).encode()
    return files


def write_zip(
    kit: EditionKit,
    branding: Branding | None,
    dest: str | os.PathLike[str] | BinaryIO,
    *,
    target_seconds: float = 60.0,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
    font_dir: Path | None = None,
) -> None:
    """Write the kit of :func:`build_kit` as one ZIP file.

    A path is written through a temporary file in the same directory and renamed, so nobody ever downloads
    half a ZIP. Entries carry the edition date as their timestamp, so the same edition gives the same bytes.

    Args:
        kit: The edition.
        branding: Branding; ``None`` for :class:`Branding()`.
        dest: A file path, or a binary file object opened for writing (e.g. ``io.BytesIO``).
        target_seconds: Length of the TikTok video.
        words_per_second: Speaking rate for the TikTok timings.
        font_dir: Directory with the DejaVu fonts.
    """
    files = build_kit(
        kit, branding, target_seconds=target_seconds, words_per_second=words_per_second, font_dir=font_dir
    )
    if not isinstance(dest, (str, os.PathLike)):
        _write_entries(kit, files, dest)
        return
    path = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_entries(kit, files, handle)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the kit is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_entries(kit: EditionKit, files: dict[str, bytes], handle: BinaryIO) -> None:
    stamp = (max(kit.date.year, 1980), kit.date.month, kit.date.day, 8, 0, 0)
    with zipfile.ZipFile(handle, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            # PNG is already compressed; deflating it again only costs time.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
