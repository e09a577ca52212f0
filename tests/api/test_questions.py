"""Intake (single and bulk), screening, and what staff and the head of office do with questions."""

from __future__ import annotations

import re

from api.models import EntryAlternate, Suggestion
from tests.api.util import answer, approve, ask

NIB = "gmn cara bikin nib utk warung sy?"


# ------------------------------------------------------------------ intake
def test_create_question_with_suggestions(client, accounts):
    body = ask(client, accounts["staf"], NIB, sender_handle="@budi_warung")
    assert re.fullmatch(r"HK-[2-9A-HJ-NP-Z]{8}", body["tracking_code"])
    assert body["status"] == "pending"
    assert body["created"] is True
    assert body["suggestions_status"] == "ready"
    assert body["verdict"] == "duplicate"
    assert body["predicted_category"] == "perizinan-usaha"
    assert [s["rank"] for s in body["suggestions"]] == [1, 2, 3, 4, 5]
    assert body["suggestions"][0]["ref"] == "t-nib"
    assert body["suggestions"][0]["answer"].startswith("NIB dibuat gratis secara daring di laman OSS")
    assert body["draft"].startswith("[DRAF")
    assert "NIB dibuat gratis" in body["draft"]
    assert body["index_version"] == "v1"
    assert body["sender_handle"] == "@budi_warung"


def test_create_question_same_message_twice(client, accounts):
    first = client.post(
        "/api/questions",
        json={"channel": "instagram", "text": NIB, "sender_handle": "@budi"},
        headers=accounts["staf"],
    )
    again = client.post(
        "/api/questions",
        json={
            "channel": "instagram",
            "text": "  GMN cara bikin NIB utk warung sy? ",
            "sender_handle": "@Budi",
        },
        headers=accounts["staf"],
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["created"] is False
    assert client.get("/api/questions", headers=accounts["staf"]).json()["total"] == 1


def test_create_question_same_external_id(client, accounts):
    staf = accounts["staf"]
    first = ask(client, staf, NIB, channel="email", external_id="<abc@mail.example>")
    again = ask(
        client, staf, "teks berbeda, pesan yang sama", channel="email", external_id="<abc@mail.example>"
    )
    assert again["id"] == first["id"]


def test_create_question_same_text_other_sender(client, accounts):
    staf = accounts["staf"]
    first = ask(client, staf, NIB, sender_handle="@budi")
    other = ask(client, staf, NIB, sender_handle="@siti")
    same_text_other_channel = ask(client, staf, NIB, channel="tiktok", sender_handle="@budi")
    assert len({first["id"], other["id"], same_text_other_channel["id"]}) == 3


def test_create_question_oversized_text(client, accounts):
    response = client.post(
        "/api/questions", json={"channel": "letter", "text": "a" * 4001}, headers=accounts["staf"]
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "the question has 4001 characters; the limit is 4000 (HALOKOP_MAX_QUESTION_CHARS)"
    )
    assert client.get("/api/questions", headers=accounts["staf"]).json()["total"] == 0


def test_create_question_bad_fields(client, accounts):
    response = client.post(
        "/api/questions",
        json={"channel": "fax", "text": "   ", "sender_email": "not-an-email", "sendr_name": "x"},
        headers=accounts["staf"],
    )
    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["errors"]]
    assert messages == [
        "field 'channel': Input should be 'instagram', 'tiktok', 'email', 'letter', 'online_discussion', "
        "'web_form', 'whatsapp' or 'other'",
        "field 'text': String should have at least 1 character",
        "field 'sender_email': is not an e-mail address",
        "field 'sendr_name': Extra inputs are not permitted",
    ]


