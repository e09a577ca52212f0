"""Indonesian words for what the pages show: statuses, channels, verdicts, categories, dates.

The service speaks English codes (``pending``, ``web_form``) and English error messages; everything a
citizen or staff member reads on a page is in Indonesian, so the pages translate here.
"""

from __future__ import annotations

import datetime as dt

from api.publishing.model import format_date_id

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

ROLES = {"staf": "Staf", "pimpinan": "Pimpinan", "admin": "Admin"}

STATUSES = {
    "pending": "Menunggu",
    "answered": "Menunggu persetujuan",
    "returned": "Dikembalikan",
    "approved": "Disetujui",
    "scheduled": "Masuk edisi",
    "published": "Terbit",
    "duplicate": "Duplikat",
    "rejected": "Ditolak",
}
# The order the inbox shows the status tabs in: the workflow's order.
STATUS_ORDER = tuple(STATUSES)

CHANNELS = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "email": "E-mail",
    "letter": "Surat",
    "online_discussion": "Diskusi daring",
    "web_form": "Formulir web",
    "whatsapp": "WhatsApp",
    "other": "Lainnya",
}

VERDICTS = {
    "duplicate": "Duplikat",
    "related": "Mirip",
    "new": "Baru",
    "unavailable": "Saran tidak tersedia",
}
VERDICT_HELP = {
    "duplicate": "Sudah pernah dijawab: jawaban terdahulu kemungkinan besar menjawabnya.",
    "related": "Ada jawaban terdahulu yang mirip; sesuaikan sebelum dipakai.",
    "new": "Belum ada jawaban terdahulu yang sesuai; tulis jawaban baru.",
    "unavailable": "Mesin saran sedang tidak tersedia untuk pertanyaan ini.",
}

SCREENING = {"spam": "Kemungkinan spam", "offtopic": "Di luar topik"}

SUGGESTIONS_STATUS = {
    "pending": "Saran sedang disiapkan.",
    "ready": "",
    "lexical": "Saran hanya dari kecocokan kata: mesin makna sedang tidak tersedia.",
    "unavailable": "Saran tidak tersedia: indeks atau mesin sedang bermasalah.",
}

REJECT_REASONS = {
    "spam": "Spam",
    "off_topic": "Di luar topik koperasi dan UKM",
    "out_of_scope": "Bukan kewenangan dinas",
    "incomplete": "Pertanyaan tidak lengkap",
    "other": "Lainnya (tulis catatan)",
}

FEEDBACK_CHOICES = {
    "": "Belum dinilai",
    "not_related": "Tidak terkait",
    "related_not_answering": "Terkait, tapi tidak menjawab",
}


def feedback_label(feedback: str | None, reason: str | None) -> str:
    """What staff did with a suggestion, as recorded."""
    if feedback == "accepted":
        return "Dipakai"
    if feedback == "edited":
        return "Dipakai dengan suntingan"
    if feedback == "rejected":
        return FEEDBACK_CHOICES.get(reason or "", "Ditolak")
    return ""


ANSWER_SOURCES = {"draft": "dari draf", "suggestion": "dari saran", "new": "ditulis baru"}

EDITION_STATUSES = {"draft": "Draf", "published": "Terbit"}
BUILD_STATUSES = {"queued": "Antre", "running": "Berjalan", "succeeded": "Berhasil", "failed": "Gagal"}

CATEGORIES = {
    "perizinan-usaha": "Perizinan usaha",
    "pembiayaan": "Pembiayaan",
    "koperasi-pendirian": "Pendirian koperasi",
    "koperasi-tata-kelola": "Tata kelola koperasi",
    "koperasi-simpan-pinjam": "Koperasi simpan pinjam",
    "pelatihan-pemasaran": "Pelatihan dan pemasaran",
    "umkm-umum": "UMKM umum",
    "layanan-dinas": "Layanan dinas",
}


def category(slug: str | None) -> str:
    """A category's name; a category the office added later reads from its slug."""
    if not slug:
        return "Tanpa kategori"
    return CATEGORIES.get(slug) or slug.replace("-", " ").capitalize()


def date(value: dt.date | dt.datetime | str | None, tz: dt.tzinfo | None = None) -> str:
    """``1 Maret 2026`` (a datetime is first put in the office's time zone)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.astimezone(tz).date() if tz else value.date()
    return format_date_id(value)


def date_long(value: dt.date | None) -> str:
    """``Kamis, 5 Maret 2026``."""
    if value is None:
        return ""
    return f"{WEEKDAYS[value.weekday()]}, {date(value)}"


def datetime(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """``1 Maret 2026, 14.05`` in the office's time zone (Indonesian writes times with a dot)."""
    if value is None:
        return ""
    local = value.astimezone(tz) if tz else value
    return f"{date(local.date())}, {local:%H.%M}"


def score(value: float | None) -> str:
    """``0,87``: Indonesian decimal comma."""
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",")


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%".replace(".", ",")


def edition_of(published: dt.date | str | None) -> str:
    """The edition an entry appeared in, named by its publishing date."""
    return f"Edisi {date(published)}" if published else "Arsip HALO KOP-UKM"
