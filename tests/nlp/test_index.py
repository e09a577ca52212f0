from __future__ import annotations

import json

import pytest

from halokop_nlp.index import KnowledgeIndex, atomic_directory
from halokop_nlp.kb import KBEntry
from halokop_nlp.retrieval import IndexMismatchError, Recommender
from tests.fakes import HashEncoder


def _entry(ref: str, question: str) -> KBEntry:
    return KBEntry(ref, question, f"Jawaban untuk {question}", "umum", "2026-01-01")


def test_save_load_round_trip_same_results(small_recommender, tmp_path, hash_encoder):
    before = small_recommender.suggest("syarat pirt buat jualan kue rumahan apa aja kak")
    small_recommender.save(tmp_path / "again")
    loaded = Recommender.load(tmp_path / "again", encoder=hash_encoder)
    after = loaded.suggest("syarat pirt buat jualan kue rumahan apa aja kak")
    assert [m.ref for m in after.matches] == [m.ref for m in before.matches]
    assert [m.score for m in after.matches] == [m.score for m in before.matches]
    assert after.verdict == before.verdict
    files = sorted(p.name for p in (tmp_path / "again").iterdir())
    assert files == [
        "categories.npz",
        "entries.jsonl",
        "ids.npy",
        "index.faiss",
        "lexical.jsonl",
        "manifest.json",
        "passages.faiss",
        "screener.npz",
    ]


def test_manifest_records_provenance(small_recommender, tmp_path):
    small_recommender.save(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["encoder"] == {"name": "test:hash", "dim": 64}
    assert manifest["normalization_version"] == "2"
    assert manifest["entries"] == 12
    assert manifest["calibration"]["source"] == "queries_small"
    assert len(manifest["corpus_hash"]) == 16


def test_load_refuses_other_encoder(built_small_dir):
    with pytest.raises(IndexMismatchError, match="built with encoder test:hash \\(64 dims\\)"):
        Recommender.load(built_small_dir, encoder=HashEncoder(dim=32))


def test_load_refuses_other_normalization(built_small_dir, tmp_path, hash_encoder):
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(built_small_dir, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["normalization_version"] = "0"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="normalization v0"):
        Recommender.load(copy, encoder=hash_encoder)


def test_add_entry_incrementally_is_found(small_recommender):
    encoder = small_recommender.encoder
    before = encoder.texts_encoded
    small_recommender.add([_entry("t-merek", "Bagaimana mendaftarkan merek dagang ke DJKI?")])
    assert encoder.texts_encoded - before == 2  # the new entry's question and its passage, nothing else
    assert small_recommender.suggest("daftar merek dagang djki").matches[0].ref == "t-merek"


def test_remove_entry_is_not_found(small_recommender):
    assert small_recommender.remove(["t-pirt", "no-such-ref"]) == 1
    refs = [m.ref for m in small_recommender.suggest("syarat sertifikat pirt", k=12).matches]
    assert "t-pirt" not in refs


def test_add_existing_ref_replaces_entry(small_recommender):
    small_recommender.add([_entry("t-rat", "Kapan pameran produk UMKM tahun ini?")])
    assert small_recommender.index.get("t-rat").question == "Kapan pameran produk UMKM tahun ini?"
    assert len(small_recommender.index) == 12


def test_add_alternate_becomes_a_phrasing(small_recommender):
    small_recommender.add_alternate("t-alamat", "nomor telepon kantor dinkop")
    assert small_recommender.index.get("t-alamat").alternates[-1] == "nomor telepon kantor dinkop"
    assert small_recommender.suggest("nomor telepon kantor dinkop").matches[0].ref == "t-alamat"


def test_build_large_collection_uses_ivf(hash_encoder):
    entries = [_entry(f"e{i}", f"pertanyaan nomor {i} tentang koperasi desa {i % 7}") for i in range(300)]
    index = KnowledgeIndex(hash_encoder, approximate_above=100)
    index.add(entries)
    assert index.kind == "ivf"
    index.remove(["e5"])
    index.add([_entry("new", "pertanyaan baru tentang pameran")])
    assert len(index) == 300
    prepared = index.prepare("pertanyaan baru tentang pameran")
    best = max(index.candidates(prepared), key=lambda c: c.signals["question"])
    assert index.entries[best.eid].ref == "new"


def test_atomic_directory_keeps_old_on_failure(tmp_path):
    target = tmp_path / "idx"
    atomic_directory(target, lambda d: (d / "a.txt").write_text("old"))

    def broken(d):
        (d / "a.txt").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_directory(target, broken)
    assert (target / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["idx"]


def test_without_phrasings_drops_alternates_and_encodes_nothing(small_recommender, monkeypatch):
    index = small_recommender.index
    vid, ref = next((v, r) for v, r in index.alternate_ids() if r == "t-nib")
    alternate = index.get("t-nib").alternates[0]

    def refuse(texts):
        raise AssertionError("without_phrasings must reuse stored vectors")

    monkeypatch.setattr(index.encoder, "encode_queries", refuse)
    monkeypatch.setattr(index.encoder, "encode_passages", refuse)
    copy = index.without_phrasings({vid})

    assert copy.get("t-nib").alternates == []
    assert index.get("t-nib").alternates == [alternate]  # the original is untouched
    assert copy.vector_count == index.vector_count - 1
    assert len(copy) == len(index)
    query = index.stored_query(vid)
    own = {c.eid: c for c in index.candidates(query)}[index.eid_of("t-nib")]
    held_out = {c.eid: c for c in copy.candidates(query)}[copy.eid_of("t-nib")]
    assert own.signals["question"] == pytest.approx(1.0, abs=1e-5)
    assert own.signals["words"] == pytest.approx(1.0, abs=1e-5)
    assert held_out.signals["question"] < 0.99
    assert held_out.signals["words"] < 0.99
