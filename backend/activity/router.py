"""Activity feed route."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.activity import service
from backend.activity.schemas import ActivityItemData
from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, ok

router = APIRouter(prefix="/api/v1/activity", tags=["activity"])


@router.get("/recent", response_model=Envelope[list[ActivityItemData]])
async def get_recent_activity(
    user: CurrentUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100, description="Maximum number of contacts")] = 20,
) -> dict:
    """Return a unified activity feed: the latest interaction with each recently contacted person."""
    return ok(await service.recent_activity(session, user, limit=limit))
