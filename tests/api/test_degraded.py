"""Faults: the encoder or the index fails, the database is down. Questions are never lost."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.core.config import Settings
from api.deps import get_live_index
from api.main import create_app
from api.models import Question
from api.services.live_index import LiveIndex
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, answer, approve, ask, publish

NIB = "gmn cara bikin nib utk warung sy?"


def test_create_question_stored_before_engine_runs(client, accounts, encoder, sessions):
    seen = []

    def count_stored(texts):
        with sessions() as session:  # another connection: sees only what is committed
            seen.append(session.scalar(select(func.count()).select_from(Question)))

    encoder.on_call = count_stored
    ask(client, accounts["staf"], NIB)
    assert seen and seen[0] == 1


def test_create_question_when_encoder_fails(client, accounts, encoder):
    encoder.broken = True
    body = ask(client, accounts["staf"], NIB)
    assert body["status"] == "pending"
    assert body["suggestions_status"] == "lexical"
    assert body["verdict"] == "unavailable"
    assert body["suggestions_error"] == "the encoder is down (test)"
    assert body["suggestions"][0]["ref"] == "t-nib"
    assert body["suggestions"][0]["lexical"] is True
    assert body["draft"].startswith("[DRAF")
    health = client.get("/health").json()
    assert (health["status"], health["degraded"]) == ("degraded", True)
    assert health["reasons"][0].startswith("the engine failed at ")
    assert health["reasons"][0].endswith(": the encoder is down (test)")

    encoder.broken = False
    again = ask(client, accounts["staf"], "Berapa bunga KUR mikro?")
    assert again["suggestions_status"] == "ready"
    assert client.get("/health").json()["status"] == "ok"
    retried = client.post(f"/api/questions/{body['id']}/suggest", headers=accounts["staf"]).json()
    assert (retried["suggestions_status"], retried["verdict"]) == ("ready", "duplicate")


def test_search_when_encoder_fails(client, encoder):
    encoder.broken = True
    body = client.get("/api/public/search", params={"q": "sertifikat halal gratis"}).json()
    assert body["mode"] == "lexical"
    assert body["items"][0]["ref"] == "t-halal"


def test_list_question_groups_when_encoder_fails(client, accounts, encoder):
    staf = accounts["staf"]
    a = ask(client, staf, "Bagaimana cara membuat NIB?", sender_handle="@a")
    b = ask(client, staf, "bagaimana  cara membuat nib?", sender_handle="@b")
    encoder.broken = True
    body = client.get("/api/questions/groups", headers=staf).json()
    assert body["method"] == "exact"
    assert [sorted(q["id"] for q in g["questions"]) for g in body["items"]] == [sorted([a["id"], b["id"]])]


def test_publish_edition_when_encoder_fails(client, accounts, encoder, state):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    q = ask(client, staf, MEREK_QUESTION)
    answer(client, staf, q["id"], MEREK_ANSWER)
    approve(client, pimpinan, q["id"])
    encoder.broken = True
    edition = publish(client, staf, pimpinan, [q["id"]])
    ref = edition["items"][0]["entry_ref"]
    health = client.get("/health").json()
    assert health["status"] == "degraded"
    assert any(r.startswith("could not add 1 published entries in the live index") for r in health["reasons"])
    assert ref not in state.live.recommender.index
    encoder.broken = False
    activated = client.post(
        "/api/admin/index/activate", json={"version": "v1"}, headers=accounts["admin"]
    ).json()
    assert activated["synced"] == {"entries": 1, "alternates": 0}
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/api/public/search", params={"q": "merek dagang"}).json()["items"][0]["ref"] == ref


def test_create_question_with_live_index_overridden(app, accounts):
    """Routes take the engine from a dependency: a test (or an operator) can swap it."""
    app.dependency_overrides[get_live_index] = lambda: LiveIndex("none")
    with TestClient(app) as client:
        body = ask(client, accounts["staf"], NIB)
        assert (body["suggestions_status"], body["verdict"], body["suggestions"]) == (
            "unavailable",
            "unavailable",
            [],
        )
        assert body["suggestions_error"] == "no index is loaded"
        search = client.get("/api/public/search", params={"q": "sertifikat halal"}).json()
        assert search["mode"] == "database"
        assert search["items"][0]["ref"] == "t-halal"


def _start(settings: Settings, encoder_object=None, **changes):
    return TestClient(create_app(settings.model_copy(update=changes), encoder=encoder_object))


def test_start_without_index(settings, encoder, seeded, accounts, tmp_path):
    with _start(settings, encoder, index_root=tmp_path / "empty") as client:
        health = client.get("/health").json()
        assert health["status"] == "degraded"
        assert health["index"] == {"loaded": False, "version": None, "entries": None}
        assert health["reasons"] == [
            f"no index is loaded: no current index version in {tmp_path / 'empty'}: build one with "
            "`halokop index build --from-db` or POST /api/admin/index/rebuild"
        ]
        body = ask(client, accounts["staf"], NIB)
        assert (body["status"], body["suggestions_status"]) == ("pending", "unavailable")
        assert (
            client.get("/api/public/search", params={"q": "sertifikat halal"}).json()["items"][0]["ref"]
            == "t-halal"
        )


def test_start_with_broken_index(settings, encoder, seeded, accounts):
    (settings.index_root / "v1" / "manifest.json").write_text("{not json", "utf-8")
    with _start(settings, encoder) as client:
        reasons = client.get("/health").json()["reasons"]
        assert reasons[0].startswith("no index is loaded: could not load index version v1: ")
        assert ask(client, accounts["staf"], NIB)["suggestions_status"] == "unavailable"


def test_start_with_unloadable_encoder(settings, seeded, accounts):
    with _start(settings, None, encoder="bundled:nope") as client:
        health = client.get("/health").json()
        assert health["status"] == "degraded"
        assert health["encoder"] == {"name": "test:hash", "available": False}
        assert health["index"]["loaded"] is True
        assert health["reasons"][0] == (
            "encoder bundled:nope is not available: unknown bundled encoder 'nope': "
            "the bundled encoder is 'bundled:e5-small'"
        )
        body = ask(client, accounts["staf"], NIB)
        assert (body["suggestions_status"], body["suggestions"][0]["ref"]) == ("lexical", "t-nib")
        rebuild = client.post("/api/admin/index/rebuild", headers=accounts["admin"])
        assert rebuild.status_code == 503
        assert rebuild.json()["detail"].startswith("cannot rebuild: the encoder is not available")


def test_start_with_database_down(settings, encoder, tmp_path):
    down = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"
    with _start(settings, encoder, database_url=down) as client:
        response = client.get("/health")
        assert response.status_code == 503
        body = response.json()
        assert (body["status"], body["database"]["ok"]) == ("down", False)
        assert body["reasons"][0] == "the database cannot be reached"
        search = client.get("/api/public/search", params={"q": "halal"})
        assert search.status_code == 503
        assert search.json()["detail"] == "the database cannot be reached; try again later"


@pytest.mark.parametrize("content", [b"", b"v1", b"../../etc\n"])
def test_start_with_odd_pointer(settings, encoder, seeded, content):
    (settings.index_root / "CURRENT_VERSION").write_bytes(content)
    with _start(settings, encoder) as client:
        body = client.get("/health").json()
        assert body["index"]["loaded"] is (content == b"v1")


def test_read_manifest_of_saved_index(settings):
    manifest = json.loads((settings.index_root / "v1" / "manifest.json").read_text("utf-8"))
    assert manifest["encoder"] == {"name": "test:hash", "dim": 64}
