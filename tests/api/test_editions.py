"""Weekly editions: placing approved answers, ordering them, publishing into the live index."""

from __future__ import annotations

import datetime as dt

import pytest

from api.core.config import Settings
from api.services.editions import next_publish_date
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, answer, approve, ask, next_weekday, publish


def _approved(client, accounts, text: str, reply: str, **fields) -> int:
    q = ask(client, accounts["staf"], text)
    answer(client, accounts["staf"], q["id"], reply, **fields)
    approve(client, accounts["pimpinan"], q["id"])
    return q["id"]


def test_next_publish_date_from_setting():
    thursday = Settings(_env_file=None, publish_weekday="kamis")
    sunday = Settings(_env_file=None, publish_weekday="sunday")
    wednesday = dt.date(2026, 11, 25)
    assert next_publish_date(thursday, wednesday) == dt.date(2026, 11, 26)
    assert next_publish_date(thursday, dt.date(2026, 11, 26)) == dt.date(2026, 11, 26)
    assert next_publish_date(sunday, wednesday) == dt.date(2026, 11, 29)


def test_create_edition_default_date_and_title(client, accounts, settings):
    body = client.post("/api/editions", json={}, headers=accounts["staf"]).json()
    day = next_publish_date(settings)
    assert body["publish_date"] == day.isoformat()
    assert body["status"] == "draft"
    assert body["title"].startswith(f"HALO KOP-UKM edisi {day.day} ")


def test_create_edition_wrong_weekday(client, accounts, settings):
    day = next_weekday((settings.publish_weekday + 1) % 7)
    response = client.post("/api/editions", json={"publish_date": day.isoformat()}, headers=accounts["staf"])
    assert response.status_code == 422
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert response.json()["detail"] == (
        f"{day.isoformat()} is a {names[day.weekday()]}; "
        "editions are published on Thursday (HALOKOP_PUBLISH_WEEKDAY)"
    )


def test_create_edition_twice_for_one_week(client, accounts, settings):
    day = next_weekday(settings.publish_weekday).isoformat()
    assert (
        client.post("/api/editions", json={"publish_date": day}, headers=accounts["staf"]).status_code == 201
    )
    again = client.post("/api/editions", json={"publish_date": day}, headers=accounts["staf"])
    assert again.status_code == 409
    assert again.json()["detail"] == f"there is already an edition for {day}"


def test_add_items_to_edition_in_order(client, accounts, settings):
    staf = accounts["staf"]
    first = _approved(client, accounts, "Berapa bunga KUR mikro?", "Enam persen setahun.")
    second = _approved(
        client, accounts, "Kapan RAT diadakan?", "Paling lambat enam bulan setelah tutup buku."
    )
    third = _approved(client, accounts, "Di mana kantor dinas?", "Cibinong.")
    eid = client.post("/api/editions", json={}, headers=staf).json()["id"]
    client.post(f"/api/editions/{eid}/items", json={"question_ids": [first, second]}, headers=staf)
    body = client.post(
        f"/api/editions/{eid}/items", json={"question_ids": [third], "position": 1}, headers=staf
    ).json()
    assert [(i["question_id"], i["position"]) for i in body["items"]] == [(third, 1), (first, 2), (second, 3)]
    assert {i["status"] for i in body["items"]} == {"scheduled"}
    body = client.put(
        f"/api/editions/{eid}/items", json={"question_ids": [second, third, first]}, headers=staf
    ).json()
    assert [i["question_id"] for i in body["items"]] == [second, third, first]
    body = client.delete(f"/api/editions/{eid}/items/{third}", headers=staf).json()
    assert [(i["question_id"], i["position"]) for i in body["items"]] == [(second, 1), (first, 2)]
    assert client.get(f"/api/questions/{third}", headers=staf).json()["status"] == "approved"


