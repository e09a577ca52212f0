"""The knowledge index: FAISS over question phrasings and Q&A passages, plus two lexical signals.

Every phrasing of a question (the question and each alternate) is one vector pointing at its
entry, so a new way of asking that staff confirm makes the next similar question match better.
Each entry also has one passage vector (question + answer) for questions worded like the answer.

For every candidate entry four signals are computed, each a cosine in [-1, 1]:

- ``question``: best match among the entry's phrasings (query role on both sides: symmetric task);
- ``passage``: the entry's question + answer (passage role);
- ``words``: TF-IDF over normalized, stemmed words (best phrasing);
- ``chars``: TF-IDF over character 3/4-grams of the normalized text (best phrasing; typo-robust);
- ``entry_words``: TF-IDF over the words of the whole entry (question, alternates and answer), for
  questions worded like the answer rather than like the published question.

Small collections are searched exactly; above ``approximate_above`` vectors a freshly built index is
an IVF index (inverted lists, cosine), which still supports incremental add and remove.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import faiss
import numpy as np

from halokop_nlp.encoders import Encoder
from halokop_nlp.kb import KBEntry, entry_from_dict
from halokop_nlp.lexical import LexicalIndex, char_ngrams
from halokop_nlp.text import Analyzer

SIGNALS = ("question", "passage", "words", "chars", "entry_words")


@dataclass
class PreparedQuery:
    """A query as every signal sees it."""

    text: str
    normalized: str
    words: list[str]
    vector: np.ndarray  # shape (dim,)


@dataclass
class Candidate:
    """One entry with the value of every signal for a query."""

    eid: int
    signals: dict[str, float]


def _flat_index(dim: int) -> faiss.Index:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def _ivf_index(vectors: np.ndarray) -> faiss.Index:
    n, dim = vectors.shape
    nlist = max(int(4 * np.sqrt(n)), 16)
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct() and remove_ids() by id
    index.nprobe = max(nlist // 8, 8)
    return index


class KnowledgeIndex:
    """Entries, their vectors and lexical documents, with incremental add and remove.

    Args:
        encoder: the sentence encoder (its name and dim are checked when a saved index is loaded).
        analyzer: text normalizer + stemmer; the default one if not given.
        approximate_above: number of phrasing vectors above which a full build uses IVF.
    """

    def __init__(self, encoder: Encoder, analyzer: Analyzer | None = None, approximate_above: int = 50_000):
        self.encoder = encoder
        self.analyzer = analyzer or Analyzer()
        self.approximate_above = approximate_above
        self.entries: dict[int, KBEntry] = {}
        self._ref_eid: dict[str, int] = {}
        self._eid_vids: dict[int, list[int]] = {}
        self._vid_eid: dict[int, int] = {}
        self._qvec: dict[int, np.ndarray] = {}
        self._pvec: dict[int, np.ndarray] = {}
        self._qindex: faiss.Index = _flat_index(encoder.dim)
        self._pindex: faiss.Index = _flat_index(encoder.dim)
        self._words = LexicalIndex()
        self._chars = LexicalIndex()
        self._entry_words = LexicalIndex()
        self._entry_docs: dict[int, list[str]] = {}
        self._lexical_docs: dict[int, tuple[str, list[str]]] = {}
        self._next_vid = 0
        self._next_eid = 0
        self._eid_matrix: dict[int, np.ndarray] = {}  # an entry's phrasing vectors, stacked (for search)

    # ----------------------------------------------------------------- contents
    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, ref: str) -> bool:
        return ref in self._ref_eid

    def get(self, ref: str) -> KBEntry | None:
        """The entry with this ref, or None."""
        eid = self._ref_eid.get(ref)
        return None if eid is None else self.entries[eid]

    def eid_of(self, ref: str) -> int | None:
        return self._ref_eid.get(ref)

    @property
    def vector_count(self) -> int:
        return len(self._qvec)

    @property
    def kind(self) -> str:
        """ "exact" or "ivf": how phrasing vectors are searched."""
        return "ivf" if isinstance(self._qindex, faiss.IndexIVF) else "exact"

    def phrasings(self) -> tuple[list[str], np.ndarray, list[KBEntry]]:
        """Every phrasing's text, vector and entry (for training the classifiers)."""
        texts, vectors, entries = [], [], []
        for eid, entry in self.entries.items():
            # vids are appended in the order of entry.phrasings (question, then alternates)
            for text, vid in zip(entry.phrasings, self._eid_vids[eid], strict=True):
                texts.append(text)
                vectors.append(self._qvec[vid])
                entries.append(entry)
        matrix = np.stack(vectors) if vectors else np.zeros((0, self.encoder.dim), np.float32)
        return texts, matrix, entries

    # ------------------------------------------------------------ text handling
    def embed_text(self, text: str) -> str:
        """What the encoder sees of a question: its normalized form (raw if nothing is left)."""
        normalized = self.analyzer.normalizer.normalize(text)
        return normalized or text.strip()

    def prepare(self, text: str) -> PreparedQuery:
        """Normalize, analyze and embed one query."""
        normalized = self.analyzer.normalizer.normalize(text)
        words = self.analyzer.analyze(text)
        vector = self.encoder.encode_queries([normalized or text.strip()])[0]
        return PreparedQuery(text, normalized, words, vector)

    # ------------------------------------------------------------- add / remove
    def add(
        self,
        entries: Iterable[KBEntry],
        *,
        batch_size: int = 32,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Add entries (an entry whose ref exists replaces it). Returns how many were added.

        Args:
            entries: the entries.
            batch_size: how many entries are encoded at once.
            progress: called with the number of entries done after each batch.
        """
        entries = list(entries)
        fresh = not self.entries
        batches = [entries[i : i + batch_size] for i in range(0, len(entries), batch_size)]
        staged: list[tuple[list[KBEntry], np.ndarray, np.ndarray, list[list[str]]]] = []
        for batch in batches:
            phrasings = [p for e in batch for p in e.phrasings]
            qvecs = self.encoder.encode_queries([self.embed_text(p) for p in phrasings])
            pvecs = self.encoder.encode_passages([f"{e.question}\n{e.answer}" for e in batch])
            words = self.analyzer.analyze_many(phrasings + [self._entry_text(e) for e in batch])
            staged.append((batch, qvecs, pvecs, words))
            if progress:
                progress(len(batch))
        # A full build of a large collection gets an approximate index, trained on its vectors.
        total = sum(len(s[1]) for s in staged)
        if fresh and total > self.approximate_above:
            self._qindex = _ivf_index(np.concatenate([s[1] for s in staged]))
        for batch, qvecs, pvecs, words in staged:
            self._insert(batch, qvecs, pvecs, words)
        return len(entries)

    def _insert(self, batch: list[KBEntry], qvecs: np.ndarray, pvecs: np.ndarray, words: list[list[str]]):
        self.remove([e.ref for e in batch if e.ref in self._ref_eid])
        entry_words = words[len(words) - len(batch) :]
        row = 0
        new_vids, new_eids = [], []
        for i, entry in enumerate(batch):
            eid = self._next_eid
            self._next_eid += 1
            self.entries[eid] = entry
            self._ref_eid[entry.ref] = eid
            self._pvec[eid] = pvecs[i]
            self._set_entry_words(eid, entry_words[i])
            new_eids.append(eid)
            vids = []
            for phrasing in entry.phrasings:
                vid = self._next_vid
                self._next_vid += 1
                self._register_phrasing(vid, eid, qvecs[row], phrasing, words[row])
                vids.append(vid)
                row += 1
            new_vids.extend(vids)
            self._eid_vids[eid] = vids
            self._stack_phrasings(eid)
        self._qindex.add_with_ids(qvecs, np.asarray(new_vids, dtype=np.int64))
        self._pindex.add_with_ids(pvecs, np.asarray(new_eids, dtype=np.int64))

    def _stack_phrasings(self, eid: int) -> None:
        self._eid_matrix[eid] = np.stack([self._qvec[v] for v in self._eid_vids[eid]])

    @staticmethod
    def _entry_text(entry: KBEntry) -> str:
        return "\n".join([*entry.phrasings, entry.answer])

    def _set_entry_words(self, eid: int, words: list[str]) -> None:
        self._entry_docs[eid] = words
        self._entry_words.set(eid, words)

    def _register_phrasing(self, vid: int, eid: int, vector: np.ndarray, text: str, words: list[str]):
        normalized = self.analyzer.normalizer.normalize(text)
        self._vid_eid[vid] = eid
        self._qvec[vid] = vector
        self._lexical_docs[vid] = (normalized, words)
        self._words.set(vid, words, group=eid)
        self._chars.set(vid, char_ngrams(normalized), group=eid)

    def add_alternate(self, ref: str, text: str) -> None:
        """Add another phrasing to an existing entry (staff marked a question as its duplicate)."""
        eid = self._ref_eid.get(ref)
        if eid is None:
            raise KeyError(f"no entry with ref {ref!r}")
        entry = self.entries[eid]
        if text.strip() in entry.phrasings:
            return
        entry.alternates.append(text.strip())
        vid = self._next_vid
        self._next_vid += 1
        vector = self.encoder.encode_queries([self.embed_text(text)])
        self._register_phrasing(vid, eid, vector[0], text, self.analyzer.analyze(text))
        self._eid_vids[eid].append(vid)
        self._stack_phrasings(eid)
        self._qindex.add_with_ids(vector, np.asarray([vid], dtype=np.int64))
        self._set_entry_words(eid, self.analyzer.analyze(self._entry_text(entry)))

    def remove(self, refs: Iterable[str]) -> int:
        """Remove entries by ref; unknown refs are ignored. Returns how many were removed."""
        vids: list[int] = []
        eids: list[int] = []
        for ref in refs:
            eid = self._ref_eid.pop(ref, None)
            if eid is None:
                continue
            eids.append(eid)
            del self.entries[eid], self._eid_matrix[eid]
            del self._pvec[eid], self._entry_docs[eid]
            self._entry_words.remove(eid)
            for vid in self._eid_vids.pop(eid):
                vids.append(vid)
                del self._vid_eid[vid], self._qvec[vid], self._lexical_docs[vid]
                self._words.remove(vid)
                self._chars.remove(vid)
        if vids:
            self._qindex.remove_ids(np.asarray(vids, dtype=np.int64))
            self._pindex.remove_ids(np.asarray(eids, dtype=np.int64))
        return len(eids)

    # ------------------------------------------------- held-out alternate phrasings
    def alternate_ids(self) -> list[tuple[int, str]]:
        """``(vid, ref)`` of every alternate phrasing (not the published questions), entry by entry."""
        return [(v, self.entries[e].ref) for e in sorted(self.entries) for v in self._eid_vids[e][1:]]

    def stored_query(self, vid: int) -> PreparedQuery:
        """A stored phrasing as a query, from its saved vector and tokens (nothing is encoded)."""
        normalized, words = self._lexical_docs[vid]
        return PreparedQuery(normalized, normalized, words, self._qvec[vid])

    def without_phrasings(self, vids: set[int]) -> KnowledgeIndex:
        """A copy (exact search) without the given alternate phrasings, built from the stored
        vectors: nothing is encoded. Published questions (an entry's first phrasing) are kept."""
        trimmed, kept = [], []
        for eid in sorted(self.entries):
            entry, own = self.entries[eid], self._eid_vids[eid]
            keep = [own[0], *(v for v in own[1:] if v not in vids)]
            texts = dict(zip(own, entry.phrasings, strict=True))
            trimmed.append(replace(entry, alternates=[texts[v] for v in keep[1:]]))
            kept.extend(keep)
        # _insert's layout: every phrasing's tokens in order, then each entry's whole-entry tokens.
        words = [self._lexical_docs[v][1] for v in kept]
        words += self.analyzer.analyze_many([self._entry_text(e) for e in trimmed])
        copy = KnowledgeIndex(self.encoder, self.analyzer, self.approximate_above)
        pvecs = np.stack([self._pvec[e] for e in sorted(self.entries)])
        copy._insert(trimmed, np.stack([self._qvec[v] for v in kept]), pvecs, words)
        return copy

    # ------------------------------------------------------------------- search
    def candidates(self, query: PreparedQuery, n: int = 20) -> list[Candidate]:
        """The union of each signal's top ``n`` entries, with every signal's value for each."""
        if not self.entries:
            return []
        q = query.vector.reshape(1, -1).astype(np.float32)
        pool: set[int] = set()
        k_q = min(n * 3, self._qindex.ntotal)
        _, vids = self._qindex.search(q, k_q)
        pool.update(self._vid_eid[int(v)] for v in vids[0] if v >= 0)
        _, eids = self._pindex.search(q, min(n, self._pindex.ntotal))
        pool.update(int(e) for e in eids[0] if e >= 0)

        lexical = {}
        for name, index, tokens in (
            ("words", self._words, query.words),
            ("chars", self._chars, char_ngrams(query.normalized)),
            ("entry_words", self._entry_words, query.words),
        ):
            eids, scores = index.best_by_group(tokens)  # best first
            pool.update(eids[:n].tolist())
            lexical[name] = dict(zip(eids.tolist(), scores.tolist(), strict=True))

        out = []
        for eid in pool:
            out.append(
                Candidate(
                    eid,
                    {
                        "question": float(np.max(self._eid_matrix[eid] @ query.vector)),
                        "passage": float(self._pvec[eid] @ query.vector),
                        "words": lexical["words"].get(eid, 0.0),
                        "chars": lexical["chars"].get(eid, 0.0),
                        "entry_words": lexical["entry_words"].get(eid, 0.0),
                    },
                )
            )
        return out

    def lexical_candidates(self, text: str, n: int = 20) -> list[Candidate]:
        """Candidates from the lexical signals alone (the fallback when the encoder fails)."""
        normalized = self.analyzer.normalizer.normalize(text)
        query = PreparedQuery(text, normalized, self.analyzer.analyze(text), np.zeros(self.encoder.dim))
        cands = self.candidates(query, n)
        for c in cands:
            c.signals["question"] = c.signals["passage"] = 0.0
        return cands

    # -------------------------------------------------------------- persistence
    def save_files(self, directory: Path) -> dict:
        """Write the index files into ``directory``; returns the manifest fields they need."""
        vids = sorted(self._vid_eid)
        faiss.write_index(self._qindex, str(directory / "index.faiss"))
        faiss.write_index(self._pindex, str(directory / "passages.faiss"))
        np.save(
            directory / "ids.npy", np.array([[v, self._vid_eid[v]] for v in vids], np.int64).reshape(-1, 2)
        )
        with open(directory / "entries.jsonl", "w", encoding="utf-8") as f:
            for eid in sorted(self.entries):
                f.write(json.dumps({"_id": eid, **self.entries[eid].to_dict()}, ensure_ascii=False) + "\n")
        with open(directory / "lexical.jsonl", "w", encoding="utf-8") as f:
            for vid in vids:
                normalized, words = self._lexical_docs[vid]
                f.write(
                    json.dumps({"vid": vid, "text": normalized, "words": words}, ensure_ascii=False) + "\n"
                )
            for eid in sorted(self._entry_docs):
                f.write(json.dumps({"eid": eid, "words": self._entry_docs[eid]}, ensure_ascii=False) + "\n")
        return {
            "entries": len(self.entries),
            "vectors": len(vids),
            "search": self.kind,
            "next_vid": self._next_vid,
            "next_eid": self._next_eid,
        }

    @classmethod
    def load_files(cls, directory: Path, manifest: dict, encoder: Encoder, analyzer: Analyzer | None = None):
        """Read what ``save_files`` wrote."""
        index = cls(encoder, analyzer)
        index._qindex = faiss.read_index(str(directory / "index.faiss"))
        index._pindex = faiss.read_index(str(directory / "passages.faiss"))
        with open(directory / "entries.jsonl", encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                eid = int(obj.pop("_id"))
                entry = entry_from_dict(obj, f"entries.jsonl entry {eid}")
                index.entries[eid] = entry
                index._ref_eid[entry.ref] = eid
                index._eid_vids[eid] = []
                index._pvec[eid] = index._pindex.reconstruct(eid)
        pairs = np.load(directory / "ids.npy", allow_pickle=False)
        docs = {}
        with open(directory / "lexical.jsonl", encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                if "eid" in obj:
                    index._set_entry_words(int(obj["eid"]), obj["words"])
                else:
                    docs[int(obj["vid"])] = (obj["text"], obj["words"])
        for vid, eid in pairs.tolist():
            index._eid_vids[eid].append(vid)
            normalized, words = docs[vid]
            index._vid_eid[vid] = eid
            index._qvec[vid] = index._qindex.reconstruct(vid)
            index._lexical_docs[vid] = (normalized, words)
            index._words.set(vid, words, group=eid)
            index._chars.set(vid, char_ngrams(normalized), group=eid)
        for eid in index.entries:
            index._stack_phrasings(eid)
        index._next_vid = int(manifest["next_vid"])
        index._next_eid = int(manifest["next_eid"])
        return index


def atomic_directory(target: Path, write: Callable[[Path], None]) -> None:
    """Write a directory through ``write(tmp)`` into a sibling temp dir, then rename it into place.

    A reader sees the old directory or the new one, never a half-written one (the old one is moved
    aside and deleted after the new one is in place).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it 0700; a service running as another user must read it
        write(tmp)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rmdir(old)
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def corpus_hash(entries: Sequence[KBEntry]) -> str:
    """A hash of the entries' content (order-independent), recorded in the manifest."""
    digest = hashlib.sha256()
    for line in sorted(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in entries):
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()[:16]
