"""Notification routes: list, unread count, mark one or all as read."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, ok, page_meta
from backend.notifications import service
from backend.notifications.schemas import (
    MarkedData,
    NotificationListResponse,
    NotificationReadData,
    UnreadCountData,
    notification_to_data,
)

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.get("", response_model=NotificationListResponse)
async def list_notifications(
    user: CurrentUser,
    session: DbSession,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    link: Annotated[str | None, Query(description="Only notifications whose link equals this value, e.g. /suggestions")] = None,
) -> dict:
    """List the user's notifications, newest first."""
    rows, total = await service.list_notifications(session, user, page=page, page_size=page_size, link=link)
    return ok([notification_to_data(row) for row in rows], page_meta(total, page, page_size))


@router.get("/unread-count", response_model=Envelope[UnreadCountData])
async def unread_count(user: CurrentUser, session: DbSession) -> dict:
    """Return the number of unread notifications."""
    return ok({"count": await service.count_unread(session, user)})


@router.put("/read-all", response_model=Envelope[MarkedData])
async def mark_all_read(user: CurrentUser, session: DbSession) -> dict:
    """Mark every unread notification as read and return how many changed as `count`."""
    count = await service.mark_all_read(session, user)
    return ok({"marked": True, "count": count})


@router.put("/{notification_id}/read", response_model=Envelope[NotificationReadData])
async def mark_read(notification_id: uuid.UUID, user: CurrentUser, session: DbSession) -> dict:
    """Mark one notification as read."""
    marked_id = await service.mark_read(session, user, notification_id)
    return ok({"id": str(marked_id), "read": True})
