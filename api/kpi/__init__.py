"""The office's success figures (participation, answers, duplicates, suggestion feedback), their charts,
the admin dashboard, and the monthly report file.

``figures`` reads the database; ``charts`` draws SVGs with matplotlib; ``report`` renders HTML;
``routes`` serves ``/admin/dashboard`` and ``GET /api/admin/kpi``; ``cli`` adds ``halokop report``.
``sample`` builds a demonstration database from ``data/sample`` for the notebook.
"""

from __future__ import annotations

from api.kpi.figures import (
    FeedbackFigures,
    MonthReport,
    Period,
    PeriodFigures,
    Split,
    figures,
    growth_pct,
    month_report,
    participant_keys,
)

__all__ = [
    "FeedbackFigures",
    "MonthReport",
    "Period",
    "PeriodFigures",
    "Split",
    "figures",
    "growth_pct",
    "month_report",
    "participant_keys",
]
