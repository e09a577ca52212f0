"""Category prediction and screening of spam / off-topic messages (scikit-learn).

Both models are logistic regressions whose weights are saved as plain arrays (``.npz`` without
pickles) beside the index and rebuilt into scikit-learn estimators on load.

- ``CategoryClassifier`` learns the KB's categories from the phrasing vectors already in the index.
- ``Screener`` learns three labels, ``ok`` / ``spam`` / ``offtopic``, from the bundled labelled
  messages (``resources/screening.jsonl``: online-gambling promotion, loan-shark and pinjol adverts,
  link spam, chatter) plus the KB's own questions as ``ok``. Its features are character n-grams of
  the raw text (URLs, phone numbers and obfuscations like "g4c0r" stay visible), words and word
  pairs of the normalized text, a few surface flags, and the sentence vector (which lifts 5-fold
  accuracy on the bundled messages from 0.90 to 0.96; encoding the examples is a fixed cost of a build).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

from halokop_nlp.text import Normalizer

SCREEN_LABELS = ("ok", "spam", "offtopic")

_URL = re.compile(r"https?://|www\.|\.(com|xyz|site|online|link|ly)\b")
_PHONE = re.compile(r"(\+62|\b08)[\d\s-]{6,}|\bwa\b|whatsapp")
_MENTION = re.compile(r"(?<!\w)@\w")


def _restore(classes: list[str], coef: np.ndarray, intercept: np.ndarray) -> LogisticRegression:
    model = LogisticRegression()
    model.classes_ = np.asarray(classes)
    model.coef_ = coef
    model.intercept_ = intercept
    model.n_features_in_ = coef.shape[1]
    return model


def _proba(model: LogisticRegression, x) -> np.ndarray:
    """``model.predict_proba(x)`` without scikit-learn's per-call input checks (ms per query)."""
    z = np.asarray(x @ model.coef_.T) + model.intercept_
    if z.shape[1] == 1:  # binary: one logit for the second class
        p = 1.0 / (1.0 + np.exp(-z))
        return np.hstack([1.0 - p, p])
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class CategoryPrediction:
    category: str
    probability: float


class CategoryClassifier:
    """Predicts an entry category from a question's sentence vector."""

    def __init__(self, model: LogisticRegression | None = None) -> None:
        self.model = model

    @classmethod
    def fit(cls, vectors: np.ndarray, categories: list[str | None]) -> CategoryClassifier:
        """Train on phrasing vectors and their entries' categories (entries without one are skipped)."""
        rows = [i for i, c in enumerate(categories) if c]
        labels = [categories[i] for i in rows]
        if len(set(labels)) < 2:
            return cls(None)
        model = LogisticRegression(C=10.0, max_iter=2000)
        model.fit(vectors[rows], labels)
        return cls(model)

    def predict(self, vector: np.ndarray) -> CategoryPrediction | None:
        """The most likely category, or None when the KB has fewer than two categories."""
        if self.model is None:
            return None
        proba = _proba(self.model, vector.reshape(1, -1))[0]
        best = int(np.argmax(proba))
        return CategoryPrediction(str(self.model.classes_[best]), float(proba[best]))

    def save(self, path: Path) -> list[str]:
        """Write the weights; returns the class names for the manifest."""
        if self.model is None:
            return []
        np.savez(path, coef=self.model.coef_, intercept=self.model.intercept_)
        return [str(c) for c in self.model.classes_]

    @classmethod
    def load(cls, path: Path, classes: list[str]) -> CategoryClassifier:
        if not classes:
            return cls(None)
        with np.load(path, allow_pickle=False) as data:
            return cls(_restore(classes, data["coef"], data["intercept"]))


@dataclass
class Screening:
    """``label`` is ok / spam / offtopic; ``score`` is the probability that it is not a real question."""

    label: str
    score: float
    probabilities: dict[str, float]


def load_screening_examples() -> list[dict]:
    """The bundled labelled messages."""
    text = resources.files("halokop_nlp.resources").joinpath("screening.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _hashed(vectorizer: HashingVectorizer) -> Callable[[list[str]], sparse.csr_matrix]:
    """``vectorizer.transform`` (l2 rows) without scikit-learn's per-call checks (about 0.5 ms each)."""
    analyzer = vectorizer.build_analyzer()
    hasher = FeatureHasher(vectorizer.n_features, input_type="string", alternate_sign=False)

    def transform(texts: list[str]) -> sparse.csr_matrix:
        x = hasher.transform(analyzer(t) for t in texts).tocsr()
        rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
        norms = np.sqrt(np.bincount(rows, weights=x.data**2, minlength=x.shape[0]))
        x.data /= np.maximum(norms, 1e-12)[rows]
        return x

    return transform


class Screener:
    """Scores incoming messages for spam and off-topic chatter."""

    _chars = _hashed(HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**15))
    # Words of the normalized text: "dr pinjol" and "dari pinjaman online" look alike here.
    _words = _hashed(HashingVectorizer(ngram_range=(1, 2), n_features=2**14))
    _normalizer: Normalizer | None = None
    VECTOR_WEIGHT = 3.0  # unit vectors next to l2-normalized n-gram blocks; 3 was best in 5-fold CV

    def __init__(self, model: LogisticRegression) -> None:
        self.model = model

    @classmethod
    def features(cls, texts: list[str], vectors: np.ndarray) -> sparse.csr_matrix:
        lowered = [t.lower() for t in texts]
        flags = np.array(
            [
                [
                    bool(_URL.search(t)),
                    bool(_PHONE.search(t)),
                    bool(_MENTION.search(t)),
                    sum(ch.isdigit() for ch in t) / max(len(t), 1),
                    "?" in t,
                ]
                for t in lowered
            ],
            dtype=np.float32,
        )
        if cls._normalizer is None:
            cls._normalizer = Normalizer()
        normalized = [cls._normalizer.normalize(t) for t in texts]
        return sparse.hstack(
            [
                cls._chars(lowered),
                cls._words(normalized),
                sparse.csr_matrix(flags),
                sparse.csr_matrix(vectors * cls.VECTOR_WEIGHT),
            ]
        ).tocsr()

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], vectors: np.ndarray) -> Screener:
        """Train on labelled texts and their sentence vectors (query role, normalized text)."""
        model = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
        model.fit(cls.features(texts, vectors), labels)
        return cls(model)

    def screen(self, text: str, vector: np.ndarray) -> Screening:
        """Screen one message, given its sentence vector."""
        proba = _proba(self.model, self.features([text], vector.reshape(1, -1)))[0]
        probs = {str(c): float(p) for c, p in zip(self.model.classes_, proba, strict=True)}
        label = max(probs, key=probs.__getitem__)
        return Screening(label, 1.0 - probs.get("ok", 0.0), probs)

    def save(self, path: Path) -> list[str]:
        np.savez(path, coef=self.model.coef_, intercept=self.model.intercept_)
        return [str(c) for c in self.model.classes_]

    @classmethod
    def load(cls, path: Path, classes: list[str]) -> Screener:
        with np.load(path, allow_pickle=False) as data:
            return cls(_restore(classes, data["coef"], data["intercept"]))
