"""Password hashing (argon2 through passlib) and JWT access tokens (python-jose, HS256)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt
from passlib.context import CryptContext

from backend.core.errors import Unauthorized

ALGORITHM = "HS256"
_passwords = CryptContext(schemes=["argon2"], deprecated="auto")


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    try:
        return _passwords.verify(password, hashed)
    except (ValueError, TypeError):
        return False


def create_access_token(*, user_id: uuid.UUID, audience: str, secret: str, lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "aud": audience, "iat": int(now.timestamp()), "exp": int((now + lifetime).timestamp())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, *, secret: str, audiences: tuple[str, ...]) -> uuid.UUID:
    """Return the user id of a valid token whose `aud` is one of `audiences`; raise Unauthorized otherwise."""
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"verify_aud": False})
    except JWTError as exc:
        raise Unauthorized() from exc
    if claims.get("aud") not in audiences:
        raise Unauthorized()
    try:
        return uuid.UUID(str(claims.get("sub")))
    except ValueError as exc:
        raise Unauthorized() from exc


def new_api_key(prefix: str = "pingcrm_") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """SHA-256 hex digest of an API key. Keys carry 256 random bits, so no salt or secret is needed."""
    return hashlib.sha256(key.encode()).hexdigest()


def constant_time_equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
