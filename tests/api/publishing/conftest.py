"""Editions shared by the publishing-kit tests; rendering is the slow part, so it runs once per session."""

from __future__ import annotations

import datetime

import pytest

from api.publishing import Branding, EditionKit, KitItem, RenderedCard, build_kit, render_cards

_PARAGRAPHS = [
    "Pendirian koperasi di Kabupaten Bogor mengikuti Undang-Undang No. 25 Tahun 1992 tentang Perkoperasian. "
    "Koperasi primer didirikan paling sedikit oleh sembilan orang yang memiliki kepentingan ekonomi sama.",
    "Para pendiri mengadakan rapat pendirian untuk menyepakati nama, jenis usaha, simpanan pokok, simpanan "
    "wajib, serta pengurus dan pengawas pertama. Hasil rapat dituangkan dalam berita acara.",
    "Akta pendirian dibuat oleh Notaris Pembuat Akta Koperasi, lalu pengesahan badan hukum diajukan secara "
    "daring. Setelah itu koperasi mengurus Nomor Induk Berusaha melalui OSS.",
]


def _words(n: int) -> str:
    """Exactly ``n`` words of plausible answer prose, in paragraphs."""
    words: list[str] = []
    paragraphs: list[str] = []
    i = 0
    while len(words) < n:
        paragraph = _PARAGRAPHS[i % len(_PARAGRAPHS)].split()[: n - len(words)]
        words += paragraph
        paragraphs.append(" ".join(paragraph))
        i += 1
    return "\n\n".join(paragraphs)


LONG_ANSWER = _words(600)


@pytest.fixture(scope="session")
def sample_kit() -> EditionKit:
    """Edition 12 of 27 November 2026: five Q&As, the first with a 600-word answer."""
    return EditionKit(
        number=12,
        date=datetime.date(2026, 11, 27),
        items=[
            KitItem("Bagaimana cara mendirikan koperasi dan apa saja syaratnya?", LONG_ANSWER, "Kelembagaan"),
            KitItem(
                "Apakah usaha kue rumahan wajib punya NIB?",
                "Terima kasih atas pertanyaannya. Ya, NIB bisa diurus gratis melalui OSS. Untuk usaha mikro "
                "berisiko rendah, NIB sekaligus menjadi izin usaha.",
                "Perizinan Usaha",
            ),
            KitItem(
                "Adakah bantuan modal untuk UMKM yang baru mulai?",
                "KUR Super Mikro hingga Rp10 juta tidak memerlukan agunan tambahan. Dinas juga membuka kelas "
                "literasi keuangan.",
                "Permodalan",
            ),
            KitItem(
                "Bagaimana mendaftar pelatihan pemasaran digital?",
                "Daftar melalui https://diskopukm.bogorkab.go.id/pelatihan/pemasaran-digital-angkatan-2026 "
                "atau di kantor dinas.",
                "Pelatihan",
            ),
            KitItem(
                "Koperasi kami belum RAT dua tahun. Apa akibatnya?",
                "Koperasi yang tidak menyelenggarakan RAT dinilai tidak sehat. Segera jadwalkan RAT.",
                "Kelembagaan",
            ),
        ],
    )


@pytest.fixture(scope="session")
def sample_cards(sample_kit: EditionKit) -> list[RenderedCard]:
    return render_cards(sample_kit, Branding())


@pytest.fixture(scope="session")
def sample_files(sample_kit: EditionKit) -> dict[str, bytes]:
    return build_kit(sample_kit, Branding())
