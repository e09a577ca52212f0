from __future__ import annotations

from halokop_nlp.drafts import DRAFT_LABEL, make_draft
from halokop_nlp.retrieval import Match


def _m(ref, q, a):
    return Match(ref, q, a, "umum", "2026-05-01", 0.9, {})


def test_make_draft_duplicate_uses_best_answer_and_see_also():
    draft = make_draft("duplicate", [_m("a", "Q1?", "Jawab satu."), _m("b", "Q2?", "Jawab dua.")])
    lines = draft.splitlines()
    assert lines[0] == DRAFT_LABEL
    assert "Jawab satu." in lines
    assert "- Q2? (b, 2026-05-01)" in lines
    assert "Jawab dua." not in draft


def test_make_draft_new_is_template():
    draft = make_draft("new", [])
    assert draft.splitlines()[0] == DRAFT_LABEL
    assert "belum ada jawaban terdahulu yang sesuai" in draft
    assert "Lihat juga" not in draft


def test_make_draft_related_asks_to_adapt():
    draft = make_draft("related", [_m("a", "Q1?", "Jawab satu.")])
    assert "Mohon sesuaikan jawaban berikut" in draft and "Jawab satu." in draft