def test_add_items_to_edition_refused(client, accounts, settings):
    staf = accounts["staf"]
    pending = ask(client, staf, "Berapa bunga KUR mikro?")["id"]
    approved = _approved(client, accounts, "Kapan RAT diadakan?", "Enam bulan.")
    eid = client.post("/api/editions", json={}, headers=staf).json()["id"]
    later = (next_publish_date(settings) + dt.timedelta(days=7)).isoformat()
    other = client.post("/api/editions", json={"publish_date": later}, headers=staf).json()["id"]
    cases = [
        (
            {"question_ids": [pending]},
            409,
            f"question {pending} is pending: only approved answers can go into an edition",
        ),
        ({"question_ids": [999999]}, 404, "there is no question 999999"),
        ({"question_ids": [approved, approved]}, 422, "question ids must not repeat (repeated: "),
        ({"question_ids": []}, 422, "field 'question_ids': List should have at least 1 item"),
    ]
    for body, status, message in cases:
        response = client.post(f"/api/editions/{eid}/items", json=body, headers=staf)
        assert response.status_code == status, response.text
        assert message in response.json()["detail"]
    client.post(f"/api/editions/{eid}/items", json={"question_ids": [approved]}, headers=staf)
    twice = client.post(f"/api/editions/{other}/items", json={"question_ids": [approved]}, headers=staf)
    assert twice.status_code == 409
    assert twice.json()["detail"] == f"question {approved} is already in edition {eid}"
    wrong_order = client.put(f"/api/editions/{eid}/items", json={"question_ids": [pending]}, headers=staf)
    assert wrong_order.status_code == 422
    assert wrong_order.json()["detail"] == (
        f"give every question of the edition exactly once; missing: [{approved}]; "
        f"not in this edition: [{pending}]"
    )


def test_publish_edition_adds_entries_to_live_index(client, accounts, state, encoder):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    qid = _approved(
        client,
        accounts,
        MEREK_QUESTION,
        MEREK_ANSWER,
        category="perizinan-usaha",
        public_question="Bagaimana cara mendaftarkan merek dagang produk UMKM?",
    )
    before = len(state.live.recommender.index)
    texts = encoder.texts
    day = next_weekday(state.settings.publish_weekday)
    body = publish(client, staf, pimpinan, [qid], day)
    ref = f"hk-{day:%Y%m%d}-01"
    assert body["status"] == "published"
    assert body["items"][0]["entry_ref"] == ref
    assert client.get(f"/api/questions/{qid}", headers=staf).json()["status"] == "published"
    # incremental: one entry added to the same live index version, a handful of encoder calls
    assert state.live.version == "v1"
    assert len(state.live.recommender.index) == before + 1
    # the entry's question (query role), question + answer (passage role), one refit of the category model
    assert encoder.texts - texts == 3
    entry = state.live.recommender.index.get(ref)
    assert (entry.question, entry.answer, entry.published_at) == (
        "Bagaimana cara mendaftarkan merek dagang produk UMKM?",
        MEREK_ANSWER,
        day.isoformat(),
    )
    hits = client.get("/api/public/search", params={"q": "daftar merek dagang produk umkm"}).json()
    assert hits["items"][0]["ref"] == ref


def test_publish_edition_refused(client, accounts, state):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    eid = client.post("/api/editions", json={}, headers=staf).json()["id"]
    empty = client.post(f"/api/editions/{eid}/publish", headers=pimpinan)
    assert empty.status_code == 409
    assert empty.json()["detail"] == f"edition {eid} has no questions: add approved answers before publishing"
    qid = _approved(client, accounts, "Berapa bunga KUR mikro?", "Enam persen setahun.")
    client.post(f"/api/editions/{eid}/items", json={"question_ids": [qid]}, headers=staf)
    assert client.post(f"/api/editions/{eid}/publish", headers=pimpinan).status_code == 200
    again = client.post(f"/api/editions/{eid}/publish", headers=pimpinan)
    assert again.status_code == 409
    assert (
        again.json()["detail"]
        == f"edition {eid} is already published: publishing is only possible before publishing"
    )
    late = client.post(f"/api/editions/{eid}/items", json={"question_ids": [qid]}, headers=staf)
    assert late.status_code == 409


def test_list_editions(client, accounts, settings):
    staf = accounts["staf"]
    first = next_publish_date(settings)
    for week in range(3):
        client.post(
            "/api/editions",
            json={"publish_date": (first + dt.timedelta(days=7 * week)).isoformat()},
            headers=staf,
        )
    body = client.get("/api/editions?limit=2", headers=staf).json()
    assert body["total"] == 3
    assert [e["publish_date"] for e in body["items"]] == [
        (first + dt.timedelta(days=14)).isoformat(),
        (first + dt.timedelta(days=7)).isoformat(),
    ]


@pytest.mark.parametrize(("value", "day"), [("minggu", 6), ("Sunday", 6), ("3", 3), (4, 4)])
def test_read_setting_publish_weekday(value, day):
    assert Settings(_env_file=None, publish_weekday=value).publish_weekday == day
