from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, created_at_column, user_fk, uuid_pk


class IdentityMatch(Base):
    """A candidate duplicate pair of contacts, stored once per unordered pair (a < b)."""

    __tablename__ = "identity_matches"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    contact_a_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    contact_b_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    match_score: Mapped[float] = mapped_column(Float, nullable=False)
    match_method: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending_review")
    created_at: Mapped[datetime] = created_at_column()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("contact_a_id < contact_b_id", name="ordered_pair"),
        CheckConstraint("status IN ('pending_review', 'merged', 'rejected')", name="status"),
        Index("uq_identity_matches_pair", "user_id", "contact_a_id", "contact_b_id", unique=True),
        Index("ix_identity_matches_contact_b", "contact_b_id"),
        Index("ix_identity_matches_user_status", "user_id", "status"),
    )


class ContactMerge(Base):
    """Audit row of a contact merge; keeps the merged contact's fields because that row is deleted."""

    __tablename__ = "contact_merges"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_fk()
    primary_contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    merged_contact_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    match_score: Mapped[float | None] = mapped_column(Float)
    match_method: Mapped[str] = mapped_column(String(32), nullable=False)
    merged_snapshot: Mapped[dict | None] = mapped_column(JSONB)
    merged_at: Mapped[datetime] = created_at_column()

    __table_args__ = (Index("ix_contact_merges_primary", "primary_contact_id"), Index("ix_contact_merges_user", "user_id"))
