"""Liveness and health."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.schemas.admin import Health
from api.services import health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def get_health(state: StateDep) -> JSONResponse:
    """Database reachable, index version, encoder, and whether the service is degraded (503 if down)."""
    report = health.check(state)
    return JSONResponse(report.model_dump(mode="json"), status_code=503 if report.status == "down" else 200)
