"""Contact request and response models, and the one function that turns a row into ContactResponse."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from backend.core.envelope import PaginationMeta
from backend.core.normalize import Birthday
from backend.models import Contact


class ContactFields(BaseModel):
    """Profile fields a client may write."""

    full_name: str | None = Field(default=None, max_length=512)
    given_name: str | None = Field(default=None, max_length=255)
    family_name: str | None = Field(default=None, max_length=255)
    emails: list[str] = Field(default_factory=list, max_length=50)
    phones: list[str] = Field(default_factory=list, max_length=50)
    company: str | None = Field(default=None, max_length=512)
    title: str | None = Field(default=None, max_length=512)
    twitter_handle: str | None = Field(default=None, max_length=64)
    twitter_bio: str | None = None
    telegram_username: str | None = Field(default=None, max_length=64)
    telegram_bio: str | None = None
    whatsapp_phone: str | None = Field(default=None, max_length=32)
    whatsapp_name: str | None = Field(default=None, max_length=255)
    whatsapp_about: str | None = None
    whatsapp_avatar_url: str | None = None
    location: str | None = Field(default=None, max_length=512)
    linkedin_url: str | None = None
    linkedin_profile_id: str | None = Field(default=None, max_length=255)
    linkedin_headline: str | None = None
    linkedin_bio: str | None = None
    facebook_id: str | None = Field(default=None, max_length=64)
    facebook_name: str | None = Field(default=None, max_length=255)
    instagram_id: str | None = Field(default=None, max_length=64)
    instagram_username: str | None = Field(default=None, max_length=64)
    avatar_url: str | None = None
    birthday: str | None = Field(default=None, description="YYYY-MM-DD, or MM-DD when the year is unknown")
    tags: list[str] = Field(default_factory=list, max_length=100)
    notes: str | None = None
    priority_level: str = Field(default="medium", description="high, medium, low or archived")
    source: str | None = Field(default=None, max_length=32)


class ContactCreate(ContactFields):
    pass


class ContactUpdate(BaseModel):
    """Partial update: only the keys present in the body change; an explicit null clears a field."""

    full_name: str | None = Field(default=None, max_length=512)
    given_name: str | None = Field(default=None, max_length=255)
    family_name: str | None = Field(default=None, max_length=255)
    emails: list[str] | None = Field(default=None, max_length=50)
    phones: list[str] | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=512)
    title: str | None = Field(default=None, max_length=512)
    twitter_handle: str | None = Field(default=None, max_length=64)
    twitter_bio: str | None = None
    telegram_username: str | None = Field(default=None, max_length=64)
    whatsapp_phone: str | None = Field(default=None, max_length=32)
    whatsapp_name: str | None = Field(default=None, max_length=255)
    whatsapp_about: str | None = None
    whatsapp_avatar_url: str | None = None
    location: str | None = Field(default=None, max_length=512)
    linkedin_url: str | None = None
    linkedin_profile_id: str | None = Field(default=None, max_length=255)
    linkedin_headline: str | None = None
    linkedin_bio: str | None = None
    facebook_id: str | None = Field(default=None, max_length=64)
    facebook_name: str | None = Field(default=None, max_length=255)
    instagram_id: str | None = Field(default=None, max_length=64)
    instagram_username: str | None = Field(default=None, max_length=64)
    birthday: str | None = None
    tags: list[str] | None = Field(default=None, max_length=100)
    notes: str | None = None
    priority_level: str | None = None
    source: str | None = Field(default=None, max_length=32)
    organization_id: uuid.UUID | None = None


class ContactResponse(ContactFields):
    id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID | None = None
    telegram_last_seen_at: datetime | None = None
    relationship_score: int
    interaction_count: int = 0
    last_interaction_at: datetime | None = None
    last_followup_at: datetime | None = None
    user_edited_fields: list[str] = Field(default_factory=list)
    bcc_hash: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    created_at: datetime
    updated_at: datetime | None = None


class ContactListResponse(BaseModel):
    """One page of contacts."""

    data: list[ContactResponse]
    error: str | None = None
    meta: PaginationMeta


class ContactIdsMeta(BaseModel):
    limit: int = Field(description="Maximum number of ids one response returns")
    truncated: bool = Field(description="True when more contacts match than `limit`. Narrow the filters to reach the rest")


class ContactIdsResponse(BaseModel):
    """Ids of every contact that matches the filters, up to `meta.limit`."""

    data: list[str]
    error: str | None = None
    meta: ContactIdsMeta


class ContactStatsData(BaseModel):
    """Dashboard counters. Archived contacts and `event` rows are left out of every count."""

    total: int
    strong: int = Field(description="Contacts with relationship_score 8 to 10")
    active: int = Field(description="Contacts with relationship_score 4 to 7")
    dormant: int = Field(description="Contacts with relationship_score 0 to 3")
    interactions_this_week: int = Field(default=0, description="Interactions in the last 7 days, up to now")
    interactions_last_week: int = Field(default=0, description="Interactions from 14 to 7 days ago")
    active_last_week: int = Field(
        default=0, description="Distinct contacts with at least one interaction from 14 to 7 days ago"
    )


class BirthdayContactResponse(ContactResponse):
    days_until_birthday: int = Field(description="0 is today in the user's time zone")


class OverdueContactResponse(ContactResponse):
    days_overdue: int = Field(description="Days past the follow-up interval of the contact's priority level")


class BulkUpdateBody(BaseModel):
    """Changes applied to every listed contact of the user. Ids of other users' contacts are ignored."""

    contact_ids: list[uuid.UUID] = Field(max_length=500)
    add_tags: list[str] | None = Field(default=None, max_length=50)
    remove_tags: list[str] | None = Field(default=None, max_length=50, description="Removed case-insensitively")
    priority_level: str | None = Field(default=None, description="high, medium, low or archived")
    company: str | None = Field(default=None, max_length=512, description="An empty string clears the company")


class BulkUpdateData(BaseModel):
    updated: int = Field(description="Number of the user's contacts that were found and updated")


class DeletedData(BaseModel):
    id: str
    deleted: bool


def birthday_to_wire(contact: Contact) -> str | None:
    if contact.birthday_month is None or contact.birthday_day is None:
        return None
    return Birthday(contact.birthday_month, contact.birthday_day, contact.birthday_year).to_wire()


_RESPONSE_COLUMNS = [name for name in ContactResponse.model_fields if name != "birthday"]


def contact_to_response(contact: Contact, **extra: Any) -> dict[str, Any]:
    """Serialise a contact row to the ContactResponse shape; `extra` adds keys such as `days_overdue`."""
    data = {name: getattr(contact, name) for name in _RESPONSE_COLUMNS}
    data["birthday"] = birthday_to_wire(contact)
    data["emails"] = list(contact.emails or [])
    data["phones"] = list(contact.phones or [])
    data["tags"] = list(contact.tags or [])
    data["user_edited_fields"] = list(contact.user_edited_fields or [])
    data.update(extra)
    return data
