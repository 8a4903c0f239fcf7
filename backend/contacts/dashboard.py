"""Dashboard reads over the user's contacts: counters, tag vocabulary, upcoming birthdays, overdue follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.contacts.dates import days_until_birthday, user_today
from backend.models import Contact, Interaction, User

BIRTHDAY_WINDOW_DAYS = 7  # today and the next six days
MAX_BIRTHDAYS = 10
# Follow-up intervals in days per priority level, used when the user has not saved their own.
DEFAULT_INTERVALS = {"high": 30, "medium": 60, "low": 180}
SECOND_TIER_TAG = "2nd tier"
SECONDS_PER_DAY = 86_400


async def contact_stats(session: AsyncSession, user: User, *, now: datetime | None = None) -> dict[str, int]:
    """Count active contacts by score tier, and interactions of the last two weeks. Archived contacts are left out."""
    now = now or datetime.now(UTC)
    week_ago = now - timedelta(days=7)
    two_weeks_ago = now - timedelta(days=14)
    active = Contact.priority_level != "archived"

    tiers = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(Contact.relationship_score >= 8),
                func.count().filter(Contact.relationship_score.between(4, 7)),
                func.count().filter(Contact.relationship_score <= 3),
            ).where(Contact.user_id == user.id, active)
        )
    ).one()

    this_week = Interaction.occurred_at >= week_ago
    last_week = Interaction.occurred_at < week_ago
    # Archived contacts are few, so excluding their ids is cheaper than joining every contact.
    archived_ids = select(Contact.id).where(Contact.user_id == user.id, Contact.priority_level == "archived")
    recent = (
        await session.execute(
            select(
                func.count().filter(this_week),
                func.count().filter(last_week),
                func.count(distinct(Interaction.contact_id)).filter(last_week),
            ).where(
                Interaction.user_id == user.id,
                Interaction.occurred_at >= two_weeks_ago,
                Interaction.occurred_at <= now,  # future-dated rows are not activity yet
                Interaction.direction != "event",
                Interaction.contact_id.not_in(archived_ids),
            )
        )
    ).one()

    return {
        "total": tiers[0],
        "strong": tiers[1],
        "active": tiers[2],
        "dormant": tiers[3],
        "interactions_this_week": recent[0],
        "interactions_last_week": recent[1],
        "active_last_week": recent[2],
    }


async def tag_vocabulary(session: AsyncSession, user: User) -> list[str]:
    """Return every distinct tag of the user's contacts, archived ones included, lowercased and sorted."""
    tags = func.unnest(Contact.tags).table_valued("tag").render_derived(name="tags")
    tag = func.lower(func.btrim(tags.c.tag)).label("tag")
    rows = await session.scalars(
        select(tag)
        .select_from(Contact)
        .join(tags, func.btrim(tags.c.tag) != "")
        .where(Contact.user_id == user.id)
        .distinct()
        .order_by(tag)
    )
    return list(rows)


async def upcoming_birthdays(
    session: AsyncSession, user: User, *, today: date | None = None
) -> list[tuple[Contact, int]]:
    """Return up to 10 active contacts whose birthday falls in the next 7 days, soonest first, with days until it.

    "Today" is the date in the user's time zone. A Feb 29 birthday falls on Feb 28 in non-leap years.
    """
    today = today or user_today(user)
    days = days_until_birthday(today)
    rows = await session.execute(
        select(Contact, days.label("days_until_birthday"))
        .where(
            Contact.user_id == user.id,
            Contact.priority_level != "archived",
            Contact.birthday_month.is_not(None),
            days < BIRTHDAY_WINDOW_DAYS,
        )
        .order_by(days, Contact.full_name, Contact.id)
        .limit(MAX_BIRTHDAYS)
    )
    return [(row[0], row[1]) for row in rows]


def follow_up_intervals(user: User) -> dict[str, int]:
    """Return the user's follow-up interval in days per priority level over the defaults, ignoring invalid entries."""
    intervals = dict(DEFAULT_INTERVALS)
    saved: dict[str, Any] = user.priority_settings or {}
    for level in intervals:
        value = saved.get(level)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            intervals[level] = value
    return intervals


async def overdue_contacts(
    session: AsyncSession, user: User, *, limit: int, now: datetime | None = None
) -> list[tuple[Contact, int]]:
    """Return contacts past the follow-up interval of their priority level, most overdue first, with days overdue.

    Contacts never interacted with, archived contacts and `2nd tier` contacts are left out.
    """
    now = now or datetime.now(UTC)
    intervals = follow_up_intervals(user)
    interval = case(
        {"high": intervals["high"], "medium": intervals["medium"]},
        value=Contact.priority_level,
        else_=intervals["low"],
    )
    days_since = cast(func.floor(func.extract("epoch", now - Contact.last_interaction_at) / SECONDS_PER_DAY), Integer)
    days_overdue = days_since - interval

    tags = func.unnest(Contact.tags).table_valued("tag").render_derived(name="tags")
    second_tier = exists(select(1).select_from(tags).where(func.lower(tags.c.tag) == SECOND_TIER_TAG))
    rows = await session.execute(
        select(Contact, days_overdue.label("days_overdue"))
        .where(
            Contact.user_id == user.id,
            Contact.priority_level.in_(tuple(DEFAULT_INTERVALS)),
            Contact.last_interaction_at.is_not(None),
            ~second_tier,
            days_overdue > 0,
        )
        .order_by(days_overdue.desc(), Contact.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in rows]
