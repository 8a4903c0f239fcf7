"""Suggestion rules outside the engine: listing, status changes, redrafting and system dismissal.

A suggestion is open while `pending` or `snoozed`; `sent` and `dismissed` are final. An open
suggestion is active from `COALESCE(scheduled_for, created_at)`: its creation, or the end of its
latest snooze. An interaction after that moment makes a pending suggestion outdated.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import InvalidInput, NotFound, Unprocessable
from backend.models import Contact, DetectedEvent, FollowUpSuggestion, Interaction, User
from backend.suggestions import rules
from backend.suggestions.composer import Composer, default_composer, draft_with_fallback
from backend.suggestions.schemas import TRIGGER_REASONS, SuggestionContact

log = structlog.get_logger("pingcrm.suggestions")

Suggestion = FollowUpSuggestion
_ACTIVE_SINCE = func.coalesce(Suggestion.scheduled_for, Suggestion.created_at)


def _reachable() -> Any:
    """Contact conditions for showing a suggestion: not archived, not `2nd tier`, has a channel."""
    return and_(
        Contact.priority_level != "archived",
        text(rules.not_second_tier_sql("contacts")),
        text(rules.has_channel_sql("contacts")),
    )


def _not_outdated() -> Any:
    return or_(Contact.last_interaction_at.is_(None), Contact.last_interaction_at <= _ACTIVE_SINCE)


async def _visible(session: AsyncSession, user: User, *, now: datetime, limit: int) -> list[tuple[Suggestion, Contact, str]]:
    """Return (suggestion, contact, effective status) of the suggestions a user should act on, newest first.

    A snoozed suggestion whose snooze has ended counts as pending even before the hourly wake-up
    job has stored the change, so listing never writes.
    """
    snooze_over = and_(Suggestion.status == "snoozed", Suggestion.scheduled_for <= now)
    statement = (
        select(Suggestion, Contact)
        .join(Contact, Contact.id == Suggestion.contact_id)
        .where(
            Suggestion.user_id == user.id,
            Contact.user_id == user.id,
            or_(Suggestion.status == "pending", snooze_over),
            _reachable(),
            _not_outdated(),
        )
        .order_by(Suggestion.created_at.desc(), Suggestion.id)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [(suggestion, contact, "pending") for suggestion, contact in rows]


def _item(suggestion: Suggestion, contact: Contact | None, status: str) -> dict[str, Any]:
    contact_view = SuggestionContact.model_validate(contact).model_dump() if contact is not None else None
    return {
        "id": suggestion.id,
        "contact_id": suggestion.contact_id,
        "user_id": suggestion.user_id,
        "trigger_type": suggestion.trigger_type,
        "trigger_event_id": suggestion.trigger_event_id,
        "suggested_message": suggestion.suggested_message,
        "suggested_channel": suggestion.suggested_channel,
        "status": status,
        "pool": suggestion.pool,
        "scheduled_for": suggestion.scheduled_for,
        "created_at": suggestion.created_at,
        "updated_at": suggestion.updated_at,
        "draft_source": suggestion.draft_source,
        "contact": contact_view,
    }


async def list_suggestions(session: AsyncSession, user: User, *, now: datetime, limit: int) -> list[dict[str, Any]]:
    """List the user's pending suggestions with a contact summary, newest first, without writing."""
    return [_item(s, c, status) for s, c, status in await _visible(session, user, now=now, limit=limit)]


async def digest(session: AsyncSession, user: User, *, now: datetime, limit: int) -> list[dict[str, Any]]:
    """List the same suggestions as list_suggestions, each with a short reason label."""
    items = await list_suggestions(session, user, now=now, limit=limit)
    for item in items:
        item["reason"] = TRIGGER_REASONS.get(item["trigger_type"], item["trigger_type"])
    return items


async def _owned(session: AsyncSession, user: User, suggestion_id: uuid.UUID) -> Suggestion:
    statement = (
        select(Suggestion)
        .where(Suggestion.id == suggestion_id, Suggestion.user_id == user.id)
        .with_for_update()
    )
    suggestion = await session.scalar(statement)
    if suggestion is None:
        raise NotFound("Suggestion not found")
    return suggestion


async def update_suggestion(
    session: AsyncSession,
    user: User,
    suggestion_id: uuid.UUID,
    *,
    status: str,
    snooze_until: datetime | None,
    suggested_message: str | None,
    suggested_channel: str | None,
    now: datetime,
) -> Suggestion:
    """Change a suggestion's status and optionally its message or channel.

    Raises NotFound for another user's id, InvalidInput for an unknown status or a transition out
    of a final status, and Unprocessable for a missing or past snooze time.
    """
    suggestion = await _owned(session, user, suggestion_id)
    target = status.strip().lower()
    if target not in rules.STATUSES:
        raise InvalidInput(f"Invalid status {status!r}: expected one of {', '.join(rules.STATUSES)}")
    current = suggestion.status
    if target not in rules.TRANSITIONS[current]:
        raise InvalidInput(
            f"Cannot change a suggestion from {current} to {target}: sent and dismissed suggestions are final"
        )

    if target == "snoozed":
        if snooze_until is None:
            raise Unprocessable("snooze_until is required when status is snoozed")
        if snooze_until <= now:
            raise Unprocessable(f"snooze_until must be in the future, got {snooze_until.isoformat()}")
        suggestion.scheduled_for = snooze_until
    elif target == "pending" and current == "snoozed":
        suggestion.scheduled_for = now  # the snooze ends now
    elif target == "dismissed":
        suggestion.dismissed_by = "user"
    elif target == "sent":
        await session.execute(
            update(Contact)
            .where(Contact.id == suggestion.contact_id, Contact.user_id == user.id)
            .values(last_followup_at=now)
        )

    if suggested_message is not None:
        suggestion.suggested_message = suggested_message
    if suggested_channel is not None:
        suggestion.suggested_channel = suggested_channel
    suggestion.status = target
    suggestion.updated_at = now
    await session.flush()
    log.info("suggestions.updated", user_id=str(user.id), suggestion_id=str(suggestion.id), old=current, new=target)
    return suggestion


