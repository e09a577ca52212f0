"""Tests for api/publishing/cards.py: sizes, continuation cards, and no text outside the card."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pytest
from PIL import Image

from api.publishing import (
    CARD_SIZE,
    SAFE_AREA,
    Box,
    Branding,
    EditionKit,
    FontNotFoundError,
    KitItem,
    RenderedCard,
    load_font,
    render_cards,
    wrap_text,
)

LONG_WORD = "Pemberdayaankoperasidanusahamikrokecilmenengahberbasisdigitalterpaduberkelanjutan"


def _overlaps(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _assert_text_inside(cards: list[RenderedCard]) -> None:
    for card in cards:
        assert card.text_boxes, card.filename
        for text_box in card.text_boxes:
            assert text_box.box.inside(SAFE_AREA), (card.filename, text_box)
        for a, b in itertools.combinations(card.text_boxes, 2):
            assert not _overlaps(a.box, b.box), (card.filename, a, b)


def _texts(card: RenderedCard, role: str) -> list[str]:
    return [b.text for b in card.text_boxes if b.role == role]


def test_render_cards_size_is_1080x1350(sample_cards: list[RenderedCard]) -> None:
    assert CARD_SIZE == (1080, 1350)
    assert {card.image.size for card in sample_cards} == {(1080, 1350)}
    assert {card.image.mode for card in sample_cards} == {"RGB"}


def test_render_cards_png_is_1080x1350(sample_cards: list[RenderedCard], tmp_path: Path) -> None:
    path = tmp_path / "card.png"
    path.write_bytes(sample_cards[1].to_png())
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1080, 1350))


def test_render_cards_order_cover_questions_closing(sample_cards: list[RenderedCard]) -> None:
    assert [card.kind for card in sample_cards] == (
        ["cover", "question"] + ["continuation"] * 8 + ["question"] * 4 + ["closing"]
    )
    assert sample_cards[0].filename == "01-sampul.png"
    assert sample_cards[2].filename == "03-tanya-jawab-01-lanjutan-1.png"
    assert sample_cards[-1].filename == "15-penutup.png"


def test_render_cards_long_answer_flows_onto_continuation_cards(
    sample_cards: list[RenderedCard], sample_kit: EditionKit
) -> None:
    first_item = [card for card in sample_cards if card.item_index == 0]
    assert len(first_item) == 9
    for card in first_item[1:]:
        assert _texts(card, "label") == ["JAWABAN (lanjutan)"]
    for card in first_item[:-1]:
        assert _texts(card, "continued") == ["Bersambung ke kartu berikutnya »"]
    assert _texts(first_item[-1], "continued") == []
    # Nothing is lost or repeated across the cards: the drawn answer lines are the answer, word for word.
    drawn = " ".join(line for card in first_item for line in _texts(card, "answer"))
    assert drawn.split() == sample_kit.items[0].answer.split()


def test_render_cards_text_stays_inside_safe_area(sample_cards: list[RenderedCard]) -> None:
    assert SAFE_AREA == Box(72, 72, 1008, 1278)
    _assert_text_inside(sample_cards)


def test_render_cards_page_numbers(sample_cards: list[RenderedCard]) -> None:
    assert [_texts(card, "page") for card in sample_cards[1:4]] == [["2/15"], ["3/15"], ["4/15"]]
    assert _texts(sample_cards[-1], "page") == ["15/15"]


def test_render_cards_cover_shows_edition_and_indonesian_date(sample_cards: list[RenderedCard]) -> None:
    cover = sample_cards[0]
    assert _texts(cover, "title") == ["HALO KOP-UKM"]
    assert _texts(cover, "edition") == ["Edisi 12"]
    assert _texts(cover, "date") == ["27 November 2026"]


def test_render_cards_question_card_shows_question_and_category(sample_cards: list[RenderedCard]) -> None:
    card = sample_cards[10]
    assert card.filename == "11-tanya-jawab-02.png"
    assert _texts(card, "category") == ["Perizinan Usaha"]
    assert " ".join(_texts(card, "question")) == "Apakah usaha kue rumahan wajib punya NIB?"


def test_render_cards_closing_lists_how_to_send_questions(sample_cards: list[RenderedCard]) -> None:
    closing = sample_cards[-1]
    assert _texts(closing, "label") == ["E-MAIL", "DM INSTAGRAM", "DM TIKTOK", "FORMULIR WEB"]
    assert _texts(closing, "contact") == [
        "halokopukm@bogorkab.go.id",
        "@diskopukm.kabbogor",
        "@diskopukm.kabbogor",
        "diskopukm.bogorkab.go.id/halo-kop-ukm",
    ]


def test_wrap_text_breaks_80_character_word() -> None:
    word = LONG_WORD[:80]
    font = load_font(38)
    lines = wrap_text(f"Program {word} dibuka.", font, 936)
    assert len(word) == 80
    assert len(lines) >= 3
    assert "".join(lines).replace(" ", "") == f"Program{word}dibuka."
    assert all(font.getlength(line) <= 936 for line in lines)


def test_render_cards_80_character_word_stays_inside_card() -> None:
    word = LONG_WORD[:80]
    kit = EditionKit(
        3, datetime.date(2026, 1, 9), [KitItem(f"Apa itu {word}?", f"{word} adalah program.", word)]
    )
    cards = render_cards(kit)
    _assert_text_inside(cards)
    answer = "".join(_texts(cards[1], "answer")).replace(" ", "")
    assert answer == f"{word}adalahprogram."


def test_render_cards_extreme_inputs_stay_inside_card() -> None:
    branding = Branding(
        office_name="Dinas Koperasi, Usaha Kecil, dan Menengah serta Perdagangan dan Perindustrian " * 3,
        office_short_name="Dinas Koperasi dan Usaha Kecil Menengah Pemerintah Kabupaten Bogor Jawa Barat",
        column_name="HALO KOP-UKM KABUPATEN BOGOR EDISI KHUSUS",
        web_form="https://diskopukm.bogorkab.go.id/layanan/halo-kop-ukm/formulir-pertanyaan-warga-2026",
        hashtags=[f"#TagarPanjangNomor{i}" for i in range(40)],
    )
    question = "Saya pelaku usaha di Cibinong dan ingin bertanya. " * 25 + "Bagaimana caranya?"
    items = [KitItem(question, "Jawaban singkat. " * 400, "Kategori " * 20)] + [
        KitItem(f"Pertanyaan nomor {i}?", "Jawaban.", "Umum") for i in range(2, 31)
    ]
    cards = render_cards(EditionKit(99, datetime.date(2026, 12, 31), items), branding)
    _assert_text_inside(cards)
    assert _texts(cards[0], "list")[-1] == "+ 25 pertanyaan lainnya"


def test_render_cards_logo_sits_top_right(tmp_path: Path, sample_kit: EditionKit) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 150), (200, 0, 0)).save(logo)
    kit = EditionKit(sample_kit.number, sample_kit.date, sample_kit.items[1:2])
    cards = render_cards(kit, Branding(logo_path=logo))
    for card in cards:
        assert card.image.getpixel((SAFE_AREA.right - 10, 120)) == (200, 0, 0), card.filename
        assert card.image.getpixel((SAFE_AREA.left + 2, 120)) != (200, 0, 0), card.filename
    _assert_text_inside(cards)


def test_render_cards_missing_logo_raises(sample_kit: EditionKit, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="logo_path"):
        render_cards(sample_kit, Branding(logo_path=tmp_path / "missing.png"))


def test_load_font_missing_font_names_debian_package(tmp_path: Path) -> None:
    with pytest.raises(FontNotFoundError, match="apt-get install -y fonts-dejavu-core"):
        load_font(30, font_dir=tmp_path)
