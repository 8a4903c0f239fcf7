"""Authentication and tenant isolation on every contact route."""

from __future__ import annotations

import uuid

import pytest

from tests.contacts.conftest import CONTACTS, create_contact, set_columns

COLLECTION_ROUTES = [
    ("GET", CONTACTS, None),
    ("POST", CONTACTS, {"full_name": "Ana Lima"}),
    ("GET", f"{CONTACTS}/ids", None),
    ("GET", f"{CONTACTS}/stats", None),
    ("GET", f"{CONTACTS}/tags", None),
    ("GET", f"{CONTACTS}/birthdays", None),
    ("GET", f"{CONTACTS}/overdue", None),
    ("POST", f"{CONTACTS}/bulk-update", {"contact_ids": []}),
]


def _item_routes(contact_id: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", f"{CONTACTS}/{contact_id}", None),
        ("PUT", f"{CONTACTS}/{contact_id}", {"title": "CTO"}),
        ("DELETE", f"{CONTACTS}/{contact_id}", None),
    ]


@pytest.mark.parametrize(("method", "path", "body"), COLLECTION_ROUTES)
async def test_collection_route_requires_token(client, method, path, body):
    response = await client.request(method, path, json=body)
    assert response.status_code == 401
    assert response.json()["detail"] == "Not authenticated"


async def test_item_routes_require_token(client):
    for method, path, body in _item_routes(str(uuid.uuid4())):
        response = await client.request(method, path, json=body)
        assert response.status_code == 401, (method, path)


async def test_item_routes_hide_other_users_contact(client, user, other_user):
    foreign = await create_contact(client, other_user, full_name="Tomas Lindqvist")
    for method, path, body in _item_routes(foreign["id"]):
        response = await client.request(method, path, json=body, headers=user.headers)
        assert response.status_code == 404, (method, path)
        assert response.json()["detail"] == "Contact not found"

    still_there = await client.get(f"{CONTACTS}/{foreign['id']}", headers=other_user.headers)
    assert still_there.status_code == 200


async def test_item_routes_unknown_id_404(client, user):
    for method, path, body in _item_routes(str(uuid.uuid4())):
        response = await client.request(method, path, json=body, headers=user.headers)
        assert response.status_code == 404, (method, path)


async def test_item_route_rejects_non_uuid(client, user):
    response = await client.get(f"{CONTACTS}/not-a-uuid", headers=user.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "contact_id"]


async def test_reads_exclude_other_users_contacts(client, db, user, other_user):
    foreign = await create_contact(
        client, other_user, full_name="Foreign Person", tags=["secret"], birthday="01-01", priority_level="high"
    )
    await set_columns(db, foreign["id"], relationship_score=9)

    listed = await client.get(CONTACTS, params={"include_archived": True}, headers=user.headers)
    assert listed.json()["data"] == []
    assert listed.json()["meta"]["total"] == 0
    ids = await client.get(f"{CONTACTS}/ids", headers=user.headers)
    assert ids.json()["data"] == []
    tags = await client.get(f"{CONTACTS}/tags", headers=user.headers)
    assert tags.json()["data"] == []
    stats = await client.get(f"{CONTACTS}/stats", headers=user.headers)
    assert stats.json()["data"]["total"] == 0
    assert stats.json()["data"]["strong"] == 0
    searched = await client.get(CONTACTS, params={"search": "foreign"}, headers=user.headers)
    assert searched.json()["data"] == []


async def test_bulk_update_skips_other_users_contacts(client, user, other_user):
    foreign = await create_contact(client, other_user, full_name="Foreign Person")
    response = await client.post(
        f"{CONTACTS}/bulk-update",
        json={"contact_ids": [foreign["id"]], "add_tags": ["x"], "priority_level": "archived"},
        headers=user.headers,
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"updated": 0}

    unchanged = await client.get(f"{CONTACTS}/{foreign['id']}", headers=other_user.headers)
    assert unchanged.json()["data"]["tags"] == []
    assert unchanged.json()["data"]["priority_level"] == "medium"


async def test_update_rejects_other_users_organization(client, db, user, other_user):
    from backend.models import Organization

    organization = Organization(user_id=other_user.id, name="Their Org")
    db.add(organization)
    await db.commit()
    contact = await create_contact(client, user)

    response = await client.put(
        f"{CONTACTS}/{contact['id']}", json={"organization_id": str(organization.id)}, headers=user.headers
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Organization not found"
