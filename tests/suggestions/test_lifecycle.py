"""System transitions: waking snoozed suggestions and dismissing suggestions that interactions overtook."""

from __future__ import annotations

from sqlalchemy import select

from backend.models import FollowUpSuggestion
from backend.suggestions.service import dismiss_outdated, wake_snoozed
from tests.suggestions.conftest import NOW, add_interactions, add_suggestion, days_ago, make_contact


async def _states(db, ids) -> dict:
    rows = await db.execute(
        select(FollowUpSuggestion.id, FollowUpSuggestion.status, FollowUpSuggestion.dismissed_by).where(
            FollowUpSuggestion.id.in_(ids)
        )
    )
    states = {row.id: (row.status, row.dismissed_by) for row in rows}
    await db.rollback()
    return states


async def test_wake_snoozed(db, user, other_user):
    due = await add_suggestion(db, user.id, await make_contact(db, user.id), status="snoozed", scheduled_for=days_ago(0.1))
    later = await add_suggestion(db, user.id, await make_contact(db, user.id), status="snoozed", scheduled_for=days_ago(-1))
    archived_contact = await make_contact(db, user.id, priority_level="archived")
    archived = await add_suggestion(db, user.id, archived_contact, status="snoozed", scheduled_for=days_ago(1))
    other = await add_suggestion(
        db, other_user.id, await make_contact(db, other_user.id), status="snoozed", scheduled_for=days_ago(2)
    )

    woken = await wake_snoozed(db, now=NOW)
    await db.commit()

    assert woken >= 2  # other tests' rows may wake too, because the job spans all users
    states = await _states(db, [due, later, archived, other])
    assert states[due] == ("pending", None)
    assert states[later] == ("snoozed", None)
    assert states[archived] == ("snoozed", None)
    assert states[other] == ("pending", None)


async def test_dismiss_outdated(db, user, other_user):
    replied = await make_contact(db, user.id)
    backfilled = await make_contact(db, user.id)
    snoozed_contact = await make_contact(db, user.id)
    untouched = await make_contact(db, user.id)
    foreign = await make_contact(db, other_user.id)
    ids = {
        "replied": await add_suggestion(db, user.id, replied, created_at=days_ago(5)),
        "backfilled": await add_suggestion(db, user.id, backfilled, created_at=days_ago(5)),
        "snoozed": await add_suggestion(
            db, user.id, snoozed_contact, status="snoozed", scheduled_for=days_ago(-2), created_at=days_ago(5)
        ),
        "untouched": await add_suggestion(db, user.id, untouched, created_at=days_ago(5)),
        "foreign": await add_suggestion(db, other_user.id, foreign, created_at=days_ago(5)),
    }
    await add_interactions(db, user.id, replied, [days_ago(1)])
    await add_interactions(db, user.id, backfilled, [days_ago(30)])
    await add_interactions(db, user.id, snoozed_contact, [days_ago(1)])
    await add_interactions(db, user.id, untouched, [days_ago(1)])
    await add_interactions(db, other_user.id, foreign, [days_ago(1)], commit=True)

    count = await dismiss_outdated(db, user_id=user.id, contact_ids=[replied, backfilled, snoozed_contact, foreign])
    await db.commit()

    assert count == 1
    states = await _states(db, list(ids.values()))
    assert states[ids["replied"]] == ("dismissed", "system")
    assert states[ids["backfilled"]] == ("pending", None)
    assert states[ids["snoozed"]] == ("snoozed", None)
    assert states[ids["untouched"]] == ("pending", None)
    assert states[ids["foreign"]] == ("pending", None)


async def test_dismiss_outdated_after_snooze(db, user):
    """After a snooze ends, only interactions later than its end make the suggestion outdated."""
    during = await make_contact(db, user.id)
    after = await make_contact(db, user.id)
    ids = {
        contact: await add_suggestion(
            db, user.id, contact, status="pending", scheduled_for=days_ago(2), created_at=days_ago(10)
        )
        for contact in (during, after)
    }
    await add_interactions(db, user.id, during, [days_ago(5)])
    await add_interactions(db, user.id, after, [days_ago(1)], commit=True)

    await dismiss_outdated(db, user_id=user.id, contact_ids=[during, after])
    await db.commit()

    states = await _states(db, list(ids.values()))
    assert states[ids[during]] == ("pending", None)
    assert states[ids[after]] == ("dismissed", "system")


async def test_dismiss_outdated_no_contacts(db, user):
    assert await dismiss_outdated(db, user_id=user.id, contact_ids=[]) == 0
