from __future__ import annotations

import pytest

from halokop_nlp.text import Analyzer, Normalizer, Stemmer, load_slang, load_stopwords

NORMALIZE_CASES = [
    ("gmn cara bikin nib utk warung sy?", "bagaimana cara membuat nib untuk warung saya"),
    ("Assalamualaikum min, syarat p-irt apa aja? makasih", "syarat pirt apa saja"),
    ("brp thn masa berlaku sertifikat halal kak 🙏🙏", "berapa tahun masa berlaku sertifikat halal"),
    ("udh daftar tp blm dpt nib", "sudah daftar tetapi belum dapat nib"),
    ("ibu2 pkk bs ikut pelatihan gk", "ibu-ibu pkk bisa ikut pelatihan tidak"),
    ("pinjemmm modal kur gimanaaa", "pinjam modal kur bagaimana"),
    ("cek https://bit.ly/abc atau email ke dinas@bogorkab.go.id @dinkopukm", "cek atau email ke"),
    ("#UMKMBogor daftar OSS dmn?", "umkmbogor daftar oss di mana"),
    ("Terima kasih, selamat pagi", ""),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_informal_text(raw, expected):
    assert Normalizer().normalize(raw) == expected


def test_load_slang_has_curated_size():
    slang = load_slang()
    assert len(slang) >= 300
    assert slang["gmn"] == "bagaimana"
    assert slang["utk"] == "untuk"


def test_stopwords_keep_question_words():
    stopwords = load_stopwords()
    for word in ("cara", "bagaimana", "berapa", "kapan", "tidak", "bisa"):
        assert word not in stopwords
    assert "yang" in stopwords


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("penarikan", "tarik"),
        ("berikan", "beri"),
        ("mengajukan", "aju"),
        ("perpajakan", "pajak"),
        ("pendaftaran", "daftar"),
        ("simpanan", "simpan"),
    ],
)
def test_stem_overrides_known_mistakes(word, stem):
    assert Stemmer().stem(word) == stem


def test_stem_many_stems_each_unique_word_once():
    stemmer = Stemmer()
    calls = []
    original = stemmer._stemmer.stem
    stemmer._stemmer.stem = lambda w: calls.append(w) or original(w)
    out = stemmer.stem_many([["pendaftaran", "usaha"], ["pendaftaran", "pelatihan"], ["pelatihan"]])
    assert out == [["daftar", "usaha"], ["daftar", "latih"], ["latih"]]
    assert sorted(calls) == ["pelatihan", "pendaftaran", "usaha"]
    stemmer.stem_many([["pendaftaran"]])
    assert len(calls) == 3


def test_analyze_folds_abbreviation_phrases():
    analyzer = Analyzer()
    assert analyzer.analyze("Nomor Induk Berusaha untuk toko") == analyzer.analyze("NIB untuk toko")
    assert analyzer.analyze("gmn cara bikin nib utk warung sy?") == [
        "bagaimana",
        "cara",
        "buat",
        "nib",
        "toko",  # "warung" folds into the synonym the office uses
    ]
