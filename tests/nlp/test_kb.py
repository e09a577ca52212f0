from __future__ import annotations

import pytest

from halokop_nlp.kb import KBFormatError, read_kb
from tests.conftest import write_jsonl


def test_read_kb_small_file(small_entries):
    assert len(small_entries) == 12
    assert small_entries[0].ref == "t-nib"
    assert small_entries[0].alternates == ["Apa langkah mendaftar Nomor Induk Berusaha untuk toko kelontong?"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"ref": "a", "question": "q"}', "line 2: missing required field 'answer'"),
        (
            '{"ref": "a", "question": "q", "answer": "   "}',
            "line 2: field 'answer' must be a non-empty string",
        ),
        ("not json", "line 2: not valid JSON"),
        ('{"ref": "ok", "question": "q", "answer": "a", "published_at": "kemarin"}', "line 2: published_at"),
        (
            '{"ref": "ok", "question": "q", "answer": "a", "alternates": "x"}',
            "line 2: alternates must be a list",
        ),
        ('{"ref": "ok", "question": "q", "answer": "a"}', "line 2: ref 'ok' already used on line 1"),
    ],
)
def test_read_kb_rejects_malformed_line_with_its_number(tmp_path, line, message):
    path = tmp_path / "kb.jsonl"
    path.write_text('{"ref": "ok", "question": "q", "answer": "a"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(KBFormatError) as err:
        read_kb(path)
    assert str(err.value).startswith(message)


def test_read_kb_ignores_unknown_keys(tmp_path):
    path = write_jsonl(tmp_path / "kb.jsonl", [{"ref": "x", "question": "q", "answer": "a", "edition": 3}])
    assert read_kb(path)[0].to_dict() == {"ref": "x", "question": "q", "answer": "a"}
