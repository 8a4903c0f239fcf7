"""The arq worker: the job registry, the cron schedule (UTC) and the worker's own database engine.

`pingcrm worker` runs it as its own process; `pingcrm serve` runs it inside the API process
unless RUN_WORKER_IN_PROCESS is false. Both build it with create_worker().
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import structlog
from arq import cron
from arq.connections import RedisSettings
from arq.worker import Function, Worker, func
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from backend.config import Settings
from backend.core.database import to_async_url
from backend.core.jobs import MAX_TRIES, SESSION_FACTORY_KEY
from backend.scheduler import (
    GENERATE_SUGGESTIONS_JOB,
    SYNC_DISPATCH_MINUTES,
    dispatch_score_recompute,
    dispatch_suggestions,
    dispatch_syncs,
    generate_suggestions_job,
    wake_snoozed_suggestions,
)
from backend.scoring.jobs import RECOMPUTE_SCORES_JOB, recompute_scores_job

log = structlog.get_logger("pingcrm.worker")

# Maximum number of jobs one worker process runs at once.
MAX_JOBS = 10
# Default run-time limit of a job in seconds; long syncs set their own with func(timeout=...).
JOB_TIMEOUT_SECONDS = 600
# Results are kept long enough for run_user_job() callers to read them.
KEEP_RESULT_SECONDS = 600
# How often an idle worker checks the queue; it bounds the start delay of a job.
POLL_DELAY_SECONDS = 0.2

# User jobs; integration packages append their sync jobs here (and to scheduler.SYNC_JOBS).
FUNCTIONS: list[Function] = [
    func(recompute_scores_job, name=RECOMPUTE_SCORES_JOB, max_tries=MAX_TRIES),
    func(generate_suggestions_job, name=GENERATE_SUGGESTIONS_JOB, max_tries=MAX_TRIES),
]

# Cron runs are enqueued with an id made of the job name and the run time, so with several
# workers each run happens once. Fan-out jobs are not retried: they only enqueue.
CRON_JOBS = [
    cron(dispatch_score_recompute, name="dispatch_score_recompute", hour={2}, minute={0}, max_tries=1),
    cron(wake_snoozed_suggestions, name="wake_snoozed_suggestions", minute={0}, max_tries=1),
    cron(dispatch_suggestions, name="dispatch_suggestions", hour={8}, minute={0}, max_tries=1),
    cron(dispatch_syncs, name="dispatch_syncs", minute=set(range(0, 60, SYNC_DISPATCH_MINUTES)), max_tries=1),
]


def worker_options(settings: Settings, *, database_url: str, redis_url: str) -> dict[str, Any]:
    """Return the keyword arguments of arq's Worker for these settings and server URLs."""
    database_url = to_async_url(database_url)

    async def on_startup(ctx: dict[str, Any]) -> None:
        engine = create_async_engine(database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_pool_size, pool_pre_ping=True)
        ctx["engine"] = engine
        ctx[SESSION_FACTORY_KEY] = async_sessionmaker(engine, expire_on_commit=False)
        log.info("worker.started", functions=len(FUNCTIONS), cron_jobs=len(CRON_JOBS), max_jobs=MAX_JOBS)

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        engine = ctx.pop("engine", None)
        ctx.pop(SESSION_FACTORY_KEY, None)
        if engine is not None:
            await engine.dispose()
        log.info("worker.stopped")

    return {
        "functions": list(FUNCTIONS),
        "cron_jobs": list(CRON_JOBS),
        "redis_settings": RedisSettings.from_dsn(redis_url),
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "max_jobs": MAX_JOBS,
        "job_timeout": JOB_TIMEOUT_SECONDS,
        "keep_result": KEEP_RESULT_SECONDS,
        "poll_delay": POLL_DELAY_SECONDS,
        "max_tries": MAX_TRIES,
        "timezone": UTC,
    }


def create_worker(settings: Settings, *, database_url: str, redis_url: str, **overrides: Any) -> Worker:
    """Build an arq Worker; create it inside the event loop that will run it."""
    return Worker(**{**worker_options(settings, database_url=database_url, redis_url=redis_url), **overrides})
