"""halokop_nlp: Indonesian question matching for the HALO KOP-UKM public Q&A column.

Text in, vectors, matches and verdicts out. No web framework and no database here: the service in
``api/`` builds on this library, never the reverse.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

# The bundled encoder's C engine and scikit-learn/faiss each load their own OpenMP runtime; with the
# default spinning wait policy their idle threads fight over the cores (one short query took ~1 s
# instead of ~20 ms on a 2-core machine). The runtimes read this when they load, so set it first;
# an explicit setting of the caller's wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from halokop_nlp.classify import CategoryClassifier, Screener, Screening  # noqa: E402
from halokop_nlp.drafts import make_draft  # noqa: E402
from halokop_nlp.encoders import (  # noqa: E402
    DEFAULT_ENCODER,
    BundledE5Encoder,
    Encoder,
    EncoderError,
    SentenceTransformerEncoder,
    get_encoder,
)
from halokop_nlp.index import KnowledgeIndex  # noqa: E402
from halokop_nlp.kb import KBEntry, KBFormatError, read_kb  # noqa: E402
from halokop_nlp.retrieval import (  # noqa: E402
    Calibration,
    EmptyQuestionError,
    IndexMismatchError,
    Match,
    Recommender,
    Suggestion,
    TextTruncatedWarning,
)
from halokop_nlp.text import NORMALIZATION_VERSION, Analyzer, Normalizer, Stemmer  # noqa: E402

__all__ = [
    "DEFAULT_ENCODER",
    "NORMALIZATION_VERSION",
    "Analyzer",
    "BundledE5Encoder",
    "Calibration",
    "CategoryClassifier",
    "EmptyQuestionError",
    "Encoder",
    "EncoderError",
    "IndexMismatchError",
    "KBEntry",
    "KBFormatError",
    "KnowledgeIndex",
    "Match",
    "Normalizer",
    "Recommender",
    "Screener",
    "Screening",
    "SentenceTransformerEncoder",
    "Stemmer",
    "Suggestion",
    "TextTruncatedWarning",
    "__version__",
    "get_encoder",
    "make_draft",
    "read_kb",
]
