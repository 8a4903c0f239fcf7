"""Wire shapes of the notification routes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from backend.core.envelope import PaginationMeta
from backend.models import Notification


class NotificationData(BaseModel):
    id: str
    notification_type: str
    title: str
    body: str | None = None
    read: bool
    link: str | None = None
    created_at: datetime | None = None


class NotificationListResponse(BaseModel):
    data: list[NotificationData]
    error: str | None = None
    meta: PaginationMeta


class UnreadCountData(BaseModel):
    count: int


class MarkedData(BaseModel):
    marked: bool
    count: int


class NotificationReadData(BaseModel):
    id: str
    read: bool


def notification_to_data(notification: Notification) -> dict:
    """Build the wire form of a notification."""
    return {
        "id": str(notification.id),
        "notification_type": notification.notification_type,
        "title": notification.title,
        "body": notification.body,
        "read": notification.read,
        "link": notification.link,
        "created_at": notification.created_at,
    }
