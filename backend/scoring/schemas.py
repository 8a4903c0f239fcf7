"""Response models of the scoring routes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class ScoresRecalculatedData(BaseModel):
    updated: int


class ReconcileLastInteractionData(BaseModel):
    updated_count: int


class ScoreDimension(BaseModel):
    value: int
    max: int


class ScoreDimensions(BaseModel):
    reciprocity: ScoreDimension
    recency: ScoreDimension
    frequency: ScoreDimension
    breadth: ScoreDimension
    tenure: ScoreDimension


class ActivityStats(BaseModel):
    inbound_365d: int
    outbound_365d: int
    mutual_365d: int
    count_30d: int
    count_90d: int
    platforms: list[str]
    interaction_count: int
    first_interaction_at: datetime | None


class MonthlyCount(BaseModel):
    month: str
    count: int


class ContactActivity(BaseModel):
    score: int
    dimensions: ScoreDimensions
    stats: ActivityStats
    monthly_trend: list[MonthlyCount]
