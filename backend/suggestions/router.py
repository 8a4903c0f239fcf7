"""Follow-up suggestion routes: list, digest, generate, status change, redraft."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query

from backend.core.deps import CurrentUser, CurrentUserOrExtension, DbSession
from backend.core.envelope import Envelope, ok
from backend.scoring.service import ensure_scored
from backend.suggestions import engine, service
from backend.suggestions.composer import default_composer
from backend.suggestions.schemas import (
    DigestResponse,
    FollowUpResponse,
    RegenerateBody,
    RegenerateResult,
    SuggestionListResponse,
    SuggestionUpdateBody,
)

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestions"])

MAX_LIST_SIZE = 500

ListLimit = Annotated[int, Query(ge=1, le=MAX_LIST_SIZE, description="Maximum number of suggestions returned")]


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("", response_model=SuggestionListResponse)
async def list_suggestions(user: CurrentUserOrExtension, session: DbSession, limit: ListLimit = MAX_LIST_SIZE) -> dict:
    """List pending follow-up suggestions with a contact summary, newest first. Accepts extension tokens."""
    items = await service.list_suggestions(session, user, now=_now(), limit=limit)
    return ok(items, {"count": len(items), "draft_source": default_composer().source})


@router.get("/digest", response_model=DigestResponse)
async def get_digest(user: CurrentUser, session: DbSession, limit: ListLimit = MAX_LIST_SIZE) -> dict:
    """List pending follow-up suggestions with a reason label each, newest first."""
    items = await service.digest(session, user, now=_now(), limit=limit)
    return ok(items, {"count": len(items), "draft_source": default_composer().source})


@router.post("/generate", response_model=Envelope[list[FollowUpResponse]])
async def generate_suggestions(user: CurrentUser, session: DbSession) -> dict:
    """Run the follow-up engine for the current user now and return the suggestions it created."""
    await ensure_scored(session, user_id=user.id)
    created = await engine.generate_suggestions(session, user, now=_now())
    data = [FollowUpResponse.model_validate(s) for s in created]
    return ok(data, {"generated": len(data), "draft_source": default_composer().source})


@router.put("/{suggestion_id}", response_model=Envelope[FollowUpResponse])
async def update_suggestion(
    suggestion_id: uuid.UUID, body: SuggestionUpdateBody, user: CurrentUser, session: DbSession
) -> dict:
    """Change a suggestion's status (sent, snoozed, dismissed, pending) and optionally its message or channel."""
    suggestion = await service.update_suggestion(
        session,
        user,
        suggestion_id,
        status=body.status,
        snooze_until=body.snooze_until or body.scheduled_for,
        suggested_message=body.suggested_message,
        suggested_channel=body.suggested_channel,
        now=_now(),
    )
    return ok(FollowUpResponse.model_validate(suggestion), {"draft_source": suggestion.draft_source})


@router.post("/{suggestion_id}/regenerate", response_model=Envelope[RegenerateResult])
async def regenerate_suggestion(
    suggestion_id: uuid.UUID,
    user: CurrentUserOrExtension,
    session: DbSession,
    body: Annotated[RegenerateBody | None, Body()] = None,
) -> dict:
    """Redraft a suggestion's message, for `channel` when given. Accepts extension tokens."""
    suggestion = await service.regenerate(
        session, user, suggestion_id, channel=body.channel if body else None, now=_now()
    )
    result = RegenerateResult(suggested_message=suggestion.suggested_message, suggested_channel=suggestion.suggested_channel)
    return ok(result, {"draft_source": suggestion.draft_source})
