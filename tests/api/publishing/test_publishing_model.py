"""Tests for api/publishing/model.py and api/publishing/text.py."""

from __future__ import annotations

import datetime

import pytest

from api.publishing import Branding, EditionKit, format_date_id
from api.publishing.text import split_sentences, truncate_words


def test_format_date_id_uses_indonesian_month() -> None:
    assert format_date_id(datetime.date(2026, 11, 27)) == "27 November 2026"
    assert format_date_id(datetime.date(2027, 3, 1)) == "1 Maret 2027"


def test_create_branding_adds_missing_hash_to_hashtags() -> None:
    assert Branding(hashtags=["UMKMBogor", " #KoperasiBogor ", ""]).hashtags == [
        "#UMKMBogor",
        "#KoperasiBogor",
    ]


def test_create_branding_rejects_hashtag_with_space() -> None:
    with pytest.raises(ValueError, match="single word"):
        Branding(hashtags=["#UMKM Bogor"])


def test_create_branding_rejects_bad_colour() -> None:
    with pytest.raises(ValueError, match="'primary' must look like '#0B4F8A'"):
        Branding(primary="blue")


def test_branding_placeholder_fields() -> None:
    assert Branding().placeholder_fields() == ["email", "instagram", "tiktok", "web_form"]
    assert Branding(email="kopukm@example.go.id").placeholder_fields() == ["instagram", "tiktok", "web_form"]


def test_create_edition_kit_rejects_number_zero() -> None:
    with pytest.raises(ValueError, match="Edition number must be 1 or more"):
        EditionKit(0, datetime.date(2026, 1, 2))


def test_split_sentences_keeps_regulation_numbers_and_abbreviations() -> None:
    text = (
        "Menurut UU No. 25 Tahun 1992, koperasi wajib RAT. Kantor di Jl. Tegar Beriman, Kab. Bogor. Ada lagi?"
    )
    assert split_sentences(text) == [
        "Menurut UU No. 25 Tahun 1992, koperasi wajib RAT.",
        "Kantor di Jl. Tegar Beriman, Kab. Bogor.",
        "Ada lagi?",
    ]


def test_truncate_words_keeps_whole_words() -> None:
    assert truncate_words("Bagaimana cara mendaftarkan koperasi baru, dan berapa biayanya?", 30) == (
        "Bagaimana cara mendaftarkan…"
    )
    assert truncate_words("Pendek saja.", 30) == "Pendek saja."
