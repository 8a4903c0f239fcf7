"""Wire shapes of the activity feed."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class ActivityItemData(BaseModel):
    type: Literal["message"]
    contact_name: str | None = None
    contact_id: str
    contact_avatar_url: str | None = None
    platform: str
    direction: str
    content_preview: str | None = None
    timestamp: datetime
