"""The lexical signal: TF-IDF cosine over token lists, with incremental add and remove.

A cosine between 0 and 1 (rather than a raw BM25 score) keeps the lexical signal on the same scale
for every query, which the calibrated fusion and the duplicate thresholds rely on. Document
frequencies change as entries come and go, so the sparse matrix is rebuilt lazily on the first
search after a change: a few milliseconds for thousands of documents. A query reads only the
postings of its own terms.
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
        self._group_of: dict[int, int] = {}
        self._groups = np.zeros(0, dtype=np.int64)
        self._dirty = True
        self._ids = np.zeros(0, dtype=np.int64)
        self._vocab: dict[str, int] = {}
        self._idf = np.zeros(0, dtype=np.float32)
        self._postings = sparse.csc_matrix((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._docs)

    def set(self, doc_id: int, tokens: Iterable[str], group: int | None = None) -> None:
        """Add a document or replace its tokens; ``group`` (default: the doc id) is what
        ``best_by_group`` reports, e.g. the entry a phrasing belongs to."""
        self._docs[doc_id] = Counter(tokens)
        self._group_of[doc_id] = doc_id if group is None else group
        self._dirty = True

    def remove(self, doc_id: int) -> None:
        """Forget a document (no error if it is unknown)."""
        if self._docs.pop(doc_id, None) is not None:
            del self._group_of[doc_id]
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
        # Postings by term (column-major), so a query touches only the documents sharing its terms.
        self._postings = sparse.diags(1.0 / np.maximum(norms, 1e-12)).dot(matrix).tocsc()
        self._ids = np.asarray(ids, dtype=np.int64)
        self._groups = np.asarray([self._group_of[i] for i in ids], dtype=np.int64)
        self._dirty = False

    def scores(self, tokens: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of the query tokens with every document.

        Returns:
            ``(doc_ids, scores)``, both of length ``len(self)``; all zeros if no token is known.
        """
        if self._dirty:
            self._rebuild()
        counts = Counter(t for t in tokens if t in self._vocab)
        if not counts:
            return self._ids, np.zeros(len(self._ids), dtype=np.float32)
        cols = [self._vocab[t] for t in counts]
        weights = np.array([(1.0 + np.log(c)) for c in counts.values()], dtype=np.float32) * self._idf[cols]
        weights /= max(float(np.linalg.norm(weights)), 1e-12)
        ptr, postings = self._postings.indptr, self._postings
        docs = np.concatenate([postings.indices[ptr[c] : ptr[c + 1]] for c in cols])
        values = np.concatenate(
            [postings.data[ptr[c] : ptr[c + 1]] * w for c, w in zip(cols, weights, strict=True)]
        )
        out = np.bincount(docs, weights=values, minlength=len(self._ids)).astype(np.float32)
        return self._ids, out

    def best_by_group(self, tokens: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """The best score of each group's documents, for the groups that score above zero.

        Returns:
            ``(groups, scores)``, best score first.
        """
        _, scores = self.scores(tokens)
        hit = np.flatnonzero(scores > 0)
        groups, values = self._groups[hit], scores[hit]
        order = np.lexsort((-values, groups))  # by group, best document first
        groups, values = groups[order], values[order]
        first = np.ones(len(groups), dtype=bool)
        first[1:] = groups[1:] != groups[:-1]
        groups, values = groups[first], values[first]
        best = np.argsort(-values, kind="stable")
        return groups[best], values[best]
