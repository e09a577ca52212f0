"""Session-wide fixtures: the small test KB, a fake encoder, a recommender built once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from halokop_nlp.kb import read_jsonl, read_kb
from halokop_nlp.retrieval import Recommender
from tests.fakes import HashEncoder

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_kb_path() -> Path:
    return DATA / "kb_small.jsonl"


@pytest.fixture(scope="session")
def small_entries(small_kb_path):
    return read_kb(small_kb_path)


@pytest.fixture(scope="session")
def small_queries() -> list[dict]:
    return read_jsonl(DATA / "queries_small.jsonl")


@pytest.fixture(scope="session")
def hash_encoder() -> HashEncoder:
    return HashEncoder()


@pytest.fixture(scope="session")
def built_small_dir(tmp_path_factory, small_entries, small_queries, hash_encoder) -> Path:
    """A recommender over the small KB with the fake encoder, built and saved once."""
    rec = Recommender.build(
        small_entries, hash_encoder, labelled=small_queries, labelled_name="queries_small"
    )
    return rec.save(tmp_path_factory.mktemp("index") / "small")


@pytest.fixture
def small_recommender(built_small_dir, tmp_path, hash_encoder) -> Recommender:
    """A fresh copy per test, so tests may add and remove entries."""
    copy = tmp_path / "index"
    shutil.copytree(built_small_dir, copy)
    return Recommender.load(copy, encoder=hash_encoder)


@pytest.fixture(scope="session")
def e5_encoder():
    from halokop_nlp.encoders import BundledE5Encoder

    return BundledE5Encoder()


@pytest.fixture(scope="session")
def e5_small_recommender(small_entries, small_queries, e5_encoder) -> Recommender:
    """The small KB with the real bundled encoder (read-only: do not mutate)."""
    return Recommender.build(small_entries, e5_encoder, labelled=small_queries, labelled_name="queries_small")


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
