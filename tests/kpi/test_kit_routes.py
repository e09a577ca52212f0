"""The publishing kit download: GET /api/editions/{id}/kit, and /petugas/edisi/{id}/paket for the page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import select

from api.models import Edition
from api.web.session import SESSION_COOKIE

NON_CARD_FILES = ["caption-instagram.txt", "naskah-tiktok.txt", "naskah-tiktok.json", "README.txt"]


@pytest.fixture
def editions(kpi_sessions, known) -> dict[str, int]:
    """Edition ids of the known database, plus an empty draft."""
    with kpi_sessions() as session:
        rows = {e.publish_date.isoformat(): e.id for e in session.scalars(select(Edition))}
        empty = Edition(publish_date=dt.date(2026, 11, 12), title="Kosong")
        session.add(empty)
        session.commit()
        rows["empty"] = empty.id
    return rows


@pytest.mark.parametrize(
    ("role", "expected"), [("public", 401), ("staf", 200), ("pimpinan", 200), ("admin", 200)]
)
def test_download_kit_as_role(client, accounts, editions, role, expected):
    response = client.get(f"/api/editions/{editions['2026-10-22']}/kit", headers=accounts[role])
    assert response.status_code == expected


def test_download_kit_zip(client, accounts, editions):
    response = client.get(f"/api/editions/{editions['2026-10-22']}/kit", headers=accounts["staf"])
    assert response.headers["content-type"] == "application/zip"
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="halo-kop-ukm-edisi-2-2026-10-22.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    cards = [n for n in names if n.startswith("cards/")]
    assert names[len(cards) :] == NON_CARD_FILES
    assert cards[0] == "cards/01-sampul.png"
    assert cards[-1].endswith("-penutup.png")
    assert len([c for c in cards if "tanya-jawab" in c and "lanjutan" not in c]) == 3  # one per Q&A
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("README.txt").decode()
    assert readme.startswith("PAKET PUBLIKASI HALO KOP-UKM — Edisi 2 (22 Oktober 2026)")


def test_download_kit_of_draft_edition(client, accounts, editions):
    response = client.get(f"/api/editions/{editions['2026-11-05']}/kit", headers=accounts["pimpinan"])
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="halo-kop-ukm-edisi-3-2026-11-05.zip"'
    )


def test_download_kit_of_empty_edition(client, accounts, editions):
    response = client.get(f"/api/editions/{editions['empty']}/kit", headers=accounts["staf"])
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"edition {editions['empty']} has no questions yet: add approved answers before exporting"
    )


def test_download_kit_of_missing_edition(client, accounts):
    response = client.get("/api/editions/999999/kit", headers=accounts["staf"])
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no edition 999999"


def test_download_kit_page_with_session_cookie(client, accounts, editions):
    client.cookies.set(SESSION_COOKIE, accounts.tokens["staf"])
    response = client.get(f"/petugas/edisi/{editions['2026-10-08']}/paket")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="halo-kop-ukm-edisi-1-2026-10-08.zip"'
    )


def test_download_kit_page_logged_out(client, editions):
    response = client.get(f"/petugas/edisi/{editions['2026-10-08']}/paket")
    assert response.status_code == 401
    assert "/petugas/masuk?lanjut=%2Fpetugas%2Fedisi%2F" in response.text


def test_download_kit_page_of_empty_edition(client, accounts, editions):
    client.cookies.set(SESSION_COOKIE, accounts.tokens["pimpinan"])
    response = client.get(f"/petugas/edisi/{editions['empty']}/paket")
    assert response.status_code == 409
    assert "Edisi ini belum berisi pertanyaan." in response.text
