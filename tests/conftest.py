"""Test fixtures: real PostgreSQL and Redis (embedded ones unless TEST_DATABASE_URL / TEST_REDIS_URL are set).

The test database is dropped and rebuilt through the migrations once per session. Tests isolate
their data by registering their own users, which is also how the product isolates tenants.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app import create_app
from backend.config import Settings
from backend.core.database import session_factory, to_async_url
from backend.core.embedded import start_services
from backend.migrations import recreate_database, upgrade_to_head

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@dataclass
class TestServices:
    database_url: str
    redis_url: str


@pytest.fixture(scope="session")
async def services() -> AsyncIterator[TestServices]:
    database_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    embedded = None
    if not database_url or not redis_url:
        data_dir = Path(os.environ.get("PINGCRM_TEST_DATA_DIR", ROOT / ".test-data"))
        embedded = start_services(data_dir, database_url=database_url, redis_url=redis_url)
        database_url = embedded.database_url
        redis_url = embedded.redis_url
        if not os.environ.get("TEST_DATABASE_URL"):
            database_url = make_url(to_async_url(database_url)).set(database="pingcrm_test").render_as_string(False)
    database_url = to_async_url(database_url)
    await recreate_database(database_url)
    await upgrade_to_head(database_url)
    try:
        yield TestServices(database_url=database_url, redis_url=redis_url)
    finally:
        if embedded is not None:
            embedded.stop()


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(secret_key=TEST_SECRET, encryption_key=TEST_SECRET, data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
async def app(services: TestServices, settings: Settings):
    application = create_app(settings, database_url=services.database_url, redis_url=services.redis_url)
    async with application.router.lifespan_context(application):
        yield application


_addresses = itertools.count(1)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the app. Each test gets its own loopback client address, so per-address limits do not leak between tests."""
    number = next(_addresses)
    address = f"127.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def db(app) -> AsyncIterator[AsyncSession]:
    """A session on the test database for direct checks; commits nothing unless the test does."""
    async with session_factory()() as session:
        yield session


@dataclass
class AuthedUser:
    id: uuid.UUID
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def register_user(client: httpx.AsyncClient, *, full_name: str = "Dana Whitfield", password: str = "correct-horse-1") -> AuthedUser:
    """Register a fresh account with a unique email and log it in."""
    email = f"user-{uuid.uuid4().hex[:12]}@example.com"
    created = await client.post("/api/v1/auth/register", json={"email": email, "password": password, "full_name": full_name})
    assert created.status_code == 201, created.text
    login = await client.post("/api/v1/auth/login", data={"username": email, "password": password})
    assert login.status_code == 200, login.text
    return AuthedUser(id=uuid.UUID(created.json()["data"]["id"]), email=email, password=password, token=login.json()["data"]["access_token"])


@pytest.fixture
async def user(client) -> AuthedUser:
    return await register_user(client)


@pytest.fixture
async def other_user(client) -> AuthedUser:
    return await register_user(client, full_name="Other Person")
