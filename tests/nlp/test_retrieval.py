from __future__ import annotations

import pytest

from halokop_nlp.retrieval import EmptyQuestionError, Recommender, TextTruncatedWarning


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_suggest_empty_question_raises(small_recommender, text):
    with pytest.raises(EmptyQuestionError, match="the question is empty"):
        small_recommender.suggest(text)


def test_suggest_very_long_text_truncates_with_warning(small_recommender):
    text = "syarat pirt " + "kue kering " * 10_000
    with pytest.warns(TextTruncatedWarning):
        s = small_recommender.suggest(text)
    assert s.truncated is True and len(s.text) == 4000


def test_suggest_greeting_only_is_new_without_matches(small_recommender):
    s = small_recommender.suggest("Assalamualaikum min, terima kasih")
    assert (s.verdict, s.matches, s.normalized) == ("new", [], "")


def test_suggest_e5_paraphrase_is_duplicate(e5_small_recommender):
    s = e5_small_recommender.suggest("gmn cara bikin nib utk warung sy?")
    assert s.verdict == "duplicate"
    assert s.matches[0].ref == "t-nib"
    assert s.category == "perizinan-usaha"
    assert s.draft.startswith("[DRAF")
    assert s.matches[0].answer in s.draft


def test_suggest_e5_out_of_scope_is_not_duplicate(e5_small_recommender):
    s = e5_small_recommender.suggest("Bagaimana cara mendaftarkan CV di notaris?")
    assert s.verdict in ("new", "related")


def test_screen_gambling_spam(e5_small_recommender):
    s = e5_small_recommender.suggest("SLOT GACOR hari ini maxwin depo 10rb auto cuan klik link di bio")
    assert s.screening.label == "spam"
    assert s.screening.score > 0.5


def test_group_duplicates_e5(e5_small_recommender):
    groups = e5_small_recommender.group_duplicates(
        [
            "cara bikin nib utk warung",
            "gimana daftar NIB buat toko kelontong",
            "kapan rat koperasi diadakan",
            "rapat anggota tahunan koperasi kapan",
            "resep rendang",
        ]
    )
    assert sorted(map(sorted, groups)) == [[0, 1], [2, 3], [4]]


def test_group_duplicates_edge_sizes(small_recommender):
    assert small_recommender.group_duplicates([]) == []
    assert small_recommender.group_duplicates(["satu"]) == [[0]]


def test_search_filters_category(small_recommender):
    matches = small_recommender.search("koperasi", k=5, category="koperasi-tata-kelola")
    assert matches and {m.category for m in matches} == {"koperasi-tata-kelola"}


def test_suggest_lexical_fallback_marks_degraded(small_recommender):
    s = small_recommender.suggest_lexical("syarat pirt makanan rumahan")
    assert s.degraded and s.verdict == "unavailable"
    assert s.matches[0].ref == "t-pirt"


def test_build_without_calibration_for_unknown_encoder_fails(small_entries, hash_encoder):
    with pytest.raises(ValueError, match="no calibration for encoder 'test:hash'"):
        Recommender.build(small_entries, hash_encoder)


def test_build_bundled_without_labelled_uses_shipped_calibration(small_entries, e5_encoder):
    rec = Recommender.build(small_entries[:4], e5_encoder)
    assert rec.calibration.source == "default: sample KB + data/eval/dev.jsonl"
    assert rec.suggest("gmn cara bikin nib utk warung sy?").matches[0].ref == "t-nib"
