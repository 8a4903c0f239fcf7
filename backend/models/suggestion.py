from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, created_at_column, updated_at_column, user_fk, uuid_pk

SUGGESTION_STATUSES = ("pending", "snoozed", "sent", "dismissed")


class DetectedEvent(Base):
    """A notable event about a contact (job change, fundraising, ...) found in their posts or bio."""

    __tablename__ = "detected_events"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    event_type: Mapped[str] = mapped_column(String(32), nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    source_url: Mapped[str | None] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint("confidence BETWEEN 0 AND 1", name="confidence_range"),
        Index("ix_detected_events_contact_detected", "contact_id", text("detected_at DESC")),
        Index("ix_detected_events_user_detected", "user_id", text("detected_at DESC")),
    )


class FollowUpSuggestion(Base):
    """A proposal to reach out to a contact, with a drafted message. At most one open per contact."""

    __tablename__ = "follow_up_suggestions"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    trigger_type: Mapped[str] = mapped_column(String(32), nullable=False)
    trigger_event_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("detected_events.id", ondelete="SET NULL")
    )
    suggested_message: Mapped[str] = mapped_column(Text, nullable=False)
    suggested_channel: Mapped[str] = mapped_column(String(32), nullable=False)
    draft_source: Mapped[str] = mapped_column(String(16), nullable=False, server_default="template")
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    dismissed_by: Mapped[str | None] = mapped_column(String(8))
    pool: Mapped[str | None] = mapped_column(String(1))
    scheduled_for: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'snoozed', 'sent', 'dismissed')", name="status"),
        CheckConstraint("dismissed_by IS NULL OR dismissed_by IN ('user', 'system')", name="dismissed_by"),
        Index(
            "uq_follow_up_suggestions_open_contact",
            "contact_id",
            unique=True,
            postgresql_where=text("status IN ('pending', 'snoozed')"),
        ),
        Index("ix_follow_up_suggestions_user_status", "user_id", "status", text("created_at DESC")),
        Index("ix_follow_up_suggestions_contact_updated", "contact_id", text("updated_at DESC")),
        Index("ix_follow_up_suggestions_trigger_event", "trigger_event_id"),
        Index(
            "ix_follow_up_suggestions_snoozed_until",
            "scheduled_for",
            postgresql_where=text("status = 'snoozed'"),
        ),
    )
