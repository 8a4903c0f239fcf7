"""User settings: follow-up intervals, suggestion and sync preferences, Telegram options, MCP key.

Every update locks the user row first (SELECT ... FOR UPDATE), so two concurrent updates of
different keys in the same JSON column do not overwrite each other.
"""

from __future__ import annotations

import secrets
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.security import hash_api_key
from backend.models import User
from backend.settings.defaults import SYNC_PLATFORMS, priority_intervals, suggestion_prefs, sync_preferences

log = structlog.get_logger("pingcrm.settings")

MCP_KEY_PREFIX = "pingcrm_"


async def _lock_user(session: AsyncSession, user: User) -> None:
    await session.refresh(user, with_for_update=True)


async def update_priority_intervals(session: AsyncSession, user: User, *, intervals: dict[str, int]) -> dict[str, int]:
    """Store the follow-up intervals in days for high, medium and low, and return the result."""
    await _lock_user(session, user)
    user.priority_settings = {**(user.priority_settings or {}), **intervals}
    await session.flush()
    log.info("settings.priority_updated", **intervals)
    return priority_intervals(user)


async def update_suggestion_prefs(session: AsyncSession, user: User, *, changes: dict[str, Any]) -> dict[str, Any]:
    """Store the given suggestion preferences, keep the others, and return all five."""
    if changes:
        await _lock_user(session, user)
        user.suggestion_prefs = {**(user.suggestion_prefs or {}), **changes}
        await session.flush()
        log.info("settings.suggestion_prefs_updated", fields=sorted(changes))
    return suggestion_prefs(user)


async def update_sync_preferences(
    session: AsyncSession, user: User, *, changes: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Merge the given per-platform fields into the stored sync preferences and return all platforms."""
    changes = {platform: fields for platform, fields in changes.items() if platform in SYNC_PLATFORMS and fields}
    if changes:
        await _lock_user(session, user)
        stored = dict(user.sync_settings or {})
        for platform, fields in changes.items():
            previous = stored.get(platform)
            stored[platform] = {**(previous if isinstance(previous, dict) else {}), **fields}
        user.sync_settings = stored
        await session.flush()
        log.info("settings.sync_updated", platforms=sorted(changes))
    return sync_preferences(user)


async def update_telegram_settings(session: AsyncSession, user: User, *, sync_2nd_tier: bool) -> bool:
    """Set whether Telegram group members are imported as 2nd-tier contacts."""
    user.sync_2nd_tier = sync_2nd_tier
    await session.flush()
    log.info("settings.telegram_updated", sync_2nd_tier=sync_2nd_tier)
    return user.sync_2nd_tier


async def create_mcp_key(session: AsyncSession, user: User) -> str:
    """Generate a new MCP API key, replacing any previous one, and return it.

    Only its SHA-256 hash is stored, so the returned value is the only copy of the key.
    """
    key = MCP_KEY_PREFIX + secrets.token_urlsafe(32)
    user.mcp_api_key_hash = hash_api_key(key)
    await session.flush()
    log.info("settings.mcp_key_created")
    return key


async def revoke_mcp_key(session: AsyncSession, user: User) -> None:
    """Remove the user's MCP API key if there is one."""
    if user.mcp_api_key_hash is not None:
        user.mcp_api_key_hash = None
        await session.flush()
        log.info("settings.mcp_key_revoked")
