"""Time the relationship score recompute and the activity breakdown on one seeded account.

Usage: `.venv/bin/python scripts/bench_scores.py [--contacts N] [--interactions M] [--runs R]`.
It uses the PostgreSQL server of DATABASE_URL, or starts the embedded one in a temporary folder,
and rebuilds the `pingcrm_bench_scores` database there (any other database is left alone). The
account is seeded by scripts/bench_seed.py, so the data is the same as in scripts/bench.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from backend.core.database import to_async_url  # noqa: E402
from backend.migrations import upgrade_to_head  # noqa: E402
from backend.models import User  # noqa: E402
from backend.scoring.service import contact_activity, recompute_scores  # noqa: E402
from bench_seed import seed_account  # noqa: E402

BENCH_DATABASE = "pingcrm_bench_scores"


async def _prepare_database(server_url: str) -> str:
    target = make_url(to_async_url(server_url)).set(database=BENCH_DATABASE)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await connection.exec_driver_sql(f'CREATE DATABASE "{BENCH_DATABASE}"')
    await admin.dispose()
    url = target.render_as_string(hide_password=False)
    await upgrade_to_head(url)
    return url


async def _timed(label: str, runs: int, action) -> list[str]:
    samples = []
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        results.append(await action())
        samples.append((time.perf_counter() - started) * 1000)
    return [f"| {label} | {statistics.median(samples):.1f} | {max(samples):.1f} | {results[0]} |"]


async def run(server_url: str, *, contacts: int, interactions: int, runs: int) -> None:
    url = await _prepare_database(server_url)
    engine = create_async_engine(url)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    user_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO users (id, email, hashed_password) VALUES (:id, :email, 'unused')"),
            {"id": user_id, "email": f"bench-{user_id.hex[:8]}@example.com"},
        )
    started = time.perf_counter()
    await seed_account(engine, user_id, contacts=contacts, interactions=interactions)
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.exec_driver_sql("VACUUM ANALYZE")
    print(f"Seeded {contacts} contacts and {interactions} interactions in {time.perf_counter() - started:.1f} s\n")

    async with factory() as session:
        user = await session.get(User, user_id)
        sample = list((await session.execute(text("SELECT id FROM contacts WHERE user_id = :u LIMIT 100"), {"u": user_id})).scalars())
        # Reset the seeded scores so the first run writes rows, as after an import.
        await session.execute(text("UPDATE contacts SET relationship_score = 0 WHERE user_id = :u"), {"u": user_id})
        await session.commit()

        async def recompute_all() -> str:
            changed = await recompute_scores(session, user_id=user_id)
            await session.commit()
            return f"{changed} rows changed"

        async def recompute_some() -> str:
            changed = await recompute_scores(session, user_id=user_id, contact_ids=sample)
            await session.commit()
            return f"{changed} rows changed"

        async def activity() -> str:
            data = await contact_activity(session, user, sample[0])
            return f"score {data['score']}"

        lines = ["| Operation | Median ms | Max ms | First result |", "|---|---|---|---|"]
        lines += await _timed("recompute, all contacts (first run writes)", 1, recompute_all)
        lines += await _timed("recompute, all contacts (no change)", runs, recompute_all)
        lines += await _timed(f"recompute, {len(sample)} contacts", runs, recompute_some)
        lines += await _timed("activity breakdown, one contact", runs, activity)
    await engine.dispose()
    print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the relationship score recompute on a seeded account.")
    parser.add_argument("--contacts", type=int, default=10_000, help="contacts to seed (default 10000)")
    parser.add_argument("--interactions", type=int, default=100_000, help="interactions to seed (default 100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per operation (default 5)")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL")
    services = None
    if not server_url:
        from backend.core.embedded import start_services

        services = start_services(Path(tempfile.mkdtemp(prefix="pingcrm-bench-scores-")), database_url=None, redis_url="unused")
        server_url = services.database_url
    try:
        asyncio.run(run(server_url, contacts=args.contacts, interactions=args.interactions, runs=args.runs))
    finally:
        if services is not None:
            services.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
