"""Tests for api/publishing/export.py: the files of the kit and the ZIP."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from api.publishing import Branding, EditionKit, build_kit, kit_filename, write_zip

EXPECTED_FILES = [
    "cards/01-sampul.png",
    "cards/02-tanya-jawab-01.png",
    "cards/03-tanya-jawab-01-lanjutan-1.png",
    "cards/04-tanya-jawab-01-lanjutan-2.png",
    "cards/05-tanya-jawab-01-lanjutan-3.png",
    "cards/06-tanya-jawab-01-lanjutan-4.png",
    "cards/07-tanya-jawab-01-lanjutan-5.png",
    "cards/08-tanya-jawab-01-lanjutan-6.png",
    "cards/09-tanya-jawab-01-lanjutan-7.png",
    "cards/10-tanya-jawab-01-lanjutan-8.png",
    "cards/11-tanya-jawab-02.png",
    "cards/12-tanya-jawab-03.png",
    "cards/13-tanya-jawab-04.png",
    "cards/14-tanya-jawab-05.png",
    "cards/15-penutup.png",
    "caption-instagram.txt",
    "naskah-tiktok.txt",
    "naskah-tiktok.json",
    "README.txt",
]

OFFICIAL = Branding(
    email="kopukm@example.go.id",
    instagram="@kopukm.example",
    tiktok="@kopukm.example",
    web_form="https://example.go.id/tanya",
)


def test_build_kit_file_list(sample_files: dict[str, bytes]) -> None:
    assert list(sample_files) == EXPECTED_FILES
    assert all(sample_files[name].startswith(b"\x89PNG\r\n\x1a\n") for name in EXPECTED_FILES[:15])


def test_write_zip_file_list(sample_kit: EditionKit, tmp_path: Path) -> None:
    path = tmp_path / kit_filename(sample_kit)
    write_zip(sample_kit, None, path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == EXPECTED_FILES
        assert archive.testzip() is None
    assert [p.name for p in tmp_path.iterdir()] == ["halo-kop-ukm-edisi-12-2026-11-27.zip"]


def test_write_zip_same_edition_same_bytes(sample_kit: EditionKit) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_zip(sample_kit, OFFICIAL, first)
    write_zip(sample_kit, OFFICIAL, second)
    assert first.getvalue() == second.getvalue()


def test_build_kit_json_script_matches_text(sample_files: dict[str, bytes]) -> None:
    script = json.loads(sample_files["naskah-tiktok.json"])
    assert (script["edition"], script["date"], script["target_seconds"]) == (12, "2026-11-27", 60.0)
    assert script["lines"][0] == {
        "start": 0.0,
        "end": 5.6,
        "kind": "hook",
        "item_index": None,
        "text": "Halo, Sobat UMKM! Ini HALO KOP-UKM edisi 12, menjawab 3 pertanyaan warga. Simak, ya!",
    }
    text = sample_files["naskah-tiktok.txt"].decode()
    assert all(line["text"] in text for line in script["lines"])


def test_build_kit_readme_warns_about_placeholder_contacts(sample_files: dict[str, bytes]) -> None:
    readme = sample_files["README.txt"].decode()
    assert readme.startswith("PAKET PUBLIKASI HALO KOP-UKM — Edisi 12 (27 November 2026)\n")
    assert "cards/  Kartu carousel Instagram: 15 gambar PNG 1080×1350 piksel (rasio 4:5)." in readme
    assert "Kontak berikut masih CONTOH" in readme


def test_build_kit_readme_without_placeholders_has_no_contact_warning(sample_kit: EditionKit) -> None:
    kit = EditionKit(sample_kit.number, sample_kit.date, sample_kit.items[1:3])
    readme = build_kit(kit, OFFICIAL)["README.txt"].decode()
    assert "CONTOH" not in readme
    assert "PERHATIAN" not in readme


def test_build_kit_caption_file_is_the_caption(sample_files: dict[str, bytes]) -> None:
    caption = sample_files["caption-instagram.txt"].decode()
    assert caption.startswith("HALO KOP-UKM — Edisi 12 (27 November 2026)\n")
    assert len(caption) <= 2201  # the caption plus a final newline


def test_kit_filename(sample_kit: EditionKit) -> None:
    assert kit_filename(sample_kit) == "halo-kop-ukm-edisi-12-2026-11-27.zip"
