"""The process-wide Redis client (Redis or Valkey)."""

from __future__ import annotations

from redis.asyncio import Redis

_client: Redis | None = None


def init_redis(url: str) -> Redis:
    global _client
    _client = Redis.from_url(url, decode_responses=True)
    return _client


def get_redis() -> Redis:
    if _client is None:
        raise RuntimeError("The Redis client is not initialised; call init_redis() first")
    return _client


async def close_redis() -> None:
    global _client
    if _client is not None:
        await _client.aclose()
    _client = None
