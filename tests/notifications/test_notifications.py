"""Notifications API and the create_notification helper, against the real database."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from backend.core.database import session_factory
from backend.models import Notification
from backend.notifications.service import create_notification

BASE = "/api/v1/notifications"


async def _add(db, user_id, count: int, **fields) -> list[Notification]:
    created = []
    for number in range(count):
        created.append(
            await create_notification(
                db,
                user_id=user_id,
                notification_type=fields.get("notification_type", "sync"),
                title=fields.get("title", f"Sync finished {number}"),
                body=fields.get("body"),
                link=fields.get("link"),
            )
        )
    await db.commit()
    return created


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", BASE),
        ("GET", f"{BASE}/unread-count"),
        ("PUT", f"{BASE}/read-all"),
        ("PUT", f"{BASE}/{uuid.uuid4()}/read"),
    ],
)
async def test_routes_require_token(client, method, path):
    response = await client.request(method, path)
    assert response.status_code == 401


async def test_list_empty_has_one_page(client, user):
    response = await client.get(BASE, headers=user.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == []
    assert body["meta"] == {"total": 0, "page": 1, "page_size": 20, "total_pages": 1}


async def test_list_fields(client, user, db):
    [created] = await _add(
        db, user.id, 1, notification_type="event", title="New activity from Ann", body="Ann changed jobs", link="/contacts/1"
    )
    response = await client.get(BASE, headers=user.headers)
    item = response.json()["data"][0]
    assert item["id"] == str(created.id)
    assert item["notification_type"] == "event"
    assert item["title"] == "New activity from Ann"
    assert item["body"] == "Ann changed jobs"
    assert item["read"] is False
    assert item["link"] == "/contacts/1"
    assert item["created_at"] is not None


async def test_list_pagination_meta(client, user, db):
    await _add(db, user.id, 25)
    response = await client.get(BASE, params={"page": 3, "page_size": 10}, headers=user.headers)
    body = response.json()
    assert len(body["data"]) == 5
    assert body["meta"] == {"total": 25, "page": 3, "page_size": 10, "total_pages": 3}


async def test_list_newest_first(client, user, db):
    created = await _add(db, user.id, 3)
    response = await client.get(BASE, headers=user.headers)
    ids = [item["id"] for item in response.json()["data"]]
    assert ids == [str(row.id) for row in reversed(created)]


async def test_list_page_past_end_is_empty(client, user, db):
    await _add(db, user.id, 2)
    response = await client.get(BASE, params={"page": 5}, headers=user.headers)
    body = response.json()
    assert body["data"] == []
    assert body["meta"]["total"] == 2


async def test_list_link_filter_is_exact(client, user, db):
    await _add(db, user.id, 2, link="/suggestions")
    await _add(db, user.id, 1, link="/suggestions/old")
    await _add(db, user.id, 1)
    response = await client.get(BASE, params={"link": "/suggestions"}, headers=user.headers)
    body = response.json()
    assert body["meta"]["total"] == 2
    assert {item["link"] for item in body["data"]} == {"/suggestions"}


async def test_list_hides_other_users(client, user, other_user, db):
    await _add(db, other_user.id, 2)
    response = await client.get(BASE, headers=user.headers)
    assert response.json()["meta"]["total"] == 0


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 0}, {"page_size": 101}, {"page": "x"}])
async def test_list_rejects_bad_paging(client, user, params):
    response = await client.get(BASE, params=params, headers=user.headers)
    assert response.status_code == 422


async def test_list_accepts_max_page_size(client, user):
    response = await client.get(BASE, params={"page_size": 100}, headers=user.headers)
    assert response.status_code == 200


async def test_unread_count_after_mark_read(client, user, db):
    created = await _add(db, user.id, 3)
    before = await client.get(f"{BASE}/unread-count", headers=user.headers)
    assert before.json()["data"] == {"count": 3}

    marked = await client.put(f"{BASE}/{created[0].id}/read", headers=user.headers)
    assert marked.status_code == 200
    assert marked.json()["data"] == {"id": str(created[0].id), "read": True}

    after = await client.get(f"{BASE}/unread-count", headers=user.headers)
    assert after.json()["data"] == {"count": 2}


async def test_mark_read_twice_is_ok(client, user, db):
    [created] = await _add(db, user.id, 1)
    await client.put(f"{BASE}/{created.id}/read", headers=user.headers)
    again = await client.put(f"{BASE}/{created.id}/read", headers=user.headers)
    assert again.status_code == 200


async def test_mark_read_other_users_is_404(client, user, other_user, db):
    [foreign] = await _add(db, other_user.id, 1)
    response = await client.put(f"{BASE}/{foreign.id}/read", headers=user.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Notification not found"

    still_unread = await db.scalar(select(Notification.read).where(Notification.id == foreign.id))
    assert still_unread is False


async def test_mark_read_unknown_is_404(client, user):
    response = await client.put(f"{BASE}/{uuid.uuid4()}/read", headers=user.headers)
    assert response.status_code == 404


async def test_mark_read_rejects_bad_id(client, user):
    response = await client.put(f"{BASE}/not-a-uuid/read", headers=user.headers)
    assert response.status_code == 422


async def test_read_all_marks_only_own(client, user, other_user, db):
    await _add(db, user.id, 4)
    await _add(db, other_user.id, 2)
    response = await client.put(f"{BASE}/read-all", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"marked": True, "count": 4}

    mine = await client.get(f"{BASE}/unread-count", headers=user.headers)
    assert mine.json()["data"]["count"] == 0
    theirs = await client.get(f"{BASE}/unread-count", headers=other_user.headers)
    assert theirs.json()["data"]["count"] == 2


async def test_read_all_with_nothing_unread(client, user):
    response = await client.put(f"{BASE}/read-all", headers=user.headers)
    assert response.json()["data"] == {"marked": True, "count": 0}


async def test_create_flushes_without_commit(user, db):
    created = await create_notification(db, user_id=user.id, notification_type="system", title="Telegram rate limit")
    assert created.id is not None
    assert created.created_at is not None

    async with session_factory()() as other_session:
        visible = await other_session.get(Notification, created.id)
    assert visible is None
    await db.rollback()


async def test_create_cuts_long_title(user, db):
    created = await create_notification(db, user_id=user.id, notification_type="sync", title="t" * 600, link="/" + "x" * 600)
    await db.commit()
    assert len(created.title) == 512
    assert len(created.link) == 512
