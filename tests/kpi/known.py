"""A small database whose figures are worked out by hand (times are Bogor time, UTC+7).

ISO weeks: W39 = 21–27 Sep 2026, W40 = 28 Sep–4 Oct, W41 = 5–11 Oct (no questions at all),
W42 = 12–18 Oct, W43 = 19–25 Oct, W44 = 26 Oct–1 Nov, W45 = 2–8 Nov. October's weeks are W40–W44
(their Thursdays fall in October).

People: siti writes with e-mail (q2), phone (q3, q12) and once with both (q4), so she is one person;
@budi on Instagram (q1, q11) is not @budi on TikTok (q5); "Pak Ahmad" signs two letters (q7, q10);
q8 and q9 carry no sender (one participant each); q6 is spam (no participant).

| q  | received (local)  | channel   | sender              | category            | what happened           |
|----|-------------------|-----------|---------------------|---------------------|-------------------------|
| 1  | Tue 22 Sep 10:00  | instagram | @budi               | koperasi-pendirian  | published E1            |
| 2  | Thu 24 Sep 09:00  | email     | siti@example.id     | pembiayaan          | duplicate 25 Sep        |
| 3  | Tue 29 Sep 08:00  | whatsapp  | 0812-1111-2222      | pembiayaan          | published E1            |
| 4  | Thu 1 Oct 11:00   | web_form  | Siti@Example.id + +62 812 1111 2222 | pembiayaan | published E2     |
| 5  | Fri 2 Oct 14:00   | tiktok    | budi                | umkm-umum           | pending                 |
| 6  | Sat 3 Oct 15:00   | instagram | @promo_murah        | (none)              | rejected as spam        |
| 7  | Tue 13 Oct 09:00  | letter    | name Pak Ahmad      | koperasi-tata-kelola| published E2            |
| 8  | Wed 14 Oct 10:00  | letter    | (none)              | predicted k-t-k     | pending                 |
| 9  | Thu 15 Oct 10:00  | other     | (none)              | (none)              | rejected off topic      |
| 10 | Tue 20 Oct 10:00  | letter    | name "pak  ahmad"   | koperasi-tata-kelola| duplicate 24 Oct        |
| 11 | Wed 21 Oct 10:00  | instagram | @Budi               | koperasi-pendirian  | published E2            |
| 12 | Thu 22 Oct 10:00  | whatsapp  | 081211112222        | pembiayaan          | duplicate 23 Oct, flagged |
| 13 | Fri 23 Oct 10:00  | email     | new@example.id      | perizinan-usaha     | in draft edition E3     |
| 14 | Sat 31 Oct 23:30  | instagram | @citra              | perizinan-usaha     | answered                |
| 15 | Sun 1 Nov 00:30   | instagram | @citra              | umkm-umum           | pending (UTC: 31 Oct)   |
| 16 | Sun 1 Nov 23:30   | instagram | @dewi               | umkm-umum           | pending                 |
| 17 | Mon 2 Nov 00:10   | instagram | @dewi               | umkm-umum           | pending (UTC: Sun 1 Nov)|

Editions: E1 published Thu 8 Oct 09:00 (q1: 383 h, q3: 217 h); E2 published Thu 22 Oct 13:00 (q4: 506 h,
q7: 220 h, q11: 27 h); E3 (5 Nov) still a draft with q13.

Suggestion feedback: Sep 23 q1 accepted; Sep 30 q3 rejected not related; Oct 2 q4 accepted + rejected
not related; Oct 13 q7 edited + rejected related-not-answering + rejected not related; Oct 21 q11
accepted; Oct 23 q12 accepted; Oct 23 q13 edited (+ one suggestion without feedback).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from api.models import Edition, EditionItem, Question, Suggestion

TZ = ZoneInfo("Asia/Jakarta")


def at(text: str) -> dt.datetime:
    """Bogor local time ``"2026-10-01 11:00"`` as an aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


