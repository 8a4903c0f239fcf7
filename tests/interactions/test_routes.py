"""Listing, adding, editing and deleting interactions."""

from __future__ import annotations

import pytest

from tests.interactions.conftest import add_interaction, make_contact

RESPONSE_FIELDS = {
    "id",
    "contact_id",
    "user_id",
    "platform",
    "direction",
    "content_preview",
    "raw_reference_id",
    "occurred_at",
    "created_at",
    "is_read_by_recipient",
    "call_type",
    "duration_seconds",
}
PLATFORMS = ("email", "meeting", "telegram", "twitter", "whatsapp", "linkedin", "facebook", "instagram", "manual")
DIRECTIONS = ("inbound", "outbound", "mutual", "event")


def _path(contact_id, interaction_id=None) -> str:
    base = f"/api/v1/contacts/{contact_id}/interactions"
    return base if interaction_id is None else f"{base}/{interaction_id}"


# Create


async def test_create_note_defaults(client, user, contact_id):
    response = await client.post(
        _path(contact_id),
        json={"content_preview": "  Met at the conference  ", "occurred_at": "2025-03-01T10:00:00+02:00"},
        headers=user.headers,
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == RESPONSE_FIELDS
    assert data["platform"] == "manual"
    assert data["direction"] == "outbound"
    assert data["content_preview"] == "Met at the conference"
    assert data["contact_id"] == str(contact_id)
    assert data["user_id"] == str(user.id)
    assert data["occurred_at"].startswith("2025-03-01T08:00:00")
    assert data["raw_reference_id"] is None


async def test_create_every_platform_and_direction(client, user, contact_id):
    for platform in PLATFORMS:
        for direction in DIRECTIONS:
            data = await add_interaction(
                client, user, contact_id, "2025-01-01T00:00:00Z", platform=platform, direction=direction
            )
            assert (data["platform"], data["direction"]) == (platform, direction)


async def test_create_normalises_choice_case(client, user, contact_id):
    data = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", platform=" Email ", direction="INBOUND")
    assert data["platform"] == "email"
    assert data["direction"] == "inbound"


async def test_create_naive_time_is_utc(client, user, contact_id):
    data = await add_interaction(client, user, contact_id, "2025-01-01T09:30:00")
    assert data["occurred_at"] in ("2025-01-01T09:30:00Z", "2025-01-01T09:30:00+00:00")


async def test_create_invalid_direction_422(client, user, contact_id):
    response = await client.post(
        _path(contact_id), json={"direction": "sideways", "occurred_at": "2025-01-01T00:00:00Z"}, headers=user.headers
    )
    assert response.status_code == 422
    message = response.json()["error"]
    assert "direction" in message
    for allowed in DIRECTIONS:
        assert f"'{allowed}'" in message


async def test_create_invalid_platform_422(client, user, contact_id):
    response = await client.post(
        _path(contact_id), json={"platform": "myspace", "occurred_at": "2025-01-01T00:00:00Z"}, headers=user.headers
    )
    assert response.status_code == 422
    message = response.json()["error"]
    assert "platform" in message
    for allowed in PLATFORMS:
        assert f"'{allowed}'" in message


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"content_preview": "No time"},
        {"occurred_at": "yesterday"},
        {"occurred_at": "2025-01-01T00:00:00Z", "content_preview": "x" * 10_001},
        {"occurred_at": "2025-01-01T00:00:00Z", "raw_reference_id": "r" * 513},
        {"occurred_at": "2025-01-01T00:00:00Z", "platform": None},
    ],
    ids=["empty", "no-occurred-at", "bad-time", "long-content", "long-reference", "null-platform"],
)
async def test_create_bad_body_422(client, user, contact_id, body):
    response = await client.post(_path(contact_id), json=body, headers=user.headers)
    assert response.status_code == 422
    assert response.json()["data"] is None


async def test_create_content_at_limit(client, user, contact_id):
    data = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", content_preview="x" * 10_000)
    assert len(data["content_preview"]) == 10_000


async def test_create_duplicate_reference_409(client, user, contact_id):
    body = {"platform": "email", "raw_reference_id": "gmail:thread-1", "occurred_at": "2025-01-01T00:00:00Z"}
    first = await client.post(_path(contact_id), json=body, headers=user.headers)
    assert first.status_code == 201

    again = await client.post(_path(contact_id), json=body, headers=user.headers)
    assert again.status_code == 409
    assert "gmail:thread-1" in again.json()["detail"]
    assert "already exists" in again.json()["detail"]

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["meta"]["total"] == 1


async def test_duplicate_reference_across_contacts(client, db, user, contact_id):
    """The reference is unique per user and platform, across all of the user's contacts."""
    sibling_id = await make_contact(db, user.id, full_name="Sibling Contact")
    await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", platform="telegram", raw_reference_id="tg:9")

    response = await client.post(
        _path(sibling_id),
        json={"platform": "telegram", "raw_reference_id": "tg:9", "occurred_at": "2025-01-02T00:00:00Z"},
        headers=user.headers,
    )
    assert response.status_code == 409


async def test_create_same_reference_other_scope(client, user, other_user, contact_id, other_contact_id):
    """The same reference is fine on another platform or for another user."""
    await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", platform="email", raw_reference_id="ref-1")
    other_platform = await add_interaction(
        client, user, contact_id, "2025-01-01T00:00:00Z", platform="telegram", raw_reference_id="ref-1"
    )
    assert other_platform["raw_reference_id"] == "ref-1"
    other_owner = await add_interaction(
        client, other_user, other_contact_id, "2025-01-01T00:00:00Z", platform="email", raw_reference_id="ref-1"
    )
    assert other_owner["raw_reference_id"] == "ref-1"


