"""The `pingcrm` command: serve, worker, migrate, openapi."""

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
    server = None
    try:
        database_url = to_async_url(services.database_url or "")
        asyncio.run(upgrade_to_head(database_url))
        app = create_app(settings, database_url=database_url, redis_url=services.redis_url)
        config = uvicorn.Config(app, host=args.host, port=args.port, log_config=None, proxy_headers=True)
        log.info("serve.listening", url=f"http://{args.host}:{args.port}", data_dir=str(settings.data_dir))
        worker_factory = None
        if settings.run_worker_in_process:
            worker_factory = _in_process_worker_factory(settings, database_url=database_url, redis_url=services.redis_url or "")
        server = _server_class()(config, worker_factory=worker_factory)
        _absorb_exit_signals()
        server.run()
    finally:
        services.stop()
    return 1 if server is not None and server.worker_failed else 0


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


def _in_process_worker_factory(settings, *, database_url: str, redis_url: str):
    from backend.worker import create_worker

    # uvicorn owns the signals in this process; the server stops the worker in its shutdown.
    return lambda: create_worker(settings, database_url=database_url, redis_url=redis_url, handle_signals=False)


def _server_class():
    """Return a uvicorn Server that also runs an arq worker as a task of its event loop."""
    import uvicorn

    class ServerWithWorker(uvicorn.Server):
        def __init__(self, config, *, worker_factory=None):
            super().__init__(config)
            self.worker_factory = worker_factory
            self.worker = None
            self.worker_task: asyncio.Task | None = None
            self.worker_failed = False

        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.worker_factory is None or self.should_exit:
                return
            # arq's Worker binds to the running loop when it is built, so build it here.
            self.worker = self.worker_factory()
            self.worker_task = asyncio.create_task(self.worker.async_run(), name="arq-worker")
            self.worker_task.add_done_callback(self._worker_ended)
            log.info("serve.worker_started")

        def _worker_ended(self, task: asyncio.Task) -> None:
            if task.cancelled() or self.should_exit:
                return
            error = task.exception()
            self.worker_failed = True
            log.error("serve.worker_failed", error=f"{type(error).__name__}: {error}" if error else "the worker stopped")
            self.should_exit = True

        async def shutdown(self, sockets=None):
            # HTTP requests may be waiting for jobs, so the worker stops after they have drained.
            await super().shutdown(sockets=sockets)
            await self._stop_worker()

        async def _stop_worker(self) -> None:
            if self.worker is None or self.worker_task is None:
                return
            try:
                await self.worker.close()
            except Exception as exc:  # stopping anyway; the embedded servers are stopped next
                log.error("serve.worker_stop_failed", error=f"{type(exc).__name__}: {exc}")
            if not self.worker_task.done():
                self.worker_task.cancel()
            try:
                await self.worker_task
            except (asyncio.CancelledError, Exception):
                pass
            log.info("serve.worker_stopped")

    return ServerWithWorker


def _worker(args: argparse.Namespace) -> int:
    from backend.worker import create_worker

    settings = get_settings()
    if not settings.database_url or not settings.redis_url:
        log.error(
            "worker.not_configured",
            error="pingcrm worker needs DATABASE_URL and REDIS_URL; without them, run `pingcrm serve`, which runs the worker inside the API process",
        )
        return 2

    async def run() -> None:
        # arq handles SIGINT and SIGTERM: it cancels running jobs, which go back to the queue.
        worker = create_worker(settings, database_url=settings.database_url, redis_url=settings.redis_url)
        try:
            await worker.async_run()
        except asyncio.CancelledError:
            pass
        finally:
            await worker.close()

    asyncio.run(run())
    return 0


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

    worker = commands.add_parser("worker", help="run the background job worker (needs DATABASE_URL and REDIS_URL)")
    worker.set_defaults(handler=_worker)

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
