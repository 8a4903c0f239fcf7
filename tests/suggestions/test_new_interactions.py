"""Suggestions that new interactions overtake, and the score bootstrap of POST /suggestions/generate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from backend.models import Contact, FollowUpSuggestion
from tests.conftest import SHARED_DATA
from tests.suggestions.conftest import add_interactions, add_suggestion, make_contact


def _ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def _status(db, suggestion_id) -> tuple[str, str | None]:
    db.expire_all()
    row = (
        await db.execute(
            select(FollowUpSuggestion.status, FollowUpSuggestion.dismissed_by).where(FollowUpSuggestion.id == suggestion_id)
        )
    ).one()
    return row.status, row.dismissed_by


async def test_manual_note_dismisses_pending(client, db, user):
    contact_id = await make_contact(db, user.id, given_name="Priya")
    suggestion_id = await add_suggestion(db, user.id, contact_id, created_at=_ago(2), updated_at=_ago(2))

    note = await client.post(
        f"/api/v1/contacts/{contact_id}/interactions",
        json={"content_preview": "Called her", "occurred_at": datetime.now(UTC).isoformat()},
        headers=user.headers,
    )

    assert note.status_code == 201
    assert await _status(db, suggestion_id) == ("dismissed", "system")


async def test_old_note_keeps_pending(client, db, user):
    contact_id = await make_contact(db, user.id, given_name="Priya")
    suggestion_id = await add_suggestion(db, user.id, contact_id, created_at=_ago(2), updated_at=_ago(2))

    note = await client.post(
        f"/api/v1/contacts/{contact_id}/interactions",
        json={"content_preview": "Back-filled", "occurred_at": _ago(30).isoformat()},
        headers=user.headers,
    )

    assert note.status_code == 201
    assert await _status(db, suggestion_id) == ("pending", None)


async def test_linkedin_messages_dismiss_pending(client, db, user):
    connections = (SHARED_DATA / "imports" / "linkedin" / "Connections.csv").read_bytes()
    imported = await client.post(
        "/api/v1/contacts/import/linkedin", files={"file": ("Connections.csv", connections, "text/csv")}, headers=user.headers
    )
    assert imported.status_code == 200
    db.expire_all()
    amara = await db.scalar(select(Contact.id).where(Contact.user_id == user.id, Contact.given_name == "Amara"))
    # The suggestion became active before the messages of 2024 in the sample file.
    suggestion_id = await add_suggestion(
        db, user.id, amara, created_at=datetime(2023, 1, 1, tzinfo=UTC), updated_at=datetime(2023, 1, 1, tzinfo=UTC)
    )

    messages = (SHARED_DATA / "imports" / "linkedin" / "messages.csv").read_bytes()
    response = await client.post(
        "/api/v1/contacts/import/linkedin-messages", files={"file": ("messages.csv", messages, "text/csv")}, headers=user.headers
    )

    assert response.status_code == 200
    assert await _status(db, suggestion_id) == ("dismissed", "system")


async def test_generate_scores_unscored_contacts(client, db, user):
    contact_id = await make_contact(db, user.id, given_name="Priya", score=0)
    await add_interactions(db, user.id, contact_id, [_ago(3), _ago(10)], commit=True)
    await add_interactions(db, user.id, contact_id, [_ago(5)], direction="outbound", commit=True)

    response = await client.post("/api/v1/suggestions/generate", headers=user.headers)

    assert response.status_code == 200
    db.expire_all()
    score = await db.scalar(select(Contact.relationship_score).where(Contact.id == contact_id))
    assert score > 0