def test_create_question_received_in_future(client, accounts):
    response = client.post(
        "/api/questions",
        json={"channel": "letter", "text": NIB, "received_at": "2999-01-01T10:00"},
        headers=accounts["staf"],
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("received_at 2999-01-01T10:00:00+07:00 is in the future")


def test_create_question_received_at_office_time(client, accounts):
    body = ask(client, accounts["staf"], NIB, channel="letter", received_at="2026-03-02T09:30")
    assert body["received_at"] == "2026-03-02T02:30:00Z"


# ------------------------------------------------------------------ bulk import
CSV = (
    "channel,external_id,sender_handle,text,likes\n"
    "instagram,ig-1,@budi,gmn cara bikin nib utk warung sy?,3\n"
    "fax,ig-2,@siti,Apakah ada pelatihan ekspor?,1\n"
    "tiktok,tt-1,@rina,,0\n"
    'tiktok,tt-2,@rina,"Syarat PIRT untuk\nkue rumahan apa saja?",5\n'
    "instagram,ig-1,@budi,gmn cara bikin nib utk warung sy?,3\n"
)


def _import(client, headers, content: bytes, filename: str, **form):
    return client.post(
        "/api/questions/import", files={"file": (filename, content, "text/plain")}, data=form, headers=headers
    )


def test_import_questions_csv_keeps_good_rows(client, accounts):
    response = _import(client, accounts["staf"], CSV.encode(), "instagram-export.csv")
    assert response.status_code == 200, response.text
    report = response.json()
    assert {k: report[k] for k in ("format", "rows", "created", "already_present", "rejected")} == {
        "format": "csv",
        "rows": 5,
        "created": 2,
        "already_present": 1,
        "rejected": 2,
    }
    assert report["errors"] == [
        {
            "line": 3,
            "message": "field 'channel': Input should be 'instagram', 'tiktok', 'email', 'letter', "
            "'online_discussion', 'web_form', 'whatsapp' or 'other'",
        },
        {"line": 4, "message": "field 'text' is required"},
    ]
    # screening ran after the response
    first = client.get(f"/api/questions/{report['question_ids'][0]}", headers=accounts["staf"]).json()
    assert first["suggestions_status"] == "ready"
    assert first["suggestions"][0]["ref"] == "t-nib"
    second = client.get(f"/api/questions/{report['question_ids'][1]}", headers=accounts["staf"]).json()
    assert second["text"] == "Syarat PIRT untuk\nkue rumahan apa saja?"


def test_import_questions_twice_is_idempotent(client, accounts):
    _import(client, accounts["staf"], CSV.encode(), "export.csv")
    again = _import(client, accounts["staf"], CSV.encode(), "export.csv").json()
    assert (again["created"], again["already_present"], again["rejected"]) == (0, 3, 2)
    assert client.get("/api/questions", headers=accounts["staf"]).json()["total"] == 2


def test_import_questions_jsonl_with_default_channel(client, accounts):
    content = (
        b'{"text": "gmn cara bikin nib utk warung sy?", "sender_phone": "0812-3456-7890", "extra": 1}\n'
        b"\n"
        b"not json\n"
        b'["a list"]\n'
        b'{"text": "Apakah ada bantuan modal?", "channel": "email", "sender_email": "a@b.id"}\n'
    )
    report = _import(client, accounts["staf"], content, "wa.jsonl", channel="whatsapp").json()
    assert report["created"] == 2
    assert report["errors"] == [
        {"line": 3, "message": "not valid JSON (Expecting value)"},
        {"line": 4, "message": "expected a JSON object, got list"},
    ]
    channels = {q["channel"] for q in client.get("/api/questions", headers=accounts["staf"]).json()["items"]}
    assert channels == {"whatsapp", "email"}


def test_import_questions_same_sender_phone_spelled_differently(client, accounts):
    content = (
        b'{"channel": "whatsapp", "text": "Apakah ada bantuan modal?", "sender_phone": "0812-3456-7890"}\n'
        b'{"channel": "whatsapp", "text": "apakah ada  bantuan modal?", '
        b'"sender_phone": "+62 812 3456 7890"}\n'
    )
    report = _import(client, accounts["staf"], content, "wa.jsonl").json()
    assert (report["created"], report["already_present"]) == (1, 1)


def test_import_questions_all_rows_bad(client, accounts):
    response = _import(client, accounts["staf"], b"channel,text\nfax,halo\n", "x.csv")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("no row could be imported (1 bad): line 2: field 'channel'")
    assert body["errors"][0]["line"] == 2


def test_import_questions_bad_files(client, accounts):
    staf = accounts["staf"]
    cases = [
        (b"", "e.csv", 422, "the file is empty"),
        (b"channel,message\nemail,halo\n", "x.csv", 422, "the CSV header has no 'text' column"),
        (b"channel,text\nemail,ok\nemail,caf\xe9\n", "x.csv", 422, "line 3: the file is not UTF-8 text"),
        (b"\n\n", "x.jsonl", 422, "the file has no rows"),
    ]
    for content, name, status, message in cases:
        response = _import(client, staf, content, name)
        assert response.status_code == status, (name, response.text)
        assert response.json()["detail"].startswith(message)


def test_import_questions_too_large(client, accounts, state):
    state.settings.max_import_rows = 2
    response = _import(client, accounts["staf"], b"channel,text\nemail,a\nemail,b\nemail,c\n", "x.csv")
    assert response.status_code == 413
    assert (
        response.json()["detail"] == "the file has 3 rows; the limit is 2 (HALOKOP_MAX_IMPORT_ROWS): split it"
    )


# ------------------------------------------------------------------ listing and grouping
def test_list_questions_filtered(client, accounts):
    staf = accounts["staf"]
    ask(client, staf, NIB, channel="instagram")
    ask(client, staf, "Berapa bunga KUR mikro?", channel="email")
    rejected = ask(client, staf, "promo slot gacor hari ini", channel="tiktok")
    client.post(f"/api/questions/{rejected['id']}/reject", json={"reason": "spam"}, headers=staf)
    pending = client.get("/api/questions?status=pending", headers=staf).json()
    assert pending["total"] == 2
    assert [
        q["channel"] for q in client.get("/api/questions?channel=email", headers=staf).json()["items"]
    ] == ["email"]
    by_category = client.get("/api/questions?category=perizinan-usaha&status=pending", headers=staf).json()
    assert [q["text"] for q in by_category["items"]] == [NIB]
    assert client.get("/api/questions?status=nonsense", headers=staf).status_code == 422


def test_list_question_groups(client, accounts):
    staf = accounts["staf"]
    a = ask(client, staf, "Bagaimana cara membuat NIB untuk warung?", sender_handle="@a")
    b = ask(client, staf, "bagaimana cara membuat nib untuk warung saya", sender_handle="@b")
    ask(client, staf, "Kapan rapat anggota tahunan koperasi?", sender_handle="@c")
    body = client.get("/api/questions/groups", headers=staf).json()
    assert body["method"] == "semantic"
    assert body["total"] == 1
    assert sorted(q["id"] for q in body["items"][0]["questions"]) == sorted([a["id"], b["id"]])


# ------------------------------------------------------------------ staff actions
def test_answer_question_from_draft(client, accounts, sessions):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    body = answer(
        client,
        staf,
        q["id"],
        q["draft"].replace("[DRAF — periksa dan sunting sebelum diajukan untuk persetujuan]\n\n", ""),
        source="draft",
    )
    assert body["status"] == "answered"
    assert body["answered_by"] == "staf1"
    assert body["category"] == "perizinan-usaha"
    feedback = [(s["ref"], s["feedback"]) for s in body["suggestions"]]
    assert feedback[0] == ("t-nib", "accepted")
    assert all(f is None for _, f in feedback[1:])


def test_answer_question_edited_suggestion(client, accounts):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    body = answer(
        client,
        staf,
        q["id"],
        "NIB gratis lewat OSS, cukup NIK.",
        source="suggestion",
        based_on="t-nib",
        public_question="Bagaimana cara membuat NIB untuk warung?",
        category="perizinan-usaha",
    )
    assert body["suggestions"][0]["feedback"] == "edited"
    assert body["public_question"] == "Bagaimana cara membuat NIB untuk warung?"


def test_answer_question_based_on_unknown_suggestion(client, accounts):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    response = client.post(
        f"/api/questions/{q['id']}/answer",
        json={"answer": "x", "source": "suggestion", "based_on": "t-rat-xyz"},
        headers=staf,
    )
    assert response.status_code == 422
    assert (
        response.json()["detail"] == "based_on 't-rat-xyz' is not one of the question's current suggestions"
    )


def test_record_feedback_on_suggestions(client, accounts):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    second, third = q["suggestions"][1]["id"], q["suggestions"][2]["id"]
    body = client.post(
        f"/api/questions/{q['id']}/feedback",
        headers=staf,
        json={
            "items": [
                {"suggestion_id": second, "action": "rejected", "reason": "not_related"},
                {"suggestion_id": third, "action": "rejected", "reason": "related_not_answering"},
            ]
        },
    ).json()
    assert [(s["feedback"], s["feedback_reason"]) for s in body["suggestions"][1:3]] == [
        ("rejected", "not_related"),
        ("rejected", "related_not_answering"),
    ]


def test_record_feedback_invalid(client, accounts):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    other = ask(client, staf, "Berapa bunga KUR mikro?")
    sid = q["suggestions"][0]["id"]
    cases = [
        (
            {"suggestion_id": sid, "action": "rejected"},
            "a rejected suggestion needs a reason: 'not_related' or 'related_not_answering'",
        ),
        (
            {"suggestion_id": sid, "action": "accepted", "reason": "not_related"},
            "a reason is only given for rejected suggestions, not for 'accepted'",
        ),
        ({"suggestion_id": sid, "action": "rejected", "reason": "boring"}, "Input should be"),
    ]
    for item, message in cases:
        response = client.post(f"/api/questions/{q['id']}/feedback", json={"items": [item]}, headers=staf)
        assert response.status_code == 422
        assert message in response.json()["detail"]
    foreign = other["suggestions"][0]["id"]
    response = client.post(
        f"/api/questions/{q['id']}/feedback",
        json={"items": [{"suggestion_id": foreign, "action": "accepted"}]},
        headers=staf,
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        f"suggestion {foreign} is not one of question {q['id']}'s current"
    )


def test_mark_question_duplicate(client, accounts, sessions, state):
    staf = accounts["staf"]
    q = ask(client, staf, "Mau tanya min, bikin NIB buat toko kelontong gimana ya?")
    body = client.post(f"/api/questions/{q['id']}/mark-duplicate", json={"ref": "t-nib"}, headers=staf).json()
    assert body["status"] == "duplicate"
    assert body["duplicate_of"] == "t-nib"
    top = next(s for s in body["suggestions"] if s["ref"] == "t-nib")
    assert top["feedback"] == "accepted"
    live_entry = state.live.recommender.index.get("t-nib")
    assert live_entry.alternates[-1] == "Mau tanya min, bikin NIB buat toko kelontong gimana ya?"
    with sessions() as session:
        texts = [a.text for a in session.query(EntryAlternate).filter_by(question_id=q["id"])]
    assert texts == ["Mau tanya min, bikin NIB buat toko kelontong gimana ya?"]
    # the next similar question now matches the new phrasing exactly
    again = ask(
        client, staf, "mau tanya min, bikin nib buat toko kelontong gimana ya?", sender_handle="@other"
    )
    assert again["verdict"] == "duplicate"
    assert again["suggestions"][0]["ref"] == "t-nib"
    assert again["suggestions"][0]["signals"]["chars"] == 1.0


def test_mark_question_duplicate_unknown_ref(client, accounts):
    q = ask(client, accounts["staf"], NIB)
    response = client.post(
        f"/api/questions/{q['id']}/mark-duplicate", json={"ref": "t-none"}, headers=accounts["staf"]
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no published entry with ref 't-none'"


def test_reject_question(client, accounts):
    staf = accounts["staf"]
    q = ask(client, staf, "promo slot gacor hari ini")
    response = client.post(f"/api/questions/{q['id']}/reject", json={"reason": "other"}, headers=staf)
    assert response.status_code == 422
    assert response.json()["detail"] == "request body: reason 'other' needs a note saying why"
    body = client.post(f"/api/questions/{q['id']}/reject", json={"reason": "spam"}, headers=staf).json()
    assert (body["status"], body["reject_reason"]) == ("rejected", "spam")
    again = client.post(f"/api/questions/{q['id']}/answer", json={"answer": "x"}, headers=staf)
    assert again.status_code == 409
    assert again.json()["detail"] == (
        f"question {q['id']} is rejected: only pending or returned questions can be answered"
    )


def test_approve_answer_or_send_back(client, accounts):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    q = ask(client, staf, NIB)
    early = client.post(f"/api/questions/{q['id']}/approve", json={}, headers=pimpinan)
    assert early.status_code == 409
    assert early.json()["detail"] == f"question {q['id']} is pending: only answered questions can be reviewed"
    answer(client, staf, q["id"], "Jawaban pertama.")
    no_comment = client.post(
        f"/api/questions/{q['id']}/approve", json={"decision": "return"}, headers=pimpinan
    )
    assert no_comment.status_code == 422
    assert (
        no_comment.json()["detail"]
        == "request body: sending an answer back needs a comment saying what to change"
    )
    returned = client.post(
        f"/api/questions/{q['id']}/approve",
        json={"decision": "return", "comment": "Sebutkan laman OSS."},
        headers=pimpinan,
    ).json()
    assert (returned["status"], returned["review_comment"], returned["reviewed_by"]) == (
        "returned",
        "Sebutkan laman OSS.",
        "pimpinan1",
    )
    answer(client, staf, q["id"], "Jawaban kedua: lewat oss.go.id.")
    approved = approve(client, pimpinan, q["id"])
    assert (approved["status"], approved["answer"]) == ("approved", "Jawaban kedua: lewat oss.go.id.")


def test_suggest_question_again(client, accounts, sessions):
    staf = accounts["staf"]
    q = ask(client, staf, NIB)
    body = client.post(f"/api/questions/{q['id']}/suggest", headers=staf).json()
    assert body["suggestions"][0]["id"] != q["suggestions"][0]["id"]
    with sessions() as session:
        assert session.query(Suggestion).filter_by(question_id=q["id"]).count() == 10  # both batches are kept


def test_get_question_unknown(client, accounts):
    response = client.get("/api/questions/999999", headers=accounts["staf"])
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no question 999999"


def test_list_audit_log_records_actions(client, accounts):
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    q = ask(client, staf, NIB)
    answer(client, staf, q["id"], "Jawaban.")
    approve(client, pimpinan, q["id"])
    log = client.get("/api/admin/audit?object_type=question", headers=accounts["admin"]).json()
    assert [(e["actor"], e["action"]) for e in log["items"]] == [
        ("pimpinan1", "question.approve"),
        ("staf1", "question.answer"),
        ("staf1", "question.create"),
    ]