# number: (received, channel, sender fields, category, predicted category, status, extra)
QUESTIONS: dict[int, tuple] = {
    1: (
        "2026-09-22 10:00",
        "instagram",
        {"sender_handle": "@budi"},
        "koperasi-pendirian",
        None,
        "published",
        {},
    ),
    2: (
        "2026-09-24 09:00",
        "email",
        {"sender_email": "siti@example.id"},
        "pembiayaan",
        None,
        "duplicate",
        {"answered_at": "2026-09-25 10:00", "verdict": "new"},
    ),
    3: (
        "2026-09-29 08:00",
        "whatsapp",
        {"sender_phone": "0812-1111-2222"},
        "pembiayaan",
        None,
        "published",
        {},
    ),
    4: (
        "2026-10-01 11:00",
        "web_form",
        {"sender_email": "Siti@Example.id ", "sender_phone": "+62 812 1111 2222", "sender_name": "Siti"},
        "pembiayaan",
        None,
        "published",
        {},
    ),
    5: ("2026-10-02 14:00", "tiktok", {"sender_handle": "budi"}, "umkm-umum", None, "pending", {}),
    6: (
        "2026-10-03 15:00",
        "instagram",
        {"sender_handle": "@promo_murah"},
        None,
        None,
        "rejected",
        {"reject_reason": "spam"},
    ),
    7: (
        "2026-10-13 09:00",
        "letter",
        {"sender_name": "Pak Ahmad"},
        "koperasi-tata-kelola",
        None,
        "published",
        {},
    ),
    8: ("2026-10-14 10:00", "letter", {}, None, "koperasi-tata-kelola", "pending", {}),
    9: ("2026-10-15 10:00", "other", {}, None, None, "rejected", {"reject_reason": "off_topic"}),
    10: (
        "2026-10-20 10:00",
        "letter",
        {"sender_name": "pak  ahmad"},
        "koperasi-tata-kelola",
        None,
        "duplicate",
        {"answered_at": "2026-10-24 09:00", "verdict": "related"},
    ),
    11: (
        "2026-10-21 10:00",
        "instagram",
        {"sender_handle": "@Budi"},
        "koperasi-pendirian",
        None,
        "published",
        {},
    ),
    12: (
        "2026-10-22 10:00",
        "whatsapp",
        {"sender_phone": "081211112222"},
        "pembiayaan",
        None,
        "duplicate",
        {"answered_at": "2026-10-23 08:00", "verdict": "duplicate"},
    ),
    13: (
        "2026-10-23 10:00",
        "email",
        {"sender_email": "new@example.id"},
        "perizinan-usaha",
        None,
        "scheduled",
        {},
    ),
    14: (
        "2026-10-31 23:30",
        "instagram",
        {"sender_handle": "@citra"},
        "perizinan-usaha",
        "umkm-umum",
        "answered",
        {},
    ),
    15: ("2026-11-01 00:30", "instagram", {"sender_handle": "@citra"}, "umkm-umum", None, "pending", {}),
    16: ("2026-11-01 23:30", "instagram", {"sender_handle": "@dewi"}, "umkm-umum", None, "pending", {}),
    17: ("2026-11-02 00:10", "instagram", {"sender_handle": "@dewi"}, "umkm-umum", None, "pending", {}),
}

# (publish date, published at or None for a draft, question numbers in order)
EDITIONS = [
    ("2026-10-08", "2026-10-08 09:00", [1, 3]),
    ("2026-10-22", "2026-10-22 13:00", [4, 7, 11]),
    ("2026-11-05", None, [13]),
]

# (question number, feedback, reason, when)
FEEDBACK = [
    (1, "accepted", None, "2026-09-23 10:00"),
    (3, "rejected", "not_related", "2026-09-30 10:00"),
    (4, "accepted", None, "2026-10-02 09:00"),
    (4, "rejected", "not_related", "2026-10-02 09:00"),
    (7, "edited", None, "2026-10-13 11:00"),
    (7, "rejected", "related_not_answering", "2026-10-13 11:00"),
    (7, "rejected", "not_related", "2026-10-13 11:00"),
    (11, "accepted", None, "2026-10-21 12:00"),
    (12, "accepted", None, "2026-10-23 08:00"),
    (13, "edited", None, "2026-10-23 12:00"),
    (13, None, None, None),
]


def seed_known(session: Session) -> dict[int, int]:
    """Write the table above. Returns question number -> question id."""
    ids: dict[int, int] = {}
    for n, (received, channel, sender, category, predicted, status, extra) in QUESTIONS.items():
        q = Question(
            tracking_code=f"HK-KPI{n:05d}",
            channel=channel,
            dedup_key=f"kpi-known-{n}",
            text=f"Pertanyaan contoh nomor {n} tentang koperasi dan UMKM?",
            received_at=at(received),
            status=status,
            category=category,
            predicted_category=predicted,
            answer=f"Jawaban contoh untuk pertanyaan {n}."
            if status in ("published", "scheduled", "answered")
            else None,
            reject_reason=extra.get("reject_reason"),
            verdict=extra.get("verdict"),
            answered_at=at(extra["answered_at"]) if "answered_at" in extra else None,
            **sender,
        )
        session.add(q)
        session.flush()
        ids[n] = q.id
    for publish_date, published_at, numbers in EDITIONS:
        edition = Edition(
            publish_date=dt.date.fromisoformat(publish_date),
            title=f"HALO KOP-UKM edisi {publish_date}",
            status="published" if published_at else "draft",
            published_at=at(published_at) if published_at else None,
        )
        session.add(edition)
        session.flush()
        for position, n in enumerate(numbers, start=1):
            session.add(EditionItem(edition_id=edition.id, question_id=ids[n], position=position))
    rank: dict[int, int] = {}
    for n, feedback, reason, when in FEEDBACK:
        rank[n] = rank.get(n, 0) + 1
        session.add(
            Suggestion(
                question_id=ids[n],
                batch=1,
                rank=rank[n],
                entry_ref=f"kop-{rank[n]:03d}",
                entry_question="Pertanyaan terdahulu?",
                entry_answer="Jawaban terdahulu.",
                score=0.5,
                signals={},
                feedback=feedback,
                feedback_reason=reason,
                feedback_at=at(when) if when else None,
            )
        )
    session.commit()
    return ids
