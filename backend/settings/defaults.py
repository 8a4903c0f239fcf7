"""User settings: the one place for their defaults and allowed ranges, and readers for other domains.

The settings API, the suggestion engine and the sync scheduler all read settings through
`priority_intervals`, `suggestion_prefs` and `sync_preferences`, so a stored value is interpreted the
same way everywhere. A stored value that is missing, of the wrong type or out of range (for example
written by an older version) reads as the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from backend.models import User

# Follow-up interval in days per contact priority level.
PRIORITY_LEVELS = ("high", "medium", "low")
PRIORITY_INTERVAL_DEFAULTS: dict[str, int] = {"high": 30, "medium": 60, "low": 180}
PRIORITY_INTERVAL_MIN_DAYS = 7
PRIORITY_INTERVAL_MAX_DAYS = 365

MAX_SUGGESTIONS_MIN = 5
MAX_SUGGESTIONS_MAX = 20
DORMANCY_THRESHOLD_MIN_DAYS = 30
DORMANCY_THRESHOLD_MAX_DAYS = 3650
PREFERRED_CHANNELS = ("auto", "email", "telegram", "twitter")
SUGGESTION_PREF_DEFAULTS: dict[str, Any] = {
    "max_suggestions": 10,
    "include_dormant": True,
    "birthday_reminders": True,
    "preferred_channel": "auto",
    "dormancy_threshold_days": 365,
}

SYNC_PLATFORMS = ("telegram", "gmail", "twitter", "linkedin", "whatsapp")
# `manual` means no scheduled sync, and the others are the interval between scheduled syncs.
SyncSchedule = Literal["manual", "6h", "12h", "daily"]
SYNC_SCHEDULES: tuple[str, ...] = get_args(SyncSchedule)
SYNC_DEFAULTS: dict[str, dict[str, Any]] = {
    "telegram": {"auto_sync": True, "schedule": "daily"},
    "gmail": {"auto_sync": True, "schedule": "6h"},
    "twitter": {"auto_sync": True, "schedule": "daily"},
    "linkedin": {"auto_sync": False, "schedule": "manual"},
    "whatsapp": {"auto_sync": True, "schedule": "daily"},
}


def is_int_in_range(value: Any, low: int, high: int) -> bool:
    """Return whether value is an int (not a bool) within [low, high]."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _valid_suggestion_pref(key: str, value: Any) -> bool:
    if key == "max_suggestions":
        return is_int_in_range(value, MAX_SUGGESTIONS_MIN, MAX_SUGGESTIONS_MAX)
    if key == "dormancy_threshold_days":
        return is_int_in_range(value, DORMANCY_THRESHOLD_MIN_DAYS, DORMANCY_THRESHOLD_MAX_DAYS)
    if key == "preferred_channel":
        return value in PREFERRED_CHANNELS
    return isinstance(value, bool)


def priority_intervals(user: User) -> dict[str, int]:
    """Return the user's follow-up interval in days for each priority level: high, medium, low."""
    stored = user.priority_settings or {}
    intervals = dict(PRIORITY_INTERVAL_DEFAULTS)
    for level in PRIORITY_LEVELS:
        value = stored.get(level)
        if is_int_in_range(value, PRIORITY_INTERVAL_MIN_DAYS, PRIORITY_INTERVAL_MAX_DAYS):
            intervals[level] = value
    return intervals


def suggestion_prefs(user: User) -> dict[str, Any]:
    """Return the user's five suggestion preferences, stored values over the defaults."""
    stored = user.suggestion_prefs or {}
    prefs = dict(SUGGESTION_PREF_DEFAULTS)
    for key in SUGGESTION_PREF_DEFAULTS:
        if key in stored and _valid_suggestion_pref(key, stored[key]):
            prefs[key] = stored[key]
    return prefs


def sync_preferences(user: User) -> dict[str, dict[str, Any]]:
    """Return `{platform: {auto_sync, schedule}}` for every sync platform, stored values over the defaults.

    A platform should be synced on a schedule only when auto_sync is true and schedule is not
    `manual`.
    """
    stored = user.sync_settings or {}
    preferences: dict[str, dict[str, Any]] = {}
    for platform in SYNC_PLATFORMS:
        merged = dict(SYNC_DEFAULTS[platform])
        saved = stored.get(platform)
        if isinstance(saved, dict):
            if isinstance(saved.get("auto_sync"), bool):
                merged["auto_sync"] = saved["auto_sync"]
            if saved.get("schedule") in SYNC_SCHEDULES:
                merged["schedule"] = saved["schedule"]
        preferences[platform] = merged
    return preferences
