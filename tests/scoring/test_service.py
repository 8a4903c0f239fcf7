"""Batch recompute, reconcile and the activity statistics, against the real database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from backend.models import Contact, User
from backend.scoring.service import contact_activity, reconcile_last_interaction, recompute_scores
from tests.scoring.helpers import add_contact, add_interactions, days, repeat

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


async def _score(db, contact_id) -> int:
    return await db.scalar(select(Contact.relationship_score).where(Contact.id == contact_id))


async def test_recompute_counts_changed_rows(db, user):
    strong = await add_contact(db, user.id, "Strong")
    weak = await add_contact(db, user.id, "Weak")
    untouched = await add_contact(db, user.id, "No interactions")
    await add_interactions(db, user.id, strong, repeat(4, "mutual", "meeting", days(5)), now=NOW)
    await add_interactions(db, user.id, weak, [("outbound", "email", days(20))], now=NOW)

    first = await recompute_scores(db, user_id=user.id, now=NOW)
    second = await recompute_scores(db, user_id=user.id, now=NOW)

    assert first == 2
    assert second == 0
    assert await _score(db, strong) == 8
    assert await _score(db, weak) == 1
    assert await _score(db, untouched) == 0


async def test_recompute_resets_contact_without_interactions(db, user):
    contact_id = await add_contact(db, user.id)
    await db.execute(update(Contact).where(Contact.id == contact_id).values(relationship_score=7))

    changed = await recompute_scores(db, user_id=user.id, now=NOW)

    assert changed == 1
    assert await _score(db, contact_id) == 0


async def test_recompute_leaves_other_users(db, user, other_user):
    mine = await add_contact(db, user.id)
    theirs = await add_contact(db, other_user.id)
    for contact_id, owner in ((mine, user.id), (theirs, other_user.id)):
        await add_interactions(db, owner, contact_id, repeat(4, "mutual", "meeting", days(5)), now=NOW)

    await recompute_scores(db, user_id=user.id, now=NOW)

    assert await _score(db, mine) == 8
    assert await _score(db, theirs) == 0


async def test_activity_stats(db, user):
    owner = await db.get(User, user.id)
    contact_id = await add_contact(db, user.id)
    rows = (
        [("inbound", "telegram", days(10)), ("inbound", "email", days(45)), ("outbound", "email", days(400))]
        + [("mutual", "meeting", days(200)), ("event", "linkedin", days(1)), ("inbound", "email", days(-3))]
    )
    await add_interactions(db, user.id, contact_id, rows, now=NOW)

    stats = (await contact_activity(db, owner, contact_id, now=NOW))["stats"]

    assert stats["inbound_365d"] == 2
    assert stats["outbound_365d"] == 0
    assert stats["mutual_365d"] == 1
    assert stats["count_30d"] == 1
    assert stats["count_90d"] == 1
    assert stats["platforms"] == ["email", "meeting", "telegram"]
    assert stats["interaction_count"] == 4
    assert stats["first_interaction_at"] == NOW - days(400)


async def test_activity_trend_zero_filled(db, user):
    owner = await db.get(User, user.id)
    contact_id = await add_contact(db, user.id)
    await add_interactions(db, user.id, contact_id, repeat(2, "inbound", "email", days(3)) + [("outbound", "email", days(70))], now=NOW)

    trend = (await contact_activity(db, owner, contact_id, now=NOW))["monthly_trend"]

    assert trend == [
        {"month": "2026-01", "count": 0},
        {"month": "2026-02", "count": 0},
        {"month": "2026-03", "count": 0},
        {"month": "2026-04", "count": 1},
        {"month": "2026-05", "count": 0},
        {"month": "2026-06", "count": 2},
    ]


async def test_activity_trend_uses_user_timezone(db, user):
    await db.execute(update(User).where(User.id == user.id).values(timezone="Asia/Tokyo"))
    owner = await db.get(User, user.id)
    contact_id = await add_contact(db, user.id)
    # 2026-01-31 23:30 UTC is 2026-02-01 08:30 in Tokyo.
    late_january_utc = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    await add_interactions(db, user.id, contact_id, [("inbound", "email", NOW - late_january_utc)], now=NOW)

    trend = (await contact_activity(db, owner, contact_id, now=NOW))["monthly_trend"]

    assert trend[0] == {"month": "2026-01", "count": 0}
    assert trend[1] == {"month": "2026-02", "count": 1}


async def test_reconcile_lowers_and_clears(db, user):
    lowered = await add_contact(db, user.id, "Lowered")
    cleared = await add_contact(db, user.id, "Cleared")
    correct = await add_contact(db, user.id, "Correct")
    await add_interactions(db, user.id, lowered, [("inbound", "email", days(10)), ("event", "twitter", days(1))], now=NOW)
    await add_interactions(db, user.id, correct, [("inbound", "email", days(5))], now=NOW)
    # Stale values, as a data repair or an older version could have left them.
    await db.execute(update(Contact).where(Contact.id.in_([lowered, cleared])).values(last_interaction_at=NOW, interaction_count=9))

    changed = await reconcile_last_interaction(db, user_id=user.id)
    rows = {row.id: row for row in (await db.execute(select(Contact).where(Contact.user_id == user.id))).scalars()}

    assert changed == 2
    assert rows[lowered].last_interaction_at == NOW - days(10)
    assert rows[lowered].interaction_count == 1
    assert rows[cleared].last_interaction_at is None
    assert rows[cleared].interaction_count == 0
    assert rows[correct].last_interaction_at == NOW - days(5)


async def test_reconcile_leaves_other_users(db, user, other_user):
    theirs = await add_contact(db, other_user.id)
    await db.execute(update(Contact).where(Contact.id == theirs).values(last_interaction_at=NOW))

    changed = await reconcile_last_interaction(db, user_id=user.id)

    assert changed == 0
    assert await db.scalar(select(Contact.last_interaction_at).where(Contact.id == theirs)) == NOW


async def test_recompute_selected_contacts(db, user):
    chosen = await add_contact(db, user.id, "Chosen")
    skipped = await add_contact(db, user.id, "Skipped")
    for contact_id in (chosen, skipped):
        await add_interactions(db, user.id, contact_id, repeat(4, "mutual", "meeting", days(5)), now=NOW)

    changed = await recompute_scores(db, user_id=user.id, now=NOW, contact_ids=[chosen])
    none_changed = await recompute_scores(db, user_id=user.id, now=NOW, contact_ids=[])

    assert changed == 1
    assert none_changed == 0
    assert await _score(db, chosen) == 8
    assert await _score(db, skipped) == 0


async def test_recompute_selected_ignores_other_users(db, user, other_user):
    theirs = await add_contact(db, other_user.id)
    await add_interactions(db, other_user.id, theirs, repeat(4, "mutual", "meeting", days(5)), now=NOW)

    changed = await recompute_scores(db, user_id=user.id, now=NOW, contact_ids=[theirs])

    assert changed == 0
    assert await _score(db, theirs) == 0
