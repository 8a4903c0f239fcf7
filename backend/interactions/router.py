"""Timeline routes of one contact: list and add interactions, edit or delete manual notes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, offset_meta, ok
from backend.interactions import service
from backend.interactions.schemas import (
    InteractionCreate,
    InteractionDeletedData,
    InteractionListResponse,
    InteractionResponse,
    InteractionUpdate,
)

router = APIRouter(prefix="/api/v1/contacts/{contact_id}/interactions", tags=["interactions"])


@router.get("", response_model=InteractionListResponse)
async def list_interactions(
    contact_id: uuid.UUID,
    user: CurrentUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    offset: Annotated[int, Query(ge=0, description="Number of interactions to skip")] = 0,
) -> dict:
    """List the contact's interactions, newest first."""
    rows, total = await service.list_interactions(session, user, contact_id, limit=limit, offset=offset)
    items = [InteractionResponse.model_validate(row) for row in rows]
    return ok(items, offset_meta(total, limit, offset))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Envelope[InteractionResponse])
async def create_interaction(
    contact_id: uuid.UUID, body: InteractionCreate, user: CurrentUser, session: DbSession
) -> dict:
    """Add an interaction to the contact's timeline, usually a manual note."""
    interaction = await service.create_interaction(
        session,
        user,
        contact_id,
        platform=body.platform,
        direction=body.direction,
        content_preview=body.content_preview,
        raw_reference_id=body.raw_reference_id,
        occurred_at=body.occurred_at,
    )
    return ok(InteractionResponse.model_validate(interaction))


@router.patch("/{interaction_id}", response_model=Envelope[InteractionResponse])
async def update_interaction(
    contact_id: uuid.UUID, interaction_id: uuid.UUID, body: InteractionUpdate, user: CurrentUser, session: DbSession
) -> dict:
    """Replace the text of a manual note. Interactions of other platforms get 403."""
    interaction = await service.update_note(
        session, user, contact_id, interaction_id, content_preview=body.content_preview
    )
    return ok(InteractionResponse.model_validate(interaction))


@router.delete("/{interaction_id}", response_model=Envelope[InteractionDeletedData])
async def delete_interaction(
    contact_id: uuid.UUID, interaction_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> dict:
    """Delete a manual note. Interactions of other platforms get 403."""
    await service.delete_note(session, user, contact_id, interaction_id)
    return ok({"deleted": True})
