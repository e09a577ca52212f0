"""The pages in a real browser: headless Debian Chromium (Selenium) against uvicorn on 127.0.0.1.

Screenshots of every page are written to ``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import httpx
import pytest

from api.publishing.model import format_date_id
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

PUBLIC_QUESTION = "Bagaimana cara mendaftarkan merek dagang produk UMKM?"
INFORMAL_SEARCH = "gmn cara daftar merek buat produk usaha kecil?"
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
WAIT = 20


# ------------------------------------------------------------------ helpers
def wait(driver, condition, timeout: float = WAIT):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A page being replaced by the next one: look again.
    ignored = (StaleElementReferenceException, NoSuchElementException)
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(condition)


def find(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def button(driver, text: str, scope=None):
    """The button or link showing exactly ``text``."""
    from selenium.webdriver.common.by import By

    where = scope or driver
    found = [
        e
        for e in where.find_elements(By.XPATH, ".//button | .//a")
        if e.text.strip() == text and e.is_displayed()
    ]
    assert found, f"no button {text!r}"
    return found[0]


def click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def type_into(element, text: str) -> None:
    element.clear()
    element.send_keys(text)


def page_text(driver) -> str:
    return find(driver, "body").text


def shot(driver, directory: Path, name: str) -> Path:
    """A screenshot of the whole page: the window is made as tall as the page for the moment."""
    width, height, phone = driver.execute_script(
        "window.scrollTo(0, 0);"
        "return [window.innerWidth, document.documentElement.scrollHeight, window.innerWidth <= 400];"
    )
    metrics = {**PHONE} if phone else {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": min(height, 8000)})
    try:
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        if phone:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        else:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path = directory / f"{name}.png"
    path.write_bytes(base64.b64decode(data["data"]))
    return path


def fits_width(driver) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1;")


def log_in(driver, base: str, role: str) -> None:
    driver.get(f"{base}/petugas/masuk")
    type_into(find(driver, "#username"), f"{role}1")
    type_into(find(driver, "#password"), PASSWORD)
    click(driver, button(driver, "Masuk"))
    wait(driver, lambda d: "/petugas/masuk" not in d.current_url)


def log_out(driver) -> None:
    click(driver, button(driver, "Keluar"))
    wait(driver, lambda d: "Anda sudah keluar." in page_text(d))


def api_headers(base: str, role: str) -> dict[str, str]:
    token = httpx.post(f"{base}/api/auth/token", data={"username": f"{role}1", "password": PASSWORD})
    token.raise_for_status()
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


# ------------------------------------------------------------------ the whole workflow
@pytest.mark.slow
def test_answer_approve_publish_and_find_with_informal_words(browser, e5_live_server, screenshots):
    """Staff answer from the draft, the head of office approves and publishes, the admin sees the
    live index grow, and a citizen finds the answer by typing informal words."""
    from selenium.webdriver.support.ui import Select

    base = e5_live_server.url
    staf = api_headers(base, "staf")
    asked = httpx.post(
        f"{base}/api/questions",
        json={
            "channel": "instagram",
            "text": MEREK_QUESTION,
            "sender_name": "Ibu Rina",
            "sender_handle": "@rina",
        },
        headers=staf,
    )
    assert asked.status_code == 201, asked.text
    question_id = asked.json()["id"]
    httpx.post(
        f"{base}/api/questions",
        json={
            "channel": "whatsapp",
            "text": "Kapan koperasi wajib mengadakan RAT?",
            "sender_name": "Pak Dedi",
        },
        headers=staf,
    )

    # 1. a staff member logs in and opens the new question
    browser.get(f"{base}/petugas/masuk")
    shot(browser, screenshots, "01-login")
    log_in(browser, base, "staf")
    assert browser.current_url == f"{base}/petugas/kotak-masuk"
    assert "Menunggu 2" in " ".join(find(browser, ".tabs").text.split())
    shot(browser, screenshots, "02-inbox")
    click(browser, find(browser, f'a[href="/petugas/pertanyaan/{question_id}"]'))
    wait(browser, lambda d: d.current_url.endswith(f"/petugas/pertanyaan/{question_id}"))

    # 2. the question, how the engine read it, its verdict and the matches side by side
    assert find(browser, "#teks-asli").text == MEREK_QUESTION
    assert "merek" in find(browser, "#dibaca-mesin").text
    verdict = find(browser, ".page-head .badge-new, .page-head .badge-rel, .page-head .badge-dup").text
    assert verdict.split(" · ")[0] in ("Baru", "Mirip", "Duplikat") and "skor" in verdict
    matches = find_all(browser, "article.match")
    assert len(matches) == 5
    assert "Saran 1" in matches[0].text
    left, right = find(browser, ".compare-left"), find(browser, ".compare-right")
    assert left.location["y"] == right.location["y"] and left.location["x"] < right.location["x"]
    shot(browser, screenshots, "03-question")

    # 3. answer from the draft: keep its greeting and closing, write the new part
    click(browser, find(browser, "#tulis-baru"))
    assert find(browser, "#jawaban").get_attribute("value") == ""
    click(browser, find(browser, "#pakai-draf"))
    draft = find(browser, "#jawaban").get_attribute("value").splitlines()
    assert draft[0] == "Halo Sahabat KOP-UKM, terima kasih atas pertanyaannya."
    reply = "\n".join([draft[0], "", MEREK_ANSWER, "", draft[-1]])
    type_into(find(browser, "#jawaban"), reply)
    type_into(find(browser, "#pertanyaan_publik"), PUBLIC_QUESTION)
    Select(find(browser, "#kategori")).select_by_visible_text("Perizinan usaha")
    top_id = matches[0].get_attribute("id").removeprefix("saran-")
    Select(find(browser, f"#fb_{top_id}")).select_by_visible_text("Tidak terkait")
    shot(browser, screenshots, "04-question-answered")
    click(browser, find(browser, "#kirim-persetujuan"))
    wait(browser, lambda d: "dikirim untuk persetujuan pimpinan" in page_text(d))
    shot(browser, screenshots, "05-inbox-after-answer")
    stored = httpx.get(f"{base}/api/questions/{question_id}", headers=staf).json()
    assert (stored["status"], stored["answer_source"]) == ("answered", "draft")
    assert stored["answer"] == reply
    assert (stored["suggestions"][0]["feedback"], stored["suggestions"][0]["feedback_reason"]) == (
        "rejected",
        "not_related",
    )
    log_out(browser)

    # 4. the head of office approves
    log_in(browser, base, "pimpinan")
    assert browser.current_url == f"{base}/petugas/persetujuan"
    item = find(browser, f"#persetujuan-{question_id}")
    assert PUBLIC_QUESTION in item.text and "merek.dgip.go.id" in item.text
    shot(browser, screenshots, "06-approvals")
    click(browser, button(browser, "Setujui", item))
    wait(browser, lambda d: "disetujui dan siap dimasukkan ke edisi" in page_text(d))

    # 5. the week's edition: started, filled, previewed, published
    click(browser, button(browser, "Edisi"))
    wait(browser, lambda d: d.current_url.endswith("/petugas/edisi"))
    shot(browser, screenshots, "07-editions")
    publish_day = dt.date.fromisoformat(find(browser, "#tanggal").get_attribute("value"))
    click(browser, button(browser, "Buat edisi"))
    wait(browser, lambda d: "Edisi dibuat." in page_text(d))
    click(browser, find(browser, f"#pilih-{question_id}"))
    click(browser, button(browser, "Tambahkan ke edisi"))
    wait(browser, lambda d: "Pertanyaan ditambahkan ke edisi." in page_text(d))
    assert PUBLIC_QUESTION in find(browser, ".edition-items").text
    shot(browser, screenshots, "08-edition-builder")
    click(browser, button(browser, "Pratinjau"))
    wait(browser, lambda d: "/pratinjau" in d.current_url)
    assert PUBLIC_QUESTION in find(browser, ".preview").text
    shot(browser, screenshots, "09-edition-preview")
    browser.back()
    click(browser, button(browser, "Terbitkan edisi"))
    wait(browser, lambda d: "Edisi diterbitkan." in page_text(d))
    shot(browser, screenshots, "10-edition-published")
    log_out(browser)

    # 6. the admin sees the published answer in the live index (added without a rebuild)
    log_in(browser, base, "admin")
    assert browser.current_url == f"{base}/petugas/indeks"
    assert find(browser, "#entri-aktif").text == "13"
    shot(browser, screenshots, "11-index")
    log_out(browser)

    # 7. a citizen types informal words; the answer appears without pressing Enter
    browser.get(f"{base}/")
    shot(browser, screenshots, "12-search")
    latest = find(browser, "#results-status").text
    assert latest == "Jawaban terbaru."
    find(browser, "#q").send_keys(INFORMAL_SEARCH)
    wait(browser, lambda d: f"untuk \u201c{INFORMAL_SEARCH}\u201d" in find(d, "#results-status").text)
    assert find(browser, ".result-q").text == PUBLIC_QUESTION
    first = find(browser, "article.result")
    assert "merek.dgip.go.id" in first.text
    assert f"Edisi {format_date_id(publish_day)}" in first.text
    assert "Perizinan usaha" in first.text
    assert "Rina" not in page_text(browser)
    assert "q=gmn" in browser.current_url  # the search survives a reload
    shot(browser, screenshots, "13-search-results")


# ------------------------------------------------------------------ a citizen on a phone
def test_ask_question_on_phone_and_check_status(browser, live_server, screenshots):
    from selenium.webdriver.common.keys import Keys

    base = live_server.url
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.get(f"{base}/")
    assert browser.execute_script("return window.innerWidth;") == 375
    assert fits_width(browser)
    shot(browser, screenshots, "20-phone-search")

    click(browser, find(browser, "#ask-link"))
    wait(browser, lambda d: d.current_url.endswith("/tanya"))
    assert find(browser, "h1").text == "Tidak menemukan jawaban? Kirim pertanyaan"
    assert fits_width(browser)
    shot(browser, screenshots, "21-phone-ask")

    # sending without a question: an Indonesian message, and the name typed is still there
    type_into(find(browser, "#nama"), "Ibu Rina")
    click(browser, button(browser, "Kirim pertanyaan", find(browser, "main form")))
    wait(browser, lambda d: d.find_elements("css selector", "#kesalahan"))
    assert "Tulis pertanyaan Anda terlebih dahulu." in find(browser, "#kesalahan").text
    assert find(browser, "#nama").get_attribute("value") == "Ibu Rina"
    assert fits_width(browser)
    shot(browser, screenshots, "22-phone-ask-error")

    type_into(find(browser, "#pertanyaan"), "Apakah ada pelatihan ekspor untuk UMKM makanan di Bogor?")
    click(browser, find(browser, 'label[for="balasan-whatsapp"]'))
    type_into(find(browser, "#whatsapp"), "0812 3456 7890")
    find(browser, "#nama").send_keys(Keys.ENTER)  # the keyboard sends the form
    wait(browser, lambda d: "/status/HK-" in d.current_url)
    code = find(browser, "#kode-pelacakan").text
    assert code.startswith("HK-") and len(code) == 11
    assert "Pertanyaan Anda sudah terkirim." in page_text(browser)
    assert "0812" not in page_text(browser) and "Rina" not in page_text(browser)
    assert fits_width(browser)
    shot(browser, screenshots, "23-phone-receipt")

    # later: checking the status by the code, typed loosely
    browser.get(f"{base}/")
    click(browser, button(browser, "Cek status"))
    wait(browser, lambda d: d.current_url.endswith("/status"))
    type_into(find(browser, "#kode"), code.lower().replace("-", " "))
    find(browser, "#kode").send_keys(Keys.ENTER)
    wait(browser, lambda d: d.find_elements("css selector", "#status-label"))
    assert find(browser, "#status-label").text == "Pertanyaan sudah diterima dan menunggu ditinjau petugas."
    assert code in find(browser, "#status-title").text
    assert fits_width(browser)
    shot(browser, screenshots, "24-phone-status")

    type_into(find(browser, "#kode"), "HK-ZZZZ9999")
    find(browser, "#kode").send_keys(Keys.ENTER)
    wait(browser, lambda d: d.find_elements("css selector", "#kesalahan"))
    assert "Kode pelacakan HK-ZZZZ9999 tidak ditemukan." in find(browser, "#kesalahan").text
    assert find(browser, "#kode").get_attribute("value") == "HK-ZZZZ9999"
    shot(browser, screenshots, "25-phone-status-unknown")


def test_open_staff_pages_on_phone(browser, live_server, screenshots, web_settings):
    """Every staff page fits a 375 px screen too."""
    base = live_server.url
    staf, pimpinan = api_headers(base, "staf"), api_headers(base, "pimpinan")
    pending = httpx.post(
        f"{base}/api/questions",
        json={"channel": "email", "text": "gmn cara bikin nib utk warung sy?"},
        headers=staf,
    ).json()["id"]
    answered = httpx.post(
        f"{base}/api/questions",
        json={"channel": "tiktok", "text": "Kapan RAT koperasi diadakan?"},
        headers=staf,
    ).json()["id"]
    httpx.post(
        f"{base}/api/questions/{answered}/answer",
        json={
            "answer": "Rapat anggota tahunan diadakan paling lambat enam bulan setelah tahun buku berakhir."
        },
        headers=staf,
    )
    edition = httpx.post(f"{base}/api/editions", json={}, headers=staf).json()["id"]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    pages = {
        "staf": [
            ("30-phone-inbox", "/petugas/kotak-masuk"),
            ("31-phone-question", f"/petugas/pertanyaan/{pending}"),
            ("32-phone-edition", f"/petugas/edisi/{edition}"),
        ],
        "pimpinan": [("33-phone-approvals", "/petugas/persetujuan")],
        "admin": [("34-phone-index", "/petugas/indeks")],
    }
    for role, visits in pages.items():
        log_in(browser, base, role)
        for name, path in visits:
            browser.get(base + path)
            assert fits_width(browser), path
            shot(browser, screenshots, name)
        browser.delete_all_cookies()
    assert pimpinan  # the head of office's token works too (same accounts as the pages)
