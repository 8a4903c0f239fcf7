"""Factories for interaction tests: contacts are inserted directly, interactions through the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact
from tests.conftest import AuthedUser


async def make_contact(db: AsyncSession, user_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    """Insert and commit a contact owned by `user_id`, and return its id."""
    contact = Contact(user_id=user_id, full_name=fields.pop("full_name", "Priya Raman"), **fields)
    db.add(contact)
    await db.commit()
    return contact.id


async def add_interaction(
    client: httpx.AsyncClient, owner: AuthedUser, contact_id: uuid.UUID, occurred_at: str, **body: Any
) -> dict[str, Any]:
    """Create an interaction through the API and return its `data`. Any status other than 201 fails the test."""
    response = await client.post(
        f"/api/v1/contacts/{contact_id}/interactions",
        json={"occurred_at": occurred_at, **body},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["data"]


async def contact_counters(db: AsyncSession, contact_id: uuid.UUID) -> tuple[int, datetime | None]:
    """Read the trigger-maintained `(interaction_count, last_interaction_at)` of a contact."""
    row = (
        await db.execute(
            select(Contact.interaction_count, Contact.last_interaction_at).where(Contact.id == contact_id)
        )
    ).one()
    await db.rollback()  # end the read transaction, so the next read includes later commits
    return row.interaction_count, row.last_interaction_at


@pytest.fixture
async def contact_id(db, user) -> uuid.UUID:
    return await make_contact(db, user.id)


@pytest.fixture
async def other_contact_id(db, other_user) -> uuid.UUID:
    return await make_contact(db, other_user.id, full_name="Tomas Lindqvist")
