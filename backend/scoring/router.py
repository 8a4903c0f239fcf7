"""Relationship score routes: recalculation, last-interaction repair and the per-contact breakdown."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, ok
from backend.core.jobs import run_user_job
from backend.scoring import service
from backend.scoring.jobs import RECOMPUTE_SCORES_JOB
from backend.scoring.schemas import ContactActivity, ReconcileLastInteractionData, ScoresRecalculatedData

router = APIRouter(prefix="/api/v1", tags=["contacts"])


@router.post("/contacts/scores/recalculate", response_model=Envelope[ScoresRecalculatedData])
async def recalculate_scores(user: CurrentUser, session: DbSession):
    """Recalculate the relationship score of every contact of the user, as a tracked background job."""
    # Return the request's database connection to the pool while waiting for the worker.
    await session.commit()
    result = await run_user_job(RECOMPUTE_SCORES_JOB, user_id=user.id)
    return ok(result)


@router.post("/contacts/reconcile-last-interaction", response_model=Envelope[ReconcileLastInteractionData])
async def reconcile_last_interaction(user: CurrentUser, session: DbSession):
    """Reset each contact's last_interaction_at and interaction_count from its interactions."""
    updated = await service.reconcile_last_interaction(session, user_id=user.id)
    return ok({"updated_count": updated})


@router.get("/contacts/{contact_id}/activity", response_model=Envelope[ContactActivity])
async def get_contact_activity(contact_id: uuid.UUID, user: CurrentUser, session: DbSession):
    """Return the live score breakdown, interaction statistics and six-month trend of a contact."""
    return ok(await service.contact_activity(session, user, contact_id))
