"""Citizen routes: no login, no personal data in any response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import LiveIndexDep, SessionDep, SettingsDep
from api.schemas.common import NoNul
from api.schemas.public import PublicQuestionCreate, SearchList, TrackingReceipt, TrackingStatus
from api.services import public

router = APIRouter(prefix="/api/public", tags=["public"])


@router.get("/search")
def search(
    session: SessionDep,
    live: LiveIndexDep,
    settings: SettingsDep,
    q: Annotated[
        str | None, Query(max_length=100_000, description="What to look for; empty lists the newest."), NoNul
    ] = None,
    category: Annotated[str | None, Query(max_length=64), NoNul] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchList:
    """Search published questions and answers."""
    return public.search(
        session=session, live=live, settings=settings, q=q, category=category or None, limit=limit
    )


@router.post("/questions", status_code=status.HTTP_201_CREATED)
def ask(
    data: PublicQuestionCreate, session: SessionDep, live: LiveIndexDep, settings: SettingsDep
) -> TrackingReceipt:
    """Send a question to HALO KOP-UKM; the answer's tracking code comes back."""
    return public.submit_question(session=session, live=live, settings=settings, data=data)


@router.get("/questions/{tracking_code}")
def track(
    tracking_code: Annotated[str, Path(min_length=1, max_length=32), NoNul],
    session: SessionDep,
    settings: SettingsDep,
) -> TrackingStatus:
    """Status of a question by its tracking code (and the answer, once published)."""
    return public.question_status(session=session, settings=settings, code=tracking_code)
