"""The dashboard page, its report download and the JSON: who may see them, and what they show."""

from __future__ import annotations

import pytest

from api.web.session import SESSION_COOKIE

ROLES_STATUS = [("public", 401), ("staf", 403), ("pimpinan", 200), ("admin", 200)]


@pytest.mark.parametrize(("role", "expected"), ROLES_STATUS)
def test_get_kpi_json_as_role(client, accounts, role, expected):
    response = client.get("/api/admin/kpi?month=2026-10", headers=accounts[role])
    assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), ROLES_STATUS)
def test_get_dashboard_as_role(client, accounts, role, expected):
    response = client.get("/admin/dashboard?month=2026-10", headers=accounts[role])
    assert response.status_code == expected
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("role", "expected"), ROLES_STATUS)
def test_get_dashboard_report_as_role(client, accounts, role, expected):
    response = client.get("/admin/dashboard/report?month=2026-10", headers=accounts[role])
    assert response.status_code == expected


def test_get_kpi_json_figures(client, accounts, known):
    response = client.get("/api/admin/kpi", params={"month": "2026-10"}, headers=accounts["admin"])
    assert response.status_code == 200
    data = response.json()
    month = data["month"]
    assert month["period"]["label"] == "Oktober 2026"
    assert (month["questions_received"], month["participants"], month["participants_growth_pct"]) == (
        11,
        8,
        300.0,
    )
    assert month["by_channel"]["instagram"] == {
        "questions": 3,
        "participants": 2,
        "previous_participants": 1,
        "growth_pct": 100.0,
    }
    assert month["median_hours_to_publication"] == 220.0
    assert month["feedback"]["acceptance_pct"] == 37.5
    assert [(w["period"]["key"], w["participants"], w["participants_growth_pct"]) for w in data["weeks"]] == [
        ("2026-W40", 2, 0.0),
        ("2026-W41", 0, -100.0),
        ("2026-W42", 3, None),
        ("2026-W43", 4, 33.3),
        ("2026-W44", 2, -50.0),
    ]


def test_get_kpi_json_never_shows_senders(client, accounts, known):
    body = client.get("/api/admin/kpi?month=2026-10", headers=accounts["admin"]).text
    for personal in ("siti@example.id", "Siti", "0812", "budi", "citra", "Ahmad"):
        assert personal not in body


@pytest.mark.parametrize(
    ("month", "detail"),
    [
        ("2026-13", "query parameter 'month': month '2026-13' does not exist: the month part must be 01-12"),
        ("2026-W41", "query parameter 'month': '2026-W41' is a week; give a month as YYYY-MM"),
        (
            "oktober",
            "query parameter 'month': 'oktober' is not a period: write a month as YYYY-MM (e.g. 2026-10)",
        ),
    ],
)
def test_get_kpi_json_bad_month(client, accounts, month, detail):
    response = client.get("/api/admin/kpi", params={"month": month}, headers=accounts["admin"])
    assert response.status_code == 422
    assert response.json()["detail"] == detail


def test_get_kpi_json_default_month(client, accounts):
    response = client.get("/api/admin/kpi", headers=accounts["pimpinan"])
    assert response.status_code == 200
    assert response.json()["month"]["period"]["kind"] == "month"


def test_get_dashboard_shows_figures(client, accounts, known):
    response = client.get("/admin/dashboard?month=2026-10", headers=accounts["admin"])
    html = response.text
    assert '<h2 id="judul-ringkasan">Ringkasan Oktober 2026</h2>' in html
    assert '<p class="stat-value" id="kpi-peserta">8</p>' in html
    assert '<span id="kpi-pertumbuhan">+300,0%</span> dibanding September 2026 (2)' in html
    assert '<p class="stat-value" id="kpi-median">9,2 hari</p>' in html
    assert '<p class="stat-value" id="kpi-penerimaan">37,5%</p>' in html
    assert html.count('src="data:image/svg+xml;base64,') == 4
    assert "https://" not in html.split("<body", 1)[1].split("</main>", 1)[0]  # nothing from a CDN
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_get_dashboard_with_session_cookie(client, accounts, known):
    client.cookies.set(SESSION_COOKIE, accounts.tokens["pimpinan"])
    response = client.get("/admin/dashboard?month=2026-10")
    assert response.status_code == 200
    assert "Ringkasan Oktober 2026" in response.text


def test_get_dashboard_as_staf_with_session_cookie(client, accounts):
    client.cookies.set(SESSION_COOKIE, accounts.tokens["staf"])
    response = client.get("/admin/dashboard")
    assert response.status_code == 403
    assert "Halaman ini untuk peran Admin atau Pimpinan. Anda masuk sebagai Staf." in response.text


def test_get_dashboard_logged_out(client):
    response = client.get("/admin/dashboard")
    assert response.status_code == 401
    assert "Halaman ini hanya untuk petugas." in response.text
    assert 'href="/petugas/masuk"' in response.text


def test_get_dashboard_bad_month(client, accounts):
    response = client.get("/admin/dashboard?month=2026-13", headers=accounts["admin"])
    assert response.status_code == 400
    assert "“2026-13” bukan bulan. Tulis bulan sebagai TTTT-BB, misalnya 2026-10." in response.text


def test_get_dashboard_report_file(client, accounts, known):
    response = client.get("/admin/dashboard/report?month=2026-10", headers=accounts["pimpinan"])
    assert response.headers["content-disposition"] == 'attachment; filename="laporan-halokop-2026-10.html"'
    assert "<title>Laporan HALO KOP-UKM — Oktober 2026</title>" in response.text
    assert '<p class="stat-value" id="kpi-pertanyaan">11</p>' in response.text
