"""HTTP behaviour of the suggestion routes: auth, ownership, listing, status changes, redrafting."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.config import EXTENSION_AUDIENCE
from backend.core.security import create_access_token
from backend.models import Contact, FollowUpSuggestion
from tests.suggestions.conftest import add_interactions, add_suggestion, make_contact

BASE = "/api/v1/suggestions"


def _now() -> datetime:
    return datetime.now(UTC)


def _ago(days: float) -> datetime:
    return _now() - timedelta(days=days)


def _extension_headers(settings, user) -> dict[str, str]:
    token = create_access_token(
        user_id=user.id, audience=EXTENSION_AUDIENCE, secret=settings.resolved_secret_key(), lifetime=timedelta(minutes=5)
    )
    return {"Authorization": f"Bearer {token}"}


async def _pending(db, user, **contact_fields) -> tuple[uuid.UUID, uuid.UUID]:
    """Insert a contact and a pending suggestion created an hour ago, and return (suggestion id, contact id)."""
    contact_fields.setdefault("given_name", "Priya")
    contact_id = await make_contact(db, user.id, **contact_fields)
    suggestion_id = await add_suggestion(db, user.id, contact_id, created_at=_ago(1 / 24), updated_at=_ago(1 / 24))
    return suggestion_id, contact_id


async def _row(db, suggestion_id: uuid.UUID) -> FollowUpSuggestion:
    row = await db.scalar(
        select(FollowUpSuggestion).where(FollowUpSuggestion.id == suggestion_id).execution_options(populate_existing=True)
    )
    db.expunge_all()  # keep the loaded values readable after the rollback below
    await db.rollback()
    return row


ROUTES = [
    ("GET", BASE, None),
    ("GET", f"{BASE}/digest", None),
    ("POST", f"{BASE}/generate", None),
    ("PUT", f"{BASE}/{uuid.uuid4()}", {"status": "dismissed"}),
    ("POST", f"{BASE}/{uuid.uuid4()}/regenerate", {"channel": "email"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
async def test_requires_token(client, method, path, body):
    response = await client.request(method, path, json=body)

    assert response.status_code == 401
    assert response.json()["detail"] == "Not authenticated"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("PUT", "", {"status": "dismissed"}), ("POST", "/regenerate", {"channel": "email"})],
    ids=["update", "regenerate"],
)
async def test_other_users_suggestion_is_404(client, db, user, other_user, method, suffix, body):
    suggestion_id, _ = await _pending(db, other_user)

    response = await client.request(method, f"{BASE}/{suggestion_id}{suffix}", json=body, headers=user.headers)

    assert response.status_code == 404
    assert response.json()["detail"] == "Suggestion not found"
    assert (await _row(db, suggestion_id)).status == "pending"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("PUT", "", {"status": "dismissed"}), ("POST", "/regenerate", None)],
    ids=["update", "regenerate"],
)
async def test_unknown_suggestion_is_404(client, user, method, suffix, body):
    response = await client.request(method, f"{BASE}/{uuid.uuid4()}{suffix}", json=body, headers=user.headers)

    assert response.status_code == 404


async def test_invalid_uuid_is_422(client, user):
    response = await client.put(f"{BASE}/not-a-uuid", json={"status": "sent"}, headers=user.headers)

    assert response.status_code == 422


async def test_list_hides_other_users(client, db, user, other_user):
    await _pending(db, other_user)

    response = await client.get(BASE, headers=user.headers)

    assert response.json()["data"] == []
    assert response.json()["meta"] == {"count": 0, "draft_source": "template"}


async def test_extension_token_lists(client, db, settings, user):
    suggestion_id, _ = await _pending(db, user, linkedin_profile_id="priya-raman")

    response = await client.get(BASE, headers=_extension_headers(settings, user))

    assert response.status_code == 200
    [item] = response.json()["data"]
    assert item["id"] == str(suggestion_id)
    assert item["contact"]["linkedin_profile_id"] == "priya-raman"


async def test_extension_token_regenerates(client, db, settings, user):
    suggestion_id, _ = await _pending(db, user)

    response = await client.post(f"{BASE}/{suggestion_id}/regenerate", json={}, headers=_extension_headers(settings, user))

    assert response.status_code == 200
    assert response.json()["data"]["suggested_message"].startswith("Hi Priya,")


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("GET", "/digest", None), ("POST", "/generate", None), ("PUT", "/{id}", {"status": "dismissed"})],
    ids=["digest", "generate", "update"],
)
async def test_extension_token_rejected(client, db, settings, user, method, suffix, body):
    suggestion_id, _ = await _pending(db, user)

    path = BASE + suffix.replace("{id}", str(suggestion_id))
    response = await client.request(method, path, json=body, headers=_extension_headers(settings, user))

    assert response.status_code == 401


async def test_list_item_shape(client, db, user):
    suggestion_id, contact_id = await _pending(
        db,
        user,
        full_name="Priya Raman",
        family_name="Raman",
        company="Acme",
        title="CTO",
        avatar_url="/static/avatars/p.png",
        telegram_username="priya_r",
        twitter_handle="priya",
        linkedin_profile_id="priya-raman",
        linkedin_url="https://www.linkedin.com/in/priya-raman",
    )

    body = (await client.get(BASE, headers=user.headers)).json()

    [item] = body["data"]
    assert body["meta"] == {"count": 1, "draft_source": "template"}
    assert item["id"] == str(suggestion_id)
    assert item["contact_id"] == str(contact_id)
    assert item["user_id"] == str(user.id)
    assert item["status"] == "pending"
    assert item["trigger_type"] == "time_based"
    assert item["suggested_channel"] == "email"
    assert item["pool"] == "A"
    assert item["draft_source"] == "template"
    assert item["contact"] == {
        "id": str(contact_id),
        "full_name": "Priya Raman",
        "given_name": "Priya",
        "family_name": "Raman",
        "company": "Acme",
        "title": "CTO",
        "avatar_url": "/static/avatars/p.png",
        "telegram_username": "priya_r",
        "twitter_handle": "priya",
        "last_interaction_at": None,
        "linkedin_profile_id": "priya-raman",
        "linkedin_url": "https://www.linkedin.com/in/priya-raman",
    }


async def test_list_newest_first(client, db, user):
    first = await make_contact(db, user.id)
    second = await make_contact(db, user.id)
    older = await add_suggestion(db, user.id, first, created_at=_ago(2))
    newer = await add_suggestion(db, user.id, second, created_at=_ago(1))

    data = (await client.get(BASE, headers=user.headers)).json()["data"]

    assert [item["id"] for item in data] == [str(newer), str(older)]


@pytest.mark.parametrize(
    ("name", "contact", "suggestion", "listed"),
    [
        ("pending", {}, {}, True),
        ("archived contact", {"priority_level": "archived"}, {}, False),
        ("2nd tier contact", {"tags": ["2nd tier"]}, {}, False),
        ("no channel", {"emails": []}, {}, False),
        ("sent", {}, {"status": "sent"}, False),
        ("dismissed", {}, {"status": "dismissed", "dismissed_by": "user"}, False),
        ("snoozed until later", {}, {"status": "snoozed", "scheduled_for": "future"}, False),
        ("snooze over", {}, {"status": "snoozed", "scheduled_for": "past"}, True),
    ],
)
async def test_list_filters(client, db, user, name, contact, suggestion, listed):
    contact_id = await make_contact(db, user.id, **contact)
    times = {"future": _ago(-1), "past": _ago(1 / 24)}
    if "scheduled_for" in suggestion:
        suggestion = {**suggestion, "scheduled_for": times[suggestion["scheduled_for"]]}
    suggestion_id = await add_suggestion(db, user.id, contact_id, created_at=_ago(2), **suggestion)

    data = (await client.get(BASE, headers=user.headers)).json()["data"]

    assert [item["id"] for item in data] == ([str(suggestion_id)] if listed else [])
    if listed:
        assert data[0]["status"] == "pending"


async def test_list_reads_only(client, db, user):
    """Listing hides an outdated suggestion and shows an ended snooze without writing either change."""
    outdated_contact = await make_contact(db, user.id)
    outdated = await add_suggestion(db, user.id, outdated_contact, created_at=_ago(3))
    await add_interactions(db, user.id, outdated_contact, [_ago(1)], commit=True)
    woken_contact = await make_contact(db, user.id)
    woken = await add_suggestion(db, user.id, woken_contact, status="snoozed", scheduled_for=_ago(1 / 24), created_at=_ago(5))

    data = (await client.get(BASE, headers=user.headers)).json()["data"]

    assert [item["id"] for item in data] == [str(woken)]
    assert (await _row(db, outdated)).status == "pending"
    assert (await _row(db, woken)).status == "snoozed"


async def test_digest_has_reasons(client, db, user):
    suggestion_id, _ = await _pending(db, user)

    body = (await client.get(f"{BASE}/digest", headers=user.headers)).json()

    assert body["meta"] == {"count": 1, "draft_source": "template"}
    [item] = body["data"]
    assert item["id"] == str(suggestion_id)
    assert item["reason"] == "Time to reconnect"
    assert item["contact"]["given_name"] == "Priya"


async def test_list_limit(client, db, user):
    for _ in range(3):
        await _pending(db, user)

    response = await client.get(BASE, params={"limit": 2}, headers=user.headers)

    assert len(response.json()["data"]) == 2
    assert (await client.get(BASE, params={"limit": 0}, headers=user.headers)).status_code == 422


async def test_generate_without_body(client, db, user):
    contact_id = await make_contact(db, user.id, given_name="Priya", history=3, last_days=61, now=_now())

    response = await client.post(f"{BASE}/generate", headers=user.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"generated": 1, "draft_source": "template"}
    [item] = body["data"]
    assert item["contact_id"] == str(contact_id)
    assert item["trigger_type"] == "time_based"
    assert item["status"] == "pending"
    assert item["suggested_message"].startswith("Hi Priya,")
    assert (await client.post(f"{BASE}/generate", headers=user.headers)).json()["meta"]["generated"] == 0


async def test_sent_records_followup(client, db, user):
    suggestion_id, contact_id = await _pending(db, user)
    before = _now()

    response = await client.put(
        f"{BASE}/{suggestion_id}",
        json={"status": "sent", "suggested_message": "Edited text", "suggested_channel": "Telegram"},
        headers=user.headers,
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "sent"
    assert data["suggested_message"] == "Edited text"
    assert data["suggested_channel"] == "telegram"
    assert response.json()["meta"] == {"draft_source": "template"}
    contact = await db.scalar(select(Contact).where(Contact.id == contact_id).execution_options(populate_existing=True))
    assert contact.last_followup_at >= before


async def test_dismiss_marks_user(client, db, user):
    suggestion_id, _ = await _pending(db, user)

    response = await client.put(f"{BASE}/{suggestion_id}", json={"status": "dismissed"}, headers=user.headers)

    assert response.status_code == 200
    row = await _row(db, suggestion_id)
    assert row.status == "dismissed"
    assert row.dismissed_by == "user"


@pytest.mark.parametrize("field", ["snooze_until", "scheduled_for"])
async def test_snooze_stores_time(client, db, user, field):
    suggestion_id, _ = await _pending(db, user)
    until = (_now() + timedelta(days=3)).replace(microsecond=0)

    response = await client.put(
        f"{BASE}/{suggestion_id}", json={"status": "snoozed", field: until.isoformat()}, headers=user.headers
    )

    assert response.status_code == 200
    assert response.json()["data"]["status"] == "snoozed"
    assert datetime.fromisoformat(response.json()["data"]["scheduled_for"]) == until


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"status": "snoozed"}, "snooze_until is required when status is snoozed"),
        ({"status": "snoozed", "snooze_until": "2020-01-01T00:00:00Z"}, "snooze_until must be in the future, got 2020-01-01T00:00:00+00:00"),
    ],
    ids=["missing", "past"],
)
async def test_snooze_time_checked(client, db, user, body, detail):
    suggestion_id, _ = await _pending(db, user)

    response = await client.put(f"{BASE}/{suggestion_id}", json=body, headers=user.headers)

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert (await _row(db, suggestion_id)).status == "pending"


async def test_unsnooze_restarts_now(client, db, user):
    contact_id = await make_contact(db, user.id)
    suggestion_id = await add_suggestion(db, user.id, contact_id, status="snoozed", scheduled_for=_ago(-5))
    before = _now()

    response = await client.put(f"{BASE}/{suggestion_id}", json={"status": "pending"}, headers=user.headers)

    assert response.status_code == 200
    assert response.json()["data"]["status"] == "pending"
    assert datetime.fromisoformat(response.json()["data"]["scheduled_for"]) >= before


@pytest.mark.parametrize(
    ("current", "target"),
    [("sent", "pending"), ("sent", "sent"), ("dismissed", "snoozed"), ("dismissed", "pending"), ("sent", "dismissed")],
)
async def test_final_status_kept(client, db, user, current, target):
    contact_id = await make_contact(db, user.id)
    suggestion_id = await add_suggestion(db, user.id, contact_id, status=current)

    body = {"status": target, "snooze_until": (_now() + timedelta(days=1)).isoformat()}
    response = await client.put(f"{BASE}/{suggestion_id}", json=body, headers=user.headers)

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"Cannot change a suggestion from {current} to {target}")
    assert (await _row(db, suggestion_id)).status == current


async def test_unknown_status_400(client, db, user):
    suggestion_id, _ = await _pending(db, user)

    response = await client.put(f"{BASE}/{suggestion_id}", json={"status": "archived"}, headers=user.headers)

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid status 'archived': expected one of dismissed, pending, sent, snoozed"


@pytest.mark.parametrize(
    "body",
    [{"status": "sent", "suggested_channel": "pigeon"}, {"status": "sent", "suggested_message": ""}, {}],
    ids=["channel", "empty message", "no status"],
)
async def test_update_body_checked(client, db, user, body):
    suggestion_id, _ = await _pending(db, user)

    response = await client.put(f"{BASE}/{suggestion_id}", json=body, headers=user.headers)

    assert response.status_code == 422


async def test_regenerate_for_channel(client, db, user):
    suggestion_id, contact_id = await _pending(db, user)
    await add_interactions(
        db, user.id, contact_id, [_ago(200)], content_preview="Notes from the Berlin offsite planning call", commit=True
    )

    response = await client.post(f"{BASE}/{suggestion_id}/regenerate", json={"channel": "telegram"}, headers=user.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {
        "suggested_message": "Hey Priya! It's been a while since we caught up! I was just thinking about our last"
        ' conversation ("Notes from the Berlin offsite planning call"). How are things with you?',
        "suggested_channel": "telegram",
    }
    assert body["meta"] == {"draft_source": "template"}
    row = await _row(db, suggestion_id)
    assert row.suggested_channel == "telegram"
    assert row.suggested_message == body["data"]["suggested_message"]


async def test_regenerate_without_body(client, db, user):
    suggestion_id, _ = await _pending(db, user)

    response = await client.post(f"{BASE}/{suggestion_id}/regenerate", headers=user.headers)

    assert response.status_code == 200
    assert response.json()["data"]["suggested_channel"] == "email"


async def test_regenerate_bad_channel(client, db, user):
    suggestion_id, _ = await _pending(db, user)

    response = await client.post(f"{BASE}/{suggestion_id}/regenerate", json={"channel": "fax"}, headers=user.headers)

    assert response.status_code == 422


async def test_regenerate_sent_rejected(client, db, user):
    contact_id = await make_contact(db, user.id)
    suggestion_id = await add_suggestion(db, user.id, contact_id, status="sent")

    response = await client.post(f"{BASE}/{suggestion_id}/regenerate", json={"channel": "email"}, headers=user.headers)

    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot redraft a sent suggestion: only pending and snoozed ones can change"
