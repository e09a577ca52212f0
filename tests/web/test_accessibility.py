"""Every page: Indonesian language tag, one main heading, a label for every field, text on every
button, alternative text on every image."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.api.util import next_weekday
from tests.web.conftest import bearer, csrf_of, login


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.fields: list[dict] = []
        self.labels: set[str] = set()
        self.images: list[dict] = []
        self.buttons: list[dict] = []
        self._button: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in ("hidden", "submit", "button")
        ):
            self.fields.append({"tag": tag, **a})
        elif tag == "img":
            self.images.append(a)
        elif tag == "button":
            self._button = {"text": "", **a}
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button["text"] += data.strip()


def check(html: str, where: str) -> None:
    page = Page()
    page.feed(html)
    assert page.lang == "id", where
    assert page.h1 == 1, f"{where}: {page.h1} h1 headings"
    for field in page.fields:
        assert field.get("aria-label") or field.get("id") in page.labels, f"{where}: no label for {field}"
    for image in page.images:
        assert "alt" in image, f"{where}: image without alt: {image}"
    for button in page.buttons:
        assert button["text"] or button.get("aria-label"), f"{where}: button without text: {button}"


@pytest.fixture
def world(client, web_settings) -> dict:
    """A question in each step, an edition, and a tracking code."""
    staf, pimpinan = bearer(client, "staf"), bearer(client, "pimpinan")
    ask = client.post(
        "/api/questions", json={"channel": "email", "text": "gmn cara bikin nib?"}, headers=staf
    )
    pending = ask.json()["id"]
    answered = client.post(
        "/api/questions", json={"channel": "tiktok", "text": "Kapan RAT koperasi diadakan?"}, headers=staf
    ).json()["id"]
    client.post(f"/api/questions/{answered}/answer", json={"answer": "Paling lambat juni."}, headers=staf)
    edition = client.post(
        "/api/editions",
        json={"publish_date": next_weekday(web_settings.publish_weekday).isoformat()},
        headers=staf,
    ).json()["id"]
    approved = client.post(
        "/api/questions", json={"channel": "letter", "text": "Di mana alamat kantor dinas?"}, headers=staf
    ).json()["id"]
    client.post(f"/api/questions/{approved}/answer", json={"answer": "Di Cibinong."}, headers=staf)
    client.post(f"/api/questions/{approved}/approve", json={"decision": "approve"}, headers=pimpinan)
    code = client.post("/api/public/questions", json={"text": "Syarat bazar UMKM?"}).json()["tracking_code"]
    return {"pending": pending, "answered": answered, "edition": edition, "code": code}


def test_check_every_page_for_labels_and_headings(client, world):
    public = ["/", "/?q=nib+warung", "/tanya", "/status", f"/status/{world['code']}?baru=1", "/status?kode=X"]
    for path in public + ["/petugas/masuk"]:
        check(client.get(path).text, path)
    login(client, "staf")
    staff = [
        "/petugas/kotak-masuk",
        f"/petugas/pertanyaan/{world['pending']}",
        f"/petugas/pertanyaan/{world['answered']}",
        "/petugas/edisi",
        f"/petugas/edisi/{world['edition']}",
        f"/petugas/edisi/{world['edition']}/pratinjau",
        "/petugas/persetujuan",  # the 403 page
    ]
    for path in staff:
        check(client.get(path).text, path)
    page = client.get(f"/petugas/pertanyaan/{world['pending']}").text
    refused = client.post(f"/petugas/pertanyaan/{world['pending']}/jawab", data={"csrf_token": csrf_of(page)})
    check(refused.text, "refused answer")
    client.cookies.clear()
    login(client, "pimpinan")
    for path in ["/petugas/persetujuan", f"/petugas/pertanyaan/{world['answered']}"]:
        check(client.get(path).text, path)
    client.cookies.clear()
    login(client, "admin")
    check(client.get("/petugas/indeks").text, "/petugas/indeks")
