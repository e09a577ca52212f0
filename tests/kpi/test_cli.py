"""``halokop report`` and ``halokop edition export`` against the known database."""

from __future__ import annotations

import os
import zipfile

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from api.cli import build_app
from api.models import Edition
from tests.dbutil import PG_ENV


@pytest.fixture
def env(monkeypatch, tmp_path, kpi_database_url):
    """A clean HALOKOP_ environment on the test database, run from an empty directory."""
    for name in list(os.environ):
        if name.startswith("HALOKOP_") and name != PG_ENV:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HALOKOP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("HALOKOP_DATABASE_URL", kpi_database_url)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(build_app(), list(args))


def test_write_report_file(env, known):
    out = env / "laporan" / "oktober.html"
    result = run("report", "--month", "2026-10", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"2026-10: 11 questions, 8 participants (+300.0% on 2026-09), 7 answered -> {out}"
    )
    html = out.read_text("utf-8")
    assert "<title>Laporan HALO KOP-UKM — Oktober 2026</title>" in html
    assert '<p class="stat-value" id="kpi-pertanyaan">11</p>' in html
    assert '<p class="stat-value" id="kpi-peserta">8</p>' in html
    assert '<span id="kpi-pertumbuhan">+300,0%</span>' in html
    assert '<p class="stat-value" id="kpi-terjawab">7</p>' in html
    assert '<p class="stat-value" id="kpi-median">9,2 hari</p>' in html
    assert '<p class="stat-value" id="kpi-duplikat">2</p>' in html
    assert '<p class="stat-value" id="kpi-penerimaan">37,5%</p>' in html
    assert html.count('src="data:image/svg+xml;base64,') == 4  # charts inline: the file stands alone
    assert "<link" not in html and "<script" not in html
    assert [p.name for p in out.parent.iterdir()] == ["oktober.html"]  # no temporary file left


def test_write_report_file_default_name(env, known):
    result = run("report", "--month", "2026-09")
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith(
        "2026-09: 3 questions, 2 participants (n/a on 2026-08), 1 answered"
    )
    assert (env / "laporan-halokop-2026-09.html").is_file()


def test_write_report_file_into_directory(env, known):
    result = run("report", "--month", "2026-11", "--out", str(env))
    assert result.exit_code == 0, result.output
    assert "Laporan HALO KOP-UKM — November 2026" in (env / "laporan-halokop-2026-11.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "error: --month: month '2026-13' does not exist: the month part must be 01-12"),
        ("2026-W41", "error: --month: '2026-W41' is a week; give a month as YYYY-MM"),
    ],
)
def test_write_report_file_bad_month(env, month, message):
    result = run("report", "--month", month)
    assert result.exit_code == 1
    assert result.output.strip() == message


def test_export_edition_kit(env, kpi_sessions, known):
    with kpi_sessions() as session:
        edition_id = session.scalar(
            select(Edition.id).where(Edition.status == "published").order_by(Edition.id)
        )
    result = run("edition", "export", str(edition_id), "--out", str(env / "paket"))
    assert result.exit_code == 0, result.output
    path = env / "paket" / "halo-kop-ukm-edisi-1-2026-10-08.zip"
    assert result.output.startswith(f"edition {edition_id}: {path} (")
    names = zipfile.ZipFile(path).namelist()
    assert names[0] == "cards/01-sampul.png"
    assert names[-4:] == ["caption-instagram.txt", "naskah-tiktok.txt", "naskah-tiktok.json", "README.txt"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["halo-kop-ukm-edisi-1-2026-10-08.zip"]


def test_export_edition_kit_missing(env, known):
    result = run("edition", "export", "999999", "--out", str(env))
    assert result.exit_code == 1
    assert result.output.strip() == "error: there is no edition 999999"
