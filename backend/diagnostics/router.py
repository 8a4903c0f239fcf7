"""Health check and the web app's error-report sink."""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import text

from backend.core import rate_limit
from backend.core.deps import AppSettings, DbSession, RedisClient
from backend.core.envelope import Envelope, ok
from backend.core.errors import PayloadTooLarge, Unprocessable

router = APIRouter(tags=["diagnostics"])
log = structlog.get_logger("pingcrm.client_errors")


class HealthData(BaseModel):
    status: str
    service: str = "pingcrm-api"


class FrontendErrorReport(BaseModel):
    message: str = Field(max_length=1000)
    source: str | None = Field(default=None, max_length=500)
    lineno: int | None = None
    colno: int | None = None
    stack: str | None = Field(default=None, max_length=5000)
    url: str | None = Field(default=None, max_length=500)
    component: str | None = Field(default=None, max_length=200)


class ErrorReceipt(BaseModel):
    received: bool
    reason: str | None = None


@router.get("/api/health", response_model=HealthData, responses={503: {"model": HealthData}})
async def health(session: DbSession) -> HealthData | JSONResponse:
    """Return `{"status": "ok"}` when the database responds, or 503 `{"status": "degraded"}`."""
    try:
        await session.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means "not healthy"; the reason goes to the log
        log.warning("health.database_unavailable", error=str(exc))
        return JSONResponse(status_code=503, content={"status": "degraded", "service": "pingcrm-api"})
    return HealthData(status="ok")


@router.post(
    "/api/v1/errors",
    response_model=Envelope[ErrorReceipt],
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": FrontendErrorReport.model_json_schema()}}}},
)
async def report_client_error(request: Request, redis: RedisClient, settings: AppSettings) -> dict:
    """Log an error report from the web app. Works without a token; limited in size and per client address."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.error_report_max_bytes:
        raise PayloadTooLarge(f"Error report too large: the limit is {settings.error_report_max_bytes} bytes")
    raw = await request.body()
    if len(raw) > settings.error_report_max_bytes:
        raise PayloadTooLarge(f"Error report too large: the limit is {settings.error_report_max_bytes} bytes")
    try:
        report = FrontendErrorReport.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise Unprocessable(
            "Invalid error report: send JSON with at least `message`", detail=exc.errors(include_url=False, include_context=False)
        ) from exc

    address = request.client.host if request.client else "unknown"
    hits, _ = await rate_limit.count_hit(redis, f"client_errors:{address}", window_seconds=60)
    if hits > settings.error_reports_per_minute:
        if hits == settings.error_reports_per_minute + 1:
            log.warning("client_error.rate_limited", address=address)
        return ok({"received": False, "reason": "rate_limited"})

    log.warning(
        "client_error.reported",
        message=report.message,
        source=report.source,
        lineno=report.lineno,
        colno=report.colno,
        page_url=report.url,
        component=report.component,
        stack=report.stack,
        address=address,
    )
    return ok({"received": True})
