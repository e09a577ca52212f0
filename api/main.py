"""The app factory: ``create_app(settings)`` gives a FastAPI app; the lifespan loads everything heavy once."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from api import errors, kit_routes, web
from api.core import db
from api.core.config import Settings
from api.kpi import routes as kpi_routes
from api.routers import admin, auth, editions, health, public, questions
from api.services.index_admin import BuildManager, interrupted_builds, load_at_startup
from api.services.live_index import LiveIndex
from api.state import ServiceState
from halokop_nlp import Encoder, __version__

log = logging.getLogger("api")

DESCRIPTION = """\
HALO KOP-UKM Assist: incoming questions from every channel, staff review with suggested earlier
answers and duplicate warnings, approval by the head of office, weekly editions, public search.

Log in at `POST /api/auth/token` and send `Authorization: Bearer <token>`. Public routes
(`/api/public/...`, `/health`) need no login.
"""


def start_service(settings: Settings, encoder: Encoder | None = None) -> ServiceState:
    """Open the database, load the encoder and the current index version; degrade rather than fail."""
    secret = settings.jwt_secret()
    engine = db.make_engine(settings.database_url)  # type: ignore[arg-type]
    sessions = db.make_sessionmaker(engine)
    schema_problem = None
    try:
        if settings.auto_migrate:
            db.upgrade(engine)
        revision, head = db.current_revision(engine), db.head_revision()
        if revision != head:
            schema_problem = (
                f"the database schema is at {revision}, the code expects {head}: run `halokop db upgrade`"
            )
    except Exception as exc:  # noqa: BLE001 - /health reports it; the service still starts
        schema_problem = f"the database cannot be reached: {exc}"
    if schema_problem:
        log.error(schema_problem)
    encoder_error = None
    if encoder is None:
        from halokop_nlp import get_encoder

        try:
            encoder = get_encoder(settings.encoder)
        except Exception as exc:  # noqa: BLE001 - lexical fallback and /health take over
            encoder_error = str(exc) or type(exc).__name__
            log.error("encoder %s is not available: %s", settings.encoder, encoder_error)
    live = LiveIndex(encoder.name if encoder is not None else settings.encoder, encoder_error)
    state = ServiceState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        live=live,
        encoder=encoder,
        secret=secret,
        schema_problem=schema_problem,
    )
    state.builds = BuildManager(state)
    if schema_problem is None:
        interrupted_builds(state)
    load_at_startup(state)
    log.info(
        "index %s loaded (%s)",
        live.version,
        "degraded: " + "; ".join(live.problems()) if live.problems() else "ok",
    )
    return state


def stop_service(state: ServiceState) -> None:
    if state.builds is not None:
        state.builds.wait(timeout=5)
    state.engine.dispose()


class BodySizeLimit:
    """Refuse request bodies announced larger than the limit (413) before reading them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                    from starlette.responses import JSONResponse

                    response = JSONResponse(
                        {"detail": f"the request body has {int(value)} bytes; the limit is {self.limit}"},
                        status_code=413,
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class ServerTiming:
    """Add ``Server-Timing: app;dur=<ms>``: time spent inside the service, apart from the network."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed_send(message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - start) * 1000
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (b"server-timing", f"app;dur={ms:.1f}".encode()),
                    ],
                }
            await send(message)

        await self.app(scope, receive, timed_send)


def create_app(settings: Settings | None = None, *, encoder: Encoder | None = None) -> FastAPI:
    """Build the service.

    Args:
        settings: the settings; read from the environment and ``.env`` if not given.
        encoder: an encoder object to use instead of loading ``settings.encoder`` (tests, benchmarks).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await run_in_threadpool(start_service, settings, encoder)
        app.state.service = state
        try:
            yield
        finally:
            await run_in_threadpool(stop_service, state)
            app.state.service = None

    app = FastAPI(
        title="HALO KOP-UKM Assist", version=__version__, description=DESCRIPTION, lifespan=lifespan
    )
    errors.install(app)
    for router in (
        health.router,
        auth.router,
        public.router,
        questions.router,
        editions.router,
        admin.router,
        kit_routes.router,
        kpi_routes.router,
    ):
        app.include_router(router)
    web.install(app)  # the Indonesian pages and /static
    # Multipart overhead on top of the largest import file.
    app.add_middleware(BodySizeLimit, limit=settings.max_import_bytes + 64_000)
    app.add_middleware(ServerTiming)
    return app


__all__ = ["LiveIndex", "create_app", "start_service", "stop_service"]
