"""HTTP behaviour of the scoring routes that need no worker (recalculation is tested in tests/worker)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import update

from backend.models import Contact
from tests.scoring.helpers import add_contact, add_interactions, days, repeat


async def test_recalculate_requires_token(client):
    response = await client.post("/api/v1/contacts/scores/recalculate")

    assert response.status_code == 401


async def test_reconcile_requires_token(client):
    response = await client.post("/api/v1/contacts/reconcile-last-interaction")

    assert response.status_code == 401


async def test_activity_requires_token(client):
    response = await client.get(f"/api/v1/contacts/{uuid.uuid4()}/activity")

    assert response.status_code == 401


async def test_activity_other_users_contact(client, db, user, other_user):
    contact_id = await add_contact(db, other_user.id)
    await db.commit()

    response = await client.get(f"/api/v1/contacts/{contact_id}/activity", headers=user.headers)

    assert response.status_code == 404
    assert response.json()["detail"] == "Contact not found"


async def test_activity_unknown_contact(client, user):
    response = await client.get(f"/api/v1/contacts/{uuid.uuid4()}/activity", headers=user.headers)

    assert response.status_code == 404


async def test_activity_invalid_id(client, user):
    response = await client.get("/api/v1/contacts/not-a-uuid/activity", headers=user.headers)

    assert response.status_code == 422


async def test_activity_response_shape(client, db, user):
    now = datetime.now(UTC)
    contact_id = await add_contact(db, user.id)
    await add_interactions(db, user.id, contact_id, repeat(4, "mutual", "meeting", days(2)), now=now)
    await db.commit()

    response = await client.get(f"/api/v1/contacts/{contact_id}/activity", headers=user.headers)
    data = response.json()["data"]

    assert response.status_code == 200
    assert data["score"] == 8
    assert data["dimensions"]["reciprocity"] == {"value": 4, "max": 4}
    assert data["stats"]["platforms"] == ["meeting"]
    assert data["stats"]["first_interaction_at"] is not None
    assert len(data["monthly_trend"]) == 6
    assert data["monthly_trend"][-1]["month"] == now.strftime("%Y-%m")


async def test_reconcile_route(client, db, user):
    contact_id = await add_contact(db, user.id)
    await add_interactions(db, user.id, contact_id, [("inbound", "email", days(3))], now=datetime.now(UTC))
    await db.execute(update(Contact).where(Contact.id == contact_id).values(last_interaction_at=datetime.now(UTC) + days(30)))
    await db.commit()

    first = await client.post("/api/v1/contacts/reconcile-last-interaction", headers=user.headers)
    second = await client.post("/api/v1/contacts/reconcile-last-interaction", headers=user.headers)

    assert first.status_code == 200
    assert first.json()["data"] == {"updated_count": 1}
    assert second.json()["data"] == {"updated_count": 0}
