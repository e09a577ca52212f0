"""Fine-tuning a sentence-transformers encoder on what staff confirmed.

Every question staff answered from a suggestion, or marked as a duplicate of a published entry, is
a pair (incoming question, entry passage). Training pulls each question towards its entry and away
from the other entries in the same batch (in-batch negatives, the "multiple negatives ranking"
loss). The result is a normal sentence-transformers directory, loaded again with
``st:/path/to/dir``.

Only the sentence-transformers path can be trained: the bundled e5-small is a 4-bit C engine.
The loop is plain PyTorch so it needs no extra packages beyond the ``transformers`` extra.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

from halokop_nlp.kb import KBEntry


def pairs_from_labelled(entries: Sequence[KBEntry], labelled: Sequence[dict]) -> list[tuple[str, str]]:
    """(question, entry passage) pairs from labelled queries with a target; others are skipped."""
    by_ref = {e.ref: e for e in entries}
    return [
        (q["q"], f"{by_ref[q['target']].question}\n{by_ref[q['target']].answer}")
        for q in labelled
        if q.get("target") in by_ref
    ]


def fine_tune(
    model_name_or_path: str,
    pairs: Sequence[tuple[str, str]],
    out_dir: str | Path,
    *,
    epochs: int = 1,
    batch_size: int = 16,
    learning_rate: float = 2e-5,
    scale: float = 20.0,
    query_prefix: str = "",
    passage_prefix: str = "",
    seed: int = 0,
    progress: Callable[[int, float], None] | None = None,
) -> Path:
    """Fine-tune a sentence-transformers model on (question, passage) pairs and save it.

    Args:
        model_name_or_path: the model to start from (name already on disk, or a directory).
        pairs: (question, passage) pairs; at least two, so a batch has a negative.
        out_dir: where to save the trained model.
        epochs: passes over the pairs.
        batch_size: pairs per step (the other pairs of a batch are the negatives).
        learning_rate: AdamW learning rate.
        scale: inverse temperature of the cosine similarities.
        query_prefix: put before each question ("query: " for E5 models).
        passage_prefix: put before each passage ("passage: " for E5 models).
        seed: shuffling and initialization seed.
        progress: called with (step, loss) after each step.

    Returns:
        ``out_dir``.

    Raises:
        ValueError: fewer than two pairs.
    """
    if len(pairs) < 2:
        raise ValueError("fine-tuning needs at least two (question, passage) pairs")
    import torch
    from sentence_transformers import SentenceTransformer

    random.seed(seed)
    torch.manual_seed(seed)
    model = SentenceTransformer(str(model_name_or_path), device="cpu")
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    order = list(pairs)
    step = 0
    for _ in range(epochs):
        random.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            if len(batch) < 2:
                continue
            q = _embed(model, [query_prefix + a for a, _ in batch])
            p = _embed(model, [passage_prefix + b for _, b in batch])
            logits = scale * q @ p.T
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(batch)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            if progress:
                progress(step, float(loss))
    model.eval()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    return out


def _embed(model, texts: list[str]):
    import torch

    features = model.tokenize(texts)
    vectors = model(features)["sentence_embedding"]
    return torch.nn.functional.normalize(vectors, dim=-1)
