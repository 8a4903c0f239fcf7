"""Application factory: routers, middleware, exception handlers, and the lifespan of shared clients."""

from __future__ import annotations

from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI

from backend.activity.router import router as activity_router
from backend.auth.router import router as auth_router
from backend.config import Settings, get_settings
from backend.core.database import dispose_engine, init_engine, to_async_url
from backend.core.errors import install_error_handlers
from backend.core.jobs import close_arq_pool
from backend.core.middleware import RequestContextMiddleware
from backend.core.redis import close_redis, init_redis
from backend.contacts.router import router as contacts_router
from backend.diagnostics.router import router as diagnostics_router
from backend.imports.router import router as imports_router
from backend.interactions.router import router as interactions_router
from backend.notifications.router import router as notifications_router
from backend.scoring.router import router as scoring_router
from backend.settings.router import router as settings_router
from backend.suggestions.router import router as suggestions_router
from backend.sync_history.router import router as sync_history_router

log = structlog.get_logger("pingcrm.app")

# Routers with static paths under /api/v1/contacts come before the contacts router, whose
# /contacts/{contact_id} would otherwise capture them.
ROUTERS = [
    diagnostics_router,
    auth_router,
    imports_router,
    scoring_router,
    interactions_router,
    suggestions_router,
    notifications_router,
    activity_router,
    sync_history_router,
    settings_router,
    contacts_router,
]


def create_app(settings: Settings | None = None, *, database_url: str | None = None, redis_url: str | None = None) -> FastAPI:
    """Build the API. URLs given here win over the settings (the CLI passes embedded servers' URLs)."""
    settings = settings or get_settings()
    database_url = database_url or settings.database_url
    redis_url = redis_url or settings.redis_url

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if not database_url or not redis_url:
            raise RuntimeError("No DATABASE_URL or REDIS_URL: start the server with `pingcrm serve`, which starts local ones")
        init_engine(to_async_url(database_url), pool_size=settings.db_pool_size)
        init_redis(redis_url)
        log.info("app.started")
        try:
            yield
        finally:
            await close_arq_pool()
            await close_redis()
            await dispose_engine()
            log.info("app.stopped")

    app = FastAPI(
        title="PingCRM API",
        version="0.1.0",
        description="Self-hosted personal networking CRM.",
        lifespan=lifespan,
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.add_middleware(RequestContextMiddleware)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
