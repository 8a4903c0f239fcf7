"""Factories for contact tests: contacts through the API, interactions and internal columns through the database."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, Interaction, User
from tests.conftest import AuthedUser

CONTACTS = "/api/v1/contacts"


async def create_contact(client: httpx.AsyncClient, owner: AuthedUser, **fields: Any) -> dict[str, Any]:
    """Create a contact through the API and return its `data`. Any status other than 201 fails the test."""
    fields.setdefault("full_name", "Priya Raman")
    response = await client.post(CONTACTS, json=fields, headers=owner.headers)
    assert response.status_code == 201, response.text
    return response.json()["data"]


async def set_columns(db: AsyncSession, contact_id: str | uuid.UUID, **values: Any) -> None:
    """Write columns the API does not expose for writing (score, created_at, ...) and commit."""
    await db.execute(update(Contact).where(Contact.id == uuid.UUID(str(contact_id))).values(**values))
    await db.commit()


async def set_user(db: AsyncSession, user_id: uuid.UUID, **values: Any) -> None:
    """Write user columns such as `timezone` or `priority_settings` and commit."""
    await db.execute(update(User).where(User.id == user_id).values(**values))
    await db.commit()


async def add_interaction(
    db: AsyncSession,
    owner: AuthedUser,
    contact_id: str | uuid.UUID,
    occurred_at: datetime,
    *,
    direction: str = "outbound",
    content_preview: str | None = None,
    platform: str = "manual",
) -> None:
    """Insert one interaction directly and commit; database triggers update the contact's counters."""
    db.add(
        Interaction(
            user_id=owner.id,
            contact_id=uuid.UUID(str(contact_id)),
            platform=platform,
            direction=direction,
            content_preview=content_preview,
            occurred_at=occurred_at,
        )
    )
    await db.commit()


async def list_ids(client: httpx.AsyncClient, owner: AuthedUser, **params: Any) -> list[str]:
    """Ids of the list endpoint's first page (page size 100) for these query parameters, in order."""
    response = await client.get(CONTACTS, params={"page_size": 100, **params}, headers=owner.headers)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]
