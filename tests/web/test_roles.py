"""Each page lets in exactly the roles the API route behind it lets in: the pages check roles on the
server too, and cannot drift from the API's role table (tests/api/test_permissions.py)."""

from __future__ import annotations

import pytest

from api.core import security
from api.repository import users as users_repo
from api.web.session import SESSION_COOKIE

ROLES = ("public", "staf", "pimpinan", "admin")
NO_SUCH = 999_999

# (page method, page path) -> (API method, API path). Page POSTs carry no CSRF token and API bodies
# are invalid, so an allowed request is refused for that reason (422/404) and changes nothing.
PAIRS = [
    (("GET", "/petugas/kotak-masuk"), ("GET", "/api/questions")),
    (("GET", f"/petugas/pertanyaan/{NO_SUCH}"), ("GET", f"/api/questions/{NO_SUCH}")),
    (("POST", f"/petugas/pertanyaan/{NO_SUCH}/jawab"), ("POST", f"/api/questions/{NO_SUCH}/answer")),
    (
        ("POST", f"/petugas/pertanyaan/{NO_SUCH}/duplikat"),
        ("POST", f"/api/questions/{NO_SUCH}/mark-duplicate"),
    ),
    (("POST", f"/petugas/pertanyaan/{NO_SUCH}/tolak"), ("POST", f"/api/questions/{NO_SUCH}/reject")),
    (("POST", f"/petugas/pertanyaan/{NO_SUCH}/nilai"), ("POST", f"/api/questions/{NO_SUCH}/feedback")),
    (("POST", f"/petugas/pertanyaan/{NO_SUCH}/saran-ulang"), ("POST", f"/api/questions/{NO_SUCH}/suggest")),
    (("GET", "/petugas/persetujuan"), ("POST", f"/api/questions/{NO_SUCH}/approve")),
    (("POST", f"/petugas/persetujuan/{NO_SUCH}"), ("POST", f"/api/questions/{NO_SUCH}/approve")),
    (("GET", "/petugas/edisi"), ("GET", "/api/editions")),
    (("POST", "/petugas/edisi"), ("POST", "/api/editions")),
    (("GET", f"/petugas/edisi/{NO_SUCH}"), ("GET", f"/api/editions/{NO_SUCH}")),
    (("GET", f"/petugas/edisi/{NO_SUCH}/pratinjau"), ("GET", f"/api/editions/{NO_SUCH}")),
    (("POST", f"/petugas/edisi/{NO_SUCH}/tambah"), ("POST", f"/api/editions/{NO_SUCH}/items")),
    (("POST", f"/petugas/edisi/{NO_SUCH}/urutan"), ("PUT", f"/api/editions/{NO_SUCH}/items")),
    (("POST", f"/petugas/edisi/{NO_SUCH}/hapus"), ("DELETE", f"/api/editions/{NO_SUCH}/items/1")),
    (("POST", f"/petugas/edisi/{NO_SUCH}/terbitkan"), ("POST", f"/api/editions/{NO_SUCH}/publish")),
    (("GET", "/petugas/indeks"), ("GET", "/api/admin/index")),
    (("POST", "/petugas/indeks/bangun"), ("POST", "/api/admin/index/rebuild")),
    (("POST", "/petugas/indeks/aktifkan"), ("POST", "/api/admin/index/activate")),
]


def _token(client, role: str) -> str:
    state = client.app.state.service
    with state.sessions() as session:
        user = users_repo.get_by_username(session=session, username=f"{role}1")
        return security.create_token(user_id=user.id, role=user.role, secret=state.secret, minutes=5)


def _page_allowed(client, role: str, method: str, path: str) -> bool:
    client.cookies.clear()
    if role != "public":
        client.cookies.set(SESSION_COOKIE, _token(client, role))
    response = client.request(method, path, data={} if method == "POST" else None, follow_redirects=False)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/petugas/masuk"), response.headers["location"]
        return False
    assert response.status_code != 500, response.text
    return response.status_code not in (401, 403)


def _api_allowed(client, role: str, method: str, path: str) -> bool:
    client.cookies.clear()
    headers = {} if role == "public" else {"Authorization": f"Bearer {_token(client, role)}"}
    body = {"bogus": 1} if method in ("POST", "PUT") else None
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code != 500, response.text
    return response.status_code not in (401, 403)


@pytest.mark.parametrize(("page", "api"), PAIRS, ids=[f"{p[0]} {p[1]}" for p, _ in PAIRS])
def test_open_page_as_each_role_matches_api(client, page, api):
    pages = {role for role in ROLES if _page_allowed(client, role, *page)}
    apis = {role for role in ROLES if _api_allowed(client, role, *api)}
    assert pages == apis
    assert "public" not in pages


@pytest.mark.parametrize("path", ["/", "/tanya", "/status", "/status?kode=HK-ZZZZ9999", "/petugas/masuk"])
def test_open_public_page_without_login(client, path):
    assert client.get(path).status_code in (200, 404)
