"""The pages through FastAPI's TestClient: every error a person can cause gets an Indonesian message,
nothing typed is lost, sessions and CSRF hold, and each page calls the service for its step."""

from __future__ import annotations

import datetime as dt
import html
import re

from api.web.session import NONCE_COOKIE, SESSION_COOKIE
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, next_weekday
from tests.web.conftest import PASSWORD, bearer, csrf_of, login


def text_of(page: str) -> str:
    """The page's visible text, tags removed and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def field_value(page: str, name: str) -> str:
    """The value an input or textarea of the page is filled with."""
    textarea = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    if textarea:
        return html.unescape(textarea.group(1))
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def selected(page: str, name: str) -> str:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert block, f"no select {name}"
    option = re.search(r'<option value="([^"]*)" selected>', block.group(1))
    return option.group(1) if option else ""


def ask_api(client, text: str, channel: str = "instagram", **fields) -> dict:
    response = client.post(
        "/api/questions", json={"channel": channel, "text": text, **fields}, headers=bearer(client, "staf")
    )
    assert response.status_code == 201, response.text
    return response.json()


# ------------------------------------------------------------------ login and sessions
def test_login_with_wrong_password_shows_message_and_keeps_username(client):
    page = client.get("/petugas/masuk")
    response = client.post(
        "/petugas/masuk",
        data={"username": "staf1", "password": "salah sekali", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in text_of(response.text)
    assert field_value(response.text, "username") == "staf1"
    assert "salah sekali" not in response.text
    assert SESSION_COOKIE not in client.cookies


def test_login_with_empty_fields_shows_message(client):
    page = client.get("/petugas/masuk")
    response = client.post("/petugas/masuk", data={"username": "", "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401
    assert "Isi nama pengguna dan kata sandi." in text_of(response.text)


def test_login_without_csrf_token_is_refused(client):
    client.get("/petugas/masuk")
    response = client.post("/petugas/masuk", data={"username": "staf1", "password": PASSWORD})
    assert response.status_code == 401
    assert "Formulir ini sudah kedaluwarsa" in text_of(response.text)
    assert SESSION_COOKIE not in client.cookies


def test_login_sets_httponly_cookie_holding_the_api_token(client):
    page = client.get("/petugas/masuk")
    response = client.post(
        "/petugas/masuk",
        data={"username": "staf1", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/petugas/kotak-masuk")
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert any(
        c.startswith(NONCE_COOKIE + "=") and "HttpOnly" in c for c in page.headers.get_list("set-cookie")
    )
    token = client.cookies[SESSION_COOKIE]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["username"], me["role"]) == ("staf1", "staf")


def test_open_staff_page_without_login_goes_to_login_and_back(client):
    response = client.get("/petugas/edisi?ok=dibuat", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/petugas/masuk?lanjut=%2Fpetugas%2Fedisi%3Fok%3Ddibuat",
    )
    page = client.get(response.headers["location"])
    assert field_value(page.text, "lanjut") == "/petugas/edisi?ok=dibuat"
    back = client.post(
        "/petugas/masuk",
        data={
            "username": "staf1",
            "password": PASSWORD,
            "lanjut": "/petugas/edisi?ok=dibuat",
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == "/petugas/edisi?ok=dibuat"


def test_login_never_redirects_off_site(client):
    page = client.get("/petugas/masuk")
    response = client.post(
        "/petugas/masuk",
        data={
            "username": "admin1",
            "password": PASSWORD,
            "lanjut": "//evil.example/petugas",
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/petugas/indeks"


def test_logout_ends_the_session(client):
    login(client, "pimpinan")
    page = client.get("/petugas/persetujuan")
    response = client.post("/petugas/keluar", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.headers["location"] == "/petugas/masuk?alasan=keluar"
    assert SESSION_COOKIE not in client.cookies
    assert "Anda sudah keluar." in text_of(client.get("/petugas/masuk?alasan=keluar").text)
    assert client.get("/petugas/persetujuan", follow_redirects=False).status_code == 303


def test_open_page_of_another_role_shows_indonesian_refusal(client):
    login(client, "staf")
    response = client.get("/petugas/persetujuan")
    assert response.status_code == 403
    assert "Halaman ini untuk peran Pimpinan. Anda masuk sebagai Staf." in text_of(response.text)


def test_post_after_session_ended_shows_what_was_typed(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={"jawaban": "Jawaban panjang yang saya ketik selama satu jam.", "csrf_token": "x"},
    )
    assert response.status_code == 401
    text = text_of(response.text)
    assert "Sesi Anda sudah berakhir, jadi isian belum tersimpan." in text
    assert "Jawaban panjang yang saya ketik selama satu jam." in text


def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["x-frame-options"] == "DENY"
    assert '<html lang="id">' in response.text


# ------------------------------------------------------------------ public pages
def test_send_empty_question_shows_message_and_keeps_form(client):
    page = client.get("/tanya")
    response = client.post(
        "/tanya",
        data={
            "pertanyaan": "   ",
            "nama": "Ibu Rina",
            "balasan": "email",
            "email": "rina@example.id",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert response.status_code == 422
    assert "Tulis pertanyaan Anda terlebih dahulu." in text_of(response.text)
    assert field_value(response.text, "nama") == "Ibu Rina"
    assert field_value(response.text, "email") == "rina@example.id"
    assert 'id="balasan-email" name="balasan" value="email" checked' in response.text


def test_send_question_with_bad_contact_shows_messages_and_keeps_form(client):
    page = client.get("/tanya")
    question = "Apakah ada pelatihan ekspor untuk UMKM di Bogor?"
    bad_email = client.post(
        "/tanya",
        data={
            "pertanyaan": question,
            "balasan": "email",
            "email": "rina-di-gmail",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert "Alamat e-mail tidak valid: tulis seperti nama@contoh.com." in text_of(bad_email.text)
    assert field_value(bad_email.text, "pertanyaan") == question
    no_number = client.post(
        "/tanya", data={"pertanyaan": question, "balasan": "whatsapp", "csrf_token": csrf_of(page.text)}
    )
    assert "Anda memilih balasan lewat WhatsApp: isi nomor WhatsApp Anda." in text_of(no_number.text)
    assert field_value(no_number.text, "pertanyaan") == question


def test_send_too_long_question_shows_limit(client):
    page = client.get("/tanya")
    response = client.post("/tanya", data={"pertanyaan": "a" * 4001, "csrf_token": csrf_of(page.text)})
    assert "Pertanyaan terlalu panjang: 4.001 karakter, paling banyak 4.000." in text_of(response.text)


def test_send_question_shows_tracking_code_without_personal_data(client):
    page = client.get("/tanya")
    response = client.post(
        "/tanya",
        data={
            "pertanyaan": "Syarat ikut bazar UMKM di Cibinong apa saja?",
            "nama": "Budi Santoso",
            "balasan": "whatsapp",
            "whatsapp": "0812-3456-7890",
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    code = re.fullmatch(r"/status/(HK-[0-9A-Z]{8})\?baru=1", response.headers["location"]).group(1)
    receipt = client.get(response.headers["location"])
    text = text_of(receipt.text)
    assert f"Pertanyaan Anda sudah terkirim. Terima kasih! Kode pelacakan Anda: {code}" in text
    assert "Pertanyaan sudah diterima dan menunggu ditinjau petugas." in text
    assert "Budi" not in receipt.text and "0812" not in receipt.text
    staff_view = client.get("/api/questions?channel=web_form", headers=bearer(client, "staf")).json()
    assert staff_view["items"][0]["sender_name"] == "Budi Santoso"


def test_check_unknown_tracking_code_shows_message_and_keeps_code(client):
    response = client.get("/status", params={"kode": "HK-ZZZZ9999"})
    assert response.status_code == 404
    assert "Kode pelacakan HK-ZZZZ9999 tidak ditemukan. Periksa kembali kode Anda" in text_of(response.text)
    assert "(bentuknya seperti HK-ABCD2345)." in text_of(response.text)
    assert field_value(response.text, "kode") == "HK-ZZZZ9999"


def test_check_malformed_tracking_code_shows_message(client):
    response = client.get("/status", params={"kode": "bukan kode yang benar sama sekali"})
    assert response.status_code == 422
    assert "Kode pelacakan tidak dikenali: bentuknya seperti HK-ABCD2345." in text_of(response.text)


def test_check_tracking_code_typed_loosely(client):
    receipt = client.post("/api/public/questions", json={"text": "Kapan ada pameran UMKM di Bogor?"}).json()
    code = receipt["tracking_code"]
    loose = code.lower().replace("-", " ")
    response = client.get("/status", params={"kode": loose})
    assert response.status_code == 200
    assert f"Status {code}" in text_of(response.text)


def test_search_page_without_javascript_lists_published_answers_only(client):
    ask_api(client, "Pertanyaan rahasia tentang zebra ungu", sender_name="Budi Santoso")
    response = client.get("/", params={"q": "sertifikat halal gratis umkm"})
    text = text_of(response.text)
    assert "Bagaimana mengurus sertifikat halal gratis untuk UMKM?" in text
    assert "Edisi 15 Maret 2026" in text
    zebra = client.get("/", params={"q": "zebra ungu"})
    assert "zebra" not in text_of(zebra.text).replace("“zebra ungu”", "")
    assert "Budi" not in zebra.text


def test_search_page_filters_by_category(client):
    response = client.get("/", params={"q": "simpanan koperasi", "kategori": "koperasi-simpan-pinjam"})
    assert selected(response.text, "kategori") == "koperasi-simpan-pinjam"
    metas = re.findall(r'<p class="result-meta">(.*?)</p>', response.text)
    assert metas and all("Koperasi simpan pinjam" in m for m in metas)


# ------------------------------------------------------------------ inbox and question page
def test_inbox_counts_statuses_and_groups_same_questions(client):
    first = ask_api(client, "gmn cara bikin nib utk warung sy?")
    second = ask_api(client, "gmn cara bikin nib utk warung sy?", channel="whatsapp", sender_name="Andi")
    other = ask_api(client, "Kapan RAT koperasi harus diadakan?", channel="email")
    client.post(
        f"/api/questions/{other['id']}/reject", json={"reason": "spam"}, headers=bearer(client, "staf")
    )
    login(client, "staf")
    page = client.get("/petugas/kotak-masuk").text
    text = text_of(page)
    assert "Menunggu 2" in text and "Ditolak 1" in text and "Semua 3" in text
    group = re.search(r'<li class="qgroup">(.*?)</ol>\s*</li>', page, re.S).group(1)
    assert f"/petugas/pertanyaan/{first['id']}" in group and f"/petugas/pertanyaan/{second['id']}" in group
    assert "2 pertanyaan menanyakan hal yang sama — cukup dijawab sekali." in text_of(group)
    sibling = text_of(client.get(f"/petugas/pertanyaan/{first['id']}").text)
    assert f"Pertanyaan serupa yang juga menunggu #{second['id']}" in sibling
    by_channel = text_of(
        client.get("/petugas/kotak-masuk", params={"status": "semua", "kanal": "email"}).text
    )
    assert "1 pertanyaan." in by_channel and "Kapan RAT" in by_channel and "Menunggu 0" in by_channel


def test_question_page_shows_machine_reading_verdict_and_matches(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = client.get(f"/petugas/pertanyaan/{question['id']}").text
    text = text_of(page)
    assert "Dibaca mesin bagaimana cara membuat nib untuk warung saya" in text
    assert f"Duplikat · skor {question['suggestions'][0]['score']:.2f}".replace(".", ",") in text
    assert "Saran 1" in text and "Bagaimana cara membuat NIB untuk usaha warung?" in text
    assert "Perkiraan kategori Perizinan usaha" in text
    # the draft fills the answer box without its "[DRAF ...]" label line
    assert field_value(page, "jawaban").startswith("Halo Sahabat KOP-UKM, terima kasih atas pertanyaannya.")
    assert selected(page, "kategori") == "perizinan-usaha"


def test_open_unknown_question_shows_404_page(client):
    login(client, "staf")
    response = client.get("/petugas/pertanyaan/99999")
    assert response.status_code == 404
    assert "Tidak ada pertanyaan dengan nomor 99999." in text_of(response.text)
    assert client.get("/petugas/pertanyaan/abc").status_code == 404


def _question_form(client, question_id: int) -> str:
    return client.get(f"/petugas/pertanyaan/{question_id}").text


def test_answer_empty_keeps_everything_typed(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = _question_form(client, question["id"])
    top = question["suggestions"][0]["id"]
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={
            "jawaban": "  ",
            "sumber": "draft",
            "pertanyaan_publik": "Bagaimana membuat NIB untuk warung?",
            "kategori": "pembiayaan",
            f"fb_{top}": "related_not_answering",
            "csrf_token": csrf_of(page),
        },
    )
    assert response.status_code == 422
    assert "Tulis jawaban terlebih dahulu." in text_of(response.text)
    assert field_value(response.text, "pertanyaan_publik") == "Bagaimana membuat NIB untuk warung?"
    assert selected(response.text, "kategori") == "pembiayaan"
    assert selected(response.text, f"fb_{top}") == "related_not_answering"
    assert client.get(f"/api/questions/{question['id']}", headers=bearer(client, "staf")).json()[
        "status"
    ] == ("pending")


def test_answer_with_draft_hints_left_in_is_refused(client):
    question = ask_api(client, "Apakah ada lomba kuliner tingkat kabupaten tahun depan?")
    assert question["verdict"] == "new"
    login(client, "staf")
    page = _question_form(client, question["id"])
    draft = field_value(page, "jawaban")
    assert "[Tulis jawaban baru di sini" in draft
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={"jawaban": draft, "sumber": "draft", "csrf_token": csrf_of(page)},
    )
    assert "Jawaban masih memuat petunjuk draf dalam kurung siku." in text_of(response.text)
    assert field_value(response.text, "jawaban") == draft.replace("\r\n", "\n").strip()


def test_answer_from_draft_sends_for_approval_with_feedback(client):
    question = ask_api(client, MEREK_QUESTION)
    login(client, "staf")
    page = _question_form(client, question["id"])
    lines = field_value(page, "jawaban").splitlines()
    reply = "\n".join([lines[0], "", MEREK_ANSWER, "", lines[-1]])
    top = question["suggestions"][0]["id"]
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={
            "jawaban": reply,
            "sumber": "draft",
            "pertanyaan_publik": "Bagaimana cara mendaftarkan merek dagang produk UMKM?",
            "kategori": "perizinan-usaha",
            f"fb_{top}": "not_related",
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/petugas/kotak-masuk?ok=dijawab&id={question['id']}"
    flash = text_of(client.get(response.headers["location"]).text)
    assert f"Jawaban pertanyaan #{question['id']} dikirim untuk persetujuan pimpinan." in flash
    stored = client.get(f"/api/questions/{question['id']}", headers=bearer(client, "staf")).json()
    assert (stored["status"], stored["answer"], stored["answer_source"]) == ("answered", reply, "draft")
    assert stored["public_question"] == "Bagaimana cara mendaftarkan merek dagang produk UMKM?"
    assert (stored["suggestions"][0]["feedback"], stored["suggestions"][0]["feedback_reason"]) == (
        "rejected",
        "not_related",
    )


def test_answer_from_a_suggestion_records_it_as_accepted(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = client.get(f"/petugas/pertanyaan/{question['id']}", params={"pakai": "t-nib"}).text
    assert field_value(page, "sumber") == "suggestion" and field_value(page, "dasar") == "t-nib"
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={
            "jawaban": field_value(page, "jawaban"),
            "sumber": "suggestion",
            "dasar": "t-nib",
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    stored = client.get(f"/api/questions/{question['id']}", headers=bearer(client, "staf")).json()
    used = next(s for s in stored["suggestions"] if s["ref"] == "t-nib")
    assert (stored["answer_source"], used["feedback"]) == ("suggestion", "accepted")


def test_answer_already_handled_elsewhere_shows_status_and_keeps_text(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = _question_form(client, question["id"])
    client.post(
        f"/api/questions/{question['id']}/reject", json={"reason": "spam"}, headers=bearer(client, "staf")
    )
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/jawab",
        data={"jawaban": "Jawaban saya yang baru.", "sumber": "new", "csrf_token": csrf_of(page)},
    )
    assert response.status_code == 422
    assert "Pertanyaan ini sudah berstatus “Ditolak”, jadi tidak bisa dijawab lagi." in text_of(response.text)


def test_post_with_forged_csrf_token_changes_nothing(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/tolak",
        data={"alasan": "spam", "catatan": "catatan saya", "csrf_token": "0" * 64},
    )
    assert response.status_code == 422
    assert "Formulir ini sudah kedaluwarsa" in text_of(response.text)
    assert field_value(response.text, "catatan") == "catatan saya"
    stored = client.get(f"/api/questions/{question['id']}", headers=bearer(client, "staf")).json()
    assert stored["status"] == "pending"


def test_reject_needs_a_reason_and_a_note_for_other(client):
    question = ask_api(client, "promo pulsa murah klik link ini")
    login(client, "staf")
    page = _question_form(client, question["id"])
    no_reason = client.post(
        f"/petugas/pertanyaan/{question['id']}/tolak", data={"alasan": "", "csrf_token": csrf_of(page)}
    )
    assert "Pilih alasan penolakan." in text_of(no_reason.text)
    no_note = client.post(
        f"/petugas/pertanyaan/{question['id']}/tolak", data={"alasan": "other", "csrf_token": csrf_of(page)}
    )
    assert "Alasan “Lainnya” perlu catatan yang menjelaskan mengapa pertanyaan ditolak." in text_of(
        no_note.text
    )
    assert selected(no_note.text, "alasan") == "other"
    done = client.post(
        f"/petugas/pertanyaan/{question['id']}/tolak",
        data={"alasan": "spam", "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/petugas/kotak-masuk?ok=ditolak&id={question['id']}"
    closed = text_of(client.get(f"/petugas/pertanyaan/{question['id']}").text)
    assert "Ditolak: Spam" in closed


def test_mark_duplicate_of_a_match(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = _question_form(client, question["id"])
    response = client.post(
        f"/petugas/pertanyaan/{question['id']}/duplikat",
        data={"ref": "t-nib", "jawaban": "apa saja", "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    stored = client.get(f"/api/questions/{question['id']}", headers=bearer(client, "staf")).json()
    assert (stored["status"], stored["duplicate_of"]) == ("duplicate", "t-nib")
    assert stored["suggestions"][0]["feedback"] == "accepted"
    unknown = ask_api(client, "Bagaimana cara ikut pameran UMKM?", channel="tiktok")
    refused = client.post(
        f"/petugas/pertanyaan/{unknown['id']}/duplikat",
        data={"ref": "tidak-ada", "csrf_token": csrf_of(page)},
    )
    assert "Jawaban tidak-ada tidak ada di antara jawaban yang sudah terbit; pilih jawaban lain." in text_of(
        refused.text
    )


def test_rate_suggestions_alone(client):
    question = ask_api(client, "gmn cara bikin nib utk warung sy?")
    login(client, "staf")
    page = _question_form(client, question["id"])
    last = question["suggestions"][-1]["id"]
    nothing = client.post(f"/petugas/pertanyaan/{question['id']}/nilai", data={"csrf_token": csrf_of(page)})
    assert "Belum ada saran yang dinilai" in text_of(nothing.text)
    rated = client.post(
        f"/petugas/pertanyaan/{question['id']}/nilai",
        data={
            f"fb_{last}": "not_related",
            "jawaban": "Jawaban yang sedang saya tulis.",
            "csrf_token": csrf_of(page),
        },
    )
    assert f"Penilaian saran untuk pertanyaan #{question['id']} disimpan." in text_of(rated.text)
    assert "Tercatat: Tidak terkait" in text_of(rated.text)
    assert field_value(rated.text, "jawaban") == "Jawaban yang sedang saya tulis."


# ------------------------------------------------------------------ approval
def _answered(client) -> dict:
    question = ask_api(client, "Berapa bunga KUR mikro tahun ini?")
    response = client.post(
        f"/api/questions/{question['id']}/answer",
        json={"answer": "Bunga KUR mikro 6 persen per tahun.", "source": "new"},
        headers=bearer(client, "staf"),
    )
    assert response.status_code == 200
    return question


def test_return_answer_needs_a_comment_then_staff_sees_it(client):
    question = _answered(client)
    login(client, "pimpinan")
    page = client.get("/petugas/persetujuan").text
    assert "Bunga KUR mikro 6 persen per tahun." in text_of(page)
    refused = client.post(
        f"/petugas/persetujuan/{question['id']}", data={"keputusan": "return", "csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 422
    assert "Tulis komentar yang menjelaskan apa yang perlu diubah sebelum mengembalikan jawaban." in text_of(
        refused.text
    )
    done = client.post(
        f"/petugas/persetujuan/{question['id']}",
        data={"keputusan": "return", "komentar": "Sebutkan dasar aturannya.", "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/petugas/persetujuan?ok=dikembalikan&id={question['id']}"
    client.cookies.clear()
    login(client, "staf")
    staff_page = _question_form(client, question["id"])
    assert "Dikembalikan oleh pimpinan (pimpinan1): Sebutkan dasar aturannya." in text_of(staff_page)
    assert field_value(staff_page, "jawaban") == "Bunga KUR mikro 6 persen per tahun."


def test_approve_answer(client):
    question = _answered(client)
    login(client, "pimpinan")
    page = client.get("/petugas/persetujuan").text
    done = client.post(
        f"/petugas/persetujuan/{question['id']}",
        data={"keputusan": "approve", "csrf_token": csrf_of(page)},
    )
    assert f"Jawaban pertanyaan #{question['id']} disetujui dan siap dimasukkan ke edisi." in text_of(
        done.text
    )
    assert "Tidak ada jawaban yang menunggu persetujuan." in text_of(done.text)
    again = client.post(
        f"/petugas/persetujuan/{question['id']}",
        data={"keputusan": "approve", "csrf_token": csrf_of(page)},
    )
    assert "Jawaban ini sudah tidak menunggu persetujuan (statusnya sekarang “Disetujui”)." in text_of(
        again.text
    )


# ------------------------------------------------------------------ editions
def _approved(client, text: str, reply: str) -> dict:
    question = ask_api(client, text)
    client.post(
        f"/api/questions/{question['id']}/answer",
        json={"answer": reply, "source": "new", "category": "koperasi-tata-kelola"},
        headers=bearer(client, "staf"),
    )
    client.post(
        f"/api/questions/{question['id']}/approve",
        json={"decision": "approve"},
        headers=bearer(client, "pimpinan"),
    )
    return question


def test_create_edition_on_wrong_weekday_shows_message_and_keeps_form(client, web_settings):
    login(client, "staf")
    page = client.get("/petugas/edisi").text
    wrong = next_weekday(web_settings.publish_weekday) + dt.timedelta(days=1)
    response = client.post(
        "/petugas/edisi",
        data={"tanggal": wrong.isoformat(), "judul": "Edisi khusus", "csrf_token": csrf_of(page)},
    )
    assert response.status_code == 422
    weekday = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[wrong.weekday()]
    assert f"{weekday}, " in text_of(response.text)
    assert "bukan hari terbit: edisi HALO KOP-UKM terbit setiap hari Kamis. Pilih tanggal lain." in text_of(
        response.text
    )
    assert field_value(response.text, "tanggal") == wrong.isoformat()
    assert field_value(response.text, "judul") == "Edisi khusus"


def test_build_edition_order_preview_and_publish(client, web_settings):
    first = _approved(
        client, "Kapan RAT koperasi harus diadakan?", "Paling lambat enam bulan setelah tahun buku."
    )
    second = _approved(client, "Siapa yang memimpin rapat anggota?", "Rapat anggota dipimpin oleh pengurus.")
    login(client, "staf")
    page = client.get("/petugas/edisi").text
    day = next_weekday(web_settings.publish_weekday)
    created = client.post(
        "/petugas/edisi",
        data={"tanggal": day.isoformat(), "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    builder_url = created.headers["location"].split("?")[0]
    builder = client.get(builder_url).text
    none_checked = client.post(f"{builder_url}/tambah", data={"csrf_token": csrf_of(builder)})
    assert "Centang minimal satu jawaban yang sudah disetujui." in text_of(none_checked.text)
    client.post(
        f"{builder_url}/tambah",
        data={"pertanyaan": [str(first["id"]), str(second["id"])], "csrf_token": csrf_of(builder)},
    )
    client.post(
        f"{builder_url}/urutan",
        data={"item": str(second["id"]), "arah": "naik", "csrf_token": csrf_of(builder)},
    )
    preview = text_of(client.get(f"{builder_url}/pratinjau").text)
    assert preview.index("Siapa yang memimpin") < preview.index("Kapan RAT koperasi")
    staff_builder = client.get(builder_url).text
    assert "Edisi diterbitkan oleh pimpinan." in text_of(staff_builder)
    assert "/terbitkan" not in staff_builder
    forbidden = client.post(f"{builder_url}/terbitkan", data={"csrf_token": csrf_of(builder)})
    assert forbidden.status_code == 403

    client.cookies.clear()
    login(client, "pimpinan")
    builder = client.get(builder_url).text
    published = client.post(f"{builder_url}/terbitkan", data={"csrf_token": csrf_of(builder)})
    assert "Edisi diterbitkan. Jawabannya kini dapat dicari warga di halaman publik." in text_of(
        published.text
    )
    found = text_of(client.get("/", params={"q": "siapa pemimpin rapat anggota koperasi"}).text)
    assert "Siapa yang memimpin rapat anggota?" in found
    assert f"Edisi {day.day} " in found
    edition_page = client.get(builder_url).text
    assert f'href="{builder_url}/paket"' in edition_page
    assert 'href="/admin/dashboard"' in edition_page
    kit = client.get(f"{builder_url}/paket")
    assert kit.status_code == 200 and kit.headers["content-type"] == "application/zip"


def test_publish_empty_edition_shows_message(client, web_settings):
    login(client, "pimpinan")
    page = client.get("/petugas/edisi").text
    day = next_weekday(web_settings.publish_weekday)
    created = client.post(
        "/petugas/edisi",
        data={"tanggal": day.isoformat(), "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    url = created.headers["location"].split("?")[0]
    response = client.post(f"{url}/terbitkan", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 422
    assert (
        "Edisi ini belum berisi pertanyaan: tambahkan jawaban yang sudah disetujui sebelum menerbitkan."
        in text_of(response.text)
    )


# ------------------------------------------------------------------ index page
def test_index_page_rebuilds_and_rolls_back(client):
    login(client, "admin")
    page = client.get("/petugas/indeks").text
    text = text_of(page)
    assert "Versi aktif v1" in text and "Entri di indeks aktif 12" in text
    started = client.post("/petugas/indeks/bangun", data={"aktifkan": "1", "csrf_token": csrf_of(page)})
    assert "Pembangunan indeks dimulai di latar belakang." in text_of(started.text)
    assert client.app.state.service.builds.wait(timeout=120)
    after = client.get("/petugas/indeks").text
    assert "Dibangun dan langsung dipakai." in text_of(after)
    assert "Kembalikan ke versi ini" in text_of(after)
    rolled = client.post("/petugas/indeks/aktifkan", data={"versi": "v1", "csrf_token": csrf_of(after)})
    assert "Versi indeks v1 kini dipakai layanan." in text_of(rolled.text)
    assert "Versi aktif v1" in text_of(rolled.text)
    missing = client.post("/petugas/indeks/aktifkan", data={"versi": "v9", "csrf_token": csrf_of(after)})
    assert "Versi indeks “v9” tidak ditemukan." in text_of(missing.text)


def test_open_missing_page_in_browser_shows_indonesian_page(client):
    browser = {"Accept": "text/html,application/xhtml+xml"}
    form_address = client.get("/petugas/pertanyaan/1/jawab", headers=browser)
    assert form_address.status_code == 404
    assert "Alamat ini tidak ada, atau hanya dipakai untuk mengirim formulir." in text_of(form_address.text)
    assert client.get("/halaman-salah", headers=browser).status_code == 404
    api = client.get("/api/tidak-ada", headers=browser)
    assert api.json() == {"detail": "no such path: see /docs for the routes this service has"}
    assert client.get("/halaman-salah").json()["detail"].startswith("no such path")