async def last_topic(session: AsyncSession, user_id: uuid.UUID, contact_id: uuid.UUID) -> str | None:
    """Return the preview of the contact's latest interaction that has text, or None."""
    statement = (
        select(Interaction.content_preview)
        .where(
            Interaction.user_id == user_id,
            Interaction.contact_id == contact_id,
            Interaction.direction != "event",
            func.btrim(func.coalesce(Interaction.content_preview, "")) != "",
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(1)
    )
    return await session.scalar(statement)


async def regenerate(
    session: AsyncSession,
    user: User,
    suggestion_id: uuid.UUID,
    *,
    channel: str | None,
    now: datetime,
    composer: Composer | None = None,
) -> Suggestion:
    """Redraft an open suggestion's message, for a new channel when one is given."""
    suggestion = await _owned(session, user, suggestion_id)
    if suggestion.status not in rules.OPEN_STATUSES:
        raise InvalidInput(f"Cannot redraft a {suggestion.status} suggestion: only pending and snoozed ones can change")
    contact = await session.scalar(select(Contact).where(Contact.id == suggestion.contact_id, Contact.user_id == user.id))
    if contact is None:
        raise NotFound("Suggestion not found")
    event = None
    if suggestion.trigger_event_id is not None:
        event = await session.scalar(
            select(DetectedEvent).where(DetectedEvent.id == suggestion.trigger_event_id, DetectedEvent.user_id == user.id)
        )

    target_channel = channel or suggestion.suggested_channel
    draft = await draft_with_fallback(
        composer or default_composer(),
        contact,
        trigger_type=suggestion.trigger_type,
        channel=target_channel,
        last_topic=await last_topic(session, user.id, contact.id),
        event=event,
    )
    suggestion.suggested_message = draft.message
    suggestion.suggested_channel = target_channel
    suggestion.draft_source = draft.source
    suggestion.updated_at = now
    await session.flush()
    log.info("suggestions.redrafted", user_id=str(user.id), suggestion_id=str(suggestion.id), source=draft.source)
    return suggestion


async def wake_snoozed(session: AsyncSession, *, now: datetime) -> int:
    """Set snoozed suggestions whose snooze has ended back to pending, for every user, and return the count.

    Suggestions of archived contacts stay snoozed. This job spans all users by design.
    """
    statement = (
        update(Suggestion)
        .where(
            Suggestion.status == "snoozed",
            Suggestion.scheduled_for <= now,
            Contact.id == Suggestion.contact_id,
            Contact.user_id == Suggestion.user_id,
            Contact.priority_level != "archived",
        )
        .values(status="pending", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    if result.rowcount:
        log.info("suggestions.woken", count=result.rowcount)
    return result.rowcount


async def dismiss_outdated(session: AsyncSession, *, user_id: uuid.UUID, contact_ids: list[uuid.UUID]) -> int:
    """Dismiss (as the system) the contacts' pending suggestions that an interaction has overtaken.

    Call it after new interactions are stored. Only interactions later than the moment the
    suggestion became active count, so back-filled old messages keep fresh suggestions.
    """
    if not contact_ids:
        return 0
    statement = (
        update(Suggestion)
        .where(
            Suggestion.user_id == user_id,
            Suggestion.contact_id.in_(contact_ids),
            Suggestion.status == "pending",
            Contact.id == Suggestion.contact_id,
            Contact.user_id == user_id,
            Contact.last_interaction_at > _ACTIVE_SINCE,
        )
        .values(status="dismissed", dismissed_by="system", updated_at=func.now())
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    if result.rowcount:
        log.info("suggestions.dismissed_outdated", user_id=str(user_id), count=result.rowcount)
    return result.rowcount


async def dismiss_stale(session: AsyncSession, *, user_id: uuid.UUID, now: datetime) -> int:
    """Dismiss (as the system) the user's open suggestions that can no longer be acted on.

    That is every open suggestion of an archived contact, and pending suggestions that are outdated
    or whose contact is `2nd tier` or has no channel left. Hidden suggestions would otherwise
    block new ones for the contact forever.
    """
    hidden = or_(
        Contact.priority_level == "archived",
        and_(Suggestion.status == "pending", or_(~_reachable(), ~_not_outdated())),
    )
    statement = (
        update(Suggestion)
        .where(
            Suggestion.user_id == user_id,
            Suggestion.status.in_(rules.OPEN_STATUSES),
            Contact.id == Suggestion.contact_id,
            Contact.user_id == user_id,
            hidden,
        )
        .values(status="dismissed", dismissed_by="system", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    if result.rowcount:
        log.info("suggestions.dismissed_stale", user_id=str(user_id), count=result.rowcount)
    return result.rowcount
