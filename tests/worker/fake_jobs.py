"""Tracked jobs for tests: one that waits for a gate, one that fails on chosen tries, a fake sync."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from arq.worker import func

from backend.core.jobs import MAX_TRIES, JobOutcome, tracked


@dataclass
class FakeJobState:
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    runs: int = 0
    # Exceptions raised by the first runs, in order; later runs succeed.
    failures: list[BaseException] = field(default_factory=list)


STATE = FakeJobState()


def reset_state() -> FakeJobState:
    global STATE
    STATE = FakeJobState()
    return STATE


@tracked("gated", label="Gated test job")
async def gated_job(ctx: dict[str, Any], session, user) -> JobOutcome:
    STATE.runs += 1
    STATE.started.set()
    await STATE.gate.wait()
    return JobOutcome(updated=1, result={"runs": STATE.runs})


@tracked("flaky", label="Flaky test job")
async def flaky_job(ctx: dict[str, Any], session, user) -> JobOutcome:
    STATE.runs += 1
    if STATE.failures:
        raise STATE.failures.pop(0)
    return JobOutcome(created=2, failed=1, result={"runs": STATE.runs})


# Records its runs as platform `gmail`, which the sync dispatcher reads back from sync_events.
@tracked("gmail", label="Fake Gmail sync")
async def fake_gmail_sync_job(ctx: dict[str, Any], session, user) -> JobOutcome:
    STATE.runs += 1
    return JobOutcome(created=1)


TEST_FUNCTIONS = [
    func(gated_job, name="gated_job", max_tries=MAX_TRIES),
    func(flaky_job, name="flaky_job", max_tries=MAX_TRIES),
    func(fake_gmail_sync_job, name="fake_gmail_sync_job", max_tries=MAX_TRIES),
]
