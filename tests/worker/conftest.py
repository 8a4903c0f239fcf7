"""Fixtures for job tests: a clean arq queue and real arq workers running in the test's event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.worker import Worker

from backend.core.database import session_factory
from backend.core.jobs import SESSION_FACTORY_KEY
from backend.worker import create_worker


@pytest.fixture
async def arq_redis(app, services) -> AsyncIterator[ArqRedis]:
    """An arq pool on the test Redis database, emptied first so no job of an earlier test is left."""
    pool = await create_pool(RedisSettings.from_dsn(services.redis_url))
    await pool.flushdb()
    try:
        yield pool
    finally:
        await pool.aclose(close_connection_pool=True)


@pytest.fixture
def job_ctx(arq_redis) -> dict[str, Any]:
    """The context a cron job receives, for calling dispatchers without a worker."""
    return {"redis": arq_redis, SESSION_FACTORY_KEY: session_factory()}


@pytest.fixture
async def start_worker(arq_redis, services, settings) -> AsyncIterator[Callable[..., Awaitable[Worker]]]:
    """Start arq workers as background tasks on the test database and Redis; all stop at teardown."""
    running: list[tuple[Worker, asyncio.Task]] = []

    async def start(**overrides: Any) -> Worker:
        options = {"handle_signals": False, "poll_delay": 0.05, "cron_jobs": [], **overrides}
        worker = create_worker(settings, database_url=services.database_url, redis_url=services.redis_url, **options)
        running.append((worker, asyncio.create_task(worker.async_run())))
        return worker

    yield start

    for worker, task in running:
        await worker.close()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
