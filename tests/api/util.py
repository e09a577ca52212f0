"""Small helpers the service tests share: the workflow steps as HTTP calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
from fastapi.testclient import TestClient

from halokop_nlp import EncoderError

# Not in the small KB: how to register a trademark (merek) for a small business.
MEREK_QUESTION = "Bagaimana cara mendaftarkan merek dagang untuk produk UMKM saya?"
MEREK_ANSWER = (
    "Merek didaftarkan secara daring di laman merek.dgip.go.id milik DJKI. Siapkan etiket merek, "
    "surat rekomendasi UMKM dari dinas, dan bayar PNBP tarif UMKM."
)


def ask(client: TestClient, headers: dict, text: str, channel: str = "instagram", **fields) -> dict:
    response = client.post(
        "/api/questions", json={"channel": channel, "text": text, **fields}, headers=headers
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def answer(client: TestClient, headers: dict, question_id: int, text: str, **fields) -> dict:
    response = client.post(
        f"/api/questions/{question_id}/answer", json={"answer": text, **fields}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def approve(client: TestClient, headers: dict, question_id: int) -> dict:
    response = client.post(
        f"/api/questions/{question_id}/approve", json={"decision": "approve"}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    day = (after or dt.date.today()) + dt.timedelta(days=1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def publish(
    client: TestClient, staf: dict, pimpinan: dict, question_ids: list[int], day: dt.date | None = None
) -> dict:
    body = {"publish_date": day.isoformat()} if day else {}
    edition = client.post("/api/editions", json=body, headers=staf)
    assert edition.status_code == 201, edition.text
    eid = edition.json()["id"]
    added = client.post(f"/api/editions/{eid}/items", json={"question_ids": question_ids}, headers=staf)
    assert added.status_code == 200, added.text
    published = client.post(f"/api/editions/{eid}/publish", headers=pimpinan)
    assert published.status_code == 200, published.text
    return published.json()


class ControlledEncoder:
    """The fake encoder with a count of texts encoded, a switch that makes every call fail, and a hook."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts = 0
        self.broken = False
        self.on_call: Callable[[Sequence[str]], None] | None = None

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if self.on_call is not None:
            self.on_call(texts)
        if self.broken:
            raise EncoderError("the encoder is down (test)")
        self.texts += len(texts)
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_queries(texts)
