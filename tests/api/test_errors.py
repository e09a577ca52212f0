"""Invalid requests get a 4xx with a message that says what is wrong, never a 500."""

from __future__ import annotations

import pytest

BAD_REQUESTS = [
    # (method, path, request kwargs, role, status, detail starts with)
    (
        "POST",
        "/api/questions",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        "staf",
        422,
        "the request body is not valid JSON",
    ),
    (
        "POST",
        "/api/questions",
        {"json": ["a", "list"]},
        "staf",
        422,
        "request body: Input should be a valid dictionary or object to extract fields from",
    ),
    ("POST", "/api/questions", {}, "staf", 422, "the request body is required"),
    (
        "POST",
        "/api/questions",
        {"json": {"channel": "email", "text": "halo\x00"}},
        "staf",
        422,
        "field 'text': must not contain NUL (\\x00) characters",
    ),
    (
        "POST",
        "/api/questions",
        {"json": {"channel": "email", "text": "halo", "received_at": "yesterday"}},
        "staf",
        422,
        "field 'received_at': Input should be a valid datetime",
    ),
    (
        "GET",
        "/api/questions/abc",
        {},
        "staf",
        422,
        "path parameter 'question_id': Input should be a valid integer, unable to parse string as an integer",
    ),
    (
        "GET",
        "/api/questions/99999999999",
        {},
        "staf",
        422,
        "path parameter 'question_id': Input should be less than",
    ),
    (
        "GET",
        "/api/questions?limit=0",
        {},
        "staf",
        422,
        "query parameter 'limit': Input should be greater than",
    ),
    (
        "GET",
        "/api/questions?offset=-1",
        {},
        "staf",
        422,
        "query parameter 'offset': Input should be greater than",
    ),
    ("GET", "/api/questions?channel=fax", {}, "staf", 422, "query parameter 'channel': Input should be"),
    (
        "GET",
        "/api/questions?category=a%00b",
        {},
        "staf",
        422,
        "query parameter 'category': must not contain NUL (\\x00) characters",
    ),
    (
        "POST",
        "/api/questions/import",
        {"data": {"channel": "email"}},
        "staf",
        422,
        "field 'file' is required",
    ),
    (
        "POST",
        "/api/questions/import",
        {"files": {"file": ("x.xml", b"<a/>", "text/xml")}, "data": {"format": "xml"}},
        "staf",
        422,
        "field 'format': Input should be 'csv' or 'jsonl'",
    ),
    (
        "POST",
        "/api/questions/1/answer",
        {"json": {"answer": ""}},
        "staf",
        422,
        "field 'answer': String should have at least 1 character",
    ),
    (
        "POST",
        "/api/questions/1/answer",
        {"json": {"answer": "x", "source": "suggestion"}},
        "staf",
        422,
        "request body: source 'suggestion' needs based_on: the ref of the suggestion used",
    ),
    (
        "POST",
        "/api/questions/1/feedback",
        {"json": {"items": []}},
        "staf",
        422,
        "field 'items': List should have at least 1 item",
    ),
    (
        "POST",
        "/api/questions/1/feedback",
        {"json": {"items": [{"suggestion_id": 2**40, "action": "accepted"}]}},
        "staf",
        422,
        "field 'items.0.suggestion_id': Input should be less than or equal to 2147483647",
    ),
    (
        "POST",
        "/api/questions/1/mark-duplicate",
        {"json": {"ref": "../etc"}},
        "staf",
        422,
        "field 'ref': String should match pattern",
    ),
    (
        "POST",
        "/api/questions/12345/reject",
        {"json": {"reason": "spam"}},
        "staf",
        404,
        "there is no question 12345",
    ),
    (
        "POST",
        "/api/editions",
        {"json": {"publish_date": "2026-02-30"}},
        "staf",
        422,
        "field 'publish_date': Input should be a valid date",
    ),
    ("POST", "/api/editions/77/publish", {}, "pimpinan", 404, "there is no edition 77"),
    (
        "POST",
        "/api/editions/77/items",
        {"json": {"question_ids": [0]}},
        "staf",
        422,
        "field 'question_ids.0': Input should be greater than or equal to 1",
    ),
    (
        "POST",
        "/api/admin/index/activate",
        {"json": {"version": ""}},
        "admin",
        422,
        "field 'version': String should have at least 1 character",
    ),
    ("GET", "/api/admin/index/builds/5", {}, "admin", 404, "there is no index build 5"),
    (
        "PATCH",
        "/api/admin/users/1",
        {"json": {"role": "root"}},
        "admin",
        422,
        "field 'role': Input should be 'staf', 'pimpinan' or 'admin'",
    ),
    ("PATCH", "/api/admin/users/4242", {"json": {"full_name": "x"}}, "admin", 404, "there is no user 4242"),
    (
        "POST",
        "/api/admin/users",
        {"json": {"username": "Bad Name", "password": "long-enough-pw", "role": "staf"}},
        "admin",
        422,
        "field 'username': String should match pattern",
    ),
    (
        "POST",
        "/api/admin/users",
        {"json": {"username": "short", "password": "short", "role": "staf"}},
        "admin",
        422,
        "field 'password': String should have at least 8 characters",
    ),
    (
        "POST",
        "/api/auth/token",
        {"data": {"username": "staf1"}},
        "public",
        422,
        "field 'password' is required",
    ),
    (
        "POST",
        "/api/auth/token",
        {"data": {"username": "a\x00", "password": "x"}},
        "public",
        401,
        "wrong username or password",
    ),
    ("GET", "/api/nothing/here", {}, "public", 404, "no such path: see /docs"),
    ("DELETE", "/api/questions", {}, "staf", 405, "this path does not accept that method"),
    (
        "GET",
        "/api/public/questions/HK-%00",
        {},
        "public",
        422,
        "path parameter 'tracking_code': must not contain NUL",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "role", "status", "detail"),
    BAD_REQUESTS,
    ids=[f"{m} {p} {s}" for m, p, _, _, s, _ in BAD_REQUESTS],
)
def test_send_bad_request(client, accounts, method, path, kwargs, role, status, detail):
    kwargs = dict(kwargs)  # the table is shared by the SQLite and PostgreSQL runs
    headers = {**accounts[role], **kwargs.pop("headers", {})}
    response = client.request(method, path, headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"].startswith(detail), response.json()["detail"]


def test_send_oversized_body(client, accounts, state):
    limit = state.settings.max_import_bytes
    response = client.post(
        "/api/public/questions",
        content=b"x" * (limit + 100_000),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert (
        response.json()["detail"]
        == f"the request body has {limit + 100_000} bytes; the limit is {limit + 64_000}"
    )


def test_import_oversized_file(client, accounts, state):
    state.settings.max_import_bytes = 1000
    response = client.post(
        "/api/questions/import",
        headers=accounts["staf"],
        files={"file": ("big.csv", b"channel,text\n" + b"email,halo\n" * 200, "text/csv")},
    )
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "the file is larger than the limit of 1000 bytes (HALOKOP_MAX_IMPORT_BYTES): split it"
    )


def test_create_question_with_emoji_and_script(client, accounts):
    text = "Min 🙏 gmn cara bikin NIB?? <script>alert(1)</script> — terima kasih"
    response = client.post(
        "/api/questions", json={"channel": "tiktok", "text": text}, headers=accounts["staf"]
    )
    assert response.status_code == 201
    assert response.json()["text"] == text
