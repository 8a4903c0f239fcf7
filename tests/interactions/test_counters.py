"""`interaction_count` and `last_interaction_at` of the contact follow every write through the API.

Database triggers maintain both columns, and rows with direction `event` do not count.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from backend.models import Contact
from tests.interactions.conftest import add_interaction, contact_counters, make_contact


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def _delete(client, user, contact_id, interaction_id) -> None:
    response = await client.delete(f"/api/v1/contacts/{contact_id}/interactions/{interaction_id}", headers=user.headers)
    assert response.status_code == 200, response.text


async def test_new_contact_has_no_interactions(db, contact_id):
    assert await contact_counters(db, contact_id) == (0, None)


async def test_add_raises_count_and_last(client, db, user, contact_id):
    await add_interaction(client, user, contact_id, "2025-03-01T10:00:00Z")
    assert await contact_counters(db, contact_id) == (1, _utc("2025-03-01T10:00:00"))

    await add_interaction(client, user, contact_id, "2025-03-05T10:00:00Z", platform="email", direction="inbound")
    assert await contact_counters(db, contact_id) == (2, _utc("2025-03-05T10:00:00"))


async def test_add_older_keeps_last(client, db, user, contact_id):
    await add_interaction(client, user, contact_id, "2025-03-05T10:00:00Z")
    await add_interaction(client, user, contact_id, "2024-12-31T23:00:00Z")

    assert await contact_counters(db, contact_id) == (2, _utc("2025-03-05T10:00:00"))


async def test_event_rows_do_not_count(client, db, user, contact_id):
    await add_interaction(client, user, contact_id, "2025-03-01T10:00:00Z")
    event = await add_interaction(client, user, contact_id, "2025-04-01T10:00:00Z", platform="manual", direction="event")

    assert await contact_counters(db, contact_id) == (1, _utc("2025-03-01T10:00:00"))

    await _delete(client, user, contact_id, event["id"])
    assert await contact_counters(db, contact_id) == (1, _utc("2025-03-01T10:00:00"))


async def test_event_only_contact_stays_empty(client, db, user, contact_id):
    await add_interaction(client, user, contact_id, "2025-04-01T10:00:00Z", platform="linkedin", direction="event")
    assert await contact_counters(db, contact_id) == (0, None)


async def test_delete_newest_falls_back(client, db, user, contact_id):
    await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z")
    await add_interaction(client, user, contact_id, "2025-02-10T09:00:00Z", platform="telegram", direction="mutual")
    newest = await add_interaction(client, user, contact_id, "2025-03-10T09:00:00Z")
    assert await contact_counters(db, contact_id) == (3, _utc("2025-03-10T09:00:00"))

    await _delete(client, user, contact_id, newest["id"])
    assert await contact_counters(db, contact_id) == (2, _utc("2025-02-10T09:00:00"))


async def test_delete_older_keeps_last(client, db, user, contact_id):
    older = await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z")
    await add_interaction(client, user, contact_id, "2025-03-10T09:00:00Z")

    await _delete(client, user, contact_id, older["id"])
    assert await contact_counters(db, contact_id) == (1, _utc("2025-03-10T09:00:00"))


async def test_delete_last_note_clears(client, db, user, contact_id):
    only = await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z")

    await _delete(client, user, contact_id, only["id"])
    assert await contact_counters(db, contact_id) == (0, None)


async def test_edit_keeps_counters(client, db, user, contact_id):
    note = await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z", content_preview="Before")
    await add_interaction(client, user, contact_id, "2025-01-05T09:00:00Z")

    response = await client.patch(
        f"/api/v1/contacts/{contact_id}/interactions/{note['id']}",
        json={"content_preview": "After"},
        headers=user.headers,
    )
    assert response.status_code == 200
    assert await contact_counters(db, contact_id) == (2, _utc("2025-01-10T09:00:00"))


async def test_rejected_writes_keep_counters(client, db, user, contact_id):
    """A 409 duplicate and a 403 delete leave both columns as they were."""
    body = {"occurred_at": "2025-01-10T09:00:00Z", "platform": "email", "raw_reference_id": "msg-1"}
    synced = await add_interaction(client, user, contact_id, **body)

    duplicate = await client.post(
        f"/api/v1/contacts/{contact_id}/interactions",
        json={**body, "occurred_at": "2025-06-01T09:00:00Z"},
        headers=user.headers,
    )
    assert duplicate.status_code == 409

    forbidden = await client.delete(f"/api/v1/contacts/{contact_id}/interactions/{synced['id']}", headers=user.headers)
    assert forbidden.status_code == 403

    assert await contact_counters(db, contact_id) == (1, _utc("2025-01-10T09:00:00"))


async def test_counters_per_contact(client, db, user, contact_id):
    sibling_id = await make_contact(db, user.id, full_name="Sibling Contact")
    await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z")
    await add_interaction(client, user, sibling_id, "2025-05-10T09:00:00Z")
    await add_interaction(client, user, sibling_id, "2025-05-11T09:00:00Z")

    assert await contact_counters(db, contact_id) == (1, _utc("2025-01-10T09:00:00"))
    assert await contact_counters(db, sibling_id) == (2, _utc("2025-05-11T09:00:00"))


async def test_add_removes_second_tier_tag(client, db, user):
    contact_id = await make_contact(db, user.id, tags=["2nd tier", "investor"])

    await add_interaction(client, user, contact_id, "2025-01-10T09:00:00Z")

    tags = await db.scalar(select(Contact.tags).where(Contact.id == contact_id))
    await db.rollback()
    assert tags == ["investor"]
