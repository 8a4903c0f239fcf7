"""Settings API: intervals, suggestion and sync preferences, Telegram option, MCP key."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from backend.core.security import hash_api_key
from backend.models import User
from backend.settings.defaults import (
    SUGGESTION_PREF_DEFAULTS,
    SYNC_PLATFORMS,
    priority_intervals,
    suggestion_prefs,
    sync_preferences,
)
from backend.settings.schemas import SyncSettingsInput

BASE = "/api/v1/settings"


def _detail_text(response) -> str:
    return response.json()["error"]


async def _stored(db, user_id, column):
    return await db.scalar(select(column).where(User.id == user_id))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/priority"),
        ("PUT", "/priority"),
        ("GET", "/suggestions"),
        ("PUT", "/suggestions"),
        ("GET", "/sync"),
        ("PUT", "/sync"),
        ("GET", "/telegram"),
        ("PUT", "/telegram"),
        ("GET", "/mcp-key"),
        ("POST", "/mcp-key"),
        ("DELETE", "/mcp-key"),
    ],
)
async def test_routes_require_token(client, method, path):
    response = await client.request(method, BASE + path, json={} if method == "PUT" else None)
    assert response.status_code == 401


# Priority intervals


async def test_priority_defaults(client, user):
    response = await client.get(f"{BASE}/priority", headers=user.headers)
    assert response.json()["data"] == {"high": 30, "medium": 60, "low": 180}


async def test_priority_update(client, user, db):
    response = await client.put(f"{BASE}/priority", json={"high": 7, "medium": 45, "low": 365}, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"high": 7, "medium": 45, "low": 365}

    again = await client.get(f"{BASE}/priority", headers=user.headers)
    assert again.json()["data"] == {"high": 7, "medium": 45, "low": 365}
    assert await _stored(db, user.id, User.priority_settings) == {"high": 7, "medium": 45, "low": 365}


@pytest.mark.parametrize("field", ["high", "medium", "low"])
@pytest.mark.parametrize("value", [6, 366])
async def test_priority_out_of_range(client, user, field, value):
    body = {"high": 30, "medium": 60, "low": 180, field: value}
    response = await client.put(f"{BASE}/priority", json=body, headers=user.headers)
    assert response.status_code == 422
    assert f"{field} must be between 7 and 365 days" in _detail_text(response)


@pytest.mark.parametrize("missing", ["high", "medium", "low"])
async def test_priority_requires_all_three(client, user, missing):
    body = {"high": 30, "medium": 60, "low": 180}
    del body[missing]
    response = await client.put(f"{BASE}/priority", json=body, headers=user.headers)
    assert response.status_code == 422
    assert missing in _detail_text(response)


async def test_priority_rejects_unknown_field(client, user):
    body = {"high": 30, "medium": 60, "low": 180, "urgent": 3}
    response = await client.put(f"{BASE}/priority", json=body, headers=user.headers)
    assert response.status_code == 422


# Suggestion preferences


async def test_suggestions_defaults(client, user):
    response = await client.get(f"{BASE}/suggestions", headers=user.headers)
    assert response.json()["data"] == {
        "max_suggestions": 10,
        "include_dormant": True,
        "birthday_reminders": True,
        "preferred_channel": "auto",
        "dormancy_threshold_days": 365,
    }


async def test_suggestions_single_key_keeps_others(client, user, db):
    await client.put(f"{BASE}/suggestions", json={"max_suggestions": 20}, headers=user.headers)
    response = await client.put(f"{BASE}/suggestions", json={"preferred_channel": "telegram"}, headers=user.headers)
    data = response.json()["data"]
    assert data["max_suggestions"] == 20
    assert data["preferred_channel"] == "telegram"
    assert data["include_dormant"] is True
    assert await _stored(db, user.id, User.suggestion_prefs) == {"max_suggestions": 20, "preferred_channel": "telegram"}


async def test_suggestions_null_leaves_value(client, user):
    await client.put(f"{BASE}/suggestions", json={"include_dormant": False}, headers=user.headers)
    body = {"include_dormant": None, "birthday_reminders": False}
    response = await client.put(f"{BASE}/suggestions", json=body, headers=user.headers)
    data = response.json()["data"]
    assert data["include_dormant"] is False
    assert data["birthday_reminders"] is False


async def test_suggestions_bounds_accepted(client, user):
    body = {"max_suggestions": 5, "dormancy_threshold_days": 3650}
    response = await client.put(f"{BASE}/suggestions", json=body, headers=user.headers)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"max_suggestions": 4}, "max_suggestions must be between 5 and 20"),
        ({"max_suggestions": 21}, "max_suggestions must be between 5 and 20"),
        ({"dormancy_threshold_days": 29}, "dormancy_threshold_days must be between 30 and 3650 days"),
        ({"dormancy_threshold_days": 3651}, "dormancy_threshold_days must be between 30 and 3650 days"),
        ({"preferred_channel": "sms"}, "preferred_channel must be one of auto, email, telegram, twitter"),
        ({"include_dormant": "yes"}, "include_dormant"),
        ({"birthday_reminders": 1}, "birthday_reminders"),
        ({"digest": True}, "digest"),
    ],
)
async def test_suggestions_invalid(client, user, body, message):
    response = await client.put(f"{BASE}/suggestions", json=body, headers=user.headers)
    assert response.status_code == 422
    assert message in _detail_text(response)


def test_suggestion_prefs_ignores_invalid_stored_values():
    stored = {"max_suggestions": 99, "include_dormant": "no", "preferred_channel": "fax", "dormancy_threshold_days": 400}
    prefs = suggestion_prefs(SimpleNamespace(suggestion_prefs=stored))
    assert prefs == {**SUGGESTION_PREF_DEFAULTS, "dormancy_threshold_days": 400}


def test_priority_intervals_ignores_invalid_stored_values():
    stored = {"high": 3, "medium": True, "low": 90}
    assert priority_intervals(SimpleNamespace(priority_settings=stored)) == {"high": 30, "medium": 60, "low": 90}


# Sync preferences


async def test_sync_defaults(client, user):
    response = await client.get(f"{BASE}/sync", headers=user.headers)
    assert response.json()["data"] == {
        "telegram": {"auto_sync": True, "schedule": "daily"},
        "gmail": {"auto_sync": True, "schedule": "6h"},
        "twitter": {"auto_sync": True, "schedule": "daily"},
        "linkedin": {"auto_sync": False, "schedule": "manual"},
        "whatsapp": {"auto_sync": True, "schedule": "daily"},
    }


async def test_sync_partial_update_merges(client, user, db):
    await client.put(f"{BASE}/sync", json={"gmail": {"auto_sync": False}}, headers=user.headers)
    response = await client.put(f"{BASE}/sync", json={"gmail": {"schedule": "12h"}, "whatsapp": None}, headers=user.headers)
    data = response.json()["data"]
    assert data["gmail"] == {"auto_sync": False, "schedule": "12h"}
    assert data["whatsapp"] == {"auto_sync": True, "schedule": "daily"}
    assert await _stored(db, user.id, User.sync_settings) == {"gmail": {"auto_sync": False, "schedule": "12h"}}


async def test_sync_preferences_reader_matches_api(client, user, db):
    await client.put(f"{BASE}/sync", json={"linkedin": {"auto_sync": True, "schedule": "daily"}}, headers=user.headers)
    stored = await _stored(db, user.id, User.sync_settings)
    preferences = sync_preferences(SimpleNamespace(sync_settings=stored))
    assert preferences["linkedin"] == {"auto_sync": True, "schedule": "daily"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"gmail": {"schedule": "2h"}}, "gmail.schedule"),
        ({"telegram": {"auto_sync": "yes"}}, "telegram.auto_sync"),
        ({"twitter": {"interval": "daily"}}, "twitter.interval"),
        ({"facebook": {"auto_sync": True}}, "facebook"),
        ({"linkedin": "daily"}, "linkedin"),
    ],
)
async def test_sync_invalid(client, user, body, message):
    response = await client.put(f"{BASE}/sync", json=body, headers=user.headers)
    assert response.status_code == 422
    assert message in _detail_text(response)


def test_sync_input_covers_every_platform():
    assert tuple(SyncSettingsInput.model_fields) == SYNC_PLATFORMS


# Telegram


async def test_telegram_default_and_update(client, user, db):
    before = await client.get(f"{BASE}/telegram", headers=user.headers)
    assert before.json()["data"] == {"sync_2nd_tier": True}

    response = await client.put(f"{BASE}/telegram", json={"sync_2nd_tier": False}, headers=user.headers)
    assert response.json()["data"] == {"sync_2nd_tier": False}
    assert await _stored(db, user.id, User.sync_2nd_tier) is False


@pytest.mark.parametrize("body", [{}, {"sync_2nd_tier": None}, {"sync_2nd_tier": "off"}])
async def test_telegram_invalid(client, user, body):
    response = await client.put(f"{BASE}/telegram", json=body, headers=user.headers)
    assert response.status_code == 422
    assert "sync_2nd_tier" in _detail_text(response)


# MCP key


async def test_mcp_key_shown_once_and_hashed(client, user, db):
    status = await client.get(f"{BASE}/mcp-key", headers=user.headers)
    assert status.json()["data"] == {"has_key": False}

    created = await client.post(f"{BASE}/mcp-key", headers=user.headers)
    assert created.status_code == 200
    key = created.json()["data"]["key"]
    assert key.startswith("pingcrm_")
    assert len(key) == 51
    assert created.headers["cache-control"] == "no-store"

    stored = await _stored(db, user.id, User.mcp_api_key_hash)
    assert stored == hash_api_key(key)
    assert stored != key

    after = await client.get(f"{BASE}/mcp-key", headers=user.headers)
    assert after.json()["data"] == {"has_key": True}
    assert key not in after.text


async def test_mcp_key_regenerate_replaces(client, user, db):
    first = (await client.post(f"{BASE}/mcp-key", headers=user.headers)).json()["data"]["key"]
    second = (await client.post(f"{BASE}/mcp-key", headers=user.headers)).json()["data"]["key"]
    assert first != second
    assert await _stored(db, user.id, User.mcp_api_key_hash) == hash_api_key(second)


async def test_mcp_key_revoke_is_idempotent(client, user, db):
    await client.post(f"{BASE}/mcp-key", headers=user.headers)
    for _ in range(2):
        response = await client.delete(f"{BASE}/mcp-key", headers=user.headers)
        assert response.status_code == 200
        assert response.json()["data"] == {"revoked": True}

    status = await client.get(f"{BASE}/mcp-key", headers=user.headers)
    assert status.json()["data"] == {"has_key": False}
    assert await _stored(db, user.id, User.mcp_api_key_hash) is None


async def test_mcp_key_per_user(client, user, other_user):
    await client.post(f"{BASE}/mcp-key", headers=user.headers)
    response = await client.get(f"{BASE}/mcp-key", headers=other_user.headers)
    assert response.json()["data"] == {"has_key": False}
