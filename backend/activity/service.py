"""Activity feed: the latest interaction with each recently contacted person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, Interaction, User

FEED_WINDOW = timedelta(days=7)


async def recent_activity(session: AsyncSession, user: User, *, limit: int) -> list[dict[str, Any]]:
    """Return the newest interaction per contact from the last 7 days, newest first, up to `limit` contacts.

    Archived contacts and `event` rows (profile changes) are left out, and so are interactions
    dated in the future, such as scheduled meetings.
    """
    now = datetime.now(UTC)
    contact_name = func.coalesce(
        func.nullif(Contact.full_name, ""),
        func.nullif(func.concat_ws(literal(" "), Contact.given_name, Contact.family_name), ""),
        Contact.emails[1],
    )
    # DISTINCT ON keeps the first row of each contact in this order, which is its newest interaction.
    latest_per_contact = (
        select(
            Interaction.contact_id,
            Interaction.platform,
            Interaction.direction,
            Interaction.content_preview,
            Interaction.occurred_at,
            contact_name.label("contact_name"),
            Contact.avatar_url.label("contact_avatar_url"),
        )
        .join(Contact, Contact.id == Interaction.contact_id)
        .where(
            Interaction.user_id == user.id,
            Contact.user_id == user.id,
            Interaction.occurred_at >= now - FEED_WINDOW,
            Interaction.occurred_at <= now,
            Interaction.direction != "event",
            Contact.priority_level != "archived",
        )
        .ext(distinct_on(Interaction.contact_id))
        .order_by(Interaction.contact_id, Interaction.occurred_at.desc(), Interaction.id.desc())
        .subquery()
    )
    statement = (
        select(latest_per_contact)
        .order_by(latest_per_contact.c.occurred_at.desc(), latest_per_contact.c.contact_id)
        .limit(limit)
    )

    rows = await session.execute(statement)
    return [
        {
            "type": "message",
            "contact_name": row.contact_name,
            "contact_id": str(row.contact_id),
            "contact_avatar_url": row.contact_avatar_url,
            "platform": row.platform,
            "direction": row.direction,
            "content_preview": row.content_preview,
            "timestamp": row.occurred_at,
        }
        for row in rows
    ]
