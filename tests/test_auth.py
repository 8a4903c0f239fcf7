from __future__ import annotations

import uuid

from sqlalchemy import func, select

from backend.models import Contact, Interaction, User
from tests.conftest import register_user


async def test_me_requires_token(client):
    response = await client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Not authenticated"


async def test_me_rejects_garbage_token(client):
    response = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Could not validate credentials"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_register_then_me(client, user):
    response = await client.get("/api/v1/auth/me", headers=user.headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["email"] == user.email
    assert data["full_name"] == "Dana Whitfield"
    assert data["google_accounts"] == []
    assert data["meta_sync_facebook"] is True


async def test_register_duplicate_email_case_insensitive(client, user):
    response = await client.post(
        "/api/v1/auth/register", json={"email": user.email.upper(), "password": "another-pass-1"}
    )
    assert response.status_code == 409
    assert "already registered" in response.json()["detail"]


async def test_register_short_password_422(client):
    response = await client.post("/api/v1/auth/register", json={"email": "x@example.com", "password": "short"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "password"]


async def test_login_json_body(client, user):
    response = await client.post("/api/v1/auth/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 200
    assert response.json()["data"]["token_type"] == "bearer"


async def test_login_wrong_password_401(client, user):
    response = await client.post("/api/v1/auth/login", data={"username": user.email, "password": "wrong-password"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Incorrect email or password"


async def test_login_remember_me_lasts_30_days(client, user):
    from jose import jwt

    short = await client.post("/api/v1/auth/login", data={"username": user.email, "password": user.password})
    long = await client.post(
        "/api/v1/auth/login", data={"username": user.email, "password": user.password, "remember_me": "true"}
    )
    short_claims = jwt.get_unverified_claims(short.json()["data"]["access_token"])
    long_claims = jwt.get_unverified_claims(long.json()["data"]["access_token"])
    assert short_claims["exp"] - short_claims["iat"] == 24 * 3600
    assert long_claims["exp"] - long_claims["iat"] == 30 * 24 * 3600
    assert long_claims["aud"] == "pingcrm-web"
    assert long_claims["sub"] == str(user.id)


async def test_login_throttled_after_repeated_failures(client, user):
    for _ in range(5):
        failed = await client.post("/api/v1/auth/login", data={"username": user.email, "password": "nope-nope"})
        assert failed.status_code == 401
    blocked = await client.post("/api/v1/auth/login", data={"username": user.email, "password": user.password})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Too many failed login attempts" in blocked.json()["detail"]


async def test_update_profile_and_change_password(client, user):
    updated = await client.put("/api/v1/auth/me", json={"full_name": "Dana W."}, headers=user.headers)
    assert updated.json()["data"] == {"updated": True}
    wrong = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": "bad-password", "new_password": "new-password-1"},
        headers=user.headers,
    )
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "Current password is incorrect"
    too_short = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": user.password, "new_password": "short"},
        headers=user.headers,
    )
    assert too_short.status_code == 400
    changed = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": user.password, "new_password": "new-password-1"},
        headers=user.headers,
    )
    assert changed.status_code == 200
    login = await client.post("/api/v1/auth/login", data={"username": user.email, "password": "new-password-1"})
    assert login.status_code == 200


async def test_delete_account_removes_all_data(client, db):
    owner = await register_user(client)
    created = await client.post(
        "/api/v1/contacts", json={"full_name": "To Be Deleted", "emails": ["gone@example.com"]}, headers=owner.headers
    )
    assert created.status_code == 201, created.text
    contact_id = created.json()["data"]["id"]
    note = await client.post(
        f"/api/v1/contacts/{contact_id}/interactions",
        json={"content_preview": "note", "occurred_at": "2026-01-01T10:00:00Z"},
        headers=owner.headers,
    )
    assert note.status_code == 201, note.text

    deleted = await client.delete("/api/v1/auth/me", headers=owner.headers)
    assert deleted.json()["data"] == {"deleted": True}

    assert await db.scalar(select(func.count()).select_from(User).where(User.id == owner.id)) == 0
    assert await db.scalar(select(func.count()).select_from(Contact).where(Contact.user_id == owner.id)) == 0
    assert await db.scalar(select(func.count()).select_from(Interaction).where(Interaction.user_id == owner.id)) == 0
    after = await client.get("/api/v1/auth/me", headers=owner.headers)
    assert after.status_code == 401


async def test_token_of_unknown_user_401(client, settings):
    from datetime import timedelta

    from backend.core.security import create_access_token

    token = create_access_token(
        user_id=uuid.uuid4(), audience="pingcrm-web", secret=TEST_SECRET_FROM(settings), lifetime=timedelta(minutes=5)
    )
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_extension_token_rejected_on_web_route(client, user, settings):
    from datetime import timedelta

    from backend.core.security import create_access_token

    token = create_access_token(
        user_id=user.id, audience="pingcrm-extension", secret=TEST_SECRET_FROM(settings), lifetime=timedelta(minutes=5)
    )
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def TEST_SECRET_FROM(settings) -> str:
    return settings.resolved_secret_key()
