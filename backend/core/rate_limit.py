"""Fixed-window counters in Redis, shared by every API process."""

from __future__ import annotations

from redis.asyncio import Redis


async def count_hit(redis: Redis, key: str, *, window_seconds: int) -> tuple[int, int]:
    """Add one hit to `key`; return the hits in the current window and the seconds until it resets."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, window_seconds, nx=True)
        pipe.ttl(key)
        hits, _, ttl = await pipe.execute()
    return int(hits), max(1, int(ttl))


async def current_hits(redis: Redis, key: str) -> tuple[int, int]:
    """Return the hits recorded under `key` and the seconds until they expire (0 when none)."""
    async with redis.pipeline(transaction=False) as pipe:
        pipe.get(key)
        pipe.ttl(key)
        hits, ttl = await pipe.execute()
    return int(hits or 0), max(0, int(ttl))


async def clear(redis: Redis, key: str) -> None:
    await redis.delete(key)
