"""Tests for api/publishing/captions.py: the Instagram caption and its 2,200-character limit."""

from __future__ import annotations

import datetime

from api.publishing import Branding, EditionKit, KitItem, build_instagram_caption, caption_length

LONG_QUESTION = (
    "Saya pengurus koperasi simpan pinjam di Kecamatan Cibinong dan ingin bertanya tentang prosedur lengkap "
    "pengajuan bantuan modal bergulir untuk anggota koperasi yang usahanya terdampak banjir bulan lalu?"
)
DEFAULT_TAGS = "#HALOKOPUKM #KoperasiBogor #UMKMBogor #KabupatenBogor #UMKMNaikKelas"


def _kit(n: int, question: str = LONG_QUESTION) -> EditionKit:
    items = [KitItem(f"{question} ({i})", "Jawaban.", "Permodalan") for i in range(1, n + 1)]
    return EditionKit(7, datetime.date(2026, 3, 6), items)


def _listed(caption: str) -> list[str]:
    block = caption.split("Pertanyaan edisi ini:\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in block.split("\n") if line[:1].isdigit()]


def test_build_instagram_caption_sample(sample_kit: EditionKit) -> None:
    caption = build_instagram_caption(sample_kit)
    assert caption.split("\n")[0] == "HALO KOP-UKM — Edisi 12 (27 November 2026)"
    assert _listed(caption) == [
        "1. Bagaimana cara mendirikan koperasi dan apa saja syaratnya?",
        "2. Apakah usaha kue rumahan wajib punya NIB?",
        "3. Adakah bantuan modal untuk UMKM yang baru mulai?",
        "4. Bagaimana mendaftar pelatihan pemasaran digital?",
        "5. Koperasi kami belum RAT dua tahun. Apa akibatnya?",
    ]
    assert (
        "Kirim lewat DM ke @diskopukm.kabbogor, e-mail ke halokopukm@bogorkab.go.id, atau formulir di "
        "diskopukm.bogorkab.go.id/halo-kop-ukm." in caption
    )
    assert caption.endswith(f"\n\n{DEFAULT_TAGS}")
    assert caption_length(caption) == 771


def test_build_instagram_caption_30_long_items_within_limit() -> None:
    kit = _kit(30)
    caption = build_instagram_caption(kit)
    assert caption_length(caption) <= 2200
    assert caption.endswith(f"\n\n{DEFAULT_TAGS}")
    listed = _listed(caption)
    hidden = 30 - len(listed)
    assert hidden > 0
    assert f"…dan {hidden} pertanyaan lainnya, lengkap di slide." in caption
    for number, line in enumerate(listed, start=1):
        prefix = f"{number}. "
        assert line.startswith(prefix)
        text = line[len(prefix) :]
        assert text.endswith("…")
        # Shortened at a word boundary: what is left is whole words of the question.
        assert f"{LONG_QUESTION} ({number})".startswith(text[:-1])
        assert f"{LONG_QUESTION} ({number})"[len(text) - 1] == " "


def test_build_instagram_caption_short_questions_all_listed() -> None:
    caption = build_instagram_caption(_kit(30, "Apa syarat KUR?"))
    assert len(_listed(caption)) == 30
    assert "pertanyaan lainnya" not in caption


def test_build_instagram_caption_keeps_at_most_30_whole_hashtags() -> None:
    tags = [f"#UMKMBogorTagar{i}" for i in range(40)]
    caption = build_instagram_caption(_kit(3), Branding(hashtags=tags))
    assert caption.rsplit("\n\n", 1)[1] == " ".join(tags[:30])


def test_build_instagram_caption_tiny_limit_drops_whole_hashtags() -> None:
    tags = [f"#KoperasiBogorTagar{i}" for i in range(30)]
    caption = build_instagram_caption(_kit(30), Branding(hashtags=tags), limit=400)
    assert caption_length(caption) <= 400
    used = [word for word in caption.split() if word.startswith("#")]
    assert used == tags[: len(used)]
    assert caption.split("\n")[0] == "HALO KOP-UKM — Edisi 7 (6 Maret 2026)"


def test_build_instagram_caption_leaves_out_empty_contacts(sample_kit: EditionKit) -> None:
    caption = build_instagram_caption(sample_kit, Branding(email="", web_form="", instagram="@kopukm.bogor"))
    assert "Kirim lewat DM ke @kopukm.bogor. Pertanyaan terpilih dijawab di edisi berikutnya." in caption
    assert "e-mail" not in caption


def test_caption_length_counts_emoji_as_two() -> None:
    assert caption_length("Halo 👋") == 7
