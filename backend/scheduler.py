"""Scheduled work of the worker: cron entry points that fan out one job per user, and the
per-user sync dispatcher that follows each user's sync preferences.

Fan-out jobs only enqueue. Each user's work runs as its own job with its own transaction, so a
failure for one user never rolls back another's.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.jobs import SESSION_FACTORY_KEY, JobOutcome, enqueue_user_job, tracked
from backend.models import User
from backend.scoring.jobs import RECOMPUTE_SCORES_JOB

log = structlog.get_logger("pingcrm.scheduler")

GENERATE_SUGGESTIONS_JOB = "generate_suggestions_job"

# The sync dispatcher runs every SYNC_DISPATCH_MINUTES. A sync counts as due up to half a
# period early, so a sync that started a few seconds after the dispatcher's run becomes due at
# the same dispatcher run one interval later instead of one run after that.
SYNC_DISPATCH_MINUTES = 15
SYNC_DUE_SLACK = timedelta(minutes=SYNC_DISPATCH_MINUTES / 2)
SYNC_INTERVALS = {"6h": timedelta(hours=6), "12h": timedelta(hours=12), "daily": timedelta(days=1)}

USER_BATCH_SIZE = 500
# Enqueue calls in flight at once during a fan-out; each uses one Redis connection.
ENQUEUE_CONCURRENCY = 20


@dataclass(frozen=True)
class SyncJob:
    """The job that syncs one platform for one user; `is_connected` skips users who have not connected it."""

    function_name: str
    is_connected: Callable[[User], bool] = lambda user: True


# Platform (as in the sync settings and in sync_events.platform) -> its sync job. The job must
# record its runs under the same platform name, because the dispatcher reads the last run from
# sync_events. Integration packages add their jobs here and to backend.worker.FUNCTIONS.
SYNC_JOBS: dict[str, str | SyncJob] = {}


def is_sync_due(preference: dict[str, Any], last_started_at: datetime | None, now: datetime) -> bool:
    """Tell whether a platform with these preferences and this last run should sync now."""
    if not preference.get("auto_sync"):
        return False
    interval = SYNC_INTERVALS.get(preference.get("schedule", "manual"))
    if interval is None:
        return False
    return last_started_at is None or last_started_at <= now - interval + SYNC_DUE_SLACK


def _session_factory(ctx: dict[str, Any]) -> async_sessionmaker[AsyncSession]:
    return ctx[SESSION_FACTORY_KEY]


async def _user_batches(factory: async_sessionmaker[AsyncSession], *, ids_only: bool) -> AsyncIterator[list[Any]]:
    """Yield all users (or their ids) in batches ordered by id, one short transaction per batch."""
    after: uuid.UUID | None = None
    while True:
        query = select(User.id if ids_only else User).order_by(User.id).limit(USER_BATCH_SIZE)
        if after is not None:
            query = query.where(User.id > after)
        async with factory() as session:
            batch = list((await session.scalars(query)).all())
        if not batch:
            return
        yield batch
        after = batch[-1] if ids_only else batch[-1].id


async def _enqueue_all(ctx: dict[str, Any], requests: list[tuple[str, uuid.UUID]], **kwargs: Any) -> int:
    """Enqueue `(function_name, user_id)` pairs with bounded concurrency; return how many were attempted."""
    limit = asyncio.Semaphore(ENQUEUE_CONCURRENCY)

    async def enqueue(function_name: str, user_id: uuid.UUID) -> None:
        async with limit:
            await enqueue_user_job(ctx["redis"], function_name, user_id=user_id, **kwargs)

    await asyncio.gather(*(enqueue(name, user_id) for name, user_id in requests))
    return len(requests)


async def _fan_out(ctx: dict[str, Any], function_name: str) -> int:
    total = 0
    async for user_ids in _user_batches(_session_factory(ctx), ids_only=True):
        total += await _enqueue_all(ctx, [(function_name, user_id) for user_id in user_ids], sync_type="scheduled")
    log.info("scheduler.fanned_out", function=function_name, users=total)
    return total


async def dispatch_score_recompute(ctx: dict[str, Any]) -> int:
    """Enqueue the nightly score recompute, one job per user."""
    return await _fan_out(ctx, RECOMPUTE_SCORES_JOB)


async def dispatch_suggestions(ctx: dict[str, Any]) -> int:
    """Enqueue the daily follow-up suggestion generation, one job per user."""
    return await _fan_out(ctx, GENERATE_SUGGESTIONS_JOB)


_LAST_SYNCS = text(
    """
    SELECT DISTINCT ON (user_id, platform) user_id, platform, started_at
    FROM sync_events
    WHERE user_id = ANY(:user_ids) AND platform = ANY(:platforms)
    ORDER BY user_id, platform, started_at DESC
    """
)


async def dispatch_syncs(ctx: dict[str, Any], *, now: datetime | None = None) -> int:
    """Enqueue each user's platform syncs that are due by their sync preferences; return how many were enqueued."""
    from backend.settings.defaults import sync_preferences

    registry = {platform: job if isinstance(job, SyncJob) else SyncJob(job) for platform, job in SYNC_JOBS.items()}
    if not registry:
        return 0
    now = now or datetime.now(UTC)
    factory = _session_factory(ctx)
    total = 0

    async for users in _user_batches(factory, ids_only=False):
        async with factory() as session:
            rows = await session.execute(_LAST_SYNCS, {"user_ids": [user.id for user in users], "platforms": list(registry)})
            last_started = {(row.user_id, row.platform): row.started_at for row in rows}

        requests = []
        for user in users:
            preferences = sync_preferences(user)
            for platform, job in registry.items():
                preference = preferences.get(platform, {})
                if is_sync_due(preference, last_started.get((user.id, platform)), now) and job.is_connected(user):
                    requests.append((job.function_name, user.id))
        total += await _enqueue_all(ctx, requests, sync_type="scheduled")

    log.info("scheduler.syncs_dispatched", jobs=total, platforms=sorted(registry))
    return total


async def wake_snoozed_suggestions(ctx: dict[str, Any]) -> int:
    """Turn snoozed suggestions whose snooze has ended back into pending ones, for all users in one statement."""
    from backend.suggestions.service import wake_snoozed

    async with _session_factory(ctx)() as session:
        woken = await wake_snoozed(session, now=datetime.now(UTC))
        await session.commit()
    log.info("scheduler.snoozed_woken", suggestions=woken)
    return woken


@tracked("suggestions", label="Follow-up suggestions", notify=False)
async def generate_suggestions_job(ctx: dict[str, Any], session: AsyncSession, user: User) -> JobOutcome:
    """Generate the user's follow-up suggestions and tell the user when there are new ones."""
    from backend.notifications.service import create_notification
    from backend.suggestions.engine import generate_suggestions

    created = await generate_suggestions(session, user, now=datetime.now(UTC))
    count = len(created)
    if count:
        noun = "suggestion" if count == 1 else "suggestions"
        await create_notification(
            session, user_id=user.id, notification_type="suggestion", title=f"{count} new follow-up {noun}", link="/suggestions"
        )
    return JobOutcome(created=count, result={"created": count})
