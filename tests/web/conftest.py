"""Fixtures for the page tests: the service on a temporary SQLite database with the small index,
a TestClient for page-level tests, and for browser tests a real uvicorn server on 127.0.0.1 (a free
port) driven by Debian's headless Chromium through Selenium.

Browser tests are marked ``browser`` and skipped, saying why, when chromium or chromedriver is not
installed (``make test-setup`` installs both). Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.core import db, security
from api.core.config import Settings
from api.main import create_app
from api.models import Role, User
from api.services.index_versions import write_pointer
from api.services.kb import import_entries
from tests.api.util import ControlledEncoder

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "kata sandi rahasia"
CHROMIUM = os.environ.get("HALOKOP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HALOKOP_CHROMEDRIVER", "/usr/bin/chromedriver")
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


# ------------------------------------------------------------------ database, index, accounts
@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """An empty SQLite database at the schema's head, made once and copied per test."""
    path = tmp_path_factory.mktemp("web-db") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def password_hash() -> str:
    return security.hash_password(PASSWORD)  # argon2 is slow on purpose: hash once


@pytest.fixture
def database_url(tmp_path, migrated_db, small_entries, password_hash) -> str:
    """A fresh database with the small KB published and one account per role (``staf1``, ...)."""
    path = tmp_path / "halokop.sqlite3"
    shutil.copyfile(migrated_db, path)
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    sessions = db.make_sessionmaker(engine)
    with sessions() as session:
        import_entries(session=session, entries=small_entries, actor_name="test")
        for role in Role:
            session.add(
                User(
                    username=f"{role.value}1",
                    role=role.value,
                    password_hash=password_hash,
                    full_name={"staf": "Sari Staf", "pimpinan": "Ibu Kepala Dinas", "admin": "Admin Sistem"}[
                        role.value
                    ],
                )
            )
        session.commit()
    engine.dispose()
    return url


def _index_root(tmp_path: Path, built: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(built, root / "v1")
    write_pointer(root, "v1")
    return root


@pytest.fixture
def web_settings(tmp_path, database_url, built_small_dir) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url=database_url,
        index_root=_index_root(tmp_path, built_small_dir),
        secret_key="web-test-secret-" + "x" * 40,
        calibration_min_positives=5,
        calibration_min_negatives=2,
    )


@pytest.fixture
def encoder(hash_encoder) -> ControlledEncoder:
    return ControlledEncoder(hash_encoder)


@pytest.fixture
def client(web_settings, encoder) -> Iterator[TestClient]:
    """The whole app (API and pages) in-process, with the fake encoder."""
    with TestClient(create_app(web_settings, encoder=encoder)) as c:
        yield c


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def login(client: TestClient, role: str) -> TestClient:
    """Log ``client`` in through the login page as the test account of ``role``."""
    page = client.get("/petugas/masuk")
    response = client.post(
        "/petugas/masuk",
        data={"username": f"{role}1", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def bearer(client: TestClient, role: str) -> dict[str, str]:
    """API headers for the test account of ``role`` (for setting up data through the API)."""
    response = client.post("/api/auth/token", data={"username": f"{role}1", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


# ------------------------------------------------------------------ a real server and a real browser
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the app on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def live_server(web_settings, encoder) -> Iterator[LiveServer]:
    """The app with the fake encoder, served for real."""
    with LiveServer(create_app(web_settings, encoder=encoder)) as server:
        yield server


@pytest.fixture(scope="session")
def e5_index_dir(tmp_path_factory, e5_small_recommender) -> Path:
    """The small KB indexed with the real bundled encoder, saved once."""
    return e5_small_recommender.save(tmp_path_factory.mktemp("web-e5") / "e5")


@pytest.fixture
def e5_live_server(tmp_path, database_url, e5_index_dir, e5_encoder) -> Iterator[LiveServer]:
    """The app with the real bundled encoder (informal words matched for real), served for real."""
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url=database_url,
        index_root=_index_root(tmp_path, e5_index_dir),
        secret_key="web-test-secret-" + "x" * 40,
    )
    with LiveServer(create_app(settings, encoder=e5_encoder)) as server:
        yield server


def _browser_missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} is not installed (apt-get install {package}, or `make test-setup`)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def chrome() -> Iterator:
    """One headless Chromium for the session, with a fresh profile; no browser is downloaded."""
    missing = _browser_missing()
    if missing:
        pytest.skip(f"browser tests need Debian's chromium and chromedriver: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="halokop-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        "--lang=id-ID",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chrome) -> Iterator:
    """The session's browser, with cookies cleared and a desktop-sized window for each test."""
    chrome.delete_all_cookies()
    chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    chrome.set_window_size(1280, 900)
    yield chrome
    chrome.delete_all_cookies()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
