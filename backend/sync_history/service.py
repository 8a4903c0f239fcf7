"""Sync history: recording sync and import runs, and reading them back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import Numeric, cast, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import SyncEvent, User

log = structlog.get_logger("pingcrm.sync_history")

SYNC_STATUSES = ("started", "success", "partial", "failed")
FINISHED_STATUSES = ("success", "partial", "failed")
ERROR_MESSAGE_MAX_CHARS = 2000


async def start_sync_event(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    platform: str,
    sync_type: str,
    job_id: str | None = None,
) -> SyncEvent:
    """Record the start of a run with status `started` and flush, leaving the commit to the caller."""
    event = SyncEvent(
        user_id=user_id,
        platform=platform,
        sync_type=sync_type,
        status="started",
        job_id=job_id,
        started_at=datetime.now(UTC),
    )
    session.add(event)
    await session.flush()
    log.info("sync_history.started", sync_event_id=str(event.id), platform=platform, sync_type=sync_type, job_id=job_id)
    return event


async def finish_sync_event(
    session: AsyncSession,
    event: SyncEvent,
    *,
    status: str,
    records_created: int = 0,
    records_updated: int = 0,
    records_failed: int = 0,
    error_message: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record the end of a run (status, counts, completed_at, duration_ms) and flush, leaving the commit to the caller.

    Raises ValueError for a status other than success, partial or failed. error_message is cut
    to 2000 characters.
    """
    if status not in FINISHED_STATUSES:
        raise ValueError(f"Invalid sync status {status!r}: expected one of {', '.join(FINISHED_STATUSES)}")
    if "started_at" in inspect(event).unloaded:
        # A rollback or commit in the caller's session may have expired it, and a lazy load fails under asyncio.
        await session.refresh(event, ["started_at"])
    completed_at = datetime.now(UTC)
    started_at = event.started_at or completed_at
    event.status = status
    event.records_created = records_created
    event.records_updated = records_updated
    event.records_failed = records_failed
    event.error_message = error_message[:ERROR_MESSAGE_MAX_CHARS] if error_message is not None else None
    event.details = details
    event.completed_at = completed_at
    event.duration_ms = max(0, int((completed_at - started_at).total_seconds() * 1000))
    await session.flush()
    log.info(
        "sync_history.finished",
        sync_event_id=str(event.id),
        platform=event.platform,
        status=status,
        records_created=records_created,
        records_updated=records_updated,
        records_failed=records_failed,
        duration_ms=event.duration_ms,
    )


async def list_sync_events(
    session: AsyncSession,
    user: User,
    *,
    platform: str | None = None,
    status: str | None = None,
    limit: int,
    offset: int,
) -> tuple[list[SyncEvent], int]:
    """Return the user's sync events, newest start first, and the total matching the filters."""
    conditions = [SyncEvent.user_id == user.id]
    if platform is not None:
        conditions.append(SyncEvent.platform == platform)
    if status is not None:
        conditions.append(SyncEvent.status == status)

    total = await session.scalar(select(func.count()).select_from(SyncEvent).where(*conditions))
    rows = await session.scalars(
        select(SyncEvent)
        .where(*conditions)
        .order_by(SyncEvent.started_at.desc(), SyncEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)


async def sync_stats(session: AsyncSession, user: User, *, platform: str | None = None) -> dict[str, dict[str, Any]]:
    """Count the user's runs per platform and compute the success rate.

    success_rate is the percentage of finished runs (success, partial or failed) that succeeded,
    rounded to one decimal. Runs still `started` count in total_syncs but are excluded from the
    rate, and the rate is null while a platform has no finished run. Platforms without any run are
    absent.
    """
    success = func.count().filter(SyncEvent.status == "success")
    failed = func.count().filter(SyncEvent.status == "failed")
    partial = func.count().filter(SyncEvent.status == "partial")
    finished = func.count().filter(SyncEvent.status.in_(FINISHED_STATUSES))
    statement = (
        select(
            SyncEvent.platform,
            func.count().label("total_syncs"),
            success.label("success_count"),
            failed.label("failed_count"),
            partial.label("partial_count"),
            func.round(cast(success * 100, Numeric) / func.nullif(finished, 0), 1).label("success_rate"),
            func.max(SyncEvent.started_at).label("last_sync"),
        )
        .where(SyncEvent.user_id == user.id)
        .group_by(SyncEvent.platform)
        .order_by(SyncEvent.platform)
    )
    if platform is not None:
        statement = statement.where(SyncEvent.platform == platform)

    stats: dict[str, dict[str, Any]] = {}
    for row in await session.execute(statement):
        stats[row.platform] = {
            "total_syncs": row.total_syncs,
            "success_count": row.success_count,
            "failed_count": row.failed_count,
            "partial_count": row.partial_count,
            "success_rate": float(row.success_rate) if row.success_rate is not None else None,
            "last_sync": row.last_sync,
        }
    return stats
