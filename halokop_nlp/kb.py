"""Knowledge-base entries and the JSONL file format other tools script against.

One JSON object a line: ``ref`` (unique string), ``question``, ``answer`` required; ``category``,
``published_at`` (ISO date) and ``alternates`` (list of other phrasings) optional. Unknown keys are
ignored, so exports from newer versions still load.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path


class KBFormatError(ValueError):
    """A knowledge-base line is malformed; the message names the line number."""


@dataclass
class KBEntry:
    """One published question with its answer."""

    ref: str
    question: str
    answer: str
    category: str | None = None
    published_at: str | None = None
    alternates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSONL form, without empty optional keys."""
        data = asdict(self)
        return {k: v for k, v in data.items() if v not in (None, [])}

    @property
    def phrasings(self) -> list[str]:
        """The question and every alternate phrasing."""
        return [self.question, *self.alternates]


def _text_field(obj: dict, key: str, where: str, required: bool) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise KBFormatError(f"{where}: missing required field {key!r}")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise KBFormatError(f"{where}: field {key!r} must be a non-empty string")
    return value.strip()


def entry_from_dict(obj: object, where: str = "entry") -> KBEntry:
    """Validate one decoded KB object.

    Args:
        obj: the decoded JSON value.
        where: how to name its place in error messages ("line 12").

    Raises:
        KBFormatError: the object is not a valid entry.
    """
    if not isinstance(obj, dict):
        raise KBFormatError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    ref = _text_field(obj, "ref", where, True)
    question = _text_field(obj, "question", where, True)
    answer = _text_field(obj, "answer", where, True)
    category = _text_field(obj, "category", where, False) or None
    published_at = _text_field(obj, "published_at", where, False) or None
    if published_at is not None:
        try:
            dt.date.fromisoformat(published_at[:10])
        except ValueError as exc:
            raise KBFormatError(f"{where}: published_at {published_at!r} is not an ISO date") from exc
    alternates = obj.get("alternates") or []
    if not isinstance(alternates, list) or not all(isinstance(a, str) for a in alternates):
        raise KBFormatError(f"{where}: alternates must be a list of strings")
    alternates = [a.strip() for a in alternates if a.strip()]
    return KBEntry(ref, question, answer, category, published_at, alternates)  # type: ignore[arg-type]


def read_kb(path: str | Path) -> list[KBEntry]:
    """Read and validate a whole KB file; nothing is returned unless every line is valid.

    Raises:
        KBFormatError: the first bad line, with its number.
    """
    entries: list[KBEntry] = []
    seen: dict[str, int] = {}
    for lineno, obj in _json_lines(path):
        entry = entry_from_dict(obj, f"line {lineno}")
        if entry.ref in seen:
            raise KBFormatError(f"line {lineno}: ref {entry.ref!r} already used on line {seen[entry.ref]}")
        seen[entry.ref] = lineno
        entries.append(entry)
    return entries


def _json_lines(path: str | Path) -> Iterator[tuple[int, object]]:
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise KBFormatError(f"line {lineno}: not valid JSON ({exc.msg})") from exc


def read_jsonl(path: str | Path) -> list[dict]:
    """Read a JSONL file of objects (queries, batches), naming the line of any error."""
    out = []
    for lineno, obj in _json_lines(path):
        if not isinstance(obj, dict):
            raise KBFormatError(f"line {lineno}: expected a JSON object")
        out.append(obj)
    return out


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> None:
    """Write objects one a line, UTF-8, non-ASCII kept readable."""
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
