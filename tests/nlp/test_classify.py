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
