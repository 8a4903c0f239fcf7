"""POST /contacts/bulk-update: tags, priority level and company of many contacts in one statement."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from backend.models import FollowUpSuggestion
from tests.contacts.conftest import CONTACTS, create_contact, set_columns

BULK = f"{CONTACTS}/bulk-update"


async def _get(client, user, contact_id: str) -> dict:
    response = await client.get(f"{CONTACTS}/{contact_id}", headers=user.headers)
    return response.json()["data"]


async def test_bulk_adds_and_removes_tags(client, db, user):
    first = await create_contact(client, user, tags=["friend", "old"])
    second = await create_contact(client, user, tags=["vc"])
    await set_columns(db, second["id"], tags=["vc", "Old", "2nd Tier"])

    response = await client.post(
        BULK,
        json={"contact_ids": [first["id"], second["id"]], "add_tags": [" New ", "FRIEND"], "remove_tags": ["OLD", "2nd tier"]},
        headers=user.headers,
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"updated": 2}
    assert (await _get(client, user, first["id"]))["tags"] == ["friend", "new"]
    assert (await _get(client, user, second["id"]))["tags"] == ["vc", "new", "friend"]


async def test_bulk_tags_mark_user_edited(client, user):
    contact = await create_contact(client, user)
    await client.post(BULK, json={"contact_ids": [contact["id"]], "add_tags": ["x"]}, headers=user.headers)
    assert (await _get(client, user, contact["id"]))["user_edited_fields"] == ["tags"]


async def test_bulk_remove_last_tag_leaves_empty_list(client, user):
    contact = await create_contact(client, user, tags=["only"])
    await client.post(BULK, json={"contact_ids": [contact["id"]], "remove_tags": ["only"]}, headers=user.headers)
    assert (await _get(client, user, contact["id"]))["tags"] == []


async def test_bulk_sets_priority(client, user):
    contacts = [await create_contact(client, user) for _ in range(3)]
    response = await client.post(
        BULK, json={"contact_ids": [row["id"] for row in contacts], "priority_level": "High"}, headers=user.headers
    )
    assert response.json()["data"] == {"updated": 3}
    for row in contacts:
        assert (await _get(client, user, row["id"]))["priority_level"] == "high"


async def test_bulk_invalid_priority_400(client, user):
    contact = await create_contact(client, user)
    response = await client.post(
        BULK, json={"contact_ids": [contact["id"]], "priority_level": "urgent"}, headers=user.headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid priority_level 'urgent': use one of archived, high, low, medium"
    assert (await _get(client, user, contact["id"]))["priority_level"] == "medium"


async def test_bulk_archive_dismisses_open_suggestions(client, db, user):
    contact = await create_contact(client, user)
    contact_id = uuid.UUID(contact["id"])
    db.add(
        FollowUpSuggestion(
            user_id=user.id, contact_id=contact_id, trigger_type="time_based", suggested_message="Hi", suggested_channel="email", status="snoozed"
        )
    )
    await db.commit()

    await client.post(BULK, json={"contact_ids": [contact["id"]], "priority_level": "archived"}, headers=user.headers)
    result = await db.execute(
        select(FollowUpSuggestion.status, FollowUpSuggestion.dismissed_by).where(FollowUpSuggestion.contact_id == contact_id)
    )
    rows = [tuple(row) for row in result]
    await db.rollback()
    assert rows == [("dismissed", "system")]


async def test_bulk_sets_and_clears_company(client, user):
    first = await create_contact(client, user, company="Acme")
    second = await create_contact(client, user)
    ids = [first["id"], second["id"]]

    await client.post(BULK, json={"contact_ids": ids, "company": "  Globex "}, headers=user.headers)
    assert (await _get(client, user, first["id"]))["company"] == "Globex"
    assert (await _get(client, user, second["id"]))["company"] == "Globex"
    assert (await _get(client, user, second["id"]))["user_edited_fields"] == ["company"]

    await client.post(BULK, json={"contact_ids": ids, "company": ""}, headers=user.headers)
    assert (await _get(client, user, first["id"]))["company"] is None


async def test_bulk_null_fields_change_nothing(client, user):
    contact = await create_contact(client, user, company="Acme", tags=["a"], priority_level="low")
    response = await client.post(
        BULK,
        json={"contact_ids": [contact["id"]], "company": None, "priority_level": None, "add_tags": None},
        headers=user.headers,
    )
    assert response.json()["data"] == {"updated": 1}
    data = await _get(client, user, contact["id"])
    assert data["company"] == "Acme"
    assert data["tags"] == ["a"]
    assert data["priority_level"] == "low"


async def test_bulk_counts_only_own_known_contacts(client, user):
    contact = await create_contact(client, user)
    response = await client.post(
        BULK,
        json={"contact_ids": [contact["id"], contact["id"], str(uuid.uuid4())], "add_tags": ["x"]},
        headers=user.headers,
    )
    assert response.json()["data"] == {"updated": 1}


async def test_bulk_empty_ids(client, user):
    response = await client.post(BULK, json={"contact_ids": [], "add_tags": ["x"]}, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"updated": 0}


async def test_bulk_too_many_ids_422(client, user):
    ids = [str(uuid.uuid4()) for _ in range(501)]
    response = await client.post(BULK, json={"contact_ids": ids}, headers=user.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "contact_ids"]


async def test_bulk_missing_ids_422(client, user):
    response = await client.post(BULK, json={"add_tags": ["x"]}, headers=user.headers)
    assert response.status_code == 422


async def test_bulk_invalid_id_422(client, user):
    response = await client.post(BULK, json={"contact_ids": ["nope"]}, headers=user.headers)
    assert response.status_code == 422
