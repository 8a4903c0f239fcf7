from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, created_at_column, updated_at_column, user_fk, uuid_pk

PRIORITY_LEVELS = ("high", "medium", "low", "archived")


def new_bcc_hash() -> str:
    return secrets.token_hex(6)


class Contact(Base):
    """A person in a user's network.

    Strong identifiers are stored normalised (handles without `@` and casefolded, LinkedIn slugs
    casefolded, phones in E.164) and are unique per user. Emails are unique per user through the
    `contact_emails` table, which a trigger keeps equal to `emails`. `interaction_count` and
    `last_interaction_at` are maintained by triggers, never by hand, and so is the searchable
    text in `contact_search`.
    """

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    full_name: Mapped[str | None] = mapped_column(String(512))
    given_name: Mapped[str | None] = mapped_column(String(255))
    family_name: Mapped[str | None] = mapped_column(String(255))
    emails: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default=text("'{}'::text[]"))
    phones: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default=text("'{}'::text[]"))
    company: Mapped[str | None] = mapped_column(String(512))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("organizations.id", ondelete="SET NULL")
    )
    title: Mapped[str | None] = mapped_column(String(512))
    location: Mapped[str | None] = mapped_column(String(512))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geocoded_location: Mapped[str | None] = mapped_column(String(512))
    geocoded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    twitter_handle: Mapped[str | None] = mapped_column(String(64))
    twitter_user_id: Mapped[str | None] = mapped_column(String(64))
    twitter_bio: Mapped[str | None] = mapped_column(Text)
    telegram_username: Mapped[str | None] = mapped_column(String(64))
    telegram_user_id: Mapped[str | None] = mapped_column(String(64))
    telegram_bio: Mapped[str | None] = mapped_column(Text)
    telegram_common_groups: Mapped[list | None] = mapped_column(JSONB)
    telegram_groups_fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    telegram_bio_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    telegram_read_outbox_max_id: Mapped[int | None] = mapped_column(Integer)
    telegram_last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    whatsapp_phone: Mapped[str | None] = mapped_column(String(32))
    whatsapp_name: Mapped[str | None] = mapped_column(String(255))
    whatsapp_about: Mapped[str | None] = mapped_column(Text)
    whatsapp_avatar_url: Mapped[str | None] = mapped_column(Text)
    whatsapp_bio_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    linkedin_profile_id: Mapped[str | None] = mapped_column(String(255))
    linkedin_headline: Mapped[str | None] = mapped_column(Text)
    linkedin_bio: Mapped[str | None] = mapped_column(Text)
    linkedin_connected_on: Mapped[date | None] = mapped_column(Date)
    facebook_id: Mapped[str | None] = mapped_column(String(64))
    facebook_name: Mapped[str | None] = mapped_column(String(255))
    facebook_avatar_url: Mapped[str | None] = mapped_column(Text)
    instagram_id: Mapped[str | None] = mapped_column(String(64))
    instagram_username: Mapped[str | None] = mapped_column(String(64))
    instagram_avatar_url: Mapped[str | None] = mapped_column(Text)
    google_resource_name: Mapped[str | None] = mapped_column(String(255))
    avatar_url: Mapped[str | None] = mapped_column(Text)

    # A birthday is a calendar date whose year may be unknown.
    birthday_month: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_day: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_year: Mapped[int | None] = mapped_column(SmallInteger)

    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default=text("'{}'::text[]"))
    notes: Mapped[str | None] = mapped_column(Text)
    relationship_score: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="0")
    interaction_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    last_interaction_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_followup_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    priority_level: Mapped[str] = mapped_column(String(16), nullable=False, server_default="medium")
    source: Mapped[str | None] = mapped_column(String(32))
    user_edited_fields: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")
    )
    bcc_hash: Mapped[str] = mapped_column(String(16), nullable=False, default=new_bcc_hash)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    __table_args__ = (
        CheckConstraint("relationship_score BETWEEN 0 AND 10", name="score_range"),
        CheckConstraint("priority_level IN ('high', 'medium', 'low', 'archived')", name="priority_level"),
        CheckConstraint(
            "(birthday_month IS NULL AND birthday_day IS NULL AND birthday_year IS NULL)"
            " OR (birthday_month BETWEEN 1 AND 12 AND birthday_day BETWEEN 1 AND 31)",
            name="birthday",
        ),
        Index("ix_contacts_user_score", "user_id", text("relationship_score DESC"), text("created_at DESC"), "id"),
        Index("ix_contacts_user_created", "user_id", text("created_at DESC"), "id"),
        Index("ix_contacts_user_last_interaction", "user_id", text("last_interaction_at DESC NULLS LAST"), "id"),
        # Lets the list count (user, not archived) and the score tiers of the stats run as index-only scans.
        Index("ix_contacts_user_priority", "user_id", "priority_level", "relationship_score"),
        Index("ix_contacts_user_activity", "user_id", text("interaction_count DESC"), text("created_at DESC")),
        Index(
            "ix_contacts_user_birthday",
            "user_id",
            "birthday_month",
            "birthday_day",
            postgresql_where=text("birthday_month IS NOT NULL"),
        ),
        Index("ix_contacts_user_company", "user_id", "company"),
        Index("ix_contacts_organization_id", "organization_id", postgresql_where=text("organization_id IS NOT NULL")),
        Index("ix_contacts_tags_gin", "tags", postgresql_using="gin"),
        Index("ix_contacts_user_full_name_lower", "user_id", text("lower(full_name)")),
        Index("uq_contacts_user_bcc_hash", "user_id", "bcc_hash", unique=True),
        *[
            Index(f"uq_contacts_user_{column}", "user_id", column, unique=True, postgresql_where=text(f"{column} IS NOT NULL"))
            for column in (
                "linkedin_profile_id",
                "twitter_user_id",
                "twitter_handle",
                "telegram_user_id",
                "telegram_username",
                "whatsapp_phone",
                "google_resource_name",
                "facebook_id",
                "instagram_id",
            )
        ],
    )


class ContactSearch(Base):
    """The lowercased searchable text of a contact, kept by triggers on `contacts`.

    It lives apart from `contacts` so that updates of scores and counters, which rewrite contact
    rows, do not have to update the large trigram index.
    """

    __tablename__ = "contact_search"

    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    search_text: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (
        Index("ix_contact_search_trgm", "search_text", postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"}),
        Index("ix_contact_search_user", "user_id"),
    )


class ContactEmail(Base):
    """One normalised email of a contact. Written only by the `contacts` trigger; unique per user."""

    __tablename__ = "contact_emails"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(Text, primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )

    __table_args__ = (Index("ix_contact_emails_contact_id", "contact_id"),)
