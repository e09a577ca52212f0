"""Citizen routes: search, the question form, tracking. No personal data ever comes back."""

from __future__ import annotations

from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, answer, approve, ask, publish

PERSONAL = ("Budi Santoso", "budi@example.id", "0812-3456-7890", "@budi_warung")


def test_search_published_entries(client):
    body = client.get("/api/public/search", params={"q": "sertifikat halal gratis umkm", "limit": 3}).json()
    assert body["mode"] == "semantic"
    assert [h["ref"] for h in body["items"]][0] == "t-halal"
    assert len(body["items"]) == 3
    top = body["items"][0]
    assert top["question"] == "Bagaimana mengurus sertifikat halal gratis untuk UMKM?"
    assert top["published_at"] == "2026-03-15"
    assert 0.0 < top["score"] <= 1.0


def test_search_published_entries_by_category(client):
    body = client.get(
        "/api/public/search", params={"q": "simpanan koperasi", "category": "koperasi-simpan-pinjam"}
    )
    assert {h["category"] for h in body.json()["items"]} == {"koperasi-simpan-pinjam"}


def test_search_without_query_lists_newest(client):
    body = client.get("/api/public/search", params={"limit": 2}).json()
    assert body["mode"] == "latest"
    assert body["total"] == 12
    assert [h["score"] for h in body["items"]] == [None, None]


def test_search_bad_parameters(client):
    assert client.get("/api/public/search", params={"q": "nib", "limit": 51}).status_code == 422
    assert client.get("/api/public/search", params={"q": "nib", "limit": "ten"}).json()["detail"] == (
        "query parameter 'limit': Input should be a valid integer, unable to parse string as an integer"
    )
    long = client.get("/api/public/search", params={"q": "a" * 4001})
    assert long.status_code == 422
    assert (
        long.json()["detail"]
        == "the query has 4001 characters; the limit is 4000 (HALOKOP_MAX_QUESTION_CHARS)"
    )


def test_search_never_shows_unpublished_questions(client, accounts):
    ask(client, accounts["staf"], "Pertanyaan rahasia tentang zebra ungu", sender_name="Budi Santoso")
    body = client.get("/api/public/search", params={"q": "zebra ungu"}).json()
    assert "zebra" not in str(body).lower()


def test_submit_public_question_and_track_it(client, accounts):
    response = client.post(
        "/api/public/questions",
        json={
            "text": "Bagaimana cara membuat NIB untuk warung?",
            "name": "Budi Santoso",
            "email": "budi@example.id",
            "phone": "0812-3456-7890",
        },
    )
    assert response.status_code == 201
    receipt = response.json()
    code = receipt["tracking_code"]
    assert receipt == {
        "tracking_code": code,
        "status": "received",
        "status_label": "Pertanyaan sudah diterima dan menunggu ditinjau petugas.",
        "message": f"Simpan kode {code} untuk memeriksa status pertanyaan Anda.",
    }
    status = client.get(f"/api/public/questions/{code}").json()
    assert (status["status"], status["answer"]) == ("received", None)
    for typed in (code.lower(), code.replace("-", " "), code[3:]):
        assert client.get(f"/api/public/questions/{typed}").json()["tracking_code"] == code
    staff_view = client.get("/api/questions?channel=web_form", headers=accounts["staf"]).json()["items"][0]
    assert staff_view["sender_name"] == "Budi Santoso"
    for body in (receipt, status):
        assert not any(p in str(body) for p in PERSONAL)


def test_track_question_through_publication(client, accounts, state):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    code = client.post("/api/public/questions", json={"text": MEREK_QUESTION, "name": "Budi Santoso"}).json()[
        "tracking_code"
    ]
    qid = client.get("/api/questions?channel=web_form", headers=staf).json()["items"][0]["id"]
    answer(client, staf, qid, MEREK_ANSWER)
    assert client.get(f"/api/public/questions/{code}").json()["status"] == "in_review"
    approve(client, pimpinan, qid)
    assert client.get(f"/api/public/questions/{code}").json()["status"] == "approved"
    publish(client, staf, pimpinan, [qid])
    status = client.get(f"/api/public/questions/{code}").json()
    assert status["status"] == "published"
    assert status["status_label"] == "Jawaban sudah terbit di HALO KOP-UKM."
    assert status["answer"]["answer"] == MEREK_ANSWER
    assert "Budi" not in str(status)


def test_track_question_answered_before(client, accounts):
    staf = accounts["staf"]
    code = client.post("/api/public/questions", json={"text": "bikin NIB buat warung gimana?"}).json()[
        "tracking_code"
    ]
    qid = client.get("/api/questions?channel=web_form", headers=staf).json()["items"][0]["id"]
    client.post(f"/api/questions/{qid}/mark-duplicate", json={"ref": "t-nib"}, headers=staf)
    status = client.get(f"/api/public/questions/{code}").json()
    assert status["status"] == "answered_before"
    assert status["answer"]["ref"] == "t-nib"


def test_track_question_unknown_code(client):
    response = client.get("/api/public/questions/HK-ZZZZZZZZ")
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no question with tracking code 'HK-ZZZZZZZZ'"
    assert client.get("/api/public/questions/" + "A" * 40).status_code == 422


def test_submit_public_question_invalid(client):
    cases = [
        ({}, "field 'text' is required"),
        ({"text": ""}, "field 'text': String should have at least 1 character"),
        ({"text": "halo", "email": "budi"}, "field 'email': is not an e-mail address"),
        ({"text": "halo", "phone": "call me"}, "field 'phone': is not a phone number"),
        ({"text": "halo", "channel": "email"}, "field 'channel': Extra inputs are not permitted"),
    ]
    for body, message in cases:
        response = client.post("/api/public/questions", json=body)
        assert response.status_code == 422
        assert response.json()["detail"].startswith(message), response.json()["detail"]
    oversized = client.post("/api/public/questions", json={"text": "x" * 4001})
    assert oversized.status_code == 422


def test_submit_public_question_twice(client):
    first = client.post(
        "/api/public/questions", json={"text": "Syarat bazar UMKM?", "email": "a@b.id"}
    ).json()
    again = client.post(
        "/api/public/questions", json={"text": "syarat  bazar umkm?", "email": "A@B.id"}
    ).json()
    assert again["tracking_code"] == first["tracking_code"]
