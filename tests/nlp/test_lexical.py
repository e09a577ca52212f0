"""The TF-IDF cosine of ``halokop_nlp.lexical`` against scikit-learn's, and its updates."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from halokop_nlp.lexical import LexicalIndex, char_ngrams

DOCS = {
    3: "cara daftar nib usaha mikro",
    7: "syarat daftar koperasi simpan pinjam",
    9: "nib nib koperasi",
    12: "jadwal pelatihan umkm",
}


def _sklearn_scores(docs: dict[int, str], query: str) -> np.ndarray:
    vec = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")
    matrix = vec.fit_transform([docs[i] for i in sorted(docs)])
    return (matrix @ vec.transform([query]).T).toarray().ravel()


def test_scores_equal_scikit_learn_tfidf_cosine():
    index = LexicalIndex()
    for doc_id, text in DOCS.items():
        index.set(doc_id, text.split())
    ids, scores = index.scores("daftar nib nib koperasi".split())
    assert ids.tolist() == [3, 7, 9, 12]
    assert np.allclose(scores, _sklearn_scores(DOCS, "daftar nib nib koperasi"), atol=1e-6)
    assert scores[3] == 0.0  # "jadwal pelatihan umkm" shares no word


def test_scores_follow_remove_and_replace():
    index = LexicalIndex()
    for doc_id, text in DOCS.items():
        index.set(doc_id, text.split())
    index.scores(["nib"])
    index.remove(9)
    index.set(12, "nib untuk umkm".split())
    expected = {3: DOCS[3], 7: DOCS[7], 12: "nib untuk umkm"}
    ids, scores = index.scores(["nib", "umkm"])
    assert ids.tolist() == [3, 7, 12]
    assert np.allclose(scores, _sklearn_scores(expected, "nib umkm"), atol=1e-6)


def test_scores_unknown_words_are_zero():
    index = LexicalIndex()
    index.set(1, ["koperasi"])
    ids, scores = index.scores(["pt", "cv"])
    assert ids.tolist() == [1] and scores.tolist() == [0.0]


def test_char_ngrams_pad_each_word():
    assert char_ngrams("rat") == [" ra", "rat", "at ", " rat", "rat "]


def test_best_by_group_keeps_each_groups_best_document():
    index = LexicalIndex()
    index.set(1, "daftar nib".split(), group=10)
    index.set(2, "nib".split(), group=10)
    index.set(3, "daftar koperasi".split(), group=20)
    index.set(4, "pelatihan".split(), group=30)
    ids, scores = index.scores(["nib"])
    groups, best = index.best_by_group(["nib"])
    assert groups.tolist() == [10]  # group 20 and 30 share no word
    assert best[0] == max(scores[0], scores[1]) == scores[1]
    groups, best = index.best_by_group(["daftar", "koperasi"])
    assert groups.tolist() == [20, 10] and best[0] > best[1] > 0
