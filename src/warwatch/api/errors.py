"""The API's one error shape, ``{"ok": false, "error": "<message>", "status": <code>}``.

:func:`error_response` is the only place that builds it; :func:`install` routes every failure a
client can meet (HTTP errors, unknown routes and methods, bad parameters, oversized bodies,
warwatch errors and unexpected exceptions) through it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from warwatch.errors import InputError, StoreError, WarwatchError

log = logging.getLogger("warwatch.api")

_DEFAULT_MESSAGES = {
    400: "bad request",
    401: "a valid token is required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    500: "internal server error",
}


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status}


def error_response(
    status: int, message: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error response every route and handler returns."""
    text = message or _DEFAULT_MESSAGES.get(status, "error")
    return JSONResponse(error_body(status, text), status_code=status, headers=dict(headers or {}))


def _where(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc]
    if not parts:
        return "request"
    kind, rest = parts[0], parts[1:]
    name = ".".join(rest)
    if kind == "query":
        return f"query parameter {name!r}"
    if kind == "path":
        return f"path parameter {name!r}"
    if kind == "header":
        return f"header {name!r}"
    if kind == "body":
        return f"request body field {name!r}" if rest else "request body"
    return ".".join(parts)


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """One readable line naming each bad parameter, e.g. ``query parameter 'since': ...``."""
    lines = []
    for error in errors:
        message = str(error.get("msg", "invalid value"))
        if "input" in error and error.get("type") != "missing":
            got = repr(error["input"])
            message += f" (got {got[:80] + '...' if len(got) > 80 else got})"
        if str(error.get("type", "")).startswith("date"):
            message += "; use YYYY-MM-DD"
        lines.append(f"{_where(error.get('loc', ()))}: {message}")
    return "; ".join(lines) or "invalid request"


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = str(exc.detail) if exc.detail else None
    route = f"{request.method} {request.url.path}"
    # Starlette's own 404/405 carry only the reason phrase: say what was asked and what exists.
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such route: {route}; the routes are listed at /openapi.json"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"method not allowed: {route}" + (f"; allowed: {allowed}" if allowed else "")
    return error_response(exc.status_code, message, exc.headers)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(400, validation_message(exc.errors()))


async def _warwatch_error(_request: Request, exc: WarwatchError) -> JSONResponse:
    if isinstance(exc, InputError):
        return error_response(400, exc.message)
    if isinstance(exc, StoreError):
        log.error("store error: %s", exc)
        return error_response(500, f"database error: {exc.message}")
    return error_response(500, f"{exc.code}: {exc.message}")


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, f"internal server error ({type(exc).__name__}); see the server log")


def install(app: FastAPI) -> None:
    # Starlette types every handler as taking any Exception; each of these gets only its own class.
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(WarwatchError, _warwatch_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
