from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, created_at_column, updated_at_column, uuid_pk


class User(Base):
    """An account. Secrets of connected services are stored encrypted (`*_encrypted` columns)."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    hashed_password: Mapped[str] = mapped_column(String(255), nullable=False)
    full_name: Mapped[str | None] = mapped_column(String(255))
    phone_region: Mapped[str] = mapped_column(String(2), nullable=False, server_default="US")
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")

    # User preferences only; internal sync cursors live in sync_state.
    priority_settings: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    suggestion_prefs: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    sync_settings: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    sync_state: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    sync_2nd_tier: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))

    telegram_session_encrypted: Mapped[str | None] = mapped_column(Text)
    telegram_username: Mapped[str | None] = mapped_column(String(64))
    telegram_last_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    twitter_access_token_encrypted: Mapped[str | None] = mapped_column(Text)
    twitter_refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    twitter_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    twitter_user_id: Mapped[str | None] = mapped_column(String(64))
    twitter_username: Mapped[str | None] = mapped_column(String(64))
    twitter_bird_auth_token_encrypted: Mapped[str | None] = mapped_column(Text)
    twitter_bird_ct0_encrypted: Mapped[str | None] = mapped_column(Text)
    twitter_bird_status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="disconnected")
    twitter_bird_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    whatsapp_phone: Mapped[str | None] = mapped_column(String(32))
    whatsapp_connected: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    whatsapp_last_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    linkedin_extension_paired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    meta_connected: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    meta_connected_name: Mapped[str | None] = mapped_column(String(255))
    meta_sync_facebook: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    meta_sync_instagram: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))

    # SHA-256 of the MCP API key; unique so a request finds its user by index.
    mcp_api_key_hash: Mapped[str | None] = mapped_column(String(64))

    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    __table_args__ = (
        Index("uq_users_email_lower", text("lower(email)"), unique=True),
        Index("uq_users_mcp_api_key_hash", "mcp_api_key_hash", unique=True, postgresql_where=text("mcp_api_key_hash IS NOT NULL")),
    )
