"""Success figures on the hand-worked database of ``tests/kpi/known.py`` (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import datetime as dt

import pytest

from api.kpi.figures import (
    Period,
    figures,
    growth_pct,
    month_report,
    months_between,
    participant_keys,
    weeks_between,
    weeks_of_month,
)

OCTOBER = Period.parse("2026-10")


# ------------------------------------------------------------------ periods (no database)
def test_parse_period_month_and_week():
    assert Period.parse("2026-10") == Period("month", dt.date(2026, 10, 1))
    assert Period.parse("2026-W41") == Period("week", dt.date(2026, 10, 5))
    assert Period.parse("2026-10").last_day == dt.date(2026, 10, 31)
    assert Period.parse("2026-12").end == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2026-13", "month '2026-13' does not exist: the month part must be 01-12"),
        ("1999-01", "month '1999-01' is out of range: use a year from 2000 to 2100"),
        ("2026-W54", "week '2026-W54' does not exist in 2026"),
        ("okt 2026", "'okt 2026' is not a period: write a month as YYYY-MM (e.g. 2026-10)"),
    ],
)
def test_parse_period_rejected(key, message):
    with pytest.raises(ValueError) as info:
        Period.parse(key)
    assert str(info.value) == message


def test_label_period_in_indonesian():
    assert OCTOBER.label == "Oktober 2026"
    assert Period.parse("2026-W41").label == "Pekan 41 (5–11 Okt 2026)"
    assert Period.parse("2026-W40").label == "Pekan 40 (28 Sep–4 Okt 2026)"
    assert Period.parse("2026-W01").label == "Pekan 1 (29 Des 2025–4 Jan 2026)"


def test_step_period_back_and_forth():
    assert Period.parse("2026-01").previous().key == "2025-12"
    assert Period.parse("2026-W01").previous().key == "2025-W52"
    assert Period.parse("2025-12").next().key == "2026-01"
    assert [p.key for p in months_between(Period.parse("2025-11"), Period.parse("2026-02"))] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert [w.key for w in weeks_between(dt.date(2026, 10, 4), dt.date(2026, 10, 12))] == [
        "2026-W40",
        "2026-W41",
        "2026-W42",
    ]


def test_list_weeks_of_month_by_thursday():
    assert [w.key for w in weeks_of_month(OCTOBER)] == [
        "2026-W40",
        "2026-W41",
        "2026-W42",
        "2026-W43",
        "2026-W44",
    ]
    # November 2026 starts on a Sunday: that week's Thursday is in October, so it is October's.
    assert [w.key for w in weeks_of_month(Period.parse("2026-11"))] == [
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
    ]


def test_compute_growth_pct():
    assert growth_pct(4, 3) == 33.3
    assert growth_pct(0, 2) == -100.0
    assert growth_pct(2, 2) == 0.0
    assert growth_pct(3, 0) is None
    assert growth_pct(0, 0) is None


def test_link_participant_keys():
    rows = [
        (1, "email", None, "Siti@Example.id", None, "Siti"),
        (2, "whatsapp", None, None, "0812-1111-2222", None),
        (3, "web_form", None, " siti@example.id", "+62 812 1111 2222", None),  # links 1 and 2
        (4, "instagram", "@budi", None, None, None),
        (5, "tiktok", "budi", None, None, None),  # another platform: another person
        (6, "instagram", "@BUDI ", None, None, None),
        (7, "letter", None, None, None, "Pak  Ahmad"),
        (8, "letter", None, None, None, "pak ahmad"),
        (9, "other", None, None, None, "pak ahmad"),  # a name counts within its channel only
        (10, "other", None, None, None, None),
        (11, "other", None, None, None, None),  # no sender at all: each is its own participant
    ]
    keys = participant_keys(rows)
    assert keys[1] == keys[2] == keys[3]
    assert keys[4] == keys[6] != keys[5]
    assert keys[7] == keys[8] != keys[9]
    assert keys[10] != keys[11]
    assert len(set(keys.values())) == 7
    assert keys[1] == "p1"  # opaque keys, no personal data


# ------------------------------------------------------------------ on the known database
def test_count_month_figures(kpi_sessions, known):
    with kpi_sessions() as session:
        (october,) = figures(session, [OCTOBER])
    assert october.questions_received == 11
    assert october.spam == 1
    assert october.participants == 8
    assert october.previous_participants == 2
    assert october.participants_growth_pct == 300.0
    assert october.questions_published == 5
    assert october.duplicates_caught == 2
    assert october.duplicates_flagged_by_engine == 1
    assert october.questions_answered == 7
    assert october.median_hours_to_publication == 220.0


def test_count_weekly_participants_across_week_without_questions(kpi_sessions, known):
    weeks = weeks_between(dt.date(2026, 9, 21), dt.date(2026, 11, 2))
    with kpi_sessions() as session:
        result = figures(session, weeks)
    table = [(f.period.key, f.questions_received, f.participants, f.participants_growth_pct) for f in result]
    assert table == [
        ("2026-W39", 2, 2, None),  # nobody in W38: no growth to speak of
        ("2026-W40", 4, 2, 0.0),  # siti twice (linked by her phone) and spam: 2 people
        ("2026-W41", 0, 0, -100.0),  # the week with zero participants
        ("2026-W42", 3, 3, None),  # after a week of zero: growth is None, never a division by zero
        ("2026-W43", 4, 4, 33.3),
        ("2026-W44", 3, 2, -50.0),  # Sunday 1 Nov 23:30 Bogor time is still W44
        ("2026-W45", 1, 1, -50.0),  # Monday 2 Nov 00:10 Bogor time is W45, though still Sunday in UTC
    ]


def test_count_month_by_office_time_zone(kpi_sessions, known):
    with kpi_sessions() as session:
        november, in_utc = (
            figures(session, [Period.parse("2026-11")]),
            figures(session, [Period.parse("2026-10")], tz="UTC"),
        )
    assert (november[0].questions_received, november[0].participants) == (3, 2)
    assert november[0].participants_growth_pct == -75.0
    # In UTC, Sunday 1 Nov 00:30 Bogor time is still 31 October.
    assert in_utc[0].questions_received == 12


def test_split_month_by_channel(kpi_sessions, known):
    with kpi_sessions() as session:
        (october,) = figures(session, [OCTOBER])
    assert {
        c: (s.questions, s.participants, s.previous_participants, s.growth_pct)
        for c, s in october.by_channel.items()
    } == {
        "instagram": (3, 2, 1, 100.0),
        "tiktok": (1, 1, 0, None),
        "email": (1, 1, 1, 0.0),
        "letter": (3, 2, 0, None),
        "online_discussion": (0, 0, 0, None),
        "web_form": (1, 1, 0, None),
        "whatsapp": (1, 1, 1, 0.0),
        "other": (1, 1, 0, None),
    }


def test_split_month_by_category(kpi_sessions, known):
    with kpi_sessions() as session:
        (october,) = figures(session, [OCTOBER])
    assert [
        (c, s.questions, s.participants, s.previous_participants, s.growth_pct)
        for c, s in october.by_category.items()
    ] == [
        ("koperasi-tata-kelola", 3, 2, 0, None),  # one question only predicted in this category
        ("pembiayaan", 2, 1, 1, 0.0),
        ("perizinan-usaha", 2, 2, 0, None),  # staff's category wins over the predicted one
        ("koperasi-pendirian", 1, 1, 1, 0.0),
        ("umkm-umum", 1, 1, 0, None),
        ("uncategorized", 2, 1, 0, None),  # the spam and the off-topic question
    ]


def test_compute_median_hours_to_publication_per_week(kpi_sessions, known):
    with kpi_sessions() as session:
        result = figures(session, weeks_of_month(OCTOBER))
    assert [(f.period.key, f.questions_published, f.median_hours_to_publication) for f in result] == [
        ("2026-W40", 0, None),
        ("2026-W41", 2, 300.0),  # edition of 8 Oct: 383 h and 217 h
        ("2026-W42", 0, None),
        ("2026-W43", 3, 220.0),  # edition of 22 Oct: 506 h, 220 h, 27 h; the draft of 5 Nov not at all
        ("2026-W44", 0, None),
    ]


def test_compute_acceptance_rate(kpi_sessions, known):
    with kpi_sessions() as session:
        september, october, w41, w43 = figures(
            session,
            [Period.parse("2026-09"), OCTOBER, Period.parse("2026-W41"), Period.parse("2026-W43")],
        )
    assert october.feedback.to_dict() == {
        "accepted": 3,
        "edited": 2,
        "rejected": 3,
        "rejected_not_related": 2,
        "rejected_related_not_answering": 1,
        "rejected_no_reason": 0,
        "total": 8,
        "acceptance_pct": 37.5,
        "use_pct": 62.5,
    }
    assert (september.feedback.total, september.feedback.acceptance_pct) == (2, 50.0)
    assert (w41.feedback.total, w41.feedback.acceptance_pct, w41.feedback.use_pct) == (0, None, None)
    assert (w43.feedback.accepted, w43.feedback.edited, w43.feedback.acceptance_pct) == (2, 1, 66.7)


def test_build_month_report(kpi_sessions, known):
    now = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone.utc)
    with kpi_sessions() as session:
        report = month_report(session, "2026-10", now=now)
    data = report.to_dict()
    assert data["month"]["period"] == {
        "kind": "month",
        "key": "2026-10",
        "first_day": "2026-10-01",
        "last_day": "2026-10-31",
        "label": "Oktober 2026",
    }
    assert [w["period"]["key"] for w in data["weeks"]] == [
        "2026-W40",
        "2026-W41",
        "2026-W42",
        "2026-W43",
        "2026-W44",
    ]
    assert [(m["period"]["key"], m["participants"], m["participants_growth_pct"]) for m in data["trend"]] == [
        ("2026-05", 0, None),
        ("2026-06", 0, None),
        ("2026-07", 0, None),
        ("2026-08", 0, None),
        ("2026-09", 2, None),
        ("2026-10", 8, 300.0),
    ]
    assert data["timezone"] == "Asia/Jakarta"
    assert data["generated_at"] == "2026-11-27T17:00:00+07:00"


def test_build_month_report_rejects_week(kpi_sessions):
    with kpi_sessions() as session, pytest.raises(ValueError) as info:
        month_report(session, "2026-W41")
    assert str(info.value) == "2026-W41 is a week: give a month as YYYY-MM"


def test_count_empty_database(kpi_sessions):
    with kpi_sessions() as session:
        (october,) = figures(session, [OCTOBER])
    assert october.to_dict()["questions_received"] == 0
    assert october.participants_growth_pct is None
    assert october.median_hours_to_publication is None
    assert october.feedback.acceptance_pct is None
