"""Login with the OAuth2 password flow, bearer tokens, accounts."""

from __future__ import annotations

from api.core import security
from tests.api.conftest import PASSWORD


def _login(client, username: str, password: str):
    return client.post("/api/auth/token", data={"username": username, "password": password})


def test_login_with_password(client, accounts, settings):
    response = _login(client, "staf1", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert (body["token_type"], body["role"], body["expires_in"]) == ("bearer", "staf", 480 * 60)
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert (me["username"], me["role"], me["full_name"]) == ("staf1", "staf", "Test staf")
    assert "password_hash" not in me


def test_login_with_username_in_capitals(client, accounts):
    assert _login(client, "STAF1", PASSWORD).status_code == 200


def test_login_refused(client, accounts):
    for username, password in (("staf1", "wrong password"), ("nobody", PASSWORD), ("staf1", "")):
        response = _login(client, username, password)
        assert response.status_code in (401, 422)
        if response.status_code == 401:
            assert response.json()["detail"] == "wrong username or password"
            assert response.headers["www-authenticate"] == "Bearer"


def test_login_disabled_account(client, accounts):
    staf_id = accounts.users["staf"].id
    client.patch(f"/api/admin/users/{staf_id}", json={"is_active": False}, headers=accounts["admin"])
    assert _login(client, "staf1", PASSWORD).status_code == 401


def test_call_route_with_expired_token(client, accounts, settings):
    token = security.create_token(
        user_id=accounts.users["staf"].id, role="staf", secret=settings.jwt_secret(), minutes=-1
    )
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "the login token has expired: log in again"


def test_call_route_with_token_of_other_secret(client, accounts):
    token = security.create_token(
        user_id=accounts.users["admin"].id, role="admin", secret="another-secret-" * 4, minutes=5
    )
    assert client.get("/api/admin/users", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_call_route_without_token(client):
    response = client.get("/api/questions")
    assert response.status_code == 401
    assert response.json()["detail"] == (
        "this route needs a login: send 'Authorization: Bearer <token>' (get one from POST /api/auth/token)"
    )


def test_create_user_and_log_in(client, accounts):
    admin = accounts["admin"]
    created = client.post(
        "/api/admin/users",
        headers=admin,
        json={
            "username": "siti.rahma",
            "password": "kopi-pagi-cibinong",
            "role": "pimpinan",
            "full_name": "Siti Rahma",
        },
    )
    assert created.status_code == 201
    assert created.json()["role"] == "pimpinan"
    assert _login(client, "siti.rahma", "kopi-pagi-cibinong").json()["role"] == "pimpinan"
    again = client.post(
        "/api/admin/users",
        headers=admin,
        json={"username": "siti.rahma", "password": "kopi-pagi-cibinong", "role": "staf"},
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "there is already a user 'siti.rahma'"
    same = client.post(
        "/api/admin/users",
        headers=admin,
        json={"username": "budi1234", "password": "BUDI1234", "role": "staf"},
    )
    assert same.status_code == 422
    assert same.json()["detail"] == "the password must not be the username"


def test_update_user_password_and_role(client, accounts):
    admin = accounts["admin"]
    staf_id = accounts.users["staf"].id
    body = client.patch(
        f"/api/admin/users/{staf_id}",
        json={"password": "a-new-long-password", "role": "pimpinan"},
        headers=admin,
    ).json()
    assert body["role"] == "pimpinan"
    assert _login(client, "staf1", PASSWORD).status_code == 401
    assert _login(client, "staf1", "a-new-long-password").status_code == 200
    users = client.get("/api/admin/users", headers=admin).json()
    assert users["total"] == 3


def test_update_own_admin_account_refused(client, accounts):
    admin_id = accounts.users["admin"].id
    response = client.patch(
        f"/api/admin/users/{admin_id}", json={"is_active": False}, headers=accounts["admin"]
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "you cannot deactivate yourself or take away your own admin role"


def test_hash_password_with_argon2():
    hashed = security.hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert security.verify_password("correct horse battery", hashed)
    assert not security.verify_password("wrong", hashed)
    assert not security.verify_password("x", "not a hash")
