"""One JSON error shape for every failure: ``{"error": {"code", "message", "details"}}``.

Handlers map FastAPI's own errors (unknown route, wrong method, invalid parameters), the
trucewatch exception tree and anything unexpected (a 500 that hides the traceback) into it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from trucewatch.errors import (
    AgreementError,
    BoundaryError,
    NotFoundError,
    StoreBusyError,
    StoreError,
    TrucewatchError,
    ValidationError,
)
from trucewatch.suggest import close_matches

__all__ = ["CODES", "ApiError", "error_body", "install_error_handlers"]

log = logging.getLogger("trucewatch.api")

#: The code of each status the API answers with.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered as the one JSON shape, with ``status`` and optional headers."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details
        self.headers = headers


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The error shape as a dict."""
    return {"error": {"code": code, "message": message, "details": details}}


def _printable(value: Any) -> Any:
    """``value`` with every text made encodable: an undecodable input byte that reached a
    message (kept by Python as a lone surrogate, e.g. a column name read from random bytes)
    is shown as its escape (``\\udc9b``) instead of failing the answer's UTF-8 encoding."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


def _respond(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = _printable(error_body(code, message, jsonable_encoder(details)))
    return JSONResponse(body, status_code=status, headers=headers)


def _status_of(exc: TrucewatchError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, StoreError):
        return 503
    if isinstance(exc, ValidationError | AgreementError | BoundaryError):
        return 422
    return 422


def _problem(err: Mapping[str, Any]) -> str:
    """The validator's message, with a guess for a value outside a closed set (an enum)."""
    problem = str(err.get("msg", ""))
    if err.get("type") == "enum" and isinstance(err.get("input"), str):
        allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        guesses = close_matches(err["input"], allowed)
        if guesses:
            problem += f", not {err['input']!r}: did you mean {' or '.join(guesses)}?"
    return problem


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append(
            {
                "where": ".".join(str(p) for p in err.get("loc", ())),
                "problem": _problem(err),
                "type": err.get("type", ""),
            }
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _respond(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(status, "error")
        if status == 404 and message == "Not Found":
            message = f"no route {request.url.path} (GET /openapi.json lists the routes)"
        if status == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _respond(status, CODES.get(status, "error"), message, None, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        message = f"{first['where']}: {first['problem']}"
        return _respond(422, "invalid", message, details)

    @app.exception_handler(TrucewatchError)
    async def domain_error(request: Request, exc: TrucewatchError) -> JSONResponse:
        status = _status_of(exc)
        if status == 503:
            log.error("store error on %s: %s", request.url.path, exc)
        details = None
        if isinstance(exc, AgreementError) and exc.field:
            details = [{"where": exc.field, "problem": str(exc), "type": "agreement"}]
        headers = {"Retry-After": "5"} if isinstance(exc, StoreBusyError) else None
        return _respond(status, CODES[status], str(exc), details, headers)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # the client went away mid-body (or the body limit cut it: the 413 is already sent);
        # nobody reads this answer, and it is no bug to log
        return _respond(400, "bad_request", "the client closed the connection mid-body")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(500, "internal_error", "internal error: see the server log")
