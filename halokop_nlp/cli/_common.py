"""Helpers shared by the command groups."""

from __future__ import annotations

from pathlib import Path

import typer

from halokop_nlp.kb import KBFormatError, read_jsonl


def fail(message: str) -> typer.Exit:
    """Print an error in plain words and return the exit to raise."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


def load_queries(path: Path) -> list[dict]:
    """Read a JSONL file of ``{"q": ...}`` objects, failing with the bad line's number."""
    try:
        rows = read_jsonl(path)
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except KBFormatError as exc:
        raise fail(f"{path}: {exc}") from None
    for lineno, row in enumerate(rows, start=1):
        if not isinstance(row.get("q"), str) or not row["q"].strip():
            raise fail(f"{path}: object {lineno} has no text in 'q'")
    return rows


def resolve_index(index_dir: Path) -> Path:
    """An index directory, or a root of versions whose ``CURRENT_VERSION`` file names the current one."""
    pointer = index_dir / "CURRENT_VERSION"
    if not (index_dir / "manifest.json").is_file() and pointer.is_file():
        return index_dir / pointer.read_text(encoding="utf-8").strip()
    return index_dir


def load_recommender(index_dir: Path):
    from halokop_nlp.encoders import EncoderError
    from halokop_nlp.retrieval import IndexMismatchError, Recommender

    try:
        return Recommender.load(resolve_index(index_dir))
    except (FileNotFoundError, IndexMismatchError, EncoderError) as exc:
        raise fail(str(exc)) from None
