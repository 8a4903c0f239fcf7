"""The `pingcrm` command: serve, migrate, openapi."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys

import structlog

from backend.config import get_settings
from backend.core.logging import configure_logging

log = structlog.get_logger("pingcrm.cli")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.app import create_app
    from backend.core.database import to_async_url
    from backend.core.embedded import start_services
    from backend.migrations import upgrade_to_head

    settings = get_settings()
    services = start_services(settings.data_dir, database_url=settings.database_url, redis_url=settings.redis_url)
    try:
        database_url = to_async_url(services.database_url or "")
        asyncio.run(upgrade_to_head(database_url))
        app = create_app(settings, database_url=database_url, redis_url=services.redis_url)
        config = uvicorn.Config(app, host=args.host, port=args.port, log_config=None, proxy_headers=True)
        log.info("serve.listening", url=f"http://{args.host}:{args.port}", data_dir=str(settings.data_dir))
        _absorb_exit_signals()
        uvicorn.Server(config).run()
    finally:
        services.stop()
    return 0


def _absorb_exit_signals() -> None:
    """Make SIGINT and SIGTERM harmless once uvicorn hands them back.

    uvicorn handles both signals while it serves, then restores the previous handlers and raises
    the signal again. With the default handlers that kills the process before the embedded
    servers are stopped, so the previous handlers here only log.
    """

    def note(signum: int, frame: object) -> None:
        log.info("serve.stopping", signal=signal.Signals(signum).name)

    signal.signal(signal.SIGINT, note)
    signal.signal(signal.SIGTERM, note)


def _migrate(args: argparse.Namespace) -> int:
    from backend.core.database import to_async_url
    from backend.core.embedded import start_services
    from backend.migrations import upgrade_to_head

    settings = get_settings()
    services = start_services(settings.data_dir, database_url=settings.database_url, redis_url="unused")
    try:
        asyncio.run(upgrade_to_head(to_async_url(services.database_url or "")))
    finally:
        services.stop()
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from backend.app import create_app

    document = create_app(get_settings()).openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pingcrm", description="PingCRM server")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="start the API (and local PostgreSQL and Valkey when no URLs are set)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="TCP port to listen on (default 8000)")
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="apply database migrations and exit")
    migrate.set_defaults(handler=_migrate)

    openapi = commands.add_parser("openapi", help="print the OpenAPI document as JSON")
    openapi.set_defaults(handler=_openapi)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    if args.command != "openapi":
        configure_logging(settings.log_level, settings.log_format)
    else:
        configure_logging("ERROR", settings.log_format)
    sys.exit(args.handler(args))
