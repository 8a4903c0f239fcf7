"""Account routes: register, login, profile, password, deletion."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import ValidationError
from starlette.datastructures import FormData

from backend.auth import service
from backend.auth.schemas import (
    DeletedAccountData,
    LoginJson,
    PasswordChange,
    ProfileUpdate,
    TokenData,
    UpdatedData,
    UserCreate,
    UserResponse,
    UserWithAccountsData,
)
from backend.core.deps import AppSettings, CurrentUser, DbSession, RedisClient
from backend.core.envelope import Envelope, ok
from backend.core.errors import InvalidInput, Unprocessable
from backend.models import User

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

_LOGIN_FORM_SCHEMA = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {
        "grant_type": {"type": "string", "pattern": "password"},
        "username": {"type": "string", "description": "The account's email address"},
        "password": {"type": "string"},
        "scope": {"type": "string", "default": ""},
        "client_id": {"type": "string"},
        "client_secret": {"type": "string"},
        "remember_me": {"type": "string", "description": "`true` makes the token last 30 days instead of 24 hours"},
    },
}
_LOGIN_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": _LOGIN_FORM_SCHEMA},
            "application/json": {"schema": LoginJson.model_json_schema()},
        },
    }
}


def _user_view(user: User, accounts: list | None = None) -> dict[str, Any]:
    primary = accounts[0] if accounts else None
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "created_at": user.created_at,
        "google_connected": bool(accounts),
        "google_email": primary.email if primary else None,
        "telegram_connected": bool(user.telegram_session_encrypted and user.telegram_username),
        "telegram_username": user.telegram_username,
        "twitter_connected": user.twitter_access_token_encrypted is not None,
        "twitter_username": user.twitter_username,
        "linkedin_extension_paired_at": user.linkedin_extension_paired_at,
        "whatsapp_connected": user.whatsapp_connected,
        "whatsapp_phone": user.whatsapp_phone,
        "meta_connected": user.meta_connected,
        "meta_connected_name": user.meta_connected_name,
        "meta_sync_facebook": user.meta_sync_facebook,
        "meta_sync_instagram": user.meta_sync_instagram,
        "google_accounts": [{"id": a.id, "email": a.email, "created_at": a.created_at} for a in accounts or []],
    }


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=Envelope[UserResponse])
async def register(body: UserCreate, session: DbSession, settings: AppSettings) -> dict:
    """Create an account. The client logs in afterwards; no token is issued here."""
    user = await service.register(
        session,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        phone_region=settings.default_phone_region,
    )
    return ok(_user_view(user))


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "1", "on", "yes"})


async def _read_login_body(request: Request) -> LoginJson:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            payload = json.loads(await request.body() or b"{}")
            body = LoginJson.model_validate(payload)
        except (ValueError, ValidationError) as exc:
            raise Unprocessable("Invalid login body: send JSON with `username` (or `email`) and `password`") from exc
    elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        form: FormData = await request.form()
        body = LoginJson(
            username=str(form.get("username") or ""),
            password=str(form.get("password") or ""),
            remember_me=_is_true(form.get("remember_me")),
        )
    else:
        raise InvalidInput("Send the login as form fields `username` and `password`, or as JSON")
    body.username = (body.username or body.email or "").strip()
    if not body.username or not body.password:
        raise Unprocessable("Both `username` (the account email) and `password` are required")
    return body


@router.post("/login", response_model=Envelope[TokenData], openapi_extra=_LOGIN_OPENAPI)
async def login(request: Request, session: DbSession, redis: RedisClient, settings: AppSettings) -> dict:
    """Exchange email and password for an access token (24 hours, or 30 days with `remember_me=true`)."""
    body = await _read_login_body(request)
    address = request.client.host if request.client else None
    token = await service.login(
        session,
        redis,
        settings,
        email=body.username or "",
        password=body.password,
        remember_me=body.remember_me,
        address=address,
    )
    return ok({"access_token": token, "token_type": "bearer"})


@router.get("/me", response_model=Envelope[UserWithAccountsData])
async def me(user: CurrentUser, session: DbSession) -> dict:
    """Return the signed-in user with the state of each connected service."""
    accounts = await service.google_accounts(session, user)
    return ok(_user_view(user, accounts))


@router.put("/me", response_model=Envelope[UpdatedData])
async def update_me(body: ProfileUpdate, user: CurrentUser, session: DbSession) -> dict:
    """Change the account's display name."""
    await service.update_profile(session, user, full_name=body.full_name)
    return ok({"updated": True})


@router.delete("/me", response_model=Envelope[DeletedAccountData])
async def delete_me(user: CurrentUser, session: DbSession) -> dict:
    """Delete the account and all of its data."""
    await service.delete_account(session, user)
    return ok({"deleted": True})


@router.post("/change-password", response_model=Envelope[UpdatedData])
async def change_password(body: PasswordChange, user: CurrentUser, session: DbSession) -> dict:
    """Replace the password after checking the current one; new passwords need at least 8 characters."""
    await service.change_password(
        session, user, current_password=body.current_password, new_password=body.new_password
    )
    return ok({"updated": True})
