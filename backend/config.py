"""Typed settings, read once from the environment.

Every variable is listed in `.env.example` and docs/configuration.md.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field

WEB_AUDIENCE = "pingcrm-web"
EXTENSION_AUDIENCE = "pingcrm-extension"


class Settings(BaseModel):
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("pingcrm")))
    secret_key: str | None = None
    encryption_key: str | None = None

    access_token_minutes: int = 24 * 60
    remember_me_days: int = 30

    max_upload_bytes: int = 10 * 1024 * 1024
    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60
    error_report_max_bytes: int = 16 * 1024
    error_reports_per_minute: int = 10

    default_phone_region: str = "US"
    log_level: str = "INFO"
    log_format: str = "console"
    run_worker_in_process: bool = True
    db_pool_size: int = 10

    def resolved_secret_key(self) -> str:
        """Return SECRET_KEY, or a key generated once and kept in the data folder."""
        if self.secret_key:
            return self.secret_key
        return _persistent_secret(self.data_dir / "secret_key")

    def resolved_encryption_key(self) -> str:
        """Return ENCRYPTION_KEY, or a key generated once and kept in the data folder."""
        if self.encryption_key:
            return self.encryption_key
        return _persistent_secret(self.data_dir / "encryption_key")


def _persistent_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


_ENV_NAMES = {
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "data_dir": "PINGCRM_DATA_DIR",
    "secret_key": "SECRET_KEY",
    "encryption_key": "ENCRYPTION_KEY",
    "access_token_minutes": "ACCESS_TOKEN_MINUTES",
    "remember_me_days": "REMEMBER_ME_DAYS",
    "max_upload_bytes": "MAX_UPLOAD_BYTES",
    "login_max_failures": "LOGIN_MAX_FAILURES",
    "login_window_seconds": "LOGIN_WINDOW_SECONDS",
    "error_report_max_bytes": "ERROR_REPORT_MAX_BYTES",
    "error_reports_per_minute": "ERROR_REPORTS_PER_MINUTE",
    "default_phone_region": "DEFAULT_PHONE_REGION",
    "log_level": "LOG_LEVEL",
    "log_format": "LOG_FORMAT",
    "run_worker_in_process": "RUN_WORKER_IN_PROCESS",
    "db_pool_size": "DB_POOL_SIZE",
}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from environment variables; unset or empty ones keep their defaults."""
    environ = os.environ if environ is None else environ
    values = {field: environ[name] for field, name in _ENV_NAMES.items() if environ.get(name)}
    settings = Settings(**values)
    if settings.secret_key is not None and len(settings.secret_key) < 32:
        raise ValueError("SECRET_KEY must be at least 32 characters long; generate one with `openssl rand -hex 32`")
    return settings


@lru_cache
def get_settings() -> Settings:
    return load_settings()
