"""Background jobs of the scoring domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.jobs import JobOutcome, tracked
from backend.models import User
from backend.scoring.service import recompute_scores

RECOMPUTE_SCORES_JOB = "recompute_scores_job"


@tracked("scores", label="Relationship score recalculation", link="/contacts")
async def recompute_scores_job(ctx: dict[str, Any], session: AsyncSession, user: User) -> JobOutcome:
    """Recompute the relationship score of every contact of the user; the result is `{"updated": n}`."""
    changed = await recompute_scores(session, user_id=user.id)
    return JobOutcome(updated=changed, summary=f"{changed} contact scores changed", result={"updated": changed})
