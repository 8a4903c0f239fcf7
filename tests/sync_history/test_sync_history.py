"""Sync history API and the start/finish recording helpers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from backend.models import SyncEvent
from backend.sync_history.service import finish_sync_event, start_sync_event

BASE = "/api/v1/sync-history"
NOW = datetime.now(UTC).replace(microsecond=0)


async def _add(db, user_id, platform: str, status: str, *, minutes_ago: int = 0, **fields) -> SyncEvent:
    event = SyncEvent(
        user_id=user_id,
        platform=platform,
        sync_type=fields.pop("sync_type", "scheduled"),
        status=status,
        started_at=NOW - timedelta(minutes=minutes_ago),
        **fields,
    )
    db.add(event)
    await db.commit()
    return event


@pytest.mark.parametrize("path", [BASE, f"{BASE}/stats"])
async def test_routes_require_token(client, path):
    response = await client.get(path)
    assert response.status_code == 401


async def test_start_and_finish(user, db):
    event = await start_sync_event(db, user_id=user.id, platform="gmail", sync_type="manual", job_id="job-1")
    assert event.status == "started"
    assert event.completed_at is None

    await finish_sync_event(
        db, event, status="partial", records_created=3, records_updated=2, records_failed=1, details={"threads": 7}
    )
    await db.commit()
    assert event.status == "partial"
    assert event.records_created == 3
    assert event.completed_at >= event.started_at
    assert event.duration_ms >= 0
    assert event.details == {"threads": 7}
    assert event.job_id == "job-1"


async def test_finish_cuts_error_message(user, db):
    event = await start_sync_event(db, user_id=user.id, platform="telegram", sync_type="scheduled")
    await finish_sync_event(db, event, status="failed", error_message="e" * 5000)
    await db.commit()
    assert len(event.error_message) == 2000


async def test_finish_rejects_unknown_status(user, db):
    event = await start_sync_event(db, user_id=user.id, platform="telegram", sync_type="scheduled")
    with pytest.raises(ValueError):
        await finish_sync_event(db, event, status="started")
    await db.rollback()


async def test_list_item_shape(client, user, db):
    event = await _add(
        db, user.id, "gmail", "success", records_created=4, duration_ms=1200, details={"messages": 12}, completed_at=NOW
    )
    response = await client.get(BASE, headers=user.headers)
    item = response.json()["data"][0]
    assert item["id"] == str(event.id)
    assert item["platform"] == "gmail"
    assert item["sync_type"] == "scheduled"
    assert item["status"] == "success"
    assert item["records_created"] == 4
    assert item["records_updated"] == 0
    assert item["records_failed"] == 0
    assert item["duration_ms"] == 1200
    assert item["error_message"] is None
    assert isinstance(item["details"], str)
    assert json.loads(item["details"]) == {"messages": 12}
    assert item["started_at"] is not None
    assert item["completed_at"] is not None


async def test_list_details_null(client, user, db):
    await _add(db, user.id, "gmail", "started")
    response = await client.get(BASE, headers=user.headers)
    assert response.json()["data"][0]["details"] is None


async def test_list_newest_first(client, user, db):
    older = await _add(db, user.id, "gmail", "success", minutes_ago=30)
    newer = await _add(db, user.id, "telegram", "success", minutes_ago=5)
    response = await client.get(BASE, headers=user.headers)
    ids = [item["id"] for item in response.json()["data"]]
    assert ids == [str(newer.id), str(older.id)]


async def test_list_filters(client, user, db):
    await _add(db, user.id, "gmail", "success", minutes_ago=1)
    await _add(db, user.id, "gmail", "failed", minutes_ago=2)
    await _add(db, user.id, "telegram", "failed", minutes_ago=3)

    by_platform = await client.get(BASE, params={"platform": "gmail"}, headers=user.headers)
    assert by_platform.json()["meta"]["total"] == 2
    by_status = await client.get(BASE, params={"status": "failed"}, headers=user.headers)
    assert by_status.json()["meta"]["total"] == 2
    both = await client.get(BASE, params={"platform": "gmail", "status": "failed"}, headers=user.headers)
    assert [item["status"] for item in both.json()["data"]] == ["failed"]
    assert both.json()["data"][0]["platform"] == "gmail"


async def test_list_limit_offset_meta(client, user, db):
    for minutes in range(5):
        await _add(db, user.id, "twitter", "success", minutes_ago=minutes)
    response = await client.get(BASE, params={"limit": 2, "offset": 4}, headers=user.headers)
    body = response.json()
    assert len(body["data"]) == 1
    assert body["meta"] == {"total": 5, "limit": 2, "offset": 4}


async def test_list_default_meta(client, user):
    response = await client.get(BASE, headers=user.headers)
    assert response.json()["meta"] == {"total": 0, "limit": 50, "offset": 0}


async def test_list_hides_other_users(client, user, other_user, db):
    await _add(db, other_user.id, "gmail", "success")
    response = await client.get(BASE, headers=user.headers)
    assert response.json()["data"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"status": "done"}])
async def test_list_rejects_bad_query(client, user, params):
    response = await client.get(BASE, params=params, headers=user.headers)
    assert response.status_code == 422


async def test_stats_arithmetic(client, user, db):
    for _ in range(3):
        await _add(db, user.id, "gmail", "success", minutes_ago=10)
    await _add(db, user.id, "gmail", "failed", minutes_ago=20)
    await _add(db, user.id, "gmail", "partial", minutes_ago=30)
    await _add(db, user.id, "gmail", "started", minutes_ago=1)

    response = await client.get(f"{BASE}/stats", headers=user.headers)
    gmail = response.json()["data"]["gmail"]
    assert gmail["total_syncs"] == 6
    assert gmail["success_count"] == 3
    assert gmail["failed_count"] == 1
    assert gmail["partial_count"] == 1
    # 3 successes of 5 finished runs; the running one is left out of the rate.
    assert gmail["success_rate"] == 60.0
    assert datetime.fromisoformat(gmail["last_sync"]) == NOW - timedelta(minutes=1)


async def test_stats_rate_rounds_to_one_decimal(client, user, db):
    await _add(db, user.id, "telegram", "success")
    await _add(db, user.id, "telegram", "success")
    await _add(db, user.id, "telegram", "failed")
    response = await client.get(f"{BASE}/stats", headers=user.headers)
    assert response.json()["data"]["telegram"]["success_rate"] == 66.7


async def test_stats_rate_null_without_finished_runs(client, user, db):
    await _add(db, user.id, "whatsapp", "started")
    response = await client.get(f"{BASE}/stats", headers=user.headers)
    whatsapp = response.json()["data"]["whatsapp"]
    assert whatsapp["total_syncs"] == 1
    assert whatsapp["success_rate"] is None


async def test_stats_platform_filter(client, user, db):
    await _add(db, user.id, "gmail", "success")
    await _add(db, user.id, "twitter", "failed")
    response = await client.get(f"{BASE}/stats", params={"platform": "twitter"}, headers=user.headers)
    data = response.json()["data"]
    assert list(data) == ["twitter"]
    assert data["twitter"]["success_rate"] == 0.0


async def test_stats_empty_and_isolated(client, user, other_user, db):
    await _add(db, other_user.id, "gmail", "success")
    response = await client.get(f"{BASE}/stats", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {}


async def test_finish_after_rollback_of_caller(user, db):
    event = await start_sync_event(db, user_id=user.id, platform="gmail", sync_type="scheduled")
    await db.commit()
    await db.rollback()
    db.expire(event)

    await finish_sync_event(db, event, status="success", records_created=1)
    await db.commit()
    assert event.status == "success"
    assert event.duration_ms >= 0
