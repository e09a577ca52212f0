"""The demonstration database of ``api.kpi.sample``: deterministic, and a week without questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.kpi.figures import month_report
from api.kpi.sample import build_sample_database
from halokop_nlp import read_kb
from halokop_nlp.kb import read_jsonl

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def sample_inputs():
    return read_kb(DATA / "sample" / "kb.jsonl"), read_jsonl(DATA / "eval" / "test.jsonl")


def test_build_sample_database(kpi_sessions, sample_inputs):
    entries, queries = sample_inputs
    with kpi_sessions() as session:
        counts = build_sample_database(session, entries=entries, queries=queries)
        october = month_report(session, "2026-10")
        september = month_report(session, "2026-09")
    assert counts == {"entries": 155, "questions": 165, "editions": 15, "suggestions": 366}
    m = october.month
    assert (m.questions_received, m.spam, m.participants, m.previous_participants) == (77, 3, 71, 41)
    assert m.participants_growth_pct == 73.2
    assert (m.questions_published, m.duplicates_caught) == (38, 17)
    # The holiday week (the seventh of sixteen, W35) has nobody; the week after it has no growth figure.
    assert [(m.period.key, m.participants, m.participants_growth_pct) for m in september.trend[-3:]] == [
        ("2026-07", 13, None),
        ("2026-08", 20, 53.8),
        ("2026-09", 41, 105.0),
    ]
    first = september.weeks[0]
    assert (first.period.key, first.previous_participants, first.participants) == ("2026-W36", 0, 10)
    assert first.participants_growth_pct is None
