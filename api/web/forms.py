"""Reading submitted forms, and saying in Indonesian what is wrong with them."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from pydantic import ValidationError

from api.errors import Conflict, InvalidInput, NotFound, ServiceError, TooLarge, Unavailable
from api.web.session import CSRF_FIELD, csrf_valid

CSRF_MESSAGE = (
    "Formulir ini sudah kedaluwarsa (misalnya karena Anda masuk atau keluar di tab lain). "
    "Isian Anda masih ada di bawah: periksa, lalu kirim lagi."
)

# Field names of the service's schemas, as a person reads them on the page.
FIELD_NAMES = {
    "text": "Pertanyaan",
    "name": "Nama",
    "email": "Alamat e-mail",
    "phone": "Nomor WhatsApp/telepon",
    "answer": "Jawaban",
    "public_question": "Pertanyaan yang diterbitkan",
    "category": "Kategori",
    "note": "Catatan",
    "comment": "Komentar",
    "reason": "Alasan",
    "title": "Judul edisi",
    "publish_date": "Tanggal terbit",
    "question_ids": "Pertanyaan",
    "ref": "Entri",
}


@dataclass
class Form:
    """A submitted form: values by name (first value), all values, and whether its CSRF token is good."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    csrf_ok: bool = False

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def text(self, name: str) -> str:
        """The value with surrounding whitespace removed and Windows line ends made plain."""
        return self.values.get(name, "").replace("\r\n", "\n").strip()

    def getlist(self, name: str) -> list[str]:
        return self.lists.get(name, [])


async def read_form(request: Request) -> Form:
    data = await request.form()
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for key, value in data.multi_items():
        if not isinstance(value, str):  # no page uploads files
            continue
        value = value.replace("\x00", "")
        values.setdefault(key, value)
        lists.setdefault(key, []).append(value)
    state = request.app.state.service
    return Form(values, lists, csrf_valid(request, state.secret, values.get(CSRF_FIELD)))


def validation_messages(exc: ValidationError) -> list[str]:
    """One Indonesian sentence per invalid field of a service schema."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
        name = FIELD_NAMES.get(loc[0], loc[0]) if loc else "Isian"
        kind = err.get("type", "")
        if kind in ("missing", "string_too_short") or "must not be empty" in str(err.get("msg")):
            out.append(f"{name} wajib diisi.")
        elif kind == "string_too_long":
            limit = (err.get("ctx") or {}).get("max_length")
            out.append(f"{name} terlalu panjang (paling banyak {limit} karakter).")
        elif "e-mail" in str(err.get("msg")):
            out.append(f"{name} tidak valid: tulis seperti nama@contoh.com.")
        elif "phone" in str(err.get("msg")):
            out.append(f"{name} tidak valid: tulis angka saja, misalnya 0812 3456 7890.")
        elif kind == "string_pattern_mismatch":
            out.append(f"{name} berisi karakter yang tidak diizinkan.")
        else:
            out.append(f"{name} tidak valid.")
    return out or ["Isian tidak valid."]


def service_message(exc: ServiceError) -> str:
    """A general Indonesian message for a refusal the page has no more specific words for."""
    if isinstance(exc, NotFound):
        return "Data yang diminta tidak ditemukan; mungkin sudah dihapus. Muat ulang halaman."
    if isinstance(exc, Conflict):
        return (
            "Tindakan ini tidak sesuai dengan keadaan data saat ini; mungkin sudah diproses oleh "
            "petugas lain. Muat ulang halaman untuk melihat keadaan terbaru."
        )
    if isinstance(exc, TooLarge):
        return "Isian terlalu besar."
    if isinstance(exc, Unavailable):
        return "Layanan sedang tidak tersedia. Coba lagi beberapa saat lagi."
    if isinstance(exc, InvalidInput):
        return "Isian tidak dapat diterima. Periksa kembali isian Anda."
    return "Permintaan tidak dapat diproses."


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Indonesian groups thousands with a dot


def too_long(what: str, have: int, limit: int) -> str:
    return f"{what} terlalu panjang: {_thousands(have)} karakter, paling banyak {_thousands(limit)}."
