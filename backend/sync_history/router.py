"""Sync history routes: the list of sync and import runs, and per-platform stats."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, offset_meta, ok
from backend.sync_history import service
from backend.sync_history.schemas import SyncEventListResponse, SyncPlatformStats, sync_event_to_data

router = APIRouter(prefix="/api/v1/sync-history", tags=["sync-history"])

SyncStatus = Literal["started", "success", "partial", "failed"]


@router.get("", response_model=SyncEventListResponse)
async def list_sync_events(
    user: CurrentUser,
    session: DbSession,
    platform: Annotated[str | None, Query(description="Exact platform name, e.g. gmail")] = None,
    status: Annotated[SyncStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict:
    """List the user's sync events, most recent first."""
    rows, total = await service.list_sync_events(session, user, platform=platform, status=status, limit=limit, offset=offset)
    return ok([sync_event_to_data(row) for row in rows], offset_meta(total, limit, offset))


@router.get("/stats", response_model=Envelope[dict[str, SyncPlatformStats]])
async def sync_stats(
    user: CurrentUser,
    session: DbSession,
    platform: Annotated[str | None, Query(description="Only this platform")] = None,
) -> dict:
    """Return per-platform run counts, success rate of finished runs, and the last start time."""
    return ok(await service.sync_stats(session, user, platform=platform))
