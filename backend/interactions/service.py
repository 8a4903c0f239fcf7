"""A contact's interaction timeline: listing, adding, and editing or deleting manual notes.

`contacts.interaction_count` and `contacts.last_interaction_at` are kept true by database
triggers on every insert, update and delete of interactions, so nothing here writes them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import structlog
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from backend.core.normalize import clean_text
from backend.models import Contact, Interaction, User
from backend.suggestions.service import dismiss_outdated

log = structlog.get_logger("pingcrm.interactions")

# Only notes typed by the user may change, because rows of other platforms mirror an outside source.
EDITABLE_PLATFORM = "manual"


async def _ensure_contact(session: AsyncSession, user: User, contact_id: uuid.UUID) -> None:
    found = await session.scalar(select(Contact.id).where(Contact.id == contact_id, Contact.user_id == user.id))
    if found is None:
        raise NotFound("Contact not found")


async def _load_manual_note(
    session: AsyncSession, user: User, contact_id: uuid.UUID, interaction_id: uuid.UUID, *, action: str
) -> Interaction:
    await _ensure_contact(session, user, contact_id)
    interaction = await session.scalar(
        select(Interaction).where(
            Interaction.id == interaction_id,
            Interaction.contact_id == contact_id,
            Interaction.user_id == user.id,
        )
    )
    if interaction is None:
        raise NotFound("Interaction not found")
    if interaction.platform != EDITABLE_PLATFORM:
        raise Forbidden(
            f"Only manual notes can be {action}, but this interaction has platform {interaction.platform!r}"
        )
    return interaction


async def list_interactions(
    session: AsyncSession, user: User, contact_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[Interaction], int]:
    """Return one page of the contact's interactions, newest first, and the total count."""
    await _ensure_contact(session, user, contact_id)

    owned = (Interaction.contact_id == contact_id, Interaction.user_id == user.id)
    total = await session.scalar(select(func.count()).select_from(Interaction).where(*owned))
    rows = await session.scalars(
        select(Interaction)
        .where(*owned)
        .order_by(Interaction.occurred_at.desc(), Interaction.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total or 0


async def create_interaction(
    session: AsyncSession,
    user: User,
    contact_id: uuid.UUID,
    *,
    platform: str,
    direction: str,
    content_preview: str | None,
    raw_reference_id: str | None,
    occurred_at: datetime,
) -> Interaction:
    """Insert an interaction. A `raw_reference_id` already used on this platform raises Conflict."""
    await _ensure_contact(session, user, contact_id)
    reference = clean_text(raw_reference_id)

    statement = (
        insert(Interaction)
        .values(
            user_id=user.id,
            contact_id=contact_id,
            platform=platform,
            direction=direction,
            content_preview=clean_text(content_preview),
            raw_reference_id=reference,
            occurred_at=occurred_at,
        )
        .on_conflict_do_nothing(
            index_elements=[Interaction.user_id, Interaction.platform, Interaction.raw_reference_id],
            index_where=text("raw_reference_id IS NOT NULL"),
        )
        .returning(Interaction)
    )
    interaction = await session.scalar(statement)
    if interaction is None:
        raise Conflict(
            f"An interaction with raw_reference_id {reference!r} already exists on platform {platform!r}. "
            "Use another reference or leave it empty."
        )
    if direction != "event":
        await dismiss_outdated(session, user_id=user.id, contact_ids=[contact_id])

    log.info(
        "interactions.created",
        interaction_id=str(interaction.id),
        contact_id=str(contact_id),
        platform=platform,
        direction=direction,
    )
    return interaction


async def update_note(
    session: AsyncSession, user: User, contact_id: uuid.UUID, interaction_id: uuid.UUID, *, content_preview: str
) -> Interaction:
    """Replace the text of a manual note."""
    interaction = await _load_manual_note(session, user, contact_id, interaction_id, action="edited")
    content = clean_text(content_preview)
    if content is None:
        raise Unprocessable("content_preview must not be blank. Delete the note instead.")

    interaction.content_preview = content
    await session.flush()

    log.info("interactions.updated", interaction_id=str(interaction_id), contact_id=str(contact_id))
    return interaction


async def delete_note(session: AsyncSession, user: User, contact_id: uuid.UUID, interaction_id: uuid.UUID) -> None:
    """Delete a manual note."""
    await _load_manual_note(session, user, contact_id, interaction_id, action="deleted")

    await session.execute(
        delete(Interaction).where(Interaction.id == interaction_id, Interaction.user_id == user.id)
    )

    log.info("interactions.deleted", interaction_id=str(interaction_id), contact_id=str(contact_id))
