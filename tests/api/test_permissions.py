"""Every route × every role → the expected status (the server checks roles, whatever the client shows)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from api.models import BuildStatus, IndexBuild
from tests.api.util import answer, approve, ask, next_weekday

ROLES = ("public", "staf", "pimpinan", "admin")
STAF = {"staf"}
READERS = {"staf", "pimpinan"}
PIMPINAN = {"pimpinan"}
ADMIN = {"admin"}
LOGGED_IN = {"staf", "pimpinan", "admin"}
EVERYONE = set(ROLES)

# (method, path template, request kwargs, roles allowed, status when allowed)
ROUTES = [
    ("GET", "/health", {}, EVERYONE, 200),
    (
        "POST",
        "/api/auth/token",
        {"data": {"username": "staf1", "password": "correct horse battery"}},
        EVERYONE,
        200,
    ),
    ("GET", "/api/auth/me", {}, LOGGED_IN, 200),
    ("GET", "/api/public/search?q=sertifikat+halal", {}, EVERYONE, 200),
    (
        "POST",
        "/api/public/questions",
        {"json": {"text": "Apakah ada pelatihan ekspor untuk UMKM?"}},
        EVERYONE,
        201,
    ),
    ("GET", "/api/public/questions/{code}", {}, EVERYONE, 200),
    (
        "POST",
        "/api/questions",
        {"json": {"channel": "tiktok", "text": "Bagaimana cara ikut pameran UMKM?"}},
        STAF,
        201,
    ),
    (
        "POST",
        "/api/questions/import",
        {
            "files": {
                "file": ("export.csv", b"channel,text\nemail,Apakah ada bantuan modal usaha?\n", "text/csv")
            }
        },
        STAF,
        200,
    ),
    ("GET", "/api/questions?status=pending", {}, READERS, 200),
    ("GET", "/api/questions/groups", {}, READERS, 200),
    ("GET", "/api/questions/{pending}", {}, READERS, 200),
    ("POST", "/api/questions/{pending}/answer", {"json": {"answer": "Jawaban petugas."}}, STAF, 200),
    ("POST", "/api/questions/{pending}/mark-duplicate", {"json": {"ref": "t-nib"}}, STAF, 200),
    ("POST", "/api/questions/{pending}/reject", {"json": {"reason": "spam"}}, STAF, 200),
    (
        "POST",
        "/api/questions/{pending}/feedback",
        {
            "json": {
                "items": [{"suggestion_id": "{suggestion}", "action": "rejected", "reason": "not_related"}]
            }
        },
        STAF,
        200,
    ),
    ("POST", "/api/questions/{pending}/suggest", {}, STAF, 200),
    ("POST", "/api/questions/{answered}/approve", {"json": {"decision": "approve"}}, PIMPINAN, 200),
    ("POST", "/api/editions", {"json": {"publish_date": "{later_date}"}}, READERS, 201),
    ("GET", "/api/editions", {}, READERS, 200),
    ("GET", "/api/editions/{edition}", {}, READERS, 200),
    ("POST", "/api/editions/{edition}/items", {"json": {"question_ids": ["{approved}"]}}, READERS, 200),
    ("PUT", "/api/editions/{edition}/items", {"json": {"question_ids": ["{scheduled}"]}}, READERS, 200),
    ("DELETE", "/api/editions/{edition}/items/{scheduled}", {}, READERS, 200),
    ("POST", "/api/editions/{edition}/publish", {}, PIMPINAN, 200),
    ("GET", "/api/admin/index", {}, ADMIN, 200),
    ("POST", "/api/admin/index/rebuild", {"json": {"activate": False}}, ADMIN, 202),
    ("GET", "/api/admin/index/builds/{build}", {}, ADMIN, 200),
    ("POST", "/api/admin/index/activate", {"json": {"version": "v1"}}, ADMIN, 200),
    ("GET", "/api/admin/users", {}, ADMIN, 200),
    (
        "POST",
        "/api/admin/users",
        {"json": {"username": "baru", "password": "a-long-password", "role": "staf"}},
        ADMIN,
        201,
    ),
    ("PATCH", "/api/admin/users/{staf_id}", {"json": {"full_name": "Nama Baru"}}, ADMIN, 200),
    ("GET", "/api/admin/audit", {}, ADMIN, 200),
]

CASES = [
    pytest.param(
        method,
        path,
        kwargs,
        role,
        (status if role in allowed else 401 if role == "public" else 403),
        id=f"{method} {path} as {role}",
    )
    for method, path, kwargs, allowed, status in ROUTES
    for role in ROLES
]


@pytest.fixture
def world(client, accounts, sessions, settings) -> dict:
    """One object in every workflow state, so each route has something valid to act on."""
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]
    pending = ask(client, staf, "gmn cara bikin nib utk warung sy?")
    answered = ask(client, staf, "Berapa bunga KUR mikro tahun ini?")
    answer(client, staf, answered["id"], "Bunga KUR mikro 6 persen per tahun.")
    approved = ask(client, staf, "Di mana alamat kantor dinas koperasi?")
    answer(client, staf, approved["id"], "Jl. Tegar Beriman, Cibinong.")
    approve(client, pimpinan, approved["id"])
    scheduled = ask(client, staf, "Kapan RAT koperasi harus diadakan?")
    answer(client, staf, scheduled["id"], "Paling lambat enam bulan setelah tahun buku berakhir.")
    approve(client, pimpinan, scheduled["id"])
    day = next_weekday(settings.publish_weekday)
    edition = client.post("/api/editions", json={"publish_date": day.isoformat()}, headers=staf).json()
    client.post(
        f"/api/editions/{edition['id']}/items", json={"question_ids": [scheduled["id"]]}, headers=staf
    )
    with sessions() as session:
        build = IndexBuild(status=BuildStatus.succeeded.value, version="v1", activate=False)
        session.add(build)
        session.commit()
        build_id = build.id
    code = client.post("/api/public/questions", json={"text": "Syarat ikut bazar UMKM apa saja?"}).json()
    return {
        "pending": pending["id"],
        "suggestion": pending["suggestions"][0]["id"],
        "answered": answered["id"],
        "approved": approved["id"],
        "scheduled": scheduled["id"],
        "edition": edition["id"],
        "later_date": (day + dt.timedelta(days=14)).isoformat(),
        "build": build_id,
        "code": code["tracking_code"],
        "staf_id": accounts.users["staf"].id,
    }


def _fill(value, world: dict):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in world:
        return world[value[1:-1]]
    if isinstance(value, str):
        return value.format(**world)
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "kwargs", "role", "expected"), CASES)
def test_call_route_as_role(client, accounts, world, state, method, path, kwargs, role, expected):
    kwargs = {k: (v if k == "files" else _fill(v, world)) for k, v in kwargs.items()}
    response = client.request(method, path.format(**world), headers=accounts[role], **kwargs)
    state.builds.wait(timeout=60)  # a started rebuild finishes before the database is emptied
    assert response.status_code == expected, response.text
    if expected in (401, 403):
        assert response.json()["detail"]
    if expected == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_call_route_with_forged_token(client, accounts):
    forged = accounts["staf"]["Authorization"][:-4] + "AAAA"
    response = client.get("/api/questions", headers={"Authorization": forged})
    assert response.status_code == 401
    assert response.json()["detail"] == "the login token is not valid: log in again"


def test_call_route_with_token_of_disabled_user(client, accounts):
    admin = accounts["admin"]
    staf_id = accounts.users["staf"].id
    assert (
        client.patch(f"/api/admin/users/{staf_id}", json={"is_active": False}, headers=admin).status_code
        == 200
    )
    response = client.get("/api/questions", headers=accounts["staf"])
    assert response.status_code == 401
    assert response.json()["detail"] == "this account no longer exists or is disabled"


def test_call_route_after_role_change(client, accounts):
    """The role is read from the database on each request, not trusted from the token."""
    staf_id = accounts.users["staf"].id
    client.patch(f"/api/admin/users/{staf_id}", json={"role": "admin"}, headers=accounts["admin"])
    assert client.get("/api/questions", headers=accounts["staf"]).status_code == 403
    assert client.get("/api/admin/users", headers=accounts["staf"]).status_code == 200


def test_list_routes_all_in_table():
    """Every route of the service's routers is in the table above, so none escapes the role check."""
    from api.routers import admin, auth, editions, health, public, questions

    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path.split("?")[0])

    served = {
        (method, shape(route.path))
        for module in (admin, auth, editions, health, public, questions)
        for route in module.router.routes
        for method in route.methods
    }
    listed = {(method, shape(path)) for method, path, *_ in ROUTES}
    assert served == listed
