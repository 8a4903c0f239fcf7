"""Recent activity feed: newest interaction per contact over the last 7 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.models import Contact, Interaction

URL = "/api/v1/activity/recent"
NOW = datetime.now(UTC)


async def _contact(db, user_id, name: str, **fields) -> Contact:
    contact = Contact(user_id=user_id, full_name=name, **fields)
    db.add(contact)
    await db.flush()
    return contact


def _interaction(
    contact: Contact, *, hours_ago: float, direction: str = "inbound", platform: str = "email", preview: str = "hi"
) -> Interaction:
    return Interaction(
        user_id=contact.user_id,
        contact_id=contact.id,
        platform=platform,
        direction=direction,
        content_preview=preview,
        occurred_at=NOW - timedelta(hours=hours_ago),
    )


async def test_requires_token(client):
    response = await client.get(URL)
    assert response.status_code == 401


@pytest.mark.parametrize("limit", [0, 101, "x"])
async def test_rejects_bad_limit(client, user, limit):
    response = await client.get(URL, params={"limit": limit}, headers=user.headers)
    assert response.status_code == 422


async def test_empty(client, user):
    response = await client.get(URL, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == []


async def test_item_shape(client, user, db):
    ann = await _contact(db, user.id, "Ann Lee", avatar_url="/static/avatars/ann.png")
    db.add(_interaction(ann, hours_ago=2, direction="outbound", platform="telegram", preview="See you Friday"))
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    [item] = response.json()["data"]
    assert item["type"] == "message"
    assert item["contact_name"] == "Ann Lee"
    assert item["contact_id"] == str(ann.id)
    assert item["contact_avatar_url"] == "/static/avatars/ann.png"
    assert item["platform"] == "telegram"
    assert item["direction"] == "outbound"
    assert item["content_preview"] == "See you Friday"
    assert datetime.fromisoformat(item["timestamp"]) == NOW - timedelta(hours=2)


async def test_one_row_per_contact_newest(client, user, db):
    ann = await _contact(db, user.id, "Ann")
    db.add_all([_interaction(ann, hours_ago=hours, preview=f"message {hours}") for hours in (1, 5, 30)])
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    data = response.json()["data"]
    assert len(data) == 1
    assert data[0]["content_preview"] == "message 1"


async def test_limit_honoured_with_busy_contact(client, user, db):
    busy = await _contact(db, user.id, "Busy")
    db.add_all([_interaction(busy, hours_ago=minute / 60) for minute in range(60)])
    for number in range(4):
        contact = await _contact(db, user.id, f"Quiet {number}")
        db.add(_interaction(contact, hours_ago=10 + number))
    await db.commit()

    response = await client.get(URL, params={"limit": 3}, headers=user.headers)
    names = [item["contact_name"] for item in response.json()["data"]]
    assert names == ["Busy", "Quiet 0", "Quiet 1"]


async def test_contacts_ordered_newest_first(client, user, db):
    older = await _contact(db, user.id, "Older")
    newer = await _contact(db, user.id, "Newer")
    db.add_all([_interaction(older, hours_ago=48), _interaction(newer, hours_ago=3)])
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    assert [item["contact_name"] for item in response.json()["data"]] == ["Newer", "Older"]


async def test_excludes_old_archived_event_and_future(client, user, db):
    old = await _contact(db, user.id, "Old")
    archived = await _contact(db, user.id, "Archived", priority_level="archived")
    bio = await _contact(db, user.id, "Bio change")
    future = await _contact(db, user.id, "Future meeting")
    recent = await _contact(db, user.id, "Recent")
    db.add_all(
        [
            _interaction(old, hours_ago=8 * 24),
            _interaction(archived, hours_ago=1),
            _interaction(bio, hours_ago=1, direction="event"),
            _interaction(future, hours_ago=-24, platform="meeting"),
            _interaction(recent, hours_ago=6 * 24),
        ]
    )
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    assert [item["contact_name"] for item in response.json()["data"]] == ["Recent"]


async def test_event_row_does_not_hide_older_message(client, user, db):
    ann = await _contact(db, user.id, "Ann")
    db.add_all([_interaction(ann, hours_ago=1, direction="event", preview="bio"), _interaction(ann, hours_ago=5, preview="real")])
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    assert [item["content_preview"] for item in response.json()["data"]] == ["real"]


async def test_name_falls_back_to_parts_and_email(client, user, db):
    parts = await _contact(db, user.id, None, given_name="Ada", family_name="King")
    email_only = await _contact(db, user.id, None, emails=["bo@example.com"])
    db.add_all([_interaction(parts, hours_ago=1), _interaction(email_only, hours_ago=2)])
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    assert [item["contact_name"] for item in response.json()["data"]] == ["Ada King", "bo@example.com"]


async def test_hides_other_users(client, user, other_user, db):
    theirs = await _contact(db, other_user.id, "Theirs")
    db.add(_interaction(theirs, hours_ago=1))
    await db.commit()

    response = await client.get(URL, headers=user.headers)
    assert response.json()["data"] == []
