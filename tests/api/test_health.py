"""GET /health."""

from __future__ import annotations


def test_get_health_ok(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["degraded"] is False
    assert body["index"] == {"loaded": True, "version": "v1", "entries": 12}
    assert body["encoder"] == {"name": "test:hash", "available": True}
    assert body["database"]["ok"] is True
