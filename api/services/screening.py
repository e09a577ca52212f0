"""Running the engine on stored questions: verdict, matches, category, screening and a draft."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from api.core.config import Settings
from api.models import Question, QuestionStatus, SuggestionsStatus
from api.repository import questions as repo
from api.services.keys import normalize_text
from api.services.live_index import LiveIndex, Outcome

log = logging.getLogger("api.screening")

OPEN_STATUSES = (QuestionStatus.pending.value, QuestionStatus.returned.value)


def _apply(session: Session, question: Question, outcome: Outcome, version: str | None) -> None:
    s = outcome.suggestion
    question.suggestions_status = outcome.status
    question.suggestions_error = outcome.error
    question.index_version = version
    if s is None:
        question.verdict = "unavailable"
        question.draft = None
        repo.add_suggestions(session=session, question=question, rows=[])
        return
    question.verdict = s.verdict
    question.predicted_category = s.category
    question.category_probability = None if s.category_probability is None else float(s.category_probability)
    if s.screening is not None:
        question.screening_label = s.screening.label
        question.screening_score = round(float(s.screening.score), 4)
    question.draft = s.draft
    repo.add_suggestions(
        session=session,
        question=question,
        rows=[
            {
                "rank": rank,
                "entry_ref": m.ref,
                "entry_question": m.question,
                "entry_answer": m.answer,
                "entry_category": m.category,
                "score": float(m.score),
                "signals": {k: float(v) for k, v in m.signals.items()},
                "lexical": outcome.status == SuggestionsStatus.lexical.value,
                "index_version": version,
            }
            for rank, m in enumerate(s.matches, start=1)
        ],
    )


def screen_question(*, session: Session, live: LiveIndex, settings: Settings, question: Question) -> None:
    """Run the engine on a stored question and store what it found (commits).

    Never raises for an engine fault: the question then keeps ``suggestions_status`` unavailable
    (or lexical, when the lexical fallback found matches).
    """
    version = live.version
    try:
        outcome = live.suggest(question.text, k=settings.suggestions)
    except Exception as exc:  # noqa: BLE001 - EmptyQuestionError or worse: the question stays stored
        outcome = Outcome(SuggestionsStatus.unavailable.value, None, str(exc) or type(exc).__name__)
    try:
        _apply(session, question, outcome, version)
        session.commit()
    except Exception as exc:  # noqa: BLE001
        log.exception("could not store the suggestions of question %s", question.id)
        session.rollback()
        fresh = session.get(Question, question.id)
        if fresh is not None:
            fresh.suggestions_status = SuggestionsStatus.unavailable.value
            fresh.suggestions_error = f"could not store the suggestions: {exc}"[:1000]
            session.commit()


def screen_many(
    *, sessions: sessionmaker[Session], live: LiveIndex, settings: Settings, ids: Sequence[int]
) -> None:
    """Screen imported questions (run after the import's response; each in its own transaction)."""
    with sessions() as session:
        for qid in ids:
            question = session.get(Question, qid)
            if question is not None and question.suggestions_status == SuggestionsStatus.pending.value:
                screen_question(session=session, live=live, settings=settings, question=question)


def group_open_questions(
    *, session: Session, live: LiveIndex, limit: int
) -> tuple[list[list[Question]], str]:
    """Waiting questions that ask the same thing, largest group first (groups of two or more).

    Returns:
        The groups and the method: ``semantic`` (the engine's grouping) or ``exact`` (same
        normalized text, when the engine cannot run).
    """
    questions = repo.list_open(session=session, limit=limit)
    groups = live.group([q.text for q in questions]) if questions else []
    method = "semantic"
    if groups is None:
        method = "exact"
        by_text: dict[str, list[int]] = {}
        for i, q in enumerate(questions):
            by_text.setdefault(normalize_text(q.text), []).append(i)
        groups = sorted(by_text.values(), key=lambda g: (-len(g), g[0]))
    return [[questions[i] for i in g] for g in groups if len(g) > 1], method
