"""The shortlist cut of the candidate query gives the same result as a run over every candidate."""

from __future__ import annotations

from backend.models import User
from backend.suggestions.candidates import _run, select_candidates
from backend.suggestions.engine import candidate_query
from tests.suggestions.conftest import add_interactions, days_ago, make_contact, set_prefs


async def _rich_contact(db, user_id, *, ghosted: bool):
    """A high-priority contact with 12 interactions, the newest 20 days ago: base priority 512.

    When ghosted, the 3 newest interactions are outbound, which drops the contact.
    """
    contact_id = await make_contact(db, user_id, priority_level="high", history=9, last_days=23)
    direction = "outbound" if ghosted else "inbound"
    await add_interactions(db, user_id, contact_id, [days_ago(20), days_ago(21), days_ago(22)], direction=direction, commit=True)
    return contact_id


async def _both_ways(db, user_id):
    user = await db.get(User, user_id, populate_existing=True)
    query = candidate_query(user, now=days_ago(0))
    pruned = await _run(db, query, prune=True)
    full = await _run(db, query, prune=False)
    chosen = await select_candidates(db, query)
    await db.rollback()
    return pruned, full, chosen


async def test_cut_matches_full_run(db, user):
    await set_prefs(db, user.id, max_suggestions=5, intervals={"high": 7})
    rich = [await _rich_contact(db, user.id, ghosted=False) for _ in range(6)]
    for count in (2, 3, 4):
        await make_contact(db, user.id, priority_level="high", history=count, last_days=40)

    (pruned, left_out), (full, _), chosen = await _both_ways(db, user.id)

    assert left_out == {"A": 4.0}
    assert [c.contact_id for c in pruned] == [c.contact_id for c in full]
    assert [c.contact_id for c in chosen] == [c.contact_id for c in full]
    assert {c.contact_id for c in chosen} < set(rich)


async def test_unsafe_cut_reruns(db, user):
    """When every shortlisted contact is dropped, the engine falls back to a full run."""
    await set_prefs(db, user.id, max_suggestions=5, intervals={"high": 7})
    for _ in range(6):
        await _rich_contact(db, user.id, ghosted=True)
    low = [await make_contact(db, user.id, priority_level="high", history=n, last_days=40) for n in (2, 3, 4)]

    (pruned, left_out), (full, _), chosen = await _both_ways(db, user.id)

    assert pruned == []
    assert left_out == {"A": 4.0}
    assert [c.contact_id for c in chosen] == low[::-1]
    assert [c.priority for c in chosen] == [4.0, 3.0, 2.0]
    assert chosen == full
