"""The background job layer on arq: per-user deduplicated enqueueing, waiting for a result, and
the `tracked` wrapper that records every run of a job in sync_events.

A user job has the deterministic id `<function>:<user_id>`, so while a run is queued or running a
second enqueue (a double click, the scheduler and a button at once) returns the same job instead
of starting another copy.
"""

from __future__ import annotations

import asyncio
import functools
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import redis.exceptions
import structlog
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import result_key_prefix
from arq.jobs import Job, JobStatus, ResultNotFound
from arq.worker import Retry
from redis.asyncio import ConnectionPool
from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.errors import DomainError, ServiceUnavailable
from backend.models import SyncEvent, User

log = structlog.get_logger("pingcrm.jobs")

# Tries per job, the first run included; transient errors are retried after these delays.
MAX_TRIES = 3
RETRY_DELAYS_SECONDS = (10, 60)

# Context key under which the worker stores its async_sessionmaker.
SESSION_FACTORY_KEY = "session_factory"


class JobFailed(DomainError):
    status_code = 500


class TransientJobError(Exception):
    """Raised by job code for a failure worth retrying (a rate limit, a provider outage)."""


def job_id_for(function_name: str, user_id: uuid.UUID | str) -> str:
    """Return the deterministic arq job id of a user's job."""
    return f"{function_name}:{user_id}"


_TRANSIENT_TYPES = (
    TransientJobError,
    ConnectionError,
    TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    httpx.TransportError,
    sa_exc.TimeoutError,  # no free connection in the SQLAlchemy pool
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
)
# PostgreSQL SQLSTATEs of conflicts that succeed when the transaction is run again.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def is_transient(exc: BaseException) -> bool:
    """Tell whether an error is a lost connection, a timeout or a transaction conflict, which a later try may not hit."""
    if isinstance(exc, _TRANSIENT_TYPES):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        return exc.connection_invalidated or getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES
    return False


# ---------------------------------------------------------------------------------------------
# The arq pool of the API process


_pools: dict[str, ArqRedis] = {}


def _pool_from_app_redis() -> ArqRedis | None:
    """Build an arq pool with the connection settings of backend.core.redis's client, if it is initialised.

    arq stores pickled bytes, so the pool cannot share the client's decoding connection pool.
    """
    from backend.core.redis import get_redis

    try:
        client = get_redis()
    except RuntimeError:
        return None
    source = client.connection_pool
    connection_kwargs = {**source.connection_kwargs, "decode_responses": False}
    return ArqRedis(pool_or_conn=ConnectionPool(connection_class=source.connection_class, **connection_kwargs))


async def get_arq_pool() -> ArqRedis:
    """Return the process-wide arq pool, creating it on first use.

    It connects to the server of the process Redis client (backend.core.redis, which the API
    lifespan initialises), or to REDIS_URL when there is no such client.
    """
    if "default" in _pools:
        return _pools["default"]
    pool = _pool_from_app_redis()
    if pool is None:
        from backend.config import get_settings

        url = get_settings().redis_url
        if not url:
            raise ServiceUnavailable("Background jobs are unavailable: no Redis server is configured (set REDIS_URL)")
        pool = await create_pool(RedisSettings.from_dsn(url))
    # Another request may have created a pool while this one connected; keep the first.
    if "default" in _pools:
        await pool.aclose(close_connection_pool=True)
        return _pools["default"]
    _pools["default"] = pool
    return pool


async def close_arq_pool() -> None:
    """Close every pool get_arq_pool() or enqueue_user_job() opened; safe to call more than once."""
    pools = list(_pools.values())
    _pools.clear()
    for pool in pools:
        await pool.aclose(close_connection_pool=True)


async def _resolve_pool(redis_settings_or_pool: ArqRedis | RedisSettings | None) -> ArqRedis:
    if redis_settings_or_pool is None:
        return await get_arq_pool()
    if isinstance(redis_settings_or_pool, ArqRedis):
        return redis_settings_or_pool
    key = repr(redis_settings_or_pool)
    if key not in _pools:
        _pools[key] = await create_pool(redis_settings_or_pool)
    return _pools[key]


# ---------------------------------------------------------------------------------------------
# Enqueueing and waiting


async def enqueue_user_job(
    redis_settings_or_pool: ArqRedis | RedisSettings | None, function_name: str, *, user_id: uuid.UUID | str, **kwargs: Any
) -> Job:
    """Enqueue a user's job, or return the copy already queued or running.

    `kwargs` go to the job function together with `user_id` (as a string). A deduplicated call
    gets the existing job, which runs with the arguments of the call that enqueued it.
    """
    pool = await _resolve_pool(redis_settings_or_pool)
    job_id = job_id_for(function_name, user_id)
    for _ in range(3):
        job = await pool.enqueue_job(function_name, _job_id=job_id, user_id=str(user_id), **kwargs)
        if job is not None:
            log.info("jobs.enqueued", function=function_name, job_id=job_id, user_id=str(user_id))
            return job

        existing = Job(job_id, pool, _deserializer=pool.job_deserializer)
        status = await existing.status()
        if status in (JobStatus.queued, JobStatus.deferred, JobStatus.in_progress):
            log.info("jobs.deduplicated", function=function_name, job_id=job_id, user_id=str(user_id), status=status.value)
            return existing
        if status == JobStatus.complete:
            # arq keeps a finished run's result under the same id and rejects the id until the
            # result expires. Deleting it lets this request start a fresh run.
            await pool.delete(result_key_prefix + job_id)
        # not_found: the run finished between the two checks; enqueue again.
    raise ServiceUnavailable(f"Enqueueing job {function_name} failed because its job id stayed in use; try again")


