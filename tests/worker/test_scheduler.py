"""The cron entry points: the per-user sync dispatcher, the per-user fan-outs and the snooze wake-up."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from arq.jobs import Job, JobStatus
from sqlalchemy import select, update

from backend import scheduler
from backend.core.jobs import job_id_for, run_user_job
from backend.models import FollowUpSuggestion, Notification, SyncEvent, User
from backend.scheduler import GENERATE_SUGGESTIONS_JOB, SyncJob, is_sync_due
from backend.scoring.jobs import RECOMPUTE_SCORES_JOB
from backend.worker import FUNCTIONS
from tests.scoring.helpers import add_contact
from tests.worker import fake_jobs

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
FAKE_SYNC = "fake_gmail_sync_job"


@pytest.mark.parametrize(
    ("preference", "last_started", "expected"),
    [
        pytest.param({"auto_sync": True, "schedule": "6h"}, None, True, id="never_synced"),
        pytest.param({"auto_sync": True, "schedule": "6h"}, NOW - timedelta(hours=6), True, id="interval_passed"),
        pytest.param({"auto_sync": True, "schedule": "6h"}, NOW - timedelta(hours=5, minutes=53), True, id="within_slack"),
        pytest.param({"auto_sync": True, "schedule": "6h"}, NOW - timedelta(hours=5, minutes=50), False, id="before_slack"),
        pytest.param({"auto_sync": True, "schedule": "12h"}, NOW - timedelta(hours=11), False, id="twelve_hours_not_due"),
        pytest.param({"auto_sync": True, "schedule": "daily"}, NOW - timedelta(hours=24), True, id="daily_due"),
        pytest.param({"auto_sync": True, "schedule": "manual"}, None, False, id="manual"),
        pytest.param({"auto_sync": False, "schedule": "6h"}, None, False, id="auto_sync_off"),
    ],
)
def test_sync_due_rule(preference, last_started, expected):
    assert is_sync_due(preference, last_started, NOW) is expected


async def _set_sync_settings(db, user_id, settings: dict) -> None:
    await db.execute(update(User).where(User.id == user_id).values(sync_settings=settings))


async def _add_sync_event(db, user_id, *, hours_ago: float) -> None:
    db.add(SyncEvent(user_id=user_id, platform="gmail", sync_type="scheduled", status="success", started_at=NOW - timedelta(hours=hours_ago)))


async def _status(arq_redis, function_name, user_id) -> JobStatus:
    return await Job(job_id_for(function_name, user_id), arq_redis).status()


async def test_dispatcher_follows_preferences(client, db, job_ctx, arq_redis, monkeypatch):
    from tests.conftest import register_user

    users = {name: await register_user(client, full_name=name) for name in ("never", "off", "manual", "recent", "stale", "unconnected")}
    ids = {name: account.id for name, account in users.items()}
    await _set_sync_settings(db, ids["off"], {"gmail": {"auto_sync": False}})
    await _set_sync_settings(db, ids["manual"], {"gmail": {"schedule": "manual"}})
    await _add_sync_event(db, ids["recent"], hours_ago=1)
    await _add_sync_event(db, ids["stale"], hours_ago=7)
    await db.commit()
    candidates = set(ids.values()) - {ids["unconnected"]}
    monkeypatch.setitem(scheduler.SYNC_JOBS, "gmail", SyncJob(FAKE_SYNC, is_connected=lambda user: user.id in candidates))

    enqueued = await scheduler.dispatch_syncs(job_ctx, now=NOW)
    statuses = {name: await _status(arq_redis, FAKE_SYNC, user_id) for name, user_id in ids.items()}
    info = await Job(job_id_for(FAKE_SYNC, ids["never"]), arq_redis).info()

    assert enqueued == 2
    assert statuses["never"] == JobStatus.queued
    assert statuses["stale"] == JobStatus.queued
    assert statuses["off"] == JobStatus.not_found
    assert statuses["manual"] == JobStatus.not_found
    assert statuses["recent"] == JobStatus.not_found
    assert statuses["unconnected"] == JobStatus.not_found
    assert info.kwargs == {"user_id": str(ids["never"]), "sync_type": "scheduled"}


async def test_dispatcher_skips_unregistered_platforms(job_ctx, monkeypatch):
    monkeypatch.setattr(scheduler, "SYNC_JOBS", {})

    assert await scheduler.dispatch_syncs(job_ctx, now=NOW) == 0


async def test_dispatcher_runs_fake_sync(db, user, job_ctx, arq_redis, start_worker, monkeypatch):
    state = fake_jobs.reset_state()
    monkeypatch.setitem(scheduler.SYNC_JOBS, "gmail", SyncJob(FAKE_SYNC, is_connected=lambda account: account.id == user.id))
    await start_worker(functions=[*FUNCTIONS, *fake_jobs.TEST_FUNCTIONS])

    first = await scheduler.dispatch_syncs(job_ctx)
    await Job(job_id_for(FAKE_SYNC, user.id), arq_redis).result(timeout=10, poll_delay=0.05)
    second = await scheduler.dispatch_syncs(job_ctx)
    events = (await db.scalars(select(SyncEvent).where(SyncEvent.user_id == user.id))).all()

    assert first == 1
    assert second == 0
    assert state.runs == 1
    assert [(e.platform, e.sync_type, e.status) for e in events] == [("gmail", "scheduled", "success")]


async def test_nightly_scores_one_job_per_user(job_ctx, arq_redis, user, other_user):
    await scheduler.dispatch_score_recompute(job_ctx)

    assert await _status(arq_redis, RECOMPUTE_SCORES_JOB, user.id) == JobStatus.queued
    assert await _status(arq_redis, RECOMPUTE_SCORES_JOB, other_user.id) == JobStatus.queued


async def test_daily_suggestions_one_job_per_user(job_ctx, arq_redis, user):
    await scheduler.dispatch_suggestions(job_ctx)

    assert await _status(arq_redis, GENERATE_SUGGESTIONS_JOB, user.id) == JobStatus.queued


async def test_suggestion_job_tracked(db, user, arq_redis, start_worker):
    await start_worker()

    result = await run_user_job(GENERATE_SUGGESTIONS_JOB, user_id=user.id, pool=arq_redis, wait_seconds=20)
    events = (await db.scalars(select(SyncEvent).where(SyncEvent.user_id == user.id))).all()
    notifications = (await db.scalars(select(Notification).where(Notification.user_id == user.id))).all()

    assert result == {"created": 0}
    assert [(e.platform, e.status) for e in events] == [("suggestions", "success")]
    assert notifications == []


async def test_wake_snoozed(db, user, job_ctx):
    contact_id = await add_contact(db, user.id)
    suggestion = FollowUpSuggestion(
        id=uuid.uuid4(),
        user_id=user.id,
        contact_id=contact_id,
        trigger_type="time_based",
        suggested_message="Catch up?",
        suggested_channel="email",
        status="snoozed",
        scheduled_for=datetime.now(UTC) - timedelta(minutes=5),
    )
    db.add(suggestion)
    await db.commit()

    woken = await scheduler.wake_snoozed_suggestions(job_ctx)
    status = await db.scalar(
        select(FollowUpSuggestion.status).where(FollowUpSuggestion.id == suggestion.id).execution_options(populate_existing=True)
    )

    assert woken >= 1
    assert status == "pending"
