"""Benchmark the PingCRM API on a seeded account and print the figures as Markdown.

It starts PostgreSQL and Valkey (embedded unless DATABASE_URL / REDIS_URL are set), rebuilds the
`pingcrm_bench` database and runs `pingcrm serve` on a free loopback port. It seeds one user with
`--contacts` contacts and `--interactions` interactions by bulk SQL and measures sequential
request latency (p50/p95 over `--requests` requests per endpoint). Then it imports a LinkedIn
Connections.csv of `--import-rows` rows twice into a fresh account and reports rows per second,
and times the score recompute and suggestion generation when those services are present.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from backend.core.database import to_async_url  # noqa: E402
from backend.core.embedded import free_loopback_port, start_services  # noqa: E402
from backend.migrations import recreate_database, upgrade_to_head  # noqa: E402
from bench_seed import seed_account  # noqa: E402

BENCH_DATABASE = "pingcrm_bench"
SECRET = "benchmark-secret-key-0123456789-abcdefghijkl"


async def _recreate_database(url: str) -> str:
    target = make_url(to_async_url(url)).set(database=BENCH_DATABASE).render_as_string(hide_password=False)
    await recreate_database(target)
    await upgrade_to_head(target)
    return target


def _start_server(database_url: str, redis_url: str, data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_loopback_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=SECRET,
        PINGCRM_DATA_DIR=str(data_dir),
        RUN_WORKER_IN_PROCESS="false",
        LOG_LEVEL="WARNING",
        LOGIN_MAX_FAILURES="1000",
    )
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "pingcrm"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/api/health", timeout=2).status_code == 200:
                return process, base_url
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"pingcrm serve exited early:\n{process.stderr.read() if process.stderr else ''}")
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("pingcrm serve timed out: /api/health did not return 200 within 60 s")


def _register(client: httpx.Client, name: str) -> tuple[uuid.UUID, dict[str, str]]:
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    created = client.post("/api/v1/auth/register", json={"email": email, "password": "bench-password-1", "full_name": name})
    created.raise_for_status()
    login = client.post("/api/v1/auth/login", data={"username": email, "password": "bench-password-1"})
    login.raise_for_status()
    return uuid.UUID(created.json()["data"]["id"]), {"Authorization": f"Bearer {login.json()['data']['access_token']}"}


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _measure(client: httpx.Client, headers: dict[str, str], paths: list[str], requests: int) -> tuple[float, float]:
    """Return (p50, p95) in milliseconds over `requests` sequential GETs cycling through `paths`."""
    for path in paths[:3]:
        client.get(path, headers=headers).raise_for_status()
    samples = []
    for index in range(requests):
        path = paths[index % len(paths)]
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return statistics.median(samples), _percentile(samples, 0.95)


async def _sample_ids(database_url: str, user_id: uuid.UUID, count: int) -> list[str]:
    engine = create_async_engine(database_url)
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT id FROM contacts WHERE user_id = :user_id ORDER BY random() LIMIT :count"),
            {"user_id": str(user_id), "count": count},
        )
        ids = [str(row[0]) for row in rows]
    await engine.dispose()
    return ids


def _latency_table(client: httpx.Client, headers: dict[str, str], ids: list[str], requests: int) -> list[tuple[str, float, float]]:
    scenarios = {
        "list (default sort, page 1)": ["/api/v1/contacts?page=1&page_size=20"],
        "list (sort=interaction, page 50)": ["/api/v1/contacts?page=50&page_size=20&sort=interaction"],
        "list (score=active, tag=investor)": ["/api/v1/contacts?score=active&tag=investor&page_size=20"],
        "search by name": ["/api/v1/contacts?search=okafor&page_size=20", "/api/v1/contacts?search=priya&page_size=20"],
        "search by company": ["/api/v1/contacts?search=tailspin&page_size=20"],
        "search by email": ["/api/v1/contacts?search=person4242&page_size=20"],
        "search in messages (one match)": ["/api/v1/contacts?search=%23424242&page_size=20"],
        "search in messages (phrase in 1 of 8 messages)": ["/api/v1/contacts?search=conference%20in%20berlin&page_size=20"],
        "stats": ["/api/v1/contacts/stats"],
        "get contact": [f"/api/v1/contacts/{contact_id}" for contact_id in ids],
        "interactions of a contact": [f"/api/v1/contacts/{contact_id}/interactions?limit=50" for contact_id in ids],
    }
    return [(name, *_measure(client, headers, paths, requests)) for name, paths in scenarios.items()]


def _import_benchmark(client: httpx.Client, rows: int) -> list[tuple[str, float, float, dict]]:
    tool = ROOT.parent / "shared" / "tools" / "make_connections_csv.py"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Connections.csv"
        subprocess.run([sys.executable, str(tool), str(rows), str(path)], check=True)
        content = path.read_bytes()
    _, headers = _register(client, "Import Bench")
    results = []
    for label in ("first import (empty account)", "second import (same file)"):
        started = time.perf_counter()
        response = client.post(
            "/api/v1/contacts/import/linkedin",
            files={"file": ("Connections.csv", content, "text/csv")},
            headers=headers,
            timeout=300,
        )
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        data = response.json()["data"]
        results.append((label, elapsed, rows / elapsed, {k: data[k] for k in ("created", "skipped")}))
    return results


async def _timed_service_runs(database_url: str, user_id: uuid.UUID, client: httpx.Client, headers: dict[str, str]) -> list[str]:
    """Time the score recompute and suggestion generation, measuring list latency meanwhile."""
    from backend.core.database import init_engine, session_factory
    from backend.models import User

    init_engine(database_url)
    lines = []
    jobs = []
    try:
        from backend.scoring.service import recompute_scores

        jobs.append(("score recompute", lambda session, user: recompute_scores(session, user_id=user.id)))
    except ImportError:
        lines.append("score recompute: not available")
    try:
        from datetime import UTC, datetime

        from backend.suggestions.engine import generate_suggestions

        jobs.append(("suggestion generation", lambda session, user: generate_suggestions(session, user, now=datetime.now(UTC))))
    except ImportError:
        lines.append("suggestion generation: not available")

    runs = [(name, job, attempt) for name, job in jobs for attempt in ("first run", "second run")]
    for name, job, attempt in runs:
        samples: list[float] = []
        stop = threading.Event()

        def poll_list() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                client.get("/api/v1/contacts?page=1&page_size=20", headers=headers)
                samples.append((time.perf_counter() - started) * 1000)

        poller = threading.Thread(target=poll_list)
        poller.start()
        started = time.perf_counter()
        async with session_factory()() as session:
            user = await session.get(User, user_id)
            result = await job(session, user)
            await session.commit()
        elapsed = time.perf_counter() - started
        stop.set()
        poller.join()
        count = result if isinstance(result, int) else len(result)
        p95 = _percentile(samples, 0.95) if samples else float("nan")
        lines.append(
            f"{name}, {attempt}: {elapsed:.2f} s ({count} rows written); "
            f"list p95 meanwhile {p95:.1f} ms over {len(samples)} requests"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the PingCRM API on a seeded account.")
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts to seed (default 100000)")
    parser.add_argument("--interactions", type=int, default=1_000_000, help="interactions to seed (default 1000000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per endpoint (default 100)")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the LinkedIn import file (default 10000; 0 skips)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench-data", help="folder for the embedded servers (default ./bench-data)")
    args = parser.parse_args()

    random.seed(7)
    services = start_services(args.data_dir, database_url=os.environ.get("DATABASE_URL"), redis_url=os.environ.get("REDIS_URL"))
    server = None
    try:
        database_url = asyncio.run(_recreate_database(services.database_url or ""))
        server, base_url = _start_server(database_url, services.redis_url or "", args.data_dir)
        with httpx.Client(base_url=base_url, timeout=60) as client:
            user_id, headers = _register(client, "Dana Whitfield")
            started = time.perf_counter()
            engine = create_async_engine(database_url)
            asyncio.run(seed_account(engine, user_id, contacts=args.contacts, interactions=args.interactions))
            seed_seconds = time.perf_counter() - started
            ids = asyncio.run(_sample_ids(database_url, user_id, 50))

            print(f"# PingCRM benchmark: {args.contacts} contacts, {args.interactions} interactions")
            print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
            print(f"seeded in {seed_seconds:.1f} s\n")
            print("| endpoint | p50 ms | p95 ms |\n|---|---|---|")
            for name, p50, p95 in _latency_table(client, headers, ids, args.requests):
                print(f"| {name} | {p50:.1f} | {p95:.1f} |")
            if args.import_rows:
                print(f"\n| LinkedIn import of {args.import_rows} rows | seconds | rows/s | result |\n|---|---|---|---|")
                for label, seconds, rate, result in _import_benchmark(client, args.import_rows):
                    print(f"| {label} | {seconds:.2f} | {rate:.0f} | {result} |")
            print()
            for line in asyncio.run(_timed_service_runs(database_url, user_id, client, headers)):
                print(line)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        services.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
