from __future__ import annotations

import numpy as np
import pytest

from halokop_nlp.evaluation import Ranked, _fit_conditional_logit, calibrate, metrics


def _r(target, refs, score, verdict=None, style="formal"):
    return Ranked("q", target, style, refs, score, verdict)


def test_metrics_known_values():
    results = [
        _r("a", ["a", "b"], 0.9, "duplicate"),
        _r("b", ["a", "b"], 0.8, "duplicate"),  # rank 2, wrongly called duplicate
        _r("c", ["x", "y", "z", "w", "v", "c"], 0.4, "related"),  # rank 6
        _r(None, ["a"], 0.5, "related", "oos"),
        _r(None, ["b"], 0.1, "new", "oos"),
    ]
    m = metrics(results)
    assert m["r@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["r@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["mrr"] == pytest.approx((1 + 0.5 + 1 / 6) / 3, abs=1e-4)
    assert m["auc"] == pytest.approx(5 / 6, abs=1e-4)
    assert m["verdicts"]["in_scope"] == {"duplicate": 2, "related": 1, "new": 0}
    assert m["verdicts"]["out_of_scope"] == {"duplicate": 0, "related": 1, "new": 1}
    assert m["wrong_duplicates"] == 1


def test_calibrate_separates_out_of_scope(small_recommender, small_queries):
    cal = calibrate(small_recommender, small_queries, source="small")
    assert 0.0 < cal.related <= cal.duplicate < 1.0
    assert cal.duplicate > cal.figures["max_out_of_scope_confidence"]
    assert set(cal.weights) == {"question", "passage", "words", "chars", "entry_words"}
    assert cal.confidence["question"] > 0


def test_calibrate_needs_both_kinds(small_recommender, small_queries):
    with pytest.raises(ValueError, match="out-of-scope queries without one"):
        calibrate(small_recommender, [q for q in small_queries if q.get("target")])


def test_calibrate_unknown_target(small_recommender, small_queries):
    with pytest.raises(ValueError, match="refs the index does not have: nope"):
        calibrate(small_recommender, [*small_queries, {"q": "x", "target": "nope"}])


def test_calibrate_also_learns_ranking_from_kb_alternates(small_recommender, small_queries):
    n_alternates = sum(len(e.alternates) for e in small_recommender.index.entries.values())
    assert n_alternates > 0
    cal = calibrate(small_recommender, small_queries)
    assert cal.figures["alternate_queries"] == n_alternates
    assert calibrate(small_recommender, small_queries, alternates=0).figures["alternate_queries"] == 0
    assert calibrate(small_recommender, small_queries, alternates=2).figures["alternate_queries"] == 2


def test_fit_conditional_logit_puts_target_first():
    rng = np.random.default_rng(0)
    features, targets = [], []
    for size in rng.integers(2, 12, 200):
        x = rng.normal(size=(size, 2))
        t = int(np.argmax(x[:, 0]))  # the target has the largest first signal; the second is noise
        features.append(x)
        targets.append(t)
    w = _fit_conditional_logit(features, targets)
    assert w[0] > 5 * abs(w[1])
    first = [int(np.argmax(x @ w)) == t for x, t in zip(features, targets, strict=True)]
    assert np.mean(first) >= 0.97
