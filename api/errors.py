"""Errors the services raise, and the handlers that turn every failure into a clear JSON message.

A client always gets ``{"detail": "<what is wrong>"}``; validation failures add ``errors`` with one
item per problem. Invalid input is never a 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("api")


class ServiceError(Exception):
    """A request the service refuses, with the HTTP status that says why."""

    status_code = 400

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra  # more fields for the JSON body (e.g. the bad rows of an import)


class InvalidInput(ServiceError):
    status_code = 422


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    """The request does not fit the current state (wrong workflow step, already exists, ...)."""

    status_code = 409


class TooLarge(ServiceError):
    status_code = 413


class Unavailable(ServiceError):
    status_code = 503


_WHERE = {"body": "field", "query": "query parameter", "path": "path parameter", "header": "header"}


def _describe(error: dict) -> str:
    loc = [str(p) for p in error.get("loc", ())]
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return f"the request body is not valid JSON{f' ({reason})' if reason else ''}"
    where = _WHERE.get(loc[0], loc[0]) if loc else "request"
    name = ".".join(loc[1:])
    message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    if error.get("type") == "missing":
        return f"{where} '{name}' is required" if name else "the request body is required"
    if not name:
        return f"request body: {message}" if loc and loc[0] == "body" else message
    return f"{where} '{name}': {message}"


def validation_message(errors: list[dict]) -> tuple[str, list[dict]]:
    items = [{"loc": list(e.get("loc", ())), "msg": _describe(e), "type": e.get("type")} for e in errors]
    return "; ".join(i["msg"] for i in items) or "the request is not valid", items


def install(app: FastAPI) -> None:
    """Register the error handlers on an app."""

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(
            jsonable_encoder({"detail": exc.message, **exc.extra}), status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # The submitted values are left out on purpose: they may hold personal data or huge texts.
        detail, items = validation_message(list(exc.errors()))
        return JSONResponse({"detail": detail, "errors": items}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such path: see /docs for the routes this service has"
        elif exc.status_code == 405 and detail == "Method Not Allowed":
            detail = "this path does not accept that method: see /docs"
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        log.warning("value refused by the database on %s %s: %s", request.method, request.url.path, exc.orig)
        return JSONResponse(
            {"detail": "the request holds a value the database cannot store (a number out of range?)"},
            status_code=422,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        log.error("database error on %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": "the database cannot be reached; try again later"}, status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"detail": "internal error: the service could not complete the request; it has been logged"},
            status_code=500,
        )
