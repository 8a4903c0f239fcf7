"""Domain errors raised by services, and the handlers that render them as responses.

Every error body is `{"data": null, "error": <message>, "meta": null, "detail": <detail>}`.
Clients read `detail`: a string, FastAPI's validation list, or an object for contact conflicts.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger("pingcrm.errors")


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, detail: Any = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.detail = message if detail is None else detail
        self.headers = headers


class InvalidInput(DomainError):
    status_code = 400


class Unauthorized(DomainError):
    status_code = 401

    def __init__(self, message: str = "Could not validate credentials"):
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class PayloadTooLarge(DomainError):
    status_code = 413


class UnsupportedMediaType(DomainError):
    status_code = 415


class Unprocessable(DomainError):
    status_code = 422


class TooManyRequests(DomainError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = max(1, retry_after)


class ServiceUnavailable(DomainError):
    status_code = 503


def error_response(status_code: int, message: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"data": None, "error": message, "meta": None, "detail": jsonable_encoder(detail)}
    return JSONResponse(status_code=status_code, content=body, headers=headers)


def _describe_validation(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:5]:
        location = ".".join(str(item) for item in error.get("loc", ()) if item != "body")
        parts.append(f"{location}: {error.get('msg')}" if location else str(error.get("msg")))
    return "Invalid request: " + "; ".join(parts)


async def _domain_error_handler(request: Request, exc: DomainError) -> JSONResponse:
    if exc.status_code >= 500:
        log.error("request.failed", status=exc.status_code, error=exc.message)
    return error_response(exc.status_code, exc.message, exc.detail, exc.headers)


async def _http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if exc.detail is not None else "Request failed"
    message = detail if isinstance(detail, str) else "Request failed"
    return error_response(exc.status_code, message, detail, getattr(exc, "headers", None))


async def _validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    for error in errors:
        # Pydantic puts the raw exception object in ctx for custom validators; keep only its text.
        if "ctx" in error and isinstance(error["ctx"], dict):
            error["ctx"] = {key: str(value) for key, value in error["ctx"].items()}
    return error_response(422, _describe_validation(errors), errors)


async def _unhandled_error_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("request.unhandled_error", error_type=type(exc).__name__)
    return error_response(500, "Internal server error", "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(Exception, _unhandled_error_handler)
