"""The recommender: hybrid matching, calibrated verdicts, category, screening and a draft.

``Recommender.suggest(text)`` answers the question staff ask of every incoming message: has this
been answered before (``duplicate``), is there something close (``related``), or is it ``new``?

Each candidate entry gets four signals (see ``halokop_nlp.index``); a logistic model fused from a
labelled set turns them into one score, the probability that the entry answers the question. The
verdict thresholds on that score are calibrated on the same labelled set (``evaluation.calibrate``)
and stored in the manifest, with the name of the set they came from.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from halokop_nlp import __version__
from halokop_nlp.classify import CategoryClassifier, Screener, Screening, load_screening_examples
from halokop_nlp.drafts import make_draft
from halokop_nlp.encoders import Encoder, get_encoder
from halokop_nlp.index import SIGNALS, Candidate, KnowledgeIndex, atomic_directory, corpus_hash
from halokop_nlp.kb import KBEntry
from halokop_nlp.text import NORMALIZATION_VERSION

INDEX_FORMAT = 1
DEFAULT_MAX_CHARS = 4000


class EmptyQuestionError(ValueError):
    """The question is empty or only whitespace."""


class IndexMismatchError(RuntimeError):
    """A saved index does not fit the running encoder or code."""


class TextTruncatedWarning(UserWarning):
    """A very long question was cut to the configured maximum before matching."""


FEATURES = SIGNALS
# The signals the confidence may use; calibration keeps the set with the best cross-validated AUC.
# Lexical overlap ranks well but also fires on near misses ("mendirikan PT" vs "mendirikan koperasi"),
# so only the dense signals are offered: on the sample dev set the question cosine alone was best when
# the KB has many alternates (AUC 0.987 vs 0.980), question + passage when it has few (0.942 vs 0.927).
CONFIDENCE_CHOICES = (("question", "passage"), ("question",))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


@dataclass
class Calibration:
    """How signals become a ranking, a confidence and a verdict; learned from a labelled set.

    - Ranking: ``fused = sum(weights[s] * signal[s])``, a conditional-logit model: trained to put
      the right entry first among the candidates of each question.
    - Confidence: ``sigmoid(confidence_bias + sum(confidence[s] * signal[s]))`` over the dense
      signals named in ``confidence``: the probability that the entry answers the question. This is
      the score shown with every match.
    - Verdict: ``duplicate`` and ``related`` are thresholds on the best match's confidence.
    - ``group``: the cosine above which two incoming questions are grouped as asking the same thing.
    """

    weights: dict[str, float]
    confidence: dict[str, float]
    confidence_bias: float
    duplicate: float
    related: float
    group: float
    source: str
    encoder: str
    figures: dict = field(default_factory=dict)

    def score(self, candidates: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        """Fused ranking scores and confidences of a candidate pool."""
        if not candidates:
            return np.zeros(0), np.zeros(0)
        fused = signal_matrix(candidates, FEATURES) @ np.array([self.weights[f] for f in FEATURES])
        names = tuple(self.confidence)
        x = signal_matrix(candidates, names)
        coef = np.array([self.confidence[f] for f in names])
        return fused, _sigmoid(self.confidence_bias + x @ coef)

    def verdict(self, score: float) -> str:
        if score >= self.duplicate:
            return "duplicate"
        return "related" if score >= self.related else "new"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        return cls(**data)


def signal_matrix(candidates: Sequence[Candidate], names: Sequence[str]) -> np.ndarray:
    """The named signals of each candidate, one row per candidate."""
    return np.array([[c.signals[n] for n in names] for c in candidates], dtype=np.float64).reshape(
        -1, len(names)
    )


def default_calibration(encoder_name: str) -> Calibration | None:
    """The calibration shipped with the package for this encoder (fit on the sample labelled set)."""
    path = resources.files("halokop_nlp.resources").joinpath("default_calibration.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration.from_dict(data) if data.get("encoder") == encoder_name else None


@dataclass
class Match:
    """A published entry proposed for a question."""

    ref: str
    question: str
    answer: str
    category: str | None
    published_at: str | None
    score: float
    signals: dict[str, float]


@dataclass
class Suggestion:
    """Everything staff see for one incoming question."""

    text: str
    normalized: str
    verdict: str
    matches: list[Match]
    category: str | None
    category_probability: float | None
    screening: Screening | None
    draft: str
    truncated: bool = False
    degraded: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


class Recommender:
    """Suggests earlier answers for new questions.

    Build one with ``Recommender.build(entries, ...)`` or load a saved one with
    ``Recommender.load(directory)``.
    """

    def __init__(
        self,
        index: KnowledgeIndex,
        calibration: Calibration,
        categories: CategoryClassifier,
        screener: Screener,
        manifest: dict | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.index = index
        self.calibration = calibration
        self.categories = categories
        self.screener = screener
        self.manifest = manifest or {}
        self.max_chars = max_chars

    @property
    def encoder(self) -> Encoder:
        return self.index.encoder

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls,
        entries: Sequence[KBEntry],
        encoder: Encoder | None = None,
        *,
        calibration: Calibration | None = None,
        labelled: Sequence[dict] | None = None,
        labelled_name: str = "labelled set",
        approximate_above: int = 50_000,
        progress: Callable[[int], None] | None = None,
    ) -> Recommender:
        """Index entries, train the category and screening models, and calibrate.

        Args:
            entries: the knowledge base.
            encoder: the sentence encoder; the bundled e5-small if not given.
            calibration: use this calibration as is (e.g. carried over from the previous version).
            labelled: queries ``{"q", "target"}`` (no target: out of scope) to calibrate on.
            labelled_name: how the manifest names the labelled set.
            approximate_above: phrasing-vector count above which the index is approximate (IVF).
            progress: called with the number of entries encoded after each batch.

        Raises:
            ValueError: no calibration is given, no labelled set either, and the package has
                no default calibration for this encoder.
        """
        encoder = encoder or get_encoder()
        index = KnowledgeIndex(encoder, approximate_above=approximate_above)
        index.add(entries, progress=progress)
        categories, screener = _train_classifiers(index)
        placeholder = calibration or default_calibration(encoder.name)
        if placeholder is None and not labelled:
            raise ValueError(
                f"no calibration for encoder {encoder.name!r}: give a labelled query set "
                "(lines with 'q' and 'target', no target for out-of-scope questions)"
            )
        rec = cls(index, placeholder or _neutral_calibration(encoder.name), categories, screener)
        if labelled:
            from halokop_nlp.evaluation import calibrate

            rec.calibration = calibrate(rec, labelled, source=labelled_name)
        return rec

    # ----------------------------------------------------------------- search
    def _check_text(self, text: str) -> tuple[str, bool]:
        if not isinstance(text, str) or not text.strip():
            raise EmptyQuestionError("the question is empty")
        if len(text) > self.max_chars:
            warnings.warn(
                f"question of {len(text)} characters truncated to {self.max_chars}",
                TextTruncatedWarning,
                stacklevel=3,
            )
            return text[: self.max_chars], True
        return text, False

    def _rank(self, candidates: list[Candidate], k: int, category: str | None = None) -> list[Match]:
        fused, confidence = self.calibration.score(candidates)
        scored = []
        for cand, z, p in zip(candidates, fused.tolist(), confidence.tolist(), strict=True):
            entry = self.index.entries[cand.eid]
            if not category or entry.category == category:
                scored.append((z, p, cand, entry))
        scored.sort(key=lambda t: (-t[0], t[3].ref))
        return [
            Match(
                e.ref,
                e.question,
                e.answer,
                e.category,
                e.published_at,
                round(p, 4),
                {n: round(v, 4) for n, v in c.signals.items()},
            )
            for _, p, c, e in scored[:k]
        ]

    def suggest(self, text: str, k: int = 5) -> Suggestion:
        """Verdict, top-k matches, category, screening and a draft for one incoming question.

        Raises:
            EmptyQuestionError: the text is empty or whitespace.
        """
        text, truncated = self._check_text(text)
        query = self.index.prepare(text)
        matches = self._rank(self.index.candidates(query, max(20, 2 * k)), k) if query.normalized else []
        verdict = self.calibration.verdict(matches[0].score) if matches else "new"
        category = self._predict_category(query.vector)
        return Suggestion(
            text=text,
            normalized=query.normalized,
            verdict=verdict,
            matches=matches,
            category=category[0],
            category_probability=category[1],
            screening=self.screener.screen(text, query.vector),
            draft=make_draft(verdict, matches),
            truncated=truncated,
        )

    def suggest_lexical(self, text: str, k: int = 5) -> Suggestion:
        """Matches from the lexical signals only, for when the encoder fails (no verdict is given)."""
        text, truncated = self._check_text(text)
        normalized = self.index.analyzer.normalizer.normalize(text)
        candidates = self.index.lexical_candidates(text, max(20, 2 * k))
        matches = sorted(
            self._rank(candidates, len(candidates)),
            key=lambda m: -(m.signals["words"] + m.signals["chars"]),
        )[:k]
        return Suggestion(
            text,
            normalized,
            "unavailable",
            matches,
            None,
            None,
            None,
            make_draft("related", matches) if matches else make_draft("new", []),
            truncated,
            degraded=True,
        )

    def search(self, text: str, k: int = 10, category: str | None = None) -> list[Match]:
        """Ranked published entries for a search box (no verdict, optional category filter)."""
        text, _ = self._check_text(text)
        query = self.index.prepare(text)
        if not query.normalized:
            return []
        pool = max(50, 3 * k) if category else max(20, 2 * k)
        return self._rank(self.index.candidates(query, pool), k, category)

    def _predict_category(self, vector: np.ndarray) -> tuple[str | None, float | None]:
        pred = self.categories.predict(vector)
        return (pred.category, round(pred.probability, 4)) if pred else (None, None)

    def group_duplicates(self, texts: Sequence[str]) -> list[list[int]]:
        """Group a batch of questions that ask the same thing (average-linkage on cosine).

        Returns:
            Groups of indices into ``texts``, largest first; every index is in exactly one group.
        """
        if len(texts) == 0:
            return []
        if len(texts) == 1:
            return [[0]]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        prepared = [self.index.embed_text(t[: self.max_chars]) for t in texts]
        vectors = self.encoder.encode_queries(prepared)
        distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - self.calibration.group, criterion="distance")
        groups: dict[int, list[int]] = {}
        for i, label in enumerate(labels):
            groups.setdefault(int(label), []).append(i)
        return sorted(groups.values(), key=lambda g: (-len(g), g[0]))

    # ---------------------------------------------------------- incremental
    # Mutations are not thread-safe against concurrent readers: callers serialize them (the service
    # holds a write lock). The category model is refit eagerly (tens of ms) so that reads never
    # write; concurrent suggest/search calls only read and are safe.
    def _refit_categories(self) -> None:
        _, vectors, entries = self.index.phrasings()
        self.categories = CategoryClassifier.fit(vectors, [e.category for e in entries])

    def add(self, entries: Iterable[KBEntry]) -> int:
        """Add or replace entries without a rebuild."""
        n = self.index.add(entries)
        self._refit_categories()
        return n

    def remove(self, refs: Iterable[str]) -> int:
        """Remove entries by ref."""
        n = self.index.remove(refs)
        self._refit_categories()
        return n

    def add_alternate(self, ref: str, text: str) -> None:
        """Record another phrasing of an entry."""
        self.index.add_alternate(ref, text)
        self._refit_categories()

    # ---------------------------------------------------------- persistence
    def save(self, directory: str | Path, evaluation: dict | None = None) -> Path:
        """Write the whole recommender as a directory of plain files, atomically."""
        directory = Path(directory)
        entries = list(self.index.entries.values())

        def write(tmp: Path) -> None:
            manifest = {
                "format": INDEX_FORMAT,
                "package_version": __version__,
                "encoder": {"name": self.encoder.name, "dim": self.encoder.dim},
                "normalization_version": NORMALIZATION_VERSION,
                "corpus_hash": corpus_hash(entries),
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                **self.index.save_files(tmp),
                "categories": self.categories.save(tmp / "categories.npz"),
                "screening_labels": self.screener.save(tmp / "screener.npz"),
                "calibration": self.calibration.to_dict(),
                "evaluation": evaluation if evaluation is not None else self.manifest.get("evaluation", {}),
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
            self.manifest = manifest

        atomic_directory(directory, write)
        return directory

    @classmethod
    def load(cls, directory: str | Path, encoder: Encoder | None = None) -> Recommender:
        """Load a saved recommender; the encoder named in the manifest is loaded if none is given.

        Raises:
            FileNotFoundError: the directory holds no index.
            IndexMismatchError: the index was made by another encoder, dimension, normalization or format.
        """
        directory = Path(directory)
        path = directory / "manifest.json"
        if not path.is_file():
            raise FileNotFoundError(f"no index at {directory} (manifest.json is missing)")
        manifest = json.loads(path.read_text("utf-8"))
        if manifest.get("format") != INDEX_FORMAT:
            raise IndexMismatchError(
                f"index at {directory} has format {manifest.get('format')}, "
                f"this code reads {INDEX_FORMAT}: rebuild it"
            )
        if manifest.get("normalization_version") != NORMALIZATION_VERSION:
            raise IndexMismatchError(
                f"index at {directory} was built with text normalization "
                f"v{manifest.get('normalization_version')}, "
                f"this code uses v{NORMALIZATION_VERSION}: rebuild the index"
            )
        encoder = encoder or get_encoder(manifest["encoder"]["name"])
        want = manifest["encoder"]
        if want["name"] != encoder.name or int(want["dim"]) != encoder.dim:
            raise IndexMismatchError(
                f"index at {directory} was built with encoder {want['name']} ({want['dim']} dims) "
                f"but the running encoder is {encoder.name} ({encoder.dim} dims): rebuild the index "
                "or start the service with the index's encoder"
            )
        index = KnowledgeIndex.load_files(directory, manifest, encoder)
        categories = CategoryClassifier.load(directory / "categories.npz", manifest["categories"])
        screener = Screener.load(directory / "screener.npz", manifest["screening_labels"])
        return cls(index, Calibration.from_dict(manifest["calibration"]), categories, screener, manifest)


def _neutral_calibration(encoder_name: str) -> Calibration:
    # Only a starting point for calibrate(), which replaces it before anything is returned.
    return Calibration(
        {f: 1.0 for f in FEATURES},
        {f: 1.0 for f in CONFIDENCE_CHOICES[0]},
        0.0,
        1.0,
        1.0,
        1.0,
        "none",
        encoder_name,
    )


def _train_classifiers(index: KnowledgeIndex) -> tuple[CategoryClassifier, Screener]:
    kb_texts, kb_vectors, kb_entries = index.phrasings()
    categories = CategoryClassifier.fit(kb_vectors, [e.category for e in kb_entries])
    examples = load_screening_examples()
    texts = [e["text"] for e in examples]
    vectors = index.encoder.encode_queries([index.embed_text(t) for t in texts])
    screener = Screener.fit(
        texts + kb_texts,
        [e["label"] for e in examples] + ["ok"] * len(kb_texts),
        np.vstack([vectors, kb_vectors]),
    )
    return categories, screener
