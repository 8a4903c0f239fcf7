"""Contacts the engine must skip, cooldowns, and the read-receipt and ghosting post-filters.

Every case starts from a contact that is due for a time-based reminder (medium priority, 3
inbound emails, the newest 61 days ago, score 2) and changes one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from backend.models import FollowUpSuggestion

from tests.suggestions.conftest import (
    NOW,
    add_interactions,
    add_suggestion,
    candidates,
    days_ago,
    make_contact,
    open_suggestions,
    run_engine,
    set_prefs,
)

DUE = dict(history=3, last_days=61, score=2)


@dataclass
class Case:
    name: str
    contact: dict[str, Any]
    suggestion: dict[str, Any] | None
    included: bool
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case("baseline", {}, None, True),
    Case("archived", dict(priority_level="archived"), None, False),
    Case("2nd tier", dict(tags=["2nd tier", "conference"]), None, False),
    Case("other tags", dict(tags=["conference"]), None, True),
    Case("no channel", dict(emails=[]), None, False),
    Case("telegram only", dict(emails=[], telegram_username="priya_r"), None, True),
    Case("twitter only", dict(emails=[], twitter_handle="priya"), None, True),
    Case("linkedin only", dict(emails=[], linkedin_url="https://www.linkedin.com/in/priya"), None, True),
    Case("open pending", {}, dict(status="pending"), False),
    Case("open snoozed", {}, dict(status="snoozed", scheduled_for=days_ago(-3)), False),
    Case("sent long ago", {}, dict(status="sent", updated_at=days_ago(40)), True),
    Case(
        "user dismissed 29 days ago",
        {},
        dict(status="dismissed", dismissed_by="user", updated_at=days_ago(29)),
        False,
    ),
    Case(
        "user dismissed 31 days ago",
        {},
        dict(status="dismissed", dismissed_by="user", updated_at=days_ago(31)),
        True,
    ),
    Case(
        "system dismissed yesterday",
        {},
        dict(status="dismissed", dismissed_by="system", updated_at=days_ago(1)),
        True,
    ),
    Case("followed up 13 days ago", dict(last_followup_at=days_ago(13)), None, False),
    Case("followed up 15 days ago", dict(last_followup_at=days_ago(15)), None, True),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_exclusion(db, user, case: Case):
    contact_id = await make_contact(db, user.id, **{**DUE, **case.contact})
    if case.suggestion is not None:
        await add_suggestion(db, user.id, contact_id, created_at=days_ago(45), **case.suggestion)

    found = await candidates(db, user.id)

    assert (contact_id in found) is case.included


async def test_other_users_contacts_ignored(db, user, other_user):
    await make_contact(db, other_user.id, **DUE)

    created = await run_engine(db, user.id)

    assert created == []


async def test_second_run_adds_nothing(db, user):
    await make_contact(db, user.id, **DUE)

    first = await run_engine(db, user.id)
    second = await run_engine(db, user.id)

    assert len(first) == 1
    assert second == []
    assert len(await open_suggestions(db, user.id)) == 1


@dataclass
class Timeline:
    name: str
    rows: list[tuple[float, str, str, bool | None]]  # (days ago, direction, platform, is_read_by_recipient)
    expected: float | None  # priority, or None when dropped


# The contact is high priority with a 7-day interval, so contacts seen 8+ days ago are due.
TIMELINES = [
    Timeline("no receipts", [(12, "inbound", "email", None), (10, "inbound", "email", None)], 2),
    Timeline("unread outbound", [(12, "inbound", "email", None), (10, "outbound", "telegram", False)], None),
    Timeline("read no reply", [(12, "inbound", "email", None), (10, "outbound", "telegram", True)], 102),
    Timeline(
        "unread then reply",
        [(12, "outbound", "telegram", False), (10, "inbound", "telegram", None)],
        2,
    ),
    Timeline(
        "two outbound",
        [(12, "inbound", "email", None), (10, "outbound", "email", None), (8, "outbound", "email", None)],
        1.5,
    ),
    Timeline(
        "three outbound",
        [(12, "outbound", "email", None), (10, "outbound", "email", None), (8, "outbound", "email", None)],
        None,
    ),
    Timeline(
        "three outbound long ago",
        [(52, "outbound", "email", None), (50, "outbound", "email", None), (40, "outbound", "email", None)],
        3,
    ),
    Timeline(
        "read and two outbound",
        [(12, "inbound", "email", None), (10, "outbound", "email", None), (8, "outbound", "telegram", True)],
        51.5,
    ),
]


@pytest.mark.parametrize("timeline", TIMELINES, ids=[t.name for t in TIMELINES])
async def test_post_filter(db, user, timeline: Timeline):
    await set_prefs(db, user.id, intervals={"high": 7})
    contact_id = await make_contact(db, user.id, priority_level="high", telegram_username="priya_r", score=2)
    for days, direction, platform, is_read in timeline.rows:
        await add_interactions(
            db, user.id, contact_id, [days_ago(days)], direction=direction, platform=platform, is_read_by_recipient=is_read
        )
    await db.commit()

    found = await candidates(db, user.id)

    if timeline.expected is None:
        assert contact_id not in found
    else:
        assert found[contact_id].priority == timeline.expected


async def test_stale_pending_dismissed_then_replaced(db, user):
    """A pending suggestion overtaken by an interaction is dismissed by the system and no longer blocks."""
    contact_id = await make_contact(db, user.id, **DUE)
    old = await add_suggestion(db, user.id, contact_id, created_at=days_ago(70), updated_at=days_ago(70))

    created = await run_engine(db, user.id)

    assert [s.contact_id for s in created] == [contact_id]
    opened = await open_suggestions(db, user.id)
    assert [s.id for s in opened] == [created[0].id]
    old_row = await db.get(FollowUpSuggestion, old)
    assert old_row.status == "dismissed"
    assert old_row.dismissed_by == "system"


async def test_hidden_pending_dismissed(db, user):
    """A pending suggestion of a contact that lost every channel is dismissed by the system."""
    contact_id = await make_contact(db, user.id, emails=[], history=3, last_days=61)
    await add_suggestion(db, user.id, contact_id, created_at=days_ago(30))

    await run_engine(db, user.id, now=NOW)

    assert await open_suggestions(db, user.id) == []
