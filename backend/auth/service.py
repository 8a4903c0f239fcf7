"""Accounts: registration, credentials, login throttling, profile, deletion."""

from __future__ import annotations

from datetime import timedelta

import structlog
from redis.asyncio import Redis
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import WEB_AUDIENCE, Settings
from backend.core import rate_limit
from backend.core.errors import Conflict, InvalidInput, TooManyRequests, Unauthorized
from backend.core.normalize import clean_text
from backend.core.security import create_access_token, hash_password, verify_password
from backend.models import GoogleAccount, User

log = structlog.get_logger("pingcrm.auth")

MIN_PASSWORD_LENGTH = 8
ADDRESS_FAILURE_FACTOR = 4  # one address may fail this many times more often than one email (shared NAT)


async def register(
    session: AsyncSession, *, email: str, password: str, full_name: str | None, phone_region: str = "US"
) -> User:
    email = email.strip()
    existing = await session.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
    if existing is not None:
        raise Conflict("Email already registered; log in or use another address")
    user = User(
        email=email,
        hashed_password=hash_password(password),
        full_name=clean_text(full_name),
        phone_region=phone_region.upper()[:2],
    )
    session.add(user)
    await session.flush()
    await session.refresh(user)
    log.info("auth.registered", user_id=str(user.id))
    return user


def _failure_keys(email: str, address: str | None) -> tuple[str, str | None]:
    email_key = f"login:failures:email:{email.strip().lower()}"
    address_key = f"login:failures:address:{address}" if address else None
    return email_key, address_key


async def login(
    session: AsyncSession,
    redis: Redis,
    settings: Settings,
    *,
    email: str,
    password: str,
    remember_me: bool,
    address: str | None,
) -> str:
    """Check the credentials and return a web access token.

    After `login_max_failures` failed attempts for one email (or four times as many from one client
    address) within `login_window_seconds`, further attempts get 429 until the window ends.
    """
    email_key, address_key = _failure_keys(email, address)
    await _reject_if_throttled(redis, settings, email_key, settings.login_max_failures)
    if address_key:
        await _reject_if_throttled(redis, settings, address_key, settings.login_max_failures * ADDRESS_FAILURE_FACTOR)

    user = await session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not verify_password(password, user.hashed_password):
        await rate_limit.count_hit(redis, email_key, window_seconds=settings.login_window_seconds)
        if address_key:
            await rate_limit.count_hit(redis, address_key, window_seconds=settings.login_window_seconds)
        log.info("auth.login_failed", address=address)
        raise Unauthorized("Incorrect email or password")

    await rate_limit.clear(redis, email_key)
    lifetime = timedelta(days=settings.remember_me_days) if remember_me else timedelta(minutes=settings.access_token_minutes)
    log.info("auth.login_succeeded", user_id=str(user.id), remember_me=remember_me)
    return create_access_token(
        user_id=user.id, audience=WEB_AUDIENCE, secret=settings.resolved_secret_key(), lifetime=lifetime
    )


async def _reject_if_throttled(redis: Redis, settings: Settings, key: str, limit: int) -> None:
    hits, ttl = await rate_limit.current_hits(redis, key)
    if hits >= limit:
        raise TooManyRequests(
            f"Too many failed login attempts; try again in {ttl} seconds", retry_after=ttl or settings.login_window_seconds
        )


async def google_accounts(session: AsyncSession, user: User) -> list[GoogleAccount]:
    result = await session.scalars(
        select(GoogleAccount).where(GoogleAccount.user_id == user.id).order_by(GoogleAccount.created_at)
    )
    return list(result)


async def update_profile(session: AsyncSession, user: User, *, full_name: str | None) -> None:
    user.full_name = clean_text(full_name)
    await session.flush()


async def change_password(session: AsyncSession, user: User, *, current_password: str, new_password: str) -> None:
    if not verify_password(current_password, user.hashed_password):
        raise InvalidInput("Current password is incorrect")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"New password must be at least {MIN_PASSWORD_LENGTH} characters")
    user.hashed_password = hash_password(new_password)
    await session.flush()
    log.info("auth.password_changed", user_id=str(user.id))


async def delete_account(session: AsyncSession, user: User) -> None:
    """Delete the user. Every table that contains their data cascades from `users`."""
    await session.execute(delete(User).where(User.id == user.id))
    log.info("auth.account_deleted", user_id=str(user.id))
