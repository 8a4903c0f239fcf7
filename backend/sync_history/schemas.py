"""Wire shapes of the sync history routes."""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel

from backend.core.envelope import OffsetMeta
from backend.models import SyncEvent


class SyncEventData(BaseModel):
    id: str
    platform: str
    sync_type: str
    status: str
    records_created: int
    records_updated: int
    records_failed: int
    duration_ms: int | None = None
    error_message: str | None = None
    # A JSON document encoded as a string, because clients parse it themselves.
    details: str | None = None
    started_at: datetime
    completed_at: datetime | None = None


class SyncEventListResponse(BaseModel):
    data: list[SyncEventData]
    error: str | None = None
    meta: OffsetMeta


class SyncPlatformStats(BaseModel):
    total_syncs: int
    success_count: int
    failed_count: int
    partial_count: int
    success_rate: float | None = None
    last_sync: datetime | None = None


def sync_event_to_data(event: SyncEvent) -> dict:
    """Build the wire form of a sync event, with `details` encoded as a JSON string."""
    return {
        "id": str(event.id),
        "platform": event.platform,
        "sync_type": event.sync_type,
        "status": event.status,
        "records_created": event.records_created,
        "records_updated": event.records_updated,
        "records_failed": event.records_failed,
        "duration_ms": event.duration_ms,
        "error_message": event.error_message,
        "details": json.dumps(event.details) if event.details is not None else None,
        "started_at": event.started_at,
        "completed_at": event.completed_at,
    }
