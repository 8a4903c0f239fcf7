"""Each trigger of the engine, one contact per case, with the expected trigger, pool and priority.

Defaults unless a case states otherwise: intervals high 30 / medium 60 / low 180 days, dormancy
threshold 365 days, interactions are inbound emails one day apart, score 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from backend.models import User
from backend.suggestions.engine import generate_suggestions
from tests.suggestions.conftest import NOW, add_event, candidates, days_ago, make_contact, run_engine, set_prefs


@dataclass
class Case:
    name: str
    contact: dict[str, Any]
    expected: tuple[str, str, float] | None  # (trigger_type, pool, priority)
    event: dict[str, Any] | None = None
    prefs: dict[str, Any] = field(default_factory=dict)


CASES = [
    # time_based: due per level interval, score below 4, enough interactions.
    Case("medium due", dict(history=3, last_days=61, score=2), ("time_based", "A", 3)),
    Case("medium not due", dict(history=3, last_days=59, score=2), None),
    Case("high due", dict(history=1, last_days=31, priority_level="high"), ("time_based", "A", 1)),
    Case("high not due", dict(history=1, last_days=29, priority_level="high"), None),
    Case("low two interactions", dict(history=2, last_days=200, priority_level="low"), None),
    Case("low three interactions", dict(history=3, last_days=200, priority_level="low"), ("time_based", "A", 3)),
    Case("score at ceiling", dict(history=3, last_days=61, score=4), None),
    Case("rich cooling", dict(history=12, last_days=61), ("time_based", "A", 512)),
    Case("rich long ago", dict(history=12, last_days=100), ("time_based", "A", 1012)),
    Case("custom interval", dict(history=2, last_days=21), ("time_based", "A", 2), prefs={"intervals": {"medium": 20}}),
    Case(
        "stale score zero",
        dict(history=3, last_days=400, score=0),
        None,
        prefs={"dormancy_threshold_days": 730},
    ),
    Case(
        "old score one",
        dict(history=3, last_days=400, score=1),
        ("time_based", "A", 3),
        prefs={"dormancy_threshold_days": 730},
    ),
    Case("no interactions", dict(), None),
    # event_based: event within 7 days, confidence at least 0.7, last contact 14+ days ago.
    Case("event", dict(history=2, last_days=20), ("event_based", "A", 202), event=dict(days=2, confidence=0.9)),
    Case("event confidence 0.7", dict(history=2, last_days=20), ("event_based", "A", 202), event=dict(days=2, confidence=0.7)),
    Case("event confidence 0.69", dict(history=2, last_days=20), None, event=dict(days=2, confidence=0.69)),
    Case("event too old", dict(history=2, last_days=20), None, event=dict(days=8)),
    Case("event recent contact", dict(history=2, last_days=10), None, event=dict(days=2)),
    Case("event beats time", dict(history=3, last_days=61), ("event_based", "A", 203), event=dict(days=1)),
    Case("event rich", dict(history=10, last_days=30), ("event_based", "A", 710), event=dict(days=1)),
    # scheduled: last follow-up older than the interval, and no score ceiling.
    Case(
        "scheduled strong",
        dict(history=3, last_days=65, score=6, last_followup_at=days_ago(70)),
        ("scheduled", "A", 3),
    ),
    Case("scheduled seen lately", dict(history=3, last_days=10, score=6, last_followup_at=days_ago(70)), None),
    Case("scheduled not due", dict(history=3, last_days=65, score=6, last_followup_at=days_ago(50)), None),
    # birthday: within today and the next 3 days, priority 1500, in the contact's pool.
    Case("birthday today active", dict(history=2, last_days=20, birthday_month=6, birthday_day=15), ("birthday", "A", 1500)),
    Case("birthday in 3 days", dict(history=2, last_days=20, birthday_month=6, birthday_day=18), ("birthday", "A", 1500)),
    Case("birthday in 4 days", dict(history=2, last_days=20, birthday_month=6, birthday_day=19), None),
    Case("birthday yesterday", dict(history=2, last_days=20, birthday_month=6, birthday_day=14), None),
    Case("birthday never met", dict(birthday_month=6, birthday_day=16, score=0), ("birthday", "B", 1500)),
    Case(
        "birthday switched off",
        dict(history=2, last_days=20, birthday_month=6, birthday_day=15),
        None,
        prefs={"birthday_reminders": False},
    ),
    Case(
        "birthday dormant without pool B",
        dict(birthday_month=6, birthday_day=16),
        None,
        prefs={"include_dormant": False},
    ),
    # dormant_deep: dormant 365 to 365 + 1460 days, 5+ interactions or score 5+.
    Case("deep by count", dict(history=6, last_days=730), ("dormant_deep", "B", 506)),
    Case("deep by score", dict(history=1, last_days=730, score=5), ("dormant_deep", "B", 1001)),
    Case("deep near edge", dict(history=6, last_days=1820), ("dormant_deep", "B", 506)),
    Case("deep too old", dict(history=6, last_days=1830), None),
    Case("deep with long span", dict(history=6, last_days=730, spacing_days=40), ("dormant_deep", "B", 656)),
    Case("dormant rich", dict(history=9, last_days=730), ("dormant_deep", "B", 1009)),
    # dormant_mid: dormant 365 to 365 + 730 days, 2+ interactions.
    Case("mid", dict(history=3, last_days=730), ("dormant_mid", "B", 3)),
    Case("mid score 3", dict(history=2, last_days=730, score=3), ("dormant_mid", "B", 502)),
    Case("mid too old", dict(history=3, last_days=1100), None),
    Case("mid one interaction", dict(history=1, last_days=730), None),
    Case("dormant score zero", dict(history=6, last_days=730, score=0), None),
    Case("dormant switched off", dict(history=6, last_days=730), None, prefs={"include_dormant": False}),
    # dormant_event: any dormant age, event within 14 days.
    Case("dormant event", dict(history=2, last_days=2500), ("dormant_event", "B", 302), event=dict(days=10)),
    Case(
        "dormant event long span",
        dict(history=2, last_days=2500, spacing_days=200),
        ("dormant_event", "B", 452),
        event=dict(days=10),
    ),
    Case("dormant event thin", dict(history=1, last_days=2500), None, event=dict(days=10)),
    Case("dormant event score 3", dict(history=1, last_days=2500, score=3), ("dormant_event", "B", 801), event=dict(days=10)),
    Case("dormant event too old", dict(history=2, last_days=2500), None, event=dict(days=15)),
    Case("dormant event beats deep", dict(history=6, last_days=730), ("dormant_event", "B", 806), event=dict(days=3)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_trigger(db, user, case: Case):
    prefs = dict(case.prefs)
    intervals = prefs.pop("intervals", None)
    await set_prefs(db, user.id, intervals=intervals, **prefs)
    contact_id = await make_contact(db, user.id, **case.contact)
    event_id = await add_event(db, user.id, contact_id, **case.event) if case.event else None

    found = await candidates(db, user.id)
    if case.expected is None:
        assert contact_id not in found
        return
    candidate = found[contact_id]
    assert (candidate.trigger_type, candidate.pool, candidate.priority) == case.expected
    if case.expected[0] in ("event_based", "dormant_event"):
        assert candidate.event_id == event_id
    else:
        assert candidate.event_id is None


async def test_engine_stores_trigger_and_event(db, user):
    contact_id = await make_contact(db, user.id, history=2, last_days=20)
    event_id = await add_event(db, user.id, contact_id, days=1)

    created = await run_engine(db, user.id)

    assert len(created) == 1
    suggestion = created[0]
    assert suggestion.contact_id == contact_id
    assert suggestion.trigger_type == "event_based"
    assert suggestion.trigger_event_id == event_id
    assert suggestion.pool == "A"
    assert suggestion.status == "pending"
    assert suggestion.draft_source == "template"
    assert suggestion.created_at == NOW


async def test_best_confidence_event_linked(db, user):
    contact_id = await make_contact(db, user.id, history=2, last_days=20)
    await add_event(db, user.id, contact_id, days=1, confidence=0.75)
    best = await add_event(db, user.id, contact_id, days=3, confidence=0.95)

    found = await candidates(db, user.id)

    assert found[contact_id].event_id == best


async def test_event_of_other_user_ignored(db, user, other_user):
    contact_id = await make_contact(db, user.id, history=2, last_days=20)
    foreign_contact = await make_contact(db, other_user.id, history=2, last_days=20)
    await add_event(db, other_user.id, foreign_contact, days=1)

    found = await candidates(db, user.id)

    assert contact_id not in found


async def test_future_event_ignored(db, user):
    contact_id = await make_contact(db, user.id, history=2, last_days=20)
    await add_event(db, user.id, contact_id, days=-1)

    found = await candidates(db, user.id)

    assert contact_id not in found


class _FailingComposer:
    source = "ai"

    async def draft(self, contact, *, trigger_type, channel, last_topic, event=None):
        raise TimeoutError("model timed out")


async def test_failed_draft_falls_back(db, user):
    contact_id = await make_contact(db, user.id, given_name="Priya", history=3, last_days=61)
    db_user = await db.get(User, user.id)

    created = await generate_suggestions(db, db_user, now=NOW, composer=_FailingComposer())
    await db.commit()

    assert [s.contact_id for s in created] == [contact_id]
    assert created[0].draft_source == "template"
    assert created[0].suggested_message.startswith("Hi Priya,")
