from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, created_at_column, user_fk, uuid_pk


class Interaction(Base):
    """One message, meeting, call or note with a contact.

    `raw_reference_id` is the idempotency key of the source (for example
    `linkedin:<conversation>:<date>`) and is unique per user and platform, so re-syncs and
    re-imports insert nothing twice. Rows with direction `event` mark profile changes and do not
    count as contact with the person.
    """

    __tablename__ = "interactions"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    platform: Mapped[str] = mapped_column(String(32), nullable=False)
    direction: Mapped[str] = mapped_column(String(16), nullable=False)
    content_preview: Mapped[str | None] = mapped_column(Text)
    raw_reference_id: Mapped[str | None] = mapped_column(String(512))
    is_read_by_recipient: Mapped[bool | None] = mapped_column(Boolean)
    call_type: Mapped[str | None] = mapped_column(String(16))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    extra_data: Mapped[dict | None] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        Index("ix_interactions_contact_occurred", "contact_id", text("occurred_at DESC")),
        Index("ix_interactions_user_occurred", "user_id", text("occurred_at DESC")),
        Index(
            "uq_interactions_user_platform_reference",
            "user_id",
            "platform",
            "raw_reference_id",
            unique=True,
            postgresql_where=text("raw_reference_id IS NOT NULL"),
        ),
        Index(
            "ix_interactions_content_trgm",
            "content_preview",
            postgresql_using="gin",
            postgresql_ops={"content_preview": "gin_trgm_ops"},
        ),
    )
