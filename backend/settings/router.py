"""Settings routes: priority intervals, suggestion and sync preferences, Telegram options, MCP key."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, ok
from backend.settings import service
from backend.settings.defaults import priority_intervals, suggestion_prefs, sync_preferences
from backend.settings.schemas import (
    McpKeyData,
    McpKeyRevokedData,
    McpKeyStatusData,
    PrioritySettingsData,
    PrioritySettingsInput,
    SuggestionPrefsData,
    SuggestionPrefsInput,
    SyncSettingsData,
    SyncSettingsInput,
    TelegramSettingsData,
    TelegramSettingsInput,
)

router = APIRouter(prefix="/api/v1/settings", tags=["settings"])


@router.get("/priority", response_model=Envelope[PrioritySettingsData])
async def get_priority(user: CurrentUser) -> dict:
    """Return the follow-up interval in days for each priority level."""
    return ok(priority_intervals(user))


@router.put("/priority", response_model=Envelope[PrioritySettingsData])
async def update_priority(body: PrioritySettingsInput, user: CurrentUser, session: DbSession) -> dict:
    """Set the follow-up intervals (7 to 365 days each)."""
    return ok(await service.update_priority_intervals(session, user, intervals=body.model_dump()))


@router.get("/suggestions", response_model=Envelope[SuggestionPrefsData])
async def get_suggestion_prefs(user: CurrentUser) -> dict:
    """Return the suggestion preferences, with defaults for those never set."""
    return ok(suggestion_prefs(user))


@router.put("/suggestions", response_model=Envelope[SuggestionPrefsData])
async def update_suggestion_prefs(body: SuggestionPrefsInput, user: CurrentUser, session: DbSession) -> dict:
    """Change any subset of the suggestion preferences."""
    changes = body.model_dump(exclude_none=True)
    return ok(await service.update_suggestion_prefs(session, user, changes=changes))


@router.get("/sync", response_model=Envelope[SyncSettingsData])
async def get_sync_settings(user: CurrentUser) -> dict:
    """Return the automatic sync preferences of every platform."""
    return ok(sync_preferences(user))


@router.put("/sync", response_model=Envelope[SyncSettingsData])
async def update_sync_settings(body: SyncSettingsInput, user: CurrentUser, session: DbSession) -> dict:
    """Change the automatic sync preferences of one or more platforms."""
    changes = body.model_dump(exclude_none=True)
    return ok(await service.update_sync_preferences(session, user, changes=changes))


@router.get("/telegram", response_model=Envelope[TelegramSettingsData])
async def get_telegram_settings(user: CurrentUser) -> dict:
    """Return whether Telegram group members are imported as 2nd-tier contacts."""
    return ok({"sync_2nd_tier": user.sync_2nd_tier})


@router.put("/telegram", response_model=Envelope[TelegramSettingsData])
async def update_telegram_settings(body: TelegramSettingsInput, user: CurrentUser, session: DbSession) -> dict:
    """Set whether Telegram group members are imported as 2nd-tier contacts."""
    value = await service.update_telegram_settings(session, user, sync_2nd_tier=body.sync_2nd_tier)
    return ok({"sync_2nd_tier": value})


@router.get("/mcp-key", response_model=Envelope[McpKeyStatusData])
async def get_mcp_key_status(user: CurrentUser) -> dict:
    """Return whether an MCP API key exists. The key itself is not retrievable."""
    return ok({"has_key": user.mcp_api_key_hash is not None})


@router.post("/mcp-key", response_model=Envelope[McpKeyData])
async def generate_mcp_key(user: CurrentUser, session: DbSession, response: Response) -> dict:
    """Create a new MCP API key that replaces the old one. This response is the only time it is shown."""
    response.headers["Cache-Control"] = "no-store"
    return ok({"key": await service.create_mcp_key(session, user)})


@router.delete("/mcp-key", response_model=Envelope[McpKeyRevokedData])
async def revoke_mcp_key(user: CurrentUser, session: DbSession) -> dict:
    """Revoke the MCP API key. Succeeds also when there is none."""
    await service.revoke_mcp_key(session, user)
    return ok({"revoked": True})
