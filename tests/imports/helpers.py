"""Shared helpers of the import tests: uploads and direct reads of what an import wrote."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, Interaction, SyncEvent
from tests.conftest import SHARED_DATA, AuthedUser

SAMPLES = SHARED_DATA / "imports"
CSV_URL = "/api/v1/contacts/import/csv"
LINKEDIN_URL = "/api/v1/contacts/import/linkedin"
MESSAGES_URL = "/api/v1/contacts/import/linkedin-messages"

CONTACT_COLUMNS = (
    Contact.id,
    Contact.full_name,
    Contact.given_name,
    Contact.family_name,
    Contact.emails,
    Contact.phones,
    Contact.company,
    Contact.title,
    Contact.notes,
    Contact.tags,
    Contact.twitter_handle,
    Contact.telegram_username,
    Contact.linkedin_url,
    Contact.linkedin_profile_id,
    Contact.linkedin_connected_on,
    Contact.birthday_month,
    Contact.birthday_day,
    Contact.birthday_year,
    Contact.source,
    Contact.interaction_count,
    Contact.last_interaction_at,
    Contact.updated_at,
)


def sample(relative: str) -> Path:
    return SAMPLES / relative


async def upload(
    client: httpx.AsyncClient,
    user: AuthedUser,
    url: str,
    content: bytes | Path,
    filename: str | None = None,
) -> httpx.Response:
    """POST a file as multipart field `file`."""
    if isinstance(content, Path):
        filename = filename or content.name
        content = content.read_bytes()
    return await client.post(url, headers=user.headers, files={"file": (filename or "upload.csv", content, "text/csv")})


async def upload_ok(client: httpx.AsyncClient, user: AuthedUser, url: str, content: bytes | Path, filename: str | None = None) -> dict[str, Any]:
    response = await upload(client, user, url, content, filename)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def contacts_of(db: AsyncSession, user_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every contact of the user as a dict, oldest first."""
    rows = await db.execute(select(*CONTACT_COLUMNS).where(Contact.user_id == user_id).order_by(Contact.created_at, Contact.id))
    return [dict(row) for row in rows.mappings()]


async def contact_named(db: AsyncSession, user_id: uuid.UUID, full_name: str) -> dict[str, Any]:
    matches = [row for row in await contacts_of(db, user_id) if row["full_name"] == full_name]
    assert len(matches) == 1, f"expected one contact named {full_name!r}, found {len(matches)}"
    return matches[0]


async def interactions_of(db: AsyncSession, user_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        select(
            Interaction.contact_id,
            Interaction.platform,
            Interaction.direction,
            Interaction.content_preview,
            Interaction.raw_reference_id,
            Interaction.occurred_at,
        )
        .where(Interaction.user_id == user_id)
        .order_by(Interaction.occurred_at)
    )
    return [dict(row) for row in rows.mappings()]


async def sync_events_of(db: AsyncSession, user_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        select(
            SyncEvent.platform,
            SyncEvent.sync_type,
            SyncEvent.status,
            SyncEvent.records_created,
            SyncEvent.records_updated,
            SyncEvent.records_failed,
            SyncEvent.duration_ms,
            SyncEvent.error_message,
            SyncEvent.details,
        )
        .where(SyncEvent.user_id == user_id)
        .order_by(SyncEvent.started_at)
    )
    return [dict(row) for row in rows.mappings()]
