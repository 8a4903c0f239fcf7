"""Notifications: creation by other domains, listing, unread count and marking as read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import NotFound
from backend.models import Notification, User

log = structlog.get_logger("pingcrm.notifications")

# Column sizes of the notifications table. Longer values are cut to fit instead of failing the insert.
TYPE_MAX_CHARS = 32
TITLE_MAX_CHARS = 512
LINK_MAX_CHARS = 512


async def create_notification(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    notification_type: str,
    title: str,
    body: str | None = None,
    link: str | None = None,
) -> Notification:
    """Add an unread notification for a user and flush, leaving the commit to the caller."""
    notification = Notification(
        user_id=user_id,
        notification_type=notification_type[:TYPE_MAX_CHARS],
        title=title[:TITLE_MAX_CHARS],
        body=body,
        link=link[:LINK_MAX_CHARS] if link is not None else None,
        read=False,
        # Set here rather than by the server default so callers can read it without a refresh.
        created_at=datetime.now(UTC),
    )
    session.add(notification)
    await session.flush()
    log.info("notifications.created", notification_id=str(notification.id), notification_type=notification.notification_type)
    return notification


async def list_notifications(
    session: AsyncSession,
    user: User,
    *,
    page: int,
    page_size: int,
    link: str | None = None,
) -> tuple[list[Notification], int]:
    """Return one page of the user's notifications, newest first, and the total count."""
    conditions = [Notification.user_id == user.id]
    if link is not None:
        conditions.append(Notification.link == link)

    total = await session.scalar(select(func.count()).select_from(Notification).where(*conditions))
    rows = await session.scalars(
        select(Notification)
        .where(*conditions)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return list(rows), int(total or 0)


async def count_unread(session: AsyncSession, user: User) -> int:
    """Return how many of the user's notifications are unread."""
    count = await session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read.is_(False))
    )
    return int(count or 0)


async def mark_all_read(session: AsyncSession, user: User) -> int:
    """Mark every unread notification of the user as read and return how many changed."""
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read.is_(False))
        .values(read=True)
        .execution_options(synchronize_session=False)
    )
    log.info("notifications.marked_all_read", count=result.rowcount)
    return int(result.rowcount or 0)


async def mark_read(session: AsyncSession, user: User, notification_id: uuid.UUID) -> uuid.UUID:
    """Mark one of the user's notifications as read. Raises NotFound for an unknown id or another user's."""
    marked_id = await session.scalar(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id)
        .values(read=True)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    if marked_id is None:
        raise NotFound("Notification not found")
    return marked_id
