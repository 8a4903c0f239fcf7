"""Create, read, partial update and delete of one contact, with normalisation and validation."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from backend.models import Contact, FollowUpSuggestion, Interaction, Organization
from tests.contacts.conftest import CONTACTS, create_contact, set_columns


async def _stored(db, contact_id: str) -> Contact:
    """Read a contact fresh from the database, detached so that ending the read transaction keeps its values."""
    contact = await db.scalar(
        select(Contact).where(Contact.id == uuid.UUID(contact_id)).execution_options(populate_existing=True)
    )
    db.expunge(contact)
    await db.rollback()
    return contact


async def test_create_returns_201_with_contact(client, user):
    response = await client.post(CONTACTS, json={"full_name": "Ana Lima", "title": "CTO"}, headers=user.headers)
    assert response.status_code == 201
    body = response.json()
    assert body["error"] is None
    assert body["meta"] is None
    assert body["data"]["full_name"] == "Ana Lima"
    assert body["data"]["user_id"] == str(user.id)
    assert body["data"]["priority_level"] == "medium"
    assert body["data"]["relationship_score"] == 0
    assert body["data"]["interaction_count"] == 0
    assert body["data"]["source"] == "manual"
    assert body["data"]["created_at"]


async def test_create_normalises_fields(client, user):
    data = await create_contact(
        client,
        user,
        full_name="  Ana   Lima ",
        emails=[" Ana@Example.com ", "ana@example.COM", ""],
        phones=["(415) 555-2671", "not a phone"],
        twitter_handle="@AnaLima",
        telegram_username="@@AnaTG",
        instagram_username="@Ana.Insta",
        whatsapp_phone="415 555 2671",
        tags=[" VC ", "vc", "Friends", ""],
        linkedin_url="https://www.linkedin.com/in/Ana-Lima/?utm=x",
        company="  Acme  ",
        birthday="1990-03-15",
    )
    assert data["full_name"] == "Ana   Lima"
    assert data["emails"] == ["Ana@Example.com"]
    assert data["phones"] == ["+14155552671", "not a phone"]
    assert data["twitter_handle"] == "analima"
    assert data["telegram_username"] == "anatg"
    assert data["instagram_username"] == "ana.insta"
    assert data["whatsapp_phone"] == "+14155552671"
    assert data["tags"] == ["vc", "friends"]
    assert data["linkedin_url"] == "https://www.linkedin.com/in/Ana-Lima"
    assert data["linkedin_profile_id"] == "ana-lima"
    assert data["company"] == "Acme"
    assert data["birthday"] == "1990-03-15"


async def test_create_uses_user_phone_region(client, db, user):
    from tests.contacts.conftest import set_user

    await set_user(db, user.id, phone_region="GB")
    data = await create_contact(client, user, phones=["020 7946 0018"])
    assert data["phones"] == ["+442079460018"]


async def test_create_joins_given_and_family_name(client, user):
    data = await create_contact(client, user, full_name=None, given_name="Ana", family_name="Lima")
    assert data["full_name"] == "Ana Lima"


async def test_create_birthday_without_year(client, user):
    data = await create_contact(client, user, birthday="--03-15")
    assert data["birthday"] == "03-15"


async def test_create_accepts_empty_body(client, user):
    response = await client.post(CONTACTS, json={}, headers=user.headers)
    assert response.status_code == 201
    assert response.json()["data"]["full_name"] is None


async def test_create_invalid_priority_422(client, user):
    response = await client.post(CONTACTS, json={"priority_level": "urgent"}, headers=user.headers)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "priority_level" in detail
    assert "archived, high, low, medium" in detail


async def test_create_invalid_birthday_422(client, user):
    response = await client.post(CONTACTS, json={"birthday": "2023-02-30"}, headers=user.headers)
    assert response.status_code == 422
    assert "not a calendar date" in response.json()["detail"]


async def test_create_unparsable_birthday_422(client, user):
    response = await client.post(CONTACTS, json={"birthday": "next tuesday"}, headers=user.headers)
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["detail"]


async def test_create_invalid_email_422(client, user):
    response = await client.post(CONTACTS, json={"emails": ["not-an-email"]}, headers=user.headers)
    assert response.status_code == 422
    assert "not-an-email" in response.json()["detail"]


async def test_create_too_long_name_422(client, user):
    response = await client.post(CONTACTS, json={"full_name": "x" * 600}, headers=user.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "full_name"]


async def test_get_returns_contact(client, user):
    created = await create_contact(client, user, notes="Met at PyCon")
    response = await client.get(f"{CONTACTS}/{created['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"]["notes"] == "Met at PyCon"
    assert response.json()["data"]["id"] == created["id"]


async def test_update_changes_only_given_keys(client, user):
    created = await create_contact(client, user, full_name="Ana Lima", title="CTO", company="Acme")
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"title": "CEO"}, headers=user.headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["title"] == "CEO"
    assert data["company"] == "Acme"
    assert data["full_name"] == "Ana Lima"


async def test_update_explicit_null_clears(client, user):
    created = await create_contact(client, user, title="CTO", emails=["a@example.com"], birthday="05-01")
    response = await client.put(
        f"{CONTACTS}/{created['id']}", json={"title": None, "emails": None, "birthday": None}, headers=user.headers
    )
    data = response.json()["data"]
    assert data["title"] is None
    assert data["emails"] == []
    assert data["birthday"] is None


async def test_update_records_user_edited_fields(client, user):
    created = await create_contact(client, user)
    await client.put(
        f"{CONTACTS}/{created['id']}", json={"title": "CTO", "company": "Acme", "source": "csv"}, headers=user.headers
    )
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"tags": ["a"]}, headers=user.headers)
    assert response.json()["data"]["user_edited_fields"] == ["company", "tags", "title"]


async def test_update_same_value_still_protects(client, user):
    created = await create_contact(client, user, title="CTO")
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"title": "CTO"}, headers=user.headers)
    assert response.json()["data"]["user_edited_fields"] == ["title"]


async def test_update_invalid_priority_422(client, user):
    created = await create_contact(client, user)
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"priority_level": "urgent"}, headers=user.headers)
    assert response.status_code == 422
    assert "priority_level" in response.json()["detail"]


async def test_update_null_priority_422(client, user):
    created = await create_contact(client, user)
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"priority_level": None}, headers=user.headers)
    assert response.status_code == 422


async def test_update_invalid_birthday_422(client, user):
    created = await create_contact(client, user)
    response = await client.put(f"{CONTACTS}/{created['id']}", json={"birthday": "13-01"}, headers=user.headers)
    assert response.status_code == 422
    assert "birthday" in response.json()["detail"]


async def test_update_telegram_username_clears_user_id(client, db, user):
    created = await create_contact(client, user, telegram_username="old_name")
    await set_columns(db, created["id"], telegram_user_id="12345")

    await client.put(f"{CONTACTS}/{created['id']}", json={"telegram_username": "@New_Name"}, headers=user.headers)
    stored = await _stored(db, created["id"])
    assert stored.telegram_username == "new_name"
    assert stored.telegram_user_id is None


async def test_update_same_telegram_username_keeps_user_id(client, db, user):
    created = await create_contact(client, user, telegram_username="same")
    await set_columns(db, created["id"], telegram_user_id="12345")

    await client.put(f"{CONTACTS}/{created['id']}", json={"telegram_username": "@SAME"}, headers=user.headers)
    stored = await _stored(db, created["id"])
    assert stored.telegram_user_id == "12345"


async def test_update_twitter_handle_clears_id_and_bio(client, db, user):
    created = await create_contact(client, user, twitter_handle="old", twitter_bio="Old bio")
    await set_columns(db, created["id"], twitter_user_id="999")

    response = await client.put(f"{CONTACTS}/{created['id']}", json={"twitter_handle": "new"}, headers=user.headers)
    assert response.json()["data"]["twitter_bio"] is None
    stored = await _stored(db, created["id"])
    assert stored.twitter_user_id is None
    assert stored.twitter_handle == "new"


async def test_update_linkedin_url_derives_profile_id(client, user):
    created = await create_contact(client, user, linkedin_url="https://linkedin.com/in/old-slug")
    response = await client.put(
        f"{CONTACTS}/{created['id']}", json={"linkedin_url": "https://linkedin.com/in/New-Slug/"}, headers=user.headers
    )
    assert response.json()["data"]["linkedin_profile_id"] == "new-slug"


async def test_update_links_own_organization(client, db, user):
    organization = Organization(user_id=user.id, name="Acme")
    db.add(organization)
    await db.commit()
    created = await create_contact(client, user)

    response = await client.put(
        f"{CONTACTS}/{created['id']}",
        json={"company": "Acme", "organization_id": str(organization.id)},
        headers=user.headers,
    )
    assert response.status_code == 200
    assert response.json()["data"]["organization_id"] == str(organization.id)


async def test_update_company_change_unlinks_organization(client, db, user):
    organization = Organization(user_id=user.id, name="Acme")
    db.add(organization)
    await db.commit()
    created = await create_contact(client, user, company="Acme")
    await set_columns(db, created["id"], organization_id=organization.id)

    response = await client.put(f"{CONTACTS}/{created['id']}", json={"company": "Globex"}, headers=user.headers)
    assert response.json()["data"]["organization_id"] is None


async def test_update_archive_dismisses_open_suggestions(client, db, user):
    created = await create_contact(client, user)
    contact_id = uuid.UUID(created["id"])
    pending = FollowUpSuggestion(
        user_id=user.id, contact_id=contact_id, trigger_type="time_based", suggested_message="Hi", suggested_channel="email"
    )
    sent = FollowUpSuggestion(
        user_id=user.id,
        contact_id=contact_id,
        trigger_type="time_based",
        suggested_message="Hi",
        suggested_channel="email",
        status="sent",
    )
    db.add_all([pending, sent])
    await db.commit()
    pending_id, sent_id = pending.id, sent.id

    response = await client.put(f"{CONTACTS}/{created['id']}", json={"priority_level": "archived"}, headers=user.headers)
    assert response.json()["data"]["priority_level"] == "archived"

    result = await db.execute(
        select(FollowUpSuggestion.id, FollowUpSuggestion.status, FollowUpSuggestion.dismissed_by).where(
            FollowUpSuggestion.contact_id == contact_id
        )
    )
    rows = {row.id: (row.status, row.dismissed_by) for row in result}
    await db.rollback()
    assert rows[pending_id] == ("dismissed", "system")
    assert rows[sent_id] == ("sent", None)


async def test_update_empty_body_changes_nothing(client, user):
    created = await create_contact(client, user, title="CTO")
    response = await client.put(f"{CONTACTS}/{created['id']}", json={}, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"]["title"] == "CTO"
    assert response.json()["data"]["user_edited_fields"] == []


async def test_delete_removes_contact_and_interactions(client, db, user):
    from datetime import UTC, datetime

    from tests.contacts.conftest import add_interaction

    created = await create_contact(client, user)
    await add_interaction(db, user, created["id"], datetime(2025, 1, 1, tzinfo=UTC))

    response = await client.delete(f"{CONTACTS}/{created['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"id": created["id"], "deleted": True}

    again = await client.get(f"{CONTACTS}/{created['id']}", headers=user.headers)
    assert again.status_code == 404
    left = await db.scalar(select(Interaction.id).where(Interaction.contact_id == uuid.UUID(created["id"])))
    await db.rollback()
    assert left is None


async def test_create_linkedin_company_url_has_no_profile_id(client, user):
    data = await create_contact(client, user, linkedin_url="https://www.linkedin.com/company/acme/")
    assert data["linkedin_url"] == "https://www.linkedin.com/company/acme"
    assert data["linkedin_profile_id"] is None


async def test_create_profile_id_given_as_url(client, user):
    data = await create_contact(client, user, linkedin_profile_id="https://www.linkedin.com/in/Ana-Lima/")
    assert data["linkedin_profile_id"] == "ana-lima"