async def run_user_job(
    function_name: str,
    *,
    user_id: uuid.UUID | str,
    wait_seconds: float = 30,
    pool: ArqRedis | RedisSettings | None = None,
    **kwargs: Any,
) -> Any:
    """Enqueue a user's job (or join the run in progress) and return its result.

    Raises ServiceUnavailable when no result arrives within `wait_seconds` (the job keeps
    running) and JobFailed when the job raised.
    """
    job = await enqueue_user_job(pool, function_name, user_id=user_id, **kwargs)
    try:
        return await job.result(timeout=wait_seconds, poll_delay=0.1)
    except ResultNotFound:
        raise JobFailed(f"The {function_name} job finished without a result; try again") from None
    except Exception as exc:
        # arq raises TimeoutError both when the wait ends and when the job itself raised one.
        # Only a stored result distinguishes the two.
        info = await job.result_info() if isinstance(exc, TimeoutError) else None
        if isinstance(exc, TimeoutError) and info is None:
            log.warning("jobs.wait_timed_out", function=function_name, job_id=job.job_id, wait_seconds=wait_seconds)
            raise ServiceUnavailable(
                f"The {function_name} job did not finish within {wait_seconds:g} seconds; it keeps running in the background. "
                "If this repeats, check that the worker is running."
            ) from None
        if info is not None and info.success:
            return info.result
        raise JobFailed(f"The {function_name} job failed: {type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# Tracked jobs


@dataclass
class JobOutcome:
    """The report of a tracked job body: counts for sync_events and the value returned to callers."""

    created: int = 0
    updated: int = 0
    failed: int = 0
    status: str | None = None  # success, partial or failed; None means success, or partial when failed > 0
    details: dict[str, Any] | None = None
    summary: str | None = None  # notification body; the counts are used when None
    result: Any = None


JobBody = Callable[..., Awaitable[JobOutcome | None]]


def _session_factory(ctx: dict[str, Any]) -> async_sessionmaker[AsyncSession]:
    factory = ctx.get(SESSION_FACTORY_KEY)
    if factory is not None:
        return factory
    from backend.core.database import session_factory

    return session_factory()


def _summary(outcome: JobOutcome) -> str:
    if outcome.summary:
        return outcome.summary
    text = f"{outcome.created} created, {outcome.updated} updated"
    return text + (f", {outcome.failed} failed" if outcome.failed else "")


async def _open_event(session: AsyncSession, *, user_id: uuid.UUID, platform: str, sync_type: str, job_id: str | None, job_try: int) -> SyncEvent:
    """Start a sync_events row, or reuse the one a previous try of the same job left `started`."""
    from backend.sync_history.service import start_sync_event

    if job_try > 1 and job_id:
        previous = await session.scalar(
            select(SyncEvent)
            .where(SyncEvent.user_id == user_id, SyncEvent.job_id == job_id, SyncEvent.status == "started")
            .order_by(SyncEvent.started_at.desc())
            .limit(1)
        )
        if previous is not None:
            return previous
    return await start_sync_event(session, user_id=user_id, platform=platform, sync_type=sync_type, job_id=job_id)


async def _record_failure(
    factory: async_sessionmaker[AsyncSession], *, event_id: uuid.UUID, user_id: uuid.UUID, error: str, title: str, notify: bool
) -> None:
    """Mark the run failed and notify the user, in a fresh session because the job's may be broken."""
    from backend.notifications.service import create_notification
    from backend.sync_history.service import finish_sync_event

    try:
        async with factory() as session:
            event = await session.get(SyncEvent, event_id)
            if event is not None:
                await finish_sync_event(session, event, status="failed", error_message=error)
            if notify:
                await create_notification(
                    session,
                    user_id=user_id,
                    notification_type="error",
                    title=f"{title} failed",
                    body=f"{title} failed: {error[:200]}",
                    link="/settings",
                )
            await session.commit()
    except Exception as exc:  # the database may be the thing that failed; the job's own error is raised anyway
        log.error("jobs.failure_not_recorded", sync_event_id=str(event_id), error=f"{type(exc).__name__}: {exc}")


def tracked(
    platform: str,
    sync_type: str = "manual",
    notify: bool = True,
    *,
    label: str | None = None,
    link: str | None = "/settings",
    notify_scheduled_success: bool = False,
) -> Callable[[JobBody], Callable[..., Awaitable[Any]]]:
    """Turn `body(ctx, session, user, **kwargs) -> JobOutcome` into an arq job `job(ctx, *, user_id, **kwargs)`.

    Each run gets its own session and commits once at the end, so one user's failure never
    touches another user's data. A sync_events row (platform `platform`) goes from `started`
    to success, partial or failed. With `notify`, the user gets a notification of type `sync`
    when the run ends and `error` when it fails. A successful scheduled run (`sync_type="scheduled"`
    passed at enqueue time) creates none unless `notify_scheduled_success`. Transient errors
    (see is_transient) are retried up to MAX_TRIES tries in all, reusing the same sync_events row.
    """
    spec = _TrackedSpec(platform=platform, title=label or platform.capitalize(), link=link, notify=notify,
                        notify_scheduled_success=notify_scheduled_success)
    default_sync_type = sync_type

    def decorate(body: JobBody) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(body)
        async def job(ctx: dict[str, Any], *, user_id: str, sync_type: str = default_sync_type, **kwargs: Any) -> Any:
            owner = uuid.UUID(str(user_id))
            with structlog.contextvars.bound_contextvars(user_id=str(owner), job_id=ctx.get("job_id"), job=body.__name__):
                return await _run_tracked(spec, body, ctx, owner, sync_type, kwargs)

        return job

    return decorate


@dataclass(frozen=True)
class _TrackedSpec:
    platform: str
    title: str
    link: str | None
    notify: bool
    notify_scheduled_success: bool


async def _run_tracked(spec: _TrackedSpec, body: JobBody, ctx: dict[str, Any], owner: uuid.UUID, sync_type: str, kwargs: dict[str, Any]) -> Any:
    job_id = ctx.get("job_id")
    job_try = int(ctx.get("job_try") or 1)
    factory = _session_factory(ctx)
    log.info("jobs.started", platform=spec.platform, sync_type=sync_type, job_try=job_try)
    started = time.monotonic()

    async with factory() as session:
        user = await session.get(User, owner)
        if user is None:
            log.warning("jobs.user_not_found")
            return None
        event = await _open_event(session, user_id=owner, platform=spec.platform, sync_type=sync_type, job_id=job_id, job_try=job_try)
        event_id = event.id
        await session.commit()

        try:
            outcome = await body(ctx, session, user, **kwargs) or JobOutcome()
            status = outcome.status or ("partial" if outcome.failed else "success")
            quiet = sync_type == "scheduled" and status == "success" and not spec.notify_scheduled_success
            await _finish(session, event, outcome, status=status, spec=spec, user_id=owner, notify=spec.notify and not quiet)
            await session.commit()
        except (Exception, asyncio.CancelledError) as exc:
            await _rollback_quietly(session)
            error = _describe(exc)
            elapsed_ms = int((time.monotonic() - started) * 1000)
            if isinstance(exc, Exception) and is_transient(exc) and job_try < MAX_TRIES:
                delay = RETRY_DELAYS_SECONDS[min(job_try, len(RETRY_DELAYS_SECONDS)) - 1]
                log.warning("jobs.retrying", error=error, job_try=job_try, retry_in_seconds=delay, duration_ms=elapsed_ms)
                raise Retry(defer=delay) from exc
            await asyncio.shield(_record_failure(factory, event_id=event_id, user_id=owner, error=error, title=spec.title, notify=spec.notify))
            log.error("jobs.failed", error=error, job_try=job_try, duration_ms=elapsed_ms)
            raise

    log.info(
        "jobs.finished",
        status=status,
        created=outcome.created,
        updated=outcome.updated,
        failed=outcome.failed,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    return outcome.result


async def _finish(
    session: AsyncSession, event: SyncEvent, outcome: JobOutcome, *, status: str, spec: _TrackedSpec, user_id: uuid.UUID, notify: bool
) -> None:
    from backend.notifications.service import create_notification
    from backend.sync_history.service import finish_sync_event

    await finish_sync_event(
        session,
        event,
        status=status,
        records_created=outcome.created,
        records_updated=outcome.updated,
        records_failed=outcome.failed,
        details=outcome.details,
    )
    if not notify:
        return
    headings = {"success": f"{spec.title} finished", "partial": f"{spec.title} finished with errors"}
    await create_notification(
        session,
        user_id=user_id,
        notification_type="error" if status == "failed" else "sync",
        title=headings.get(status, f"{spec.title} failed"),
        body=_summary(outcome),
        link=spec.link,
    )


async def _rollback_quietly(session: AsyncSession) -> None:
    try:
        await session.rollback()
    except Exception as exc:  # a broken connection cannot roll back; the session is discarded anyway
        log.warning("jobs.rollback_failed", error=f"{type(exc).__name__}: {exc}")


def _describe(exc: BaseException) -> str:
    # NOTE: a job cancelled by a worker shutdown is recorded as failed too, although arq runs it
    # again later. Inside the job, a shutdown and a time-limit cancellation look the same.
    if isinstance(exc, asyncio.CancelledError):
        return "The job was cancelled: it ran past its time limit or the worker stopped"
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
