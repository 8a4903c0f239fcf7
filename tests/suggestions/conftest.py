"""Factories for suggestion tests: contacts, interactions, events and suggestions inserted directly."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, DetectedEvent, FollowUpSuggestion, Interaction, User
from backend.suggestions.candidates import Candidate, select_candidates
from backend.suggestions.engine import candidate_query, generate_suggestions

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def days_ago(days: float, *, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


async def make_contact(
    db: AsyncSession,
    user_id: uuid.UUID,
    *,
    history: int = 0,
    last_days: float | None = None,
    spacing_days: float = 1,
    score: int = 1,
    tags: list[str] | None = None,
    now: datetime = NOW,
    **fields: Any,
) -> uuid.UUID:
    """Insert a contact with `history` interactions, the newest `last_days` before `now`, and commit.

    The contact gets a unique email unless `emails` is given. Interactions are inbound emails spaced
    `spacing_days` apart. Score and tags are written after the interactions, because inserting an
    interaction removes the `2nd tier` tag.
    """
    fields.setdefault("full_name", "Priya Raman")
    fields.setdefault("emails", [f"p-{uuid.uuid4().hex[:10]}@example.com"])
    contact = Contact(user_id=user_id, **fields)
    db.add(contact)
    await db.flush()
    if history:
        assert last_days is not None, "history needs last_days"
        times = [days_ago(last_days + k * spacing_days, now=now) for k in range(history)]
        await add_interactions(db, user_id, contact.id, times)
    await db.execute(
        update(Contact).where(Contact.id == contact.id).values(relationship_score=score, tags=tags or [])
    )
    await db.commit()
    return contact.id


async def add_interactions(
    db: AsyncSession,
    user_id: uuid.UUID,
    contact_id: uuid.UUID,
    times: list[datetime],
    *,
    direction: str = "inbound",
    platform: str = "email",
    commit: bool = False,
    **extra: Any,
) -> None:
    """Insert one interaction per time with one multi-row INSERT."""
    rows = [
        {"user_id": user_id, "contact_id": contact_id, "platform": platform, "direction": direction, "occurred_at": t, **extra}
        for t in times
    ]
    await db.execute(insert(Interaction).values(rows))
    if commit:
        await db.commit()


async def add_event(
    db: AsyncSession,
    user_id: uuid.UUID,
    contact_id: uuid.UUID,
    *,
    days: float,
    confidence: float = 0.9,
    event_type: str = "job_change",
    summary: str = "Joined Acme as Head of Growth",
    now: datetime = NOW,
) -> uuid.UUID:
    event = DetectedEvent(
        user_id=user_id,
        contact_id=contact_id,
        event_type=event_type,
        confidence=confidence,
        summary=summary,
        detected_at=days_ago(days, now=now),
    )
    db.add(event)
    await db.commit()
    return event.id


async def add_suggestion(
    db: AsyncSession,
    user_id: uuid.UUID,
    contact_id: uuid.UUID,
    *,
    status: str = "pending",
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
    **fields: Any,
) -> uuid.UUID:
    suggestion = FollowUpSuggestion(
        user_id=user_id,
        contact_id=contact_id,
        trigger_type=fields.pop("trigger_type", "time_based"),
        suggested_message=fields.pop("suggested_message", "Hi Priya, how are you?"),
        suggested_channel=fields.pop("suggested_channel", "email"),
        pool=fields.pop("pool", "A"),
        status=status,
        **fields,
    )
    if created_at is not None:
        suggestion.created_at = created_at
    if updated_at is not None:
        suggestion.updated_at = updated_at
    db.add(suggestion)
    await db.commit()
    return suggestion.id


async def set_prefs(
    db: AsyncSession, user_id: uuid.UUID, *, intervals: dict[str, int] | None = None, timezone: str | None = None, **prefs: Any
) -> None:
    values: dict[str, Any] = {"suggestion_prefs": prefs}
    if intervals is not None:
        values["priority_settings"] = intervals
    if timezone is not None:
        values["timezone"] = timezone
    await db.execute(update(User).where(User.id == user_id).values(**values))
    await db.commit()


async def run_engine(db: AsyncSession, user_id: uuid.UUID, *, now: datetime = NOW) -> list[FollowUpSuggestion]:
    """Run the engine for the user at `now`, commit, and return the created suggestions."""
    user = await db.get(User, user_id, populate_existing=True)
    created = await generate_suggestions(db, user, now=now)
    await db.commit()
    db.expunge_all()
    return created


async def open_suggestions(db: AsyncSession, user_id: uuid.UUID) -> list[FollowUpSuggestion]:
    rows = await db.scalars(
        select(FollowUpSuggestion)
        .where(FollowUpSuggestion.user_id == user_id, FollowUpSuggestion.status.in_(("pending", "snoozed")))
        .execution_options(populate_existing=True)
    )
    result = list(rows)
    db.expunge_all()  # keep the loaded values readable after the rollback below
    await db.rollback()
    return result


async def candidates(db: AsyncSession, user_id: uuid.UUID, *, now: datetime = NOW) -> dict[uuid.UUID, Candidate]:
    """Return the ranked candidates of the user's next run, by contact, without creating anything."""
    user = await db.get(User, user_id, populate_existing=True)
    rows = await select_candidates(db, candidate_query(user, now=now))
    db.expunge_all()
    await db.rollback()
    return {row.contact_id: row for row in rows}
