"""Authentication and ownership on every interaction route."""

from __future__ import annotations

import uuid

import pytest

from tests.interactions.conftest import add_interaction, make_contact

NOTE = {"occurred_at": "2025-03-01T10:00:00Z", "content_preview": "Coffee"}


def _routes(contact_id: uuid.UUID, interaction_id: uuid.UUID) -> list[tuple[str, str, dict | None]]:
    base = f"/api/v1/contacts/{contact_id}/interactions"
    return [
        ("GET", base, None),
        ("POST", base, NOTE),
        ("PATCH", f"{base}/{interaction_id}", {"content_preview": "Changed"}),
        ("DELETE", f"{base}/{interaction_id}", None),
    ]


@pytest.mark.parametrize("token", [None, "not-a-jwt"])
async def test_routes_require_valid_token(client, user, contact_id, token):
    note = await add_interaction(client, user, contact_id, **NOTE)
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    for method, path, body in _routes(contact_id, note["id"]):
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, f"{method} {path}"
        assert response.json()["data"] is None, f"{method} {path}"


async def test_other_users_contact_404(client, user, other_user, other_contact_id):
    note = await add_interaction(client, other_user, other_contact_id, **NOTE)

    for method, path, body in _routes(other_contact_id, note["id"]):
        response = await client.request(method, path, json=body, headers=user.headers)
        assert response.status_code == 404, f"{method} {path}"
        assert response.json()["detail"] == "Contact not found", f"{method} {path}"

    listed = await client.get(f"/api/v1/contacts/{other_contact_id}/interactions", headers=other_user.headers)
    assert listed.json()["meta"]["total"] == 1
    assert listed.json()["data"][0]["content_preview"] == "Coffee"


async def test_missing_contact_404(client, user):
    for method, path, body in _routes(uuid.uuid4(), uuid.uuid4()):
        response = await client.request(method, path, json=body, headers=user.headers)
        assert response.status_code == 404, f"{method} {path}"
        assert response.json()["detail"] == "Contact not found", f"{method} {path}"


async def test_other_users_interaction_404(client, user, other_user, contact_id, other_contact_id):
    """An interaction id of another user under one's own contact is not found, and stays unchanged."""
    foreign = await add_interaction(client, other_user, other_contact_id, **NOTE)
    base = f"/api/v1/contacts/{contact_id}/interactions/{foreign['id']}"

    patched = await client.patch(base, json={"content_preview": "Mine now"}, headers=user.headers)
    assert patched.status_code == 404
    assert patched.json()["detail"] == "Interaction not found"

    deleted = await client.delete(base, headers=user.headers)
    assert deleted.status_code == 404
    assert deleted.json()["detail"] == "Interaction not found"

    listed = await client.get(f"/api/v1/contacts/{other_contact_id}/interactions", headers=other_user.headers)
    assert listed.json()["data"][0]["content_preview"] == "Coffee"


async def test_interaction_of_sibling_contact_404(client, db, user, contact_id):
    """The interaction must belong to the contact in the path, not only to the same user."""
    sibling_id = await make_contact(db, user.id, full_name="Sibling Contact")
    note = await add_interaction(client, user, sibling_id, **NOTE)
    path = f"/api/v1/contacts/{contact_id}/interactions/{note['id']}"

    patched = await client.patch(path, json={"content_preview": "Moved"}, headers=user.headers)
    assert patched.status_code == 404
    assert patched.json()["detail"] == "Interaction not found"

    deleted = await client.delete(path, headers=user.headers)
    assert deleted.status_code == 404


async def test_malformed_ids_422(client, user, contact_id):
    for method, path, body in _routes("not-a-uuid", uuid.uuid4()) + _routes(contact_id, "not-a-uuid")[2:]:
        response = await client.request(method, path, json=body, headers=user.headers)
        assert response.status_code == 422, f"{method} {path}"
