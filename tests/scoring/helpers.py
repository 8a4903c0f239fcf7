"""Direct database setup for scoring tests: contacts with interactions at chosen ages."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, Interaction


async def add_contact(db: AsyncSession, user_id: uuid.UUID, name: str = "Scored Contact") -> uuid.UUID:
    contact = Contact(user_id=user_id, full_name=name)
    db.add(contact)
    await db.flush()
    return contact.id


async def add_interactions(
    db: AsyncSession,
    user_id: uuid.UUID,
    contact_id: uuid.UUID,
    rows: list[tuple[str, str, timedelta]],
    *,
    now: datetime,
) -> None:
    """Insert `(direction, platform, age)` rows; each occurred `age` before `now`."""
    db.add_all(
        Interaction(user_id=user_id, contact_id=contact_id, direction=direction, platform=platform, occurred_at=now - age)
        for direction, platform, age in rows
    )
    await db.flush()


def days(n: float) -> timedelta:
    return timedelta(days=n)


def repeat(count: int, direction: str, platform: str, age: timedelta) -> list[tuple[str, str, timedelta]]:
    return [(direction, platform, age)] * count