async def test_create_blank_references_not_unique(client, user, contact_id):
    """Blank references are stored as null, and null references never conflict."""
    first = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", raw_reference_id="  ")
    second = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", raw_reference_id="")
    assert first["raw_reference_id"] is None
    assert second["raw_reference_id"] is None


# List


async def test_list_newest_first(client, user, contact_id):
    for day in ("2025-01-02", "2025-01-05", "2025-01-01", "2025-01-04", "2025-01-03"):
        await add_interaction(client, user, contact_id, f"{day}T12:00:00Z", content_preview=day)

    response = await client.get(_path(contact_id), headers=user.headers)
    assert response.status_code == 200
    previews = [item["content_preview"] for item in response.json()["data"]]
    assert previews == ["2025-01-05", "2025-01-04", "2025-01-03", "2025-01-02", "2025-01-01"]
    assert set(response.json()["data"][0]) == RESPONSE_FIELDS


async def test_list_empty(client, user, contact_id):
    response = await client.get(_path(contact_id), headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == []
    assert response.json()["meta"] == {"total": 0, "limit": 50, "offset": 0}


async def test_list_paging_meta(client, user, contact_id):
    for day in range(1, 8):
        await add_interaction(client, user, contact_id, f"2025-02-{day:02d}T08:00:00Z", content_preview=str(day))

    first = await client.get(_path(contact_id), params={"limit": 3}, headers=user.headers)
    assert first.json()["meta"] == {"total": 7, "limit": 3, "offset": 0}
    assert [item["content_preview"] for item in first.json()["data"]] == ["7", "6", "5"]

    last = await client.get(_path(contact_id), params={"limit": 3, "offset": 6}, headers=user.headers)
    assert last.json()["meta"] == {"total": 7, "limit": 3, "offset": 6}
    assert [item["content_preview"] for item in last.json()["data"]] == ["1"]

    beyond = await client.get(_path(contact_id), params={"offset": 50}, headers=user.headers)
    assert beyond.json()["data"] == []
    assert beyond.json()["meta"]["total"] == 7


async def test_list_equal_times_paged(client, user, contact_id):
    ids = set()
    for _ in range(5):
        ids.add((await add_interaction(client, user, contact_id, "2025-02-01T08:00:00Z"))["id"])

    seen = []
    for offset in range(0, 5, 2):
        page = await client.get(_path(contact_id), params={"limit": 2, "offset": offset}, headers=user.headers)
        seen.extend(item["id"] for item in page.json()["data"])
    assert sorted(seen) == sorted(ids)


async def test_list_only_this_contact(client, db, user, contact_id):
    sibling_id = await make_contact(db, user.id, full_name="Sibling Contact")
    await add_interaction(client, user, sibling_id, "2025-01-01T00:00:00Z", content_preview="Sibling note")

    response = await client.get(_path(contact_id), headers=user.headers)
    assert response.json()["data"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "many"}])
async def test_list_bad_paging_422(client, user, contact_id, params):
    response = await client.get(_path(contact_id), params=params, headers=user.headers)
    assert response.status_code == 422


async def test_list_limit_200_accepted(client, user, contact_id):
    response = await client.get(_path(contact_id), params={"limit": 200}, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["meta"]["limit"] == 200


# Update


async def test_update_manual_note(client, user, contact_id):
    note = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", content_preview="Draft")

    response = await client.patch(_path(contact_id, note["id"]), json={"content_preview": " Final "}, headers=user.headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["content_preview"] == "Final"
    assert data["id"] == note["id"]
    assert data["occurred_at"] == note["occurred_at"]

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["data"][0]["content_preview"] == "Final"


@pytest.mark.parametrize(
    "body",
    [{}, {"content_preview": None}, {"content_preview": "   "}, {"content_preview": "x" * 10_001}],
    ids=["missing", "null", "blank", "too-long"],
)
async def test_update_bad_body_422(client, user, contact_id, body):
    note = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", content_preview="Keep me")

    response = await client.patch(_path(contact_id, note["id"]), json=body, headers=user.headers)
    assert response.status_code == 422

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["data"][0]["content_preview"] == "Keep me"


async def test_update_non_manual_403(client, user, contact_id):
    synced = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", platform="email", content_preview="Hi")

    response = await client.patch(_path(contact_id, synced["id"]), json={"content_preview": "Edited"}, headers=user.headers)
    assert response.status_code == 403
    assert "Only manual notes can be edited" in response.json()["detail"]

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["data"][0]["content_preview"] == "Hi"


async def test_update_missing_interaction_404(client, user, contact_id):
    response = await client.patch(
        _path(contact_id, "00000000-0000-0000-0000-000000000000"), json={"content_preview": "x"}, headers=user.headers
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Interaction not found"


# Delete


async def test_delete_manual_note(client, user, contact_id):
    note = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", content_preview="Remove me")

    response = await client.delete(_path(contact_id, note["id"]), headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"deleted": True}

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["data"] == []

    again = await client.delete(_path(contact_id, note["id"]), headers=user.headers)
    assert again.status_code == 404
    assert again.json()["detail"] == "Interaction not found"


async def test_delete_non_manual_403(client, user, contact_id):
    synced = await add_interaction(client, user, contact_id, "2025-01-01T00:00:00Z", platform="meeting")

    response = await client.delete(_path(contact_id, synced["id"]), headers=user.headers)
    assert response.status_code == 403
    assert "Only manual notes can be deleted" in response.json()["detail"]

    listed = await client.get(_path(contact_id), headers=user.headers)
    assert listed.json()["meta"]["total"] == 1
