"""The health report: database, index, encoder, and why the service is degraded if it is."""

from __future__ import annotations

from api.core import db
from api.schemas.admin import DatabaseHealth, EncoderHealth, Health, IndexHealth
from api.state import ServiceState


def check(state: ServiceState) -> Health:
    reasons: list[str] = []
    try:
        db.ping(state.engine)
        revision = db.current_revision(state.engine)
        database = DatabaseHealth(ok=True, revision=revision, error=None)
        head = db.head_revision()
        if revision != head:
            reasons.append(
                f"the database schema is at {revision}, the code expects {head}: run `halokop db upgrade`"
            )
    except Exception as exc:  # noqa: BLE001 - any database failure is reported, not raised
        database = DatabaseHealth(ok=False, revision=None, error=f"{type(exc).__name__}: {exc}"[:500])
    live = state.live
    rec = live.recommender
    reasons.extend(live.problems())
    index = IndexHealth(loaded=rec is not None, version=live.version, entries=len(rec.index) if rec else None)
    encoder = EncoderHealth(
        name=rec.encoder.name if rec is not None else live.encoder_name, available=live.encoder_available
    )
    if not database.ok:
        reasons.insert(0, "the database cannot be reached")
    status = "down" if not database.ok else ("degraded" if reasons else "ok")
    return Health(
        status=status,
        degraded=bool(reasons),
        reasons=reasons,
        database=database,
        index=index,
        encoder=encoder,
    )
