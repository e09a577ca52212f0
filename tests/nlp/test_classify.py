from __future__ import annotations

import numpy as np
import pytest

from halokop_nlp.classify import CategoryClassifier, Screener, load_screening_examples
from halokop_nlp.text import Normalizer


@pytest.fixture(scope="module")
def screener(e5_encoder):
    examples = load_screening_examples()
    texts = [e["text"] for e in examples]
    vectors = e5_encoder.encode_queries([Normalizer().normalize(t) or t for t in texts])
    return Screener.fit(texts, [e["label"] for e in examples], vectors)


def _screen(screener, encoder, text):
    # As the recommender does: the vector of the normalized text.
    return screener.screen(text, encoder.encode_queries([Normalizer().normalize(text)])[0])


def test_load_screening_examples_has_three_labels():
    labels = {e["label"] for e in load_screening_examples()}
    assert labels == {"ok", "spam", "offtopic"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("s10t g4c0r malam ini RTP 98% depo 20rb wd berapapun, link alternatif di bio", "spam"),
        ("Dana tunai cair 5 menit tanpa jaminan, hubungi WA 0812-xxxx-xxxx", "spam"),
        ("wkwkwk mantap min 🔥🔥", "offtopic"),
        ("Bagaimana cara mendaftarkan koperasi simpan pinjam di Kabupaten Bogor?", "ok"),
        ("min sy dpt ancaman dr pinjol ilegal, lapor kemana ya", "ok"),
    ],
)
def test_screen_labels(screener, e5_encoder, text, label):
    assert _screen(screener, e5_encoder, text).label == label


def test_screener_save_load_same_scores(screener, e5_encoder, tmp_path):
    classes = screener.save(tmp_path / "s.npz")
    loaded = Screener.load(tmp_path / "s.npz", classes)
    text = "klik link ini untuk klaim bantuan UMKM 5 juta"
    assert (
        _screen(loaded, e5_encoder, text).probabilities == _screen(screener, e5_encoder, text).probabilities
    )


def test_category_classifier_single_category_predicts_nothing():
    clf = CategoryClassifier.fit(np.eye(3, dtype=np.float32), ["a", "a", None])
    assert clf.predict(np.ones(3, np.float32)) is None


@pytest.mark.parametrize("classes", [2, 4])
def test_fast_proba_matches_scikit_learn(classes):
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from halokop_nlp.classify import _proba

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8))
    y = np.arange(60) % classes
    model = LogisticRegression(max_iter=1000).fit(x, y)
    assert np.allclose(_proba(model, x), model.predict_proba(x))
    assert np.allclose(_proba(model, sparse.csr_matrix(x)), model.predict_proba(x))


def test_screener_hashing_equals_scikit_learn_hashing_vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    from halokop_nlp.classify import _hashed

    texts = ["SLOT GACOR maxwin hr ini!!! wa 0812-3456", "gmn cara bikin nib utk warung sy?", ""]
    reference = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), n_features=2**15, norm="l2", alternate_sign=False
    )
    ours = _hashed(HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**15))(texts)
    assert abs(ours - reference.transform(texts)).max() < 1e-12
    assert ours[2].nnz == 0
