"""Interaction request and response models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.core.envelope import Envelope, OffsetMeta

Platform = Literal["email", "meeting", "telegram", "twitter", "whatsapp", "linkedin", "facebook", "instagram", "manual"]
Direction = Literal["inbound", "outbound", "mutual", "event"]

MAX_CONTENT_LENGTH = 10_000  # characters
MAX_REFERENCE_LENGTH = 512  # characters, the width of interactions.raw_reference_id


def _lowercase(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class InteractionCreate(BaseModel):
    """A note, message or meeting to add to a contact's timeline."""

    platform: Platform = Field(default="manual", description="Source of the interaction. Only `manual` rows can be edited or deleted later.")
    direction: Direction = Field(default="outbound", description="`event` rows mark profile changes and count neither in interaction_count nor in last_interaction_at")
    content_preview: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    raw_reference_id: str | None = Field(
        default=None,
        max_length=MAX_REFERENCE_LENGTH,
        description="Idempotency key of the source, unique per user and platform. A blank value is stored as null.",
    )
    occurred_at: datetime = Field(description="ISO 8601 time. A time without a UTC offset is read as UTC.")

    @field_validator("platform", "direction", mode="before")
    @classmethod
    def _normalise_choice(cls, value: Any) -> Any:
        return _lowercase(value)

    @field_validator("occurred_at")
    @classmethod
    def _assume_utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class InteractionUpdate(BaseModel):
    """New text of a manual note."""

    content_preview: str = Field(max_length=MAX_CONTENT_LENGTH)


class InteractionResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contact_id: uuid.UUID
    user_id: uuid.UUID
    platform: str
    direction: str
    content_preview: str | None = None
    raw_reference_id: str | None = None
    occurred_at: datetime
    created_at: datetime
    is_read_by_recipient: bool | None = None
    call_type: str | None = None
    duration_seconds: int | None = None


class InteractionListResponse(Envelope[list[InteractionResponse]]):
    """One page of a contact's interactions, newest first."""

    meta: OffsetMeta | None = None


class InteractionDeletedData(BaseModel):
    deleted: bool
