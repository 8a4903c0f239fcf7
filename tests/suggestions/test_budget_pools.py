"""Budget split between the pools with rollover, and one pool per contact around the dormancy threshold."""

from __future__ import annotations

import pytest

from backend.suggestions.rules import split_budget
from tests.suggestions.conftest import candidates, make_contact, run_engine, set_prefs

# Budget -> (pool A slots, pool B slots) for every value the settings API accepts.
SPLITS = {
    5: (3, 2), 6: (4, 2), 7: (4, 3), 8: (5, 3), 9: (5, 4), 10: (6, 4), 11: (7, 4), 12: (7, 5),
    13: (8, 5), 14: (8, 6), 15: (9, 6), 16: (10, 6), 17: (10, 7), 18: (11, 7), 19: (11, 8), 20: (12, 8),
}


@pytest.mark.parametrize("budget", sorted(SPLITS))
def test_split_budget(budget):
    assert split_budget(budget) == SPLITS[budget]


async def _pool_a(db, user_id, count: int) -> list:
    """Insert contacts due for a time-based reminder with priorities 1..count, and return them best first."""
    ids = [await make_contact(db, user_id, history=n, last_days=61) for n in range(1, count + 1)]
    return ids[::-1]


async def _pool_b(db, user_id, count: int) -> list:
    """Insert deep-dormant contacts with 5, 6, ... interactions (priorities 505, 506, 507, 1008, ...), best first."""
    ids = [await make_contact(db, user_id, history=n, last_days=730) for n in range(5, 5 + count)]
    return ids[::-1]


@pytest.mark.parametrize(
    ("name", "prefs", "a_count", "b_count", "a_won", "b_won"),
    [
        ("share", {"max_suggestions": 5}, 6, 6, 3, 2),
        ("default budget", {}, 6, 6, 6, 4),
        ("rollover to A", {"max_suggestions": 5}, 6, 0, 5, 0),
        ("rollover to B", {"max_suggestions": 5}, 1, 6, 1, 4),
        ("no spare slots", {"max_suggestions": 5}, 4, 6, 3, 2),
        ("dormant off", {"max_suggestions": 5, "include_dormant": False}, 6, 6, 5, 0),
        ("few candidates", {"max_suggestions": 5}, 1, 1, 1, 1),
    ],
)
async def test_budget(db, user, name, prefs, a_count, b_count, a_won, b_won):
    await set_prefs(db, user.id, **prefs)
    pool_a = await _pool_a(db, user.id, a_count)
    pool_b = await _pool_b(db, user.id, b_count)

    created = await run_engine(db, user.id)

    assert [s.contact_id for s in created if s.pool == "A"] == pool_a[:a_won]
    assert [s.contact_id for s in created if s.pool == "B"] == pool_b[:b_won]
    assert [s.pool for s in created] == ["A"] * a_won + ["B"] * b_won


# Every contact below has 6 inbound emails one day apart, score 1 and medium priority, so it
# qualifies for a time-based reminder when active (seen 60+ days ago) and for deep revival when
# dormant. Ages are days since the last interaction.
POOL_CASES = [
    (100, [(99, "A"), (100, "A"), (101, "B"), (1560, "B"), (1561, None)]),
    (200, [(150, "A"), (199, "A"), (200, "A"), (201, "B"), (250, "B"), (364, "B"), (366, "B")]),
    (365, [(364, "A"), (365, "A"), (366, "B"), (1825, "B"), (1826, None)]),
    (500, [(366, "A"), (400, "A"), (500, "A"), (501, "B"), (1960, "B")]),
    (3650, [(3000, "A"), (3650, "A"), (3651, "B"), (5110, "B"), (5111, None)]),
]


@pytest.mark.parametrize(("dormancy", "ages"), POOL_CASES, ids=[f"D={d}" for d, _ in POOL_CASES])
async def test_one_pool_per_contact(db, user, dormancy, ages):
    await set_prefs(db, user.id, dormancy_threshold_days=dormancy, max_suggestions=20)
    contacts = {age: await make_contact(db, user.id, history=6, last_days=age) for age, _ in ages}

    found = await candidates(db, user.id)
    created = await run_engine(db, user.id)

    for age, pool in ages:
        contact_id = contacts[age]
        if pool is None:
            assert contact_id not in found, f"age {age}"
            continue
        assert found[contact_id].pool == pool, f"age {age}"
        expected_trigger = "time_based" if pool == "A" else "dormant_deep"
        assert found[contact_id].trigger_type == expected_trigger, f"age {age}"
    created_contacts = [s.contact_id for s in created]
    assert len(created_contacts) == len(set(created_contacts))
    assert len(created_contacts) == sum(1 for _, pool in ages if pool is not None)


async def test_candidate_in_both_windows_once(db, user):
    """With D = 500 a contact seen 400 days ago is only in pool A, never also revived in pool B."""
    await set_prefs(db, user.id, dormancy_threshold_days=500)
    contact_id = await make_contact(db, user.id, history=6, last_days=400)

    created = await run_engine(db, user.id)

    assert [(s.contact_id, s.pool, s.trigger_type) for s in created] == [(contact_id, "A", "time_based")]
