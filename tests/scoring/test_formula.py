"""Table tests of the relationship score: each case lists its interactions and the expected points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.models import Contact, User
from backend.scoring.service import contact_activity, recompute_scores
from tests.scoring.helpers import add_contact, add_interactions, days, repeat

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

# (case id, rows, expected (reciprocity, recency, frequency, breadth, tenure, score))
CASES = [
    (
        "two_way_recent",
        [("inbound", "telegram", days(2)), ("inbound", "telegram", days(5)), ("inbound", "telegram", days(9)),
         ("outbound", "telegram", days(1)), ("outbound", "telegram", days(4)), ("outbound", "telegram", days(8))],
        (4, 3, 1, 0, 0, 8),
    ),
    # No reply ever: recency is one tier lower (20 days is tier 2, so 1 point).
    ("outbound_only", repeat(5, "outbound", "email", days(20)), (0, 1, 1, 0, 0, 2)),
    # 4 * 5/8 = 2.5 rounds half up to 3 (half-even rounding would give 2).
    (
        "reciprocity_half_rounds_up",
        repeat(5, "inbound", "email", days(95)) + repeat(8, "outbound", "telegram", days(150)),
        (3, 0, 0, 1, 0, 4),
    ),
    # 4 * 1/8 = 0.5 rounds up to 1.
    ("reciprocity_half_point", [("inbound", "email", days(3))] + repeat(8, "outbound", "email", days(3)), (1, 3, 2, 0, 0, 6)),
    # 4 * 1/9 = 0.44 rounds down to 0.
    ("reciprocity_below_half_point", [("inbound", "email", days(3))] + repeat(9, "outbound", "email", days(3)), (0, 3, 2, 0, 0, 5)),
    # 4 * 7/8 = 3.5 rounds up to 4.
    ("reciprocity_three_and_a_half", repeat(7, "inbound", "email", days(100)) + repeat(8, "outbound", "email", days(100)), (4, 0, 0, 0, 0, 4)),
    # 20 replies 1-2 years ago weigh 20 * 0.05 = 1.0 against 8 recent messages: 4 * 1/8 = 0.5 -> 1.
    (
        "reciprocity_decayed_half",
        repeat(20, "inbound", "email", days(500)) + repeat(8, "outbound", "email", days(10)),
        (1, 1, 2, 0, 1, 5),
    ),
    ("frequency_exactly_three", repeat(3, "inbound", "email", days(20)), (0, 2, 1, 0, 0, 3)),
    # 2 + 0.3 * 3 = 2.9
    ("frequency_below_three", repeat(2, "inbound", "email", days(20)) + repeat(3, "inbound", "email", days(60)), (0, 2, 0, 0, 0, 2)),
    ("frequency_exactly_eight", repeat(8, "inbound", "email", days(5)), (0, 3, 2, 0, 0, 5)),
    # 7 + 0.3 * 3 = 7.9
    ("frequency_below_eight", repeat(7, "inbound", "email", days(5)) + repeat(3, "inbound", "email", days(60)), (0, 3, 1, 0, 0, 4)),
    # Whole days are counted: 7 days 23 hours is still "7 days ago".
    ("recency_seven_days_23_hours", [("inbound", "email", days(7) + timedelta(hours=23))], (0, 3, 0, 0, 0, 3)),
    ("recency_eight_days", [("inbound", "email", days(8))], (0, 2, 0, 0, 0, 2)),
    ("recency_thirty_days", [("inbound", "email", days(30.5))], (0, 2, 0, 0, 0, 2)),
    ("recency_thirty_one_days", [("inbound", "email", days(31))], (0, 1, 0, 0, 0, 1)),
    ("recency_ninety_days", [("inbound", "email", days(90.5))], (0, 1, 0, 0, 0, 1)),
    ("recency_ninety_one_days", [("inbound", "email", days(91))], (0, 0, 0, 0, 0, 0)),
    # An old reply does not cancel the credit of a recent one-way message: max(tier 0, tier 3 - 1).
    ("recency_old_reply_recent_outbound", [("inbound", "email", days(800)), ("outbound", "email", days(1))], (0, 2, 0, 0, 0, 2)),
    # A meeting counts on both sides.
    ("meetings_only", repeat(4, "mutual", "meeting", days(5)), (4, 3, 1, 0, 0, 8)),
    ("breadth_manual_counts", [("inbound", "email", days(3)), ("outbound", "manual", days(3))], (4, 3, 0, 1, 0, 8)),
    ("events_ignored", repeat(10, "event", "linkedin", days(1)), (0, 0, 0, 0, 0, 0)),
    ("future_ignored", [("inbound", "email", days(-1))], (0, 0, 0, 0, 0, 0)),
    # 50 rows, first one 2.19 years ago.
    ("tenure_two", repeat(50, "inbound", "email", days(800)), (0, 0, 0, 0, 2, 2)),
    ("tenure_one", repeat(20, "inbound", "email", days(366)), (0, 0, 0, 0, 1, 1)),
    ("tenure_under_a_year", repeat(20, "inbound", "email", days(364)), (0, 0, 0, 0, 0, 0)),
    ("tenure_too_few", repeat(19, "inbound", "email", days(800)), (0, 0, 0, 0, 0, 0)),
    # 4 + 3 + 2 + 1 + 2 = 12 is capped at 10.
    (
        "capped_at_ten",
        repeat(25, "inbound", "email", days(2)) + repeat(25, "outbound", "telegram", days(2)) + [("inbound", "email", days(800))],
        (4, 3, 2, 1, 2, 10),
    ),
]

DIMENSIONS = ("reciprocity", "recency", "frequency", "breadth", "tenure")


@pytest.mark.parametrize(("rows", "expected"), [pytest.param(rows, expected, id=case) for case, rows, expected in CASES])
async def test_score_table(db, user, rows, expected):
    owner = await db.get(User, user.id)
    contact_id = await add_contact(db, user.id)
    await add_interactions(db, user.id, contact_id, rows, now=NOW)

    activity = await contact_activity(db, owner, contact_id, now=NOW)
    await recompute_scores(db, user_id=user.id, now=NOW)
    stored = await db.scalar(select(Contact.relationship_score).where(Contact.id == contact_id))

    values = tuple(activity["dimensions"][name]["value"] for name in DIMENSIONS)
    assert values == expected[:5]
    assert activity["score"] == expected[5]
    assert stored == expected[5]


async def test_dimension_maxima(db, user):
    owner = await db.get(User, user.id)
    contact_id = await add_contact(db, user.id)

    activity = await contact_activity(db, owner, contact_id, now=NOW)

    maxima = {name: activity["dimensions"][name]["max"] for name in DIMENSIONS}
    assert maxima == {"reciprocity": 4, "recency": 3, "frequency": 2, "breadth": 1, "tenure": 2}
