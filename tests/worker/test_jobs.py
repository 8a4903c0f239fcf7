"""The job layer with a real arq worker: deduplication, waiting, tracking, retries and failures."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from arq.jobs import Job, JobStatus
from sqlalchemy import select

from backend.core import jobs
from backend.core.errors import ServiceUnavailable
from backend.core.jobs import JobFailed, enqueue_user_job, job_id_for, run_user_job
from backend.models import Contact, Notification, SyncEvent
from backend.scoring.jobs import RECOMPUTE_SCORES_JOB
from backend.worker import FUNCTIONS
from tests.scoring.helpers import add_contact, add_interactions, days, repeat
from tests.worker import fake_jobs


@pytest.fixture
def state():
    return fake_jobs.reset_state()


@pytest.fixture
async def worker(start_worker):
    return await start_worker(functions=[*FUNCTIONS, *fake_jobs.TEST_FUNCTIONS])


async def _events(db, user_id, platform):
    query = select(SyncEvent).where(SyncEvent.user_id == user_id, SyncEvent.platform == platform)
    return (await db.scalars(query.execution_options(populate_existing=True))).all()


async def _notifications(db, user_id):
    query = select(Notification).where(Notification.user_id == user_id)
    return (await db.scalars(query.execution_options(populate_existing=True))).all()


def test_job_id_deterministic():
    user_id = uuid.uuid4()

    assert job_id_for("sync_gmail", user_id) == job_id_for("sync_gmail", str(user_id))
    assert job_id_for("sync_gmail", user_id) != job_id_for("sync_telegram", user_id)


async def test_recalculate_route_end_to_end(client, db, user, worker):
    contact_id = await add_contact(db, user.id)
    await add_interactions(db, user.id, contact_id, repeat(4, "mutual", "meeting", days(2)), now=datetime.now(UTC))
    await db.commit()

    response = await client.post("/api/v1/contacts/scores/recalculate", headers=user.headers)
    events = await _events(db, user.id, "scores")
    notifications = await _notifications(db, user.id)
    score = await db.scalar(select(Contact.relationship_score).where(Contact.id == contact_id))

    assert response.status_code == 200
    assert response.json()["data"] == {"updated": 1}
    assert score == 8
    assert len(events) == 1
    assert events[0].status == "success"
    assert events[0].records_updated == 1
    assert events[0].job_id == job_id_for(RECOMPUTE_SCORES_JOB, user.id)
    assert events[0].duration_ms is not None
    assert [n.notification_type for n in notifications] == ["sync"]
    assert notifications[0].title == "Relationship score recalculation finished"


async def test_enqueue_while_running_deduplicated(arq_redis, db, user, worker, state):
    first = await enqueue_user_job(arq_redis, "gated_job", user_id=user.id)
    await asyncio.wait_for(state.started.wait(), 10)

    second = await enqueue_user_job(arq_redis, "gated_job", user_id=user.id)
    status = await second.status()
    state.gate.set()
    result = await first.result(timeout=10, poll_delay=0.05)

    assert second.job_id == first.job_id
    assert status == JobStatus.in_progress
    assert result == {"runs": 1}
    assert state.runs == 1
    assert len(await _events(db, user.id, "gated")) == 1


async def test_enqueue_while_queued_deduplicated(arq_redis, user, state):
    first = await enqueue_user_job(arq_redis, "gated_job", user_id=user.id)
    second = await enqueue_user_job(arq_redis, "gated_job", user_id=user.id)

    assert second.job_id == first.job_id
    assert await arq_redis.zcard("arq:queue") == 1


async def test_concurrent_callers_share_run(arq_redis, user, worker, state):
    callers = [asyncio.create_task(run_user_job("gated_job", user_id=user.id, pool=arq_redis, wait_seconds=10)) for _ in range(2)]
    await asyncio.wait_for(state.started.wait(), 10)
    state.gate.set()

    results = await asyncio.gather(*callers)

    assert results == [{"runs": 1}, {"runs": 1}]
    assert state.runs == 1


async def test_enqueue_after_finish_starts_new_run(arq_redis, user, worker, state):
    state.gate.set()
    first = await run_user_job("gated_job", user_id=user.id, pool=arq_redis, wait_seconds=10)

    second = await run_user_job("gated_job", user_id=user.id, pool=arq_redis, wait_seconds=10)

    assert first == {"runs": 1}
    assert second == {"runs": 2}


async def test_run_user_job_times_out_without_worker(arq_redis, user):
    with pytest.raises(ServiceUnavailable):
        await run_user_job("gated_job", user_id=user.id, pool=arq_redis, wait_seconds=0.3)


async def test_transient_error_retried(arq_redis, db, user, worker, state, monkeypatch):
    monkeypatch.setattr(jobs, "RETRY_DELAYS_SECONDS", (0.05, 0.05))
    state.failures = [ConnectionError("connection reset by peer")]

    result = await run_user_job("flaky_job", user_id=user.id, pool=arq_redis, wait_seconds=10)
    events = await _events(db, user.id, "flaky")
    notifications = await _notifications(db, user.id)

    assert result == {"runs": 2}
    assert len(events) == 1
    assert events[0].status == "partial"
    assert events[0].records_created == 2
    assert events[0].records_failed == 1
    assert [n.title for n in notifications] == ["Flaky test job finished with errors"]


async def test_transient_error_gives_up(arq_redis, db, user, worker, state, monkeypatch):
    monkeypatch.setattr(jobs, "RETRY_DELAYS_SECONDS", (0.05, 0.05))
    state.failures = [TimeoutError("read timed out") for _ in range(3)]

    with pytest.raises(JobFailed):
        await run_user_job("flaky_job", user_id=user.id, pool=arq_redis, wait_seconds=10)
    events = await _events(db, user.id, "flaky")

    assert state.runs == 3
    assert len(events) == 1
    assert events[0].status == "failed"


async def test_permanent_error_recorded(arq_redis, db, user, worker, state):
    state.failures = [ValueError("unexpected reply from provider")]

    with pytest.raises(JobFailed):
        await run_user_job("flaky_job", user_id=user.id, pool=arq_redis, wait_seconds=10)
    events = await _events(db, user.id, "flaky")
    notifications = await _notifications(db, user.id)

    assert state.runs == 1
    assert events[0].status == "failed"
    assert events[0].error_message == "ValueError: unexpected reply from provider"
    assert [n.notification_type for n in notifications] == ["error"]
    assert notifications[0].title == "Flaky test job failed"


async def test_scheduled_success_quiet(arq_redis, db, user, worker, state):
    state.gate.set()

    await run_user_job("gated_job", user_id=user.id, pool=arq_redis, wait_seconds=10, sync_type="scheduled")
    events = await _events(db, user.id, "gated")

    assert events[0].sync_type == "scheduled"
    assert await _notifications(db, user.id) == []


async def test_scheduled_partial_notifies(arq_redis, db, user, worker, state):
    await run_user_job("flaky_job", user_id=user.id, pool=arq_redis, wait_seconds=10, sync_type="scheduled")
    notifications = await _notifications(db, user.id)

    assert [n.notification_type for n in notifications] == ["sync"]


async def test_job_for_deleted_user_skipped(arq_redis, db, worker, state):
    state.gate.set()
    missing_user = uuid.uuid4()

    result = await run_user_job("gated_job", user_id=missing_user, pool=arq_redis, wait_seconds=10)

    assert result is None
    assert state.runs == 0


async def test_job_ids_per_user(arq_redis, user, other_user, state):
    mine = await enqueue_user_job(arq_redis, "gated_job", user_id=user.id)
    theirs = await enqueue_user_job(arq_redis, "gated_job", user_id=other_user.id)

    assert mine.job_id != theirs.job_id
    assert await Job(theirs.job_id, arq_redis).status() == JobStatus.queued
