"""``halokop suggest``: suggestions for one question or a batch."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from halokop_nlp.cli._common import fail, load_queries, load_recommender

VERDICT_LABELS = {"duplicate": "DUPLIKAT", "related": "MIRIP", "new": "BARU"}


def suggest(
    text: Annotated[str | None, typer.Argument(help="The question, as the citizen wrote it.")] = None,
    index: Annotated[
        Path,
        typer.Option(
            "--index",
            envvar="HALOKOP_INDEX_DIR",
            help="Index directory, or a root whose CURRENT_VERSION names one.",
        ),
    ] = Path("models/index"),
    batch: Annotated[
        Path | None, typer.Option(help='JSONL of {"q": ...}; one JSON line out per line in.')
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many matches.")] = 5,
) -> None:
    """Suggest earlier answers for a question (or every line of a batch file)."""
    from halokop_nlp.retrieval import EmptyQuestionError

    if (text is None) == (batch is None):
        raise fail("give either a question or --batch FILE")
    queries = load_queries(batch) if batch else None
    rec = load_recommender(index)
    if queries is not None:
        for row in queries:
            s = rec.suggest(row["q"], k=k)
            out = {
                "q": row["q"],
                "verdict": s.verdict,
                "matches": [
                    {
                        "ref": m.ref,
                        "score": m.score,
                        "question": m.question,
                        "answer": m.answer,
                        "category": m.category,
                    }
                    for m in s.matches
                ],
                "category": s.category,
                "draft": s.draft,
            }
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    try:
        s = rec.suggest(text, k=k)
    except EmptyQuestionError:
        raise fail("the question is empty") from None
    typer.echo(f"Pertanyaan : {s.text}")
    typer.echo(f"Dibaca     : {s.normalized or '(kosong setelah normalisasi)'}")
    score = f" (skor {s.matches[0].score:.2f})" if s.matches else ""
    typer.echo(f"Putusan    : {VERDICT_LABELS[s.verdict]}{score}")
    if s.category:
        typer.echo(f"Kategori   : {s.category} ({s.category_probability:.2f})")
    if s.screening and s.screening.label != "ok":
        typer.echo(f"Penyaringan: {s.screening.label} ({s.screening.score:.2f})")
    typer.echo("\nKecocokan:")
    for i, m in enumerate(s.matches, start=1):
        typer.echo(f"  {i}. [{m.ref}] {m.score:.3f}  {m.question}")
    typer.echo("\n" + s.draft)
