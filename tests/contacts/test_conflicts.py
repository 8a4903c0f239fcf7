"""409 on strong identifiers held by another contact of the same user, including concurrent writes."""

from __future__ import annotations

import pytest

from backend.contacts import conflicts
from tests.contacts.conftest import CONTACTS, create_contact

# (field sent by the client, value on the existing contact, the same identifier spelled differently)
IDENTIFIERS = [
    ("emails", ["Ana@Example.com"], [" ana@EXAMPLE.com"]),
    ("telegram_username", "ana_tg", "@ANA_TG"),
    ("twitter_handle", "analima", "@AnaLima"),
    ("linkedin_url", "https://www.linkedin.com/in/ana-lima", "https://linkedin.com/in/Ana-Lima/"),
    ("linkedin_profile_id", "ana-lima", "ANA-LIMA"),
    ("whatsapp_phone", "+14155552671", "(415) 555-2671"),
    ("facebook_id", "100001", " 100001 "),
    ("instagram_id", "777", "777"),
]


def _assert_conflict_shape(response, holder: dict) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["data"] is None
    detail = body["detail"]
    assert "already used by another contact" in detail["message"]
    assert body["error"] == detail["message"]
    assert detail["conflicting_contact"] == {
        "id": holder["id"],
        "full_name": holder["full_name"],
        "given_name": holder["given_name"],
        "family_name": holder["family_name"],
        "emails": holder["emails"],
    }


@pytest.mark.parametrize(("field", "existing", "claimed"), IDENTIFIERS)
async def test_create_conflict_409(client, user, field, existing, claimed):
    holder = await create_contact(client, user, given_name="Ana", family_name="Lima", full_name="Ana Lima", **{field: existing})
    response = await client.post(CONTACTS, json={"full_name": "Second", field: claimed}, headers=user.headers)
    _assert_conflict_shape(response, holder)


@pytest.mark.parametrize(("field", "existing", "claimed"), IDENTIFIERS)
async def test_update_conflict_409(client, user, field, existing, claimed):
    holder = await create_contact(client, user, full_name="Ana Lima", **{field: existing})
    other = await create_contact(client, user, full_name="Other")
    response = await client.put(f"{CONTACTS}/{other['id']}", json={field: claimed}, headers=user.headers)
    _assert_conflict_shape(response, holder)


async def test_conflict_message_names_field_and_value(client, user):
    await create_contact(client, user, telegram_username="ana_tg")
    response = await client.post(CONTACTS, json={"telegram_username": "ana_tg"}, headers=user.headers)
    assert response.json()["detail"]["message"] == "Telegram username 'ana_tg' is already used by another contact"


async def test_conflict_message_names_email(client, user):
    await create_contact(client, user, emails=["ana@example.com"])
    response = await client.post(CONTACTS, json={"emails": ["x@example.com", "ANA@example.com"]}, headers=user.headers)
    assert response.json()["detail"]["message"] == "Email 'ana@example.com' is already used by another contact"


async def test_update_keeping_own_identifiers_is_fine(client, user):
    created = await create_contact(client, user, emails=["ana@example.com"], telegram_username="ana_tg", twitter_handle="ana")
    response = await client.put(
        f"{CONTACTS}/{created['id']}",
        json={"emails": ["ANA@example.com", "new@example.com"], "telegram_username": "ana_tg", "twitter_handle": "@ana"},
        headers=user.headers,
    )
    assert response.status_code == 200
    assert response.json()["data"]["emails"] == ["ANA@example.com", "new@example.com"]


async def test_same_identifier_for_other_user_is_fine(client, user, other_user):
    await create_contact(client, other_user, emails=["ana@example.com"], telegram_username="ana_tg")
    response = await client.post(
        CONTACTS, json={"emails": ["ana@example.com"], "telegram_username": "ana_tg"}, headers=user.headers
    )
    assert response.status_code == 201


async def test_conflict_leaves_contact_unchanged(client, user):
    await create_contact(client, user, telegram_username="taken")
    other = await create_contact(client, user, full_name="Other", title="CTO")
    await client.put(f"{CONTACTS}/{other['id']}", json={"telegram_username": "taken", "title": "CEO"}, headers=user.headers)
    response = await client.get(f"{CONTACTS}/{other['id']}", headers=user.headers)
    assert response.json()["data"]["title"] == "CTO"
    assert response.json()["data"]["telegram_username"] is None


async def test_freed_identifier_can_be_reused(client, user):
    first = await create_contact(client, user, twitter_handle="handle")
    await client.put(f"{CONTACTS}/{first['id']}", json={"twitter_handle": None}, headers=user.headers)
    response = await client.post(CONTACTS, json={"twitter_handle": "handle"}, headers=user.headers)
    assert response.status_code == 201


async def _skip_first_check(monkeypatch) -> None:
    """Make the pre-insert lookup miss once, as when another request commits the identifier in between."""
    original = conflicts.find_conflict
    calls = {"count": 0}

    async def racing_find_conflict(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            return None
        return await original(*args, **kwargs)

    monkeypatch.setattr(conflicts, "find_conflict", racing_find_conflict)


async def test_create_race_on_unique_index_409(client, user, monkeypatch):
    holder = await create_contact(client, user, full_name="Ana Lima", telegram_username="ana_tg")
    await _skip_first_check(monkeypatch)
    response = await client.post(CONTACTS, json={"telegram_username": "ana_tg"}, headers=user.headers)
    _assert_conflict_shape(response, holder)


async def test_create_race_on_email_409(client, user, monkeypatch):
    holder = await create_contact(client, user, full_name="Ana Lima", emails=["ana@example.com"])
    await _skip_first_check(monkeypatch)
    response = await client.post(CONTACTS, json={"emails": ["ANA@example.com"]}, headers=user.headers)
    _assert_conflict_shape(response, holder)


async def test_update_race_on_unique_index_409(client, user, monkeypatch):
    holder = await create_contact(client, user, full_name="Ana Lima", twitter_handle="ana")
    other = await create_contact(client, user, full_name="Other")
    await _skip_first_check(monkeypatch)
    response = await client.put(f"{CONTACTS}/{other['id']}", json={"twitter_handle": "ana"}, headers=user.headers)
    _assert_conflict_shape(response, holder)
