"""`pingcrm serve` on a fresh data folder: starts its own PostgreSQL and Valkey, stops them on
SIGTERM or Ctrl-C without leaving processes behind, and reuses the data on the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from backend.core.embedded import free_loopback_port

ROOT = Path(__file__).resolve().parent.parent


def _start(data_dir: Path, port: int) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(PINGCRM_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING")
    return subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_healthy(process: subprocess.Popen, base_url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server exited early: {process.stderr.read() if process.stderr else ''}"
        try:
            if httpx.get(f"{base_url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"server did not become healthy within {timeout} s")


def _processes_using(data_dir: Path) -> list[str]:
    found = []
    for process in psutil.process_iter(attrs=["pid", "cmdline", "cwd"]):
        cmdline = " ".join(process.info.get("cmdline") or [])
        if str(data_dir) in cmdline or str(data_dir) in (process.info.get("cwd") or ""):
            found.append(f"{process.info['pid']}: {cmdline}")
    return found


def _stop(process: subprocess.Popen, sig: int) -> int:
    process.send_signal(sig)
    return process.wait(timeout=60)


def test_serve_lifecycle_and_data_reuse(tmp_path):
    data_dir = tmp_path / "pingcrm-data"
    port = free_loopback_port()
    base_url = f"http://127.0.0.1:{port}"

    first = _start(data_dir, port)
    try:
        _wait_healthy(first, base_url)
        registered = httpx.post(
            f"{base_url}/api/v1/auth/register",
            json={"email": "lifecycle@example.com", "password": "lifecycle-pass-1"},
            timeout=10,
        )
        assert registered.status_code == 201
    finally:
        exit_code = _stop(first, signal.SIGTERM)
    assert exit_code == 0
    time.sleep(1)
    assert _processes_using(data_dir) == []

    second = _start(data_dir, port)
    try:
        _wait_healthy(second, base_url)
        login = httpx.post(
            f"{base_url}/api/v1/auth/login",
            data={"username": "lifecycle@example.com", "password": "lifecycle-pass-1"},
            timeout=10,
        )
        assert login.status_code == 200
    finally:
        exit_code = _stop(second, signal.SIGINT)
    assert exit_code == 0
    time.sleep(1)
    assert _processes_using(data_dir) == []
