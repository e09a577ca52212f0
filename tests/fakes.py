"""A deterministic stand-in encoder for fast unit tests (hashed character trigrams)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class HashEncoder:
    """Bag of hashed character trigrams, projected to ``dim`` and L2-normalized.

    Similar spellings get similar vectors, so matching behaves plausibly; it knows no synonyms.
    """

    name = "test:hash"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.texts_encoded = 0

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        padded = f"  {text.lower()}  "
        for i in range(len(padded) - 2):
            h = int.from_bytes(hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 31) & 1 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.texts_encoded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_queries(texts)
