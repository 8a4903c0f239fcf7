"""Wire shapes of the settings routes. Ranges and defaults come from backend.settings.defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationInfo, field_validator

from backend.settings.defaults import (
    DORMANCY_THRESHOLD_MAX_DAYS,
    DORMANCY_THRESHOLD_MIN_DAYS,
    MAX_SUGGESTIONS_MAX,
    MAX_SUGGESTIONS_MIN,
    PREFERRED_CHANNELS,
    PRIORITY_INTERVAL_MAX_DAYS,
    PRIORITY_INTERVAL_MIN_DAYS,
    SyncSchedule,
)

_INTERVAL_SCHEMA = {"minimum": PRIORITY_INTERVAL_MIN_DAYS, "maximum": PRIORITY_INTERVAL_MAX_DAYS}


def _check_range(value: int | None, info: ValidationInfo, low: int, high: int, unit: str = "") -> int | None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{info.field_name} must be between {low} and {high}{unit}, got {value}")
    return value


class PrioritySettingsData(BaseModel):
    high: int
    medium: int
    low: int


class PrioritySettingsInput(BaseModel):
    """Follow-up intervals in days per priority level. All three are required."""

    model_config = ConfigDict(extra="forbid")

    high: int = Field(json_schema_extra=_INTERVAL_SCHEMA)
    medium: int = Field(json_schema_extra=_INTERVAL_SCHEMA)
    low: int = Field(json_schema_extra=_INTERVAL_SCHEMA)

    @field_validator("high", "medium", "low")
    @classmethod
    def _interval_in_range(cls, value: int, info: ValidationInfo) -> int:
        return _check_range(value, info, PRIORITY_INTERVAL_MIN_DAYS, PRIORITY_INTERVAL_MAX_DAYS, " days")


class SuggestionPrefsData(BaseModel):
    max_suggestions: int
    include_dormant: bool
    birthday_reminders: bool
    preferred_channel: str
    dormancy_threshold_days: int


class SuggestionPrefsInput(BaseModel):
    """Any subset of the suggestion preferences. Fields left out or null keep their stored value."""

    model_config = ConfigDict(extra="forbid")

    max_suggestions: int | None = Field(
        default=None, json_schema_extra={"minimum": MAX_SUGGESTIONS_MIN, "maximum": MAX_SUGGESTIONS_MAX}
    )
    include_dormant: StrictBool | None = None
    birthday_reminders: StrictBool | None = None
    preferred_channel: str | None = Field(default=None, json_schema_extra={"enum": list(PREFERRED_CHANNELS)})
    dormancy_threshold_days: int | None = Field(
        default=None, json_schema_extra={"minimum": DORMANCY_THRESHOLD_MIN_DAYS, "maximum": DORMANCY_THRESHOLD_MAX_DAYS}
    )

    @field_validator("max_suggestions")
    @classmethod
    def _max_suggestions_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        return _check_range(value, info, MAX_SUGGESTIONS_MIN, MAX_SUGGESTIONS_MAX)

    @field_validator("dormancy_threshold_days")
    @classmethod
    def _dormancy_in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        return _check_range(value, info, DORMANCY_THRESHOLD_MIN_DAYS, DORMANCY_THRESHOLD_MAX_DAYS, " days")

    @field_validator("preferred_channel")
    @classmethod
    def _known_channel(cls, value: str | None) -> str | None:
        if value is not None and value not in PREFERRED_CHANNELS:
            raise ValueError(f"preferred_channel must be one of {', '.join(PREFERRED_CHANNELS)}, got {value!r}")
        return value


class SyncPlatformSettings(BaseModel):
    auto_sync: bool
    schedule: str


class SyncSettingsData(BaseModel):
    telegram: SyncPlatformSettings
    gmail: SyncPlatformSettings
    twitter: SyncPlatformSettings
    linkedin: SyncPlatformSettings
    whatsapp: SyncPlatformSettings


class SyncPlatformInput(BaseModel):
    """Either field may be left out to keep its stored value."""

    model_config = ConfigDict(extra="forbid")

    auto_sync: StrictBool | None = None
    schedule: SyncSchedule | None = None


class SyncSettingsInput(BaseModel):
    """Per-platform sync preferences. Platforms left out or null keep their stored values."""

    model_config = ConfigDict(extra="forbid")

    telegram: SyncPlatformInput | None = None
    gmail: SyncPlatformInput | None = None
    twitter: SyncPlatformInput | None = None
    linkedin: SyncPlatformInput | None = None
    whatsapp: SyncPlatformInput | None = None


class TelegramSettingsData(BaseModel):
    sync_2nd_tier: bool


class TelegramSettingsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sync_2nd_tier: StrictBool


class McpKeyStatusData(BaseModel):
    has_key: bool


class McpKeyData(BaseModel):
    key: str


class McpKeyRevokedData(BaseModel):
    revoked: bool
