"""The lexical signal: TF-IDF cosine over token lists, with incremental add and remove.

A cosine between 0 and 1 (rather than a raw BM25 score) keeps the lexical signal on the same scale
for every query, which the calibrated fusion and the duplicate thresholds rely on. Document
frequencies change as entries come and go, so the sparse matrix is rebuilt lazily on the first
search after a change: a few milliseconds for thousands of documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse


def char_ngrams(text: str, sizes: Sequence[int] = (3, 4)) -> list[str]:
    """Character n-grams of each word padded with spaces: robust to typos ("koprasi" ~ "koperasi")."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in sizes:
            grams.extend(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
    return grams


class LexicalIndex:
    """TF-IDF (sublinear tf, smoothed idf, l2-normalized) over documents keyed by integer ids."""

    def __init__(self) -> None:
        self._docs: dict[int, Counter[str]] = {}
        self._dirty = True
        self._ids = np.zeros(0, dtype=np.int64)
        self._vocab: dict[str, int] = {}
        self._idf = np.zeros(0, dtype=np.float32)
        self._matrix = sparse.csr_matrix((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._docs)

    def set(self, doc_id: int, tokens: Iterable[str]) -> None:
        """Add a document or replace its tokens."""
        self._docs[doc_id] = Counter(tokens)
        self._dirty = True

    def remove(self, doc_id: int) -> None:
        """Forget a document (no error if it is unknown)."""
        if self._docs.pop(doc_id, None) is not None:
            self._dirty = True

    def _rebuild(self) -> None:
        ids = sorted(self._docs)
        df: Counter[str] = Counter()
        for doc_id in ids:
            df.update(self._docs[doc_id].keys())
        self._vocab = {term: i for i, term in enumerate(sorted(df))}
        n = len(ids)
        self._idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(df)], dtype=np.float32)
        rows, cols, vals = [], [], []
        for row, doc_id in enumerate(ids):
            for term, tf in self._docs[doc_id].items():
                rows.append(row)
                cols.append(self._vocab[term])
                vals.append((1.0 + np.log(tf)) * self._idf[self._vocab[term]])
        matrix = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(n, len(self._vocab))
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        self._matrix = sparse.diags(1.0 / np.maximum(norms, 1e-12)).dot(matrix).tocsr()
        self._ids = np.asarray(ids, dtype=np.int64)
        self._dirty = False

    def _query_vector(self, tokens: Iterable[str]) -> sparse.csr_matrix | None:
        counts = Counter(t for t in tokens if t in self._vocab)
        if not counts:
            return None
        cols = [self._vocab[t] for t in counts]
        vals = np.array([(1.0 + np.log(c)) for c in counts.values()], dtype=np.float32) * self._idf[cols]
        vals /= max(float(np.linalg.norm(vals)), 1e-12)
        return sparse.csr_matrix((vals, ([0] * len(cols), cols)), shape=(1, len(self._vocab)))

    def scores(self, tokens: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of the query tokens with every document.

        Returns:
            ``(doc_ids, scores)``, both of length ``len(self)``; all zeros if no token is known.
        """
        if self._dirty:
            self._rebuild()
        query = self._query_vector(tokens)
        if query is None:
            return self._ids, np.zeros(len(self._ids), dtype=np.float32)
        return self._ids, np.asarray(self._matrix.dot(query.T).todense()).ravel().astype(np.float32)
