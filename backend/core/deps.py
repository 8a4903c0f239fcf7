"""Request dependencies shared by every router: settings, database session, current user."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import EXTENSION_AUDIENCE, WEB_AUDIENCE, Settings
from backend.core.database import get_session
from backend.core.errors import Unauthorized
from backend.core.redis import get_redis
from backend.core.security import decode_access_token
from backend.models import User


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(get_app_settings)]
DbSession = Annotated[AsyncSession, Depends(get_session)]
RedisClient = Annotated[Redis, Depends(get_redis)]

_bearer = HTTPBearer(auto_error=False, description="A JWT from POST /api/v1/auth/login")


async def _load_user(
    credentials: HTTPAuthorizationCredentials | None,
    session: AsyncSession,
    settings: Settings,
    audiences: tuple[str, ...],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthorized("Not authenticated")
    user_id = decode_access_token(credentials.credentials, secret=settings.resolved_secret_key(), audiences=audiences)
    user = await session.get(User, user_id)
    if user is None:
        raise Unauthorized()
    structlog.contextvars.bind_contextvars(user_id=str(user.id))
    return user


async def get_current_user(
    session: DbSession,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """Return the user of a web-app token. Extension tokens are rejected with 401."""
    return await _load_user(credentials, session, settings, (WEB_AUDIENCE,))


async def get_current_user_or_extension(
    session: DbSession,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """Return the user of a web-app or Chrome-extension token."""
    return await _load_user(credentials, session, settings, (WEB_AUDIENCE, EXTENSION_AUDIENCE))


CurrentUser = Annotated[User, Depends(get_current_user)]
CurrentUserOrExtension = Annotated[User, Depends(get_current_user_or_extension)]
