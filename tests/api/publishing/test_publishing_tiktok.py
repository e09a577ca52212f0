"""Tests for api/publishing/tiktok.py: a spoken script that never runs past its target length."""

from __future__ import annotations

import datetime

import pytest

from api.publishing import EditionKit, KitItem, build_tiktok_script, speaking_seconds


@pytest.mark.parametrize("target", [10, 15, 30, 45, 60, 90, 180])
def test_build_tiktok_script_total_within_target(sample_kit: EditionKit, target: int) -> None:
    script = build_tiktok_script(sample_kit, target_seconds=target)
    assert 0 < script.total_seconds <= target
    for line in script.lines:
        assert line.start < line.end
    for before, after in zip(script.lines, script.lines[1:], strict=False):
        assert before.end <= after.start


def test_build_tiktok_script_sample_at_60_seconds(sample_kit: EditionKit) -> None:
    script = build_tiktok_script(sample_kit, target_seconds=60)
    assert [(line.kind, line.item_index) for line in script.lines] == [
        ("hook", None),
        ("question", 0),
        ("answer", 0),
        ("question", 1),
        ("answer", 1),
        ("question", 2),
        ("answer", 2),
        ("closing", None),
    ]
    assert script.omitted_items == [3, 4]
    assert script.total_seconds == 51.6
    assert (
        script.lines[0].text
        == "Halo, Sobat UMKM! Ini HALO KOP-UKM edisi 12, menjawab 3 pertanyaan warga. Simak, ya!"
    )
    assert script.lines[3].text == "Pertanyaan kedua: Apakah usaha kue rumahan wajib punya NIB?"
    # The courtesy opening of the written answer is not worth seconds of video.
    assert script.lines[4].text == (
        "Ya, NIB bisa diurus gratis melalui OSS. "
        "Untuk usaha mikro berisiko rendah, NIB sekaligus menjadi izin usaha."
    )


def test_build_tiktok_script_line_lasts_words_over_speaking_rate(sample_kit: EditionKit) -> None:
    script = build_tiktok_script(sample_kit, target_seconds=90, words_per_second=2.0)
    for line in script.lines:
        assert round(line.end - line.start, 1) == speaking_seconds(line.text, 2.0)


def test_build_tiktok_script_long_question_keeps_the_asked_sentence() -> None:
    question = (
        "Saya berjualan keripik singkong di Ciawi sejak 2019 bersama tiga tetangga. "
        "Apakah kami bisa membentuk koperasi?"
    )
    kit = EditionKit(
        4, datetime.date(2026, 1, 16), [KitItem(question, "Bisa. Minimal sembilan orang.", "Umum")]
    )
    script = build_tiktok_script(kit, target_seconds=30)
    assert script.lines[1].text == "Pertanyaan pertama: Apakah kami bisa membentuk koperasi?"


def test_build_tiktok_script_rejects_target_under_10_seconds(sample_kit: EditionKit) -> None:
    with pytest.raises(ValueError, match="target_seconds must be at least 10"):
        build_tiktok_script(sample_kit, target_seconds=5)


def test_speaking_seconds_five_words() -> None:
    assert speaking_seconds("Koperasi wajib menyelenggarakan RAT tahunan.", 2.5) == 2.0


def test_tiktok_script_to_text_header_and_timecodes(sample_kit: EditionKit) -> None:
    text = build_tiktok_script(sample_kit, target_seconds=60).to_text()
    assert text.split("\n")[:5] == [
        "NASKAH TIKTOK — HALO KOP-UKM Edisi 12 (27 November 2026)",
        "Target durasi: 60,0 detik · perkiraan durasi: 51,6 detik · kecepatan bicara: 2,5 kata/detik",
        "",
        "[00:00,0 – 00:05,6] PEMBUKA",
        "Halo, Sobat UMKM! Ini HALO KOP-UKM edisi 12, menjawab 3 pertanyaan warga. Simak, ya!",
    ]
    assert text.endswith("Pertanyaan nomor 4 dan 5 tidak masuk naskah karena batas durasi video.\n")
