from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from halokop_nlp.cli import build_app
from tests.conftest import DATA, write_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "idx"
    result = runner.invoke(
        build_app(),
        [
            "index",
            "build",
            "--from-file",
            str(DATA / "kb_small.jsonl"),
            "--out",
            str(out),
            "--labelled",
            str(DATA / "queries_small.jsonl"),
            "--evaluate-on",
            str(DATA / "queries_small.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "indexed 12 entries (14 phrasings, exact search) with bundled:e5-small" in result.output
    return out


def test_cli_suggest_readable(cli_index):
    result = runner.invoke(
        build_app(), ["suggest", "--index", str(cli_index), "gmn cara bikin nib utk warung sy?"]
    )
    assert result.exit_code == 0, result.output
    assert "Dibaca     : bagaimana cara membuat nib untuk warung saya" in result.output
    assert "Putusan    : DUPLIKAT" in result.output
    assert "1. [t-nib]" in result.output


def test_cli_suggest_batch_jsonl_in_order(cli_index, tmp_path):
    batch = write_jsonl(tmp_path / "in.jsonl", [{"q": "kapan rat koperasi"}, {"q": "resep rendang"}])
    result = runner.invoke(
        build_app(), ["suggest", "--index", str(cli_index), "--batch", str(batch), "-k", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["q"] for line in lines] == ["kapan rat koperasi", "resep rendang"]
    assert set(lines[0]) == {"q", "verdict", "matches", "category", "draft"}
    assert lines[0]["matches"][0]["ref"] == "t-rat"
    assert set(lines[0]["matches"][0]) == {"ref", "score", "question", "answer", "category"}
    assert lines[1]["verdict"] != "duplicate"


def test_cli_eval_prints_table(cli_index):
    result = runner.invoke(
        build_app(), ["eval", "--index", str(cli_index), str(DATA / "queries_small.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["set", "n", "R@1", "R@5", "MRR", "AUC"]
    assert "in_scope" in result.output


def test_cli_build_malformed_kb_names_line_and_writes_nothing(tmp_path):
    kb = tmp_path / "kb.jsonl"
    kb.write_text(
        '{"ref": "a", "question": "q", "answer": "a"}\n{"ref": "b", "question": "q"}\n', encoding="utf-8"
    )
    result = runner.invoke(
        build_app(), ["index", "build", "--from-file", str(kb), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "line 2: missing required field 'answer'; nothing was written" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_suggest_missing_index(tmp_path):
    result = runner.invoke(build_app(), ["suggest", "--index", str(tmp_path / "none"), "halo"])
    assert result.exit_code == 1
    assert "no index at" in result.output


def test_cli_suggest_empty_question(cli_index):
    result = runner.invoke(build_app(), ["suggest", "--index", str(cli_index), "   "])
    assert result.exit_code == 1
    assert "the question is empty" in result.output


def test_cli_suggest_follows_current_version_pointer(cli_index, tmp_path):
    import shutil

    shutil.copytree(cli_index, tmp_path / "v2")
    (tmp_path / "CURRENT_VERSION").write_text("v2\n")
    result = runner.invoke(build_app(), ["suggest", "--index", str(tmp_path), "kapan rat koperasi"])
    assert result.exit_code == 0, result.output
    assert "1. [t-rat]" in result.output
