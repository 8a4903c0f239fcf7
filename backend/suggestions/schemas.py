"""Request and response models of the suggestion routes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.core.envelope import Envelope
from backend.suggestions import rules

MAX_MESSAGE_LENGTH = 10_000  # characters

# Short label per trigger type, for digests.
TRIGGER_REASONS = {
    "time_based": "Time to reconnect",
    "event_based": "News about them",
    "scheduled": "Scheduled check-in",
    "birthday": "Birthday coming up",
    "dormant_deep": "Revive a long-standing relationship",
    "dormant_mid": "Revive a relationship",
    "dormant_event": "News from a dormant contact",
}


def _utc(value: datetime | None) -> datetime | None:
    """Read a time without an offset as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _channel(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("channel must be a string")
    channel = value.strip().lower()
    if channel not in rules.USER_CHANNELS:
        raise ValueError(f"unknown channel {value!r}: expected one of {', '.join(rules.USER_CHANNELS)}")
    return channel


class FollowUpResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contact_id: uuid.UUID
    user_id: uuid.UUID
    trigger_type: str
    trigger_event_id: uuid.UUID | None = None
    suggested_message: str
    suggested_channel: str
    status: str
    pool: str | None = None
    scheduled_for: datetime | None = None
    created_at: datetime
    updated_at: datetime | None = None


class SuggestionContact(BaseModel):
    """The contact fields the web app and the Chrome extension show next to a suggestion."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    title: str | None = None
    avatar_url: str | None = None
    telegram_username: str | None = None
    twitter_handle: str | None = None
    last_interaction_at: datetime | None = None
    linkedin_profile_id: str | None = Field(default=None, description="LinkedIn slug; the extension matches it to the open profile")
    linkedin_url: str | None = None


class SuggestionItem(FollowUpResponse):
    contact: SuggestionContact | None = None
    draft_source: str = Field(description="`template` or `ai`: what wrote suggested_message")


class DigestItem(SuggestionItem):
    reason: str = Field(description="Short label of the trigger type")


class SuggestionListMeta(BaseModel):
    count: int
    draft_source: str = Field(description="Source of new drafts: `template` or `ai`")


class SuggestionListResponse(Envelope[list[SuggestionItem]]):
    """Open suggestions, newest first."""

    meta: SuggestionListMeta | None = None


class DigestResponse(Envelope[list[DigestItem]]):
    """Open suggestions with a reason label, newest first."""

    meta: SuggestionListMeta | None = None


class SuggestionUpdateBody(BaseModel):
    """A status change, optionally with an edited message or channel."""

    status: str = Field(description="pending, snoozed, sent or dismissed")
    scheduled_for: datetime | None = Field(default=None, description="Alias of snooze_until")
    snooze_until: datetime | None = Field(default=None, description="Required for snoozed; must be in the future")
    suggested_message: str | None = Field(default=None, min_length=1, max_length=MAX_MESSAGE_LENGTH)
    suggested_channel: str | None = Field(default=None, description=f"One of {', '.join(rules.USER_CHANNELS)}")

    @field_validator("scheduled_for", "snooze_until")
    @classmethod
    def _assume_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    @field_validator("suggested_channel", mode="before")
    @classmethod
    def _check_channel(cls, value: Any) -> Any:
        return _channel(value)


class RegenerateBody(BaseModel):
    channel: str | None = Field(default=None, description=f"One of {', '.join(rules.USER_CHANNELS)}; default: the current channel")

    @field_validator("channel", mode="before")
    @classmethod
    def _check_channel(cls, value: Any) -> Any:
        return _channel(value)


class RegenerateResult(BaseModel):
    suggested_message: str
    suggested_channel: str
