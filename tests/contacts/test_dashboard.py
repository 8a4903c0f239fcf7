"""Dashboard reads: stats, tag vocabulary, upcoming birthdays, overdue follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from backend.contacts.dashboard import upcoming_birthdays
from backend.models import User
from tests.contacts.conftest import CONTACTS, add_interaction, create_contact, set_columns, set_user

NOW = datetime.now(UTC)


async def _birthdays_on(db, user, today: date) -> list[tuple[str, int]]:
    owner = await db.scalar(select(User).where(User.id == user.id))
    rows = await upcoming_birthdays(db, owner, today=today)
    result = [(contact.full_name, days) for contact, days in rows]
    await db.rollback()
    return result


# Stats


async def test_stats_counts_tiers_and_weeks(client, db, user):
    scores = {"Strong": 9, "Active": 5, "Dormant": 1, "Archived": 10}
    ids = {}
    for name, score in scores.items():
        level = "archived" if name == "Archived" else "medium"
        ids[name] = (await create_contact(client, user, full_name=name, priority_level=level))["id"]
        await set_columns(db, ids[name], relationship_score=score)

    await add_interaction(db, user, ids["Strong"], NOW - timedelta(days=1))
    await add_interaction(db, user, ids["Strong"], NOW - timedelta(days=6))
    await add_interaction(db, user, ids["Active"], NOW - timedelta(days=8))
    await add_interaction(db, user, ids["Active"], NOW - timedelta(days=9))
    await add_interaction(db, user, ids["Dormant"], NOW - timedelta(days=13))
    await add_interaction(db, user, ids["Dormant"], NOW - timedelta(days=20))
    await add_interaction(db, user, ids["Archived"], NOW - timedelta(days=1))
    await add_interaction(db, user, ids["Active"], NOW - timedelta(days=2), direction="event")
    await add_interaction(db, user, ids["Active"], NOW + timedelta(days=3))

    response = await client.get(f"{CONTACTS}/stats", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == {
        "total": 3,
        "strong": 1,
        "active": 1,
        "dormant": 1,
        "interactions_this_week": 2,
        "interactions_last_week": 3,
        "active_last_week": 2,
    }
    assert response.json()["meta"] is None


async def test_stats_empty(client, user):
    response = await client.get(f"{CONTACTS}/stats", headers=user.headers)
    assert response.json()["data"]["total"] == 0
    assert response.json()["data"]["interactions_this_week"] == 0


# Tags


async def test_tags_distinct_sorted_lowercased(client, db, user):
    first = await create_contact(client, user, tags=["vc", "Friends"])
    await create_contact(client, user, tags=["friends", "angel"], priority_level="archived")
    await set_columns(db, first["id"], tags=["vc", "friends", "2nd Tier", " "])

    response = await client.get(f"{CONTACTS}/tags", headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == ["2nd tier", "angel", "friends", "vc"]


# Birthdays


async def test_birthdays_next_seven_days(client, db, user):
    await set_user(db, user.id, timezone="UTC")
    today = datetime.now(UTC).date()
    for offset in (0, 3, 6, 7, -1):
        day = today + timedelta(days=offset)
        await create_contact(client, user, full_name=f"In {offset}", birthday=day.strftime("%m-%d"))
    await create_contact(client, user, full_name="No birthday")
    today_text = today.strftime("%m-%d")
    await create_contact(client, user, full_name="Archived", birthday=today_text, priority_level="archived")

    response = await client.get(f"{CONTACTS}/birthdays", headers=user.headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert [(row["full_name"], row["days_until_birthday"]) for row in data] == [("In 0", 0), ("In 3", 3), ("In 6", 6)]
    assert data[0]["birthday"] == today_text
    assert data[0]["relationship_score"] == 0


async def test_birthdays_capped_at_ten(client, user):
    day = datetime.now(UTC).date().strftime("%m-%d")
    for index in range(12):
        await create_contact(client, user, full_name=f"Person {index:02d}", birthday=day)
    response = await client.get(f"{CONTACTS}/birthdays", headers=user.headers)
    assert len(response.json()["data"]) == 10


async def test_birthdays_across_year_boundary(client, db, user):
    await create_contact(client, user, full_name="New Year", birthday="01-01")
    await create_contact(client, user, full_name="Jan Third", birthday="1975-01-03")
    await create_contact(client, user, full_name="Dec Thirtieth", birthday="12-30")
    await create_contact(client, user, full_name="Jan Fourth", birthday="01-04")
    await create_contact(client, user, full_name="Dec Twentieth", birthday="12-20")

    assert await _birthdays_on(db, user, date(2025, 12, 28)) == [
        ("Dec Thirtieth", 2),
        ("New Year", 4),
        ("Jan Third", 6),
    ]


async def test_birthdays_leap_day_common_year(client, db, user):
    await create_contact(client, user, full_name="Leapling", birthday="2000-02-29")
    assert await _birthdays_on(db, user, date(2027, 2, 26)) == [("Leapling", 2)]
    assert await _birthdays_on(db, user, date(2028, 2, 26)) == [("Leapling", 3)]
    assert await _birthdays_on(db, user, date(2027, 3, 1)) == []


async def test_birthdays_use_user_time_zone(client, db, user):
    now = datetime.now(UTC)
    # Pick a zone whose date differs from the UTC date right now.
    zone = "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"
    await set_user(db, user.id, timezone=zone)
    local_today = now.astimezone(ZoneInfo(zone)).date()
    assert local_today != now.date()

    await create_contact(client, user, full_name="Local Today", birthday=local_today.strftime("%m-%d"))
    day_before = local_today - timedelta(days=1)
    await create_contact(client, user, full_name="Local Yesterday", birthday=day_before.strftime("%m-%d"))

    response = await client.get(f"{CONTACTS}/birthdays", headers=user.headers)
    assert [(row["full_name"], row["days_until_birthday"]) for row in response.json()["data"]] == [("Local Today", 0)]


# Overdue


async def test_overdue_per_priority_interval(client, db, user):
    cases = {
        "High late": ("high", 45),
        "High fresh": ("high", 10),
        "Medium late": ("medium", 70),
        "Medium fresh": ("medium", 50),
        "Low late": ("low", 200),
        "Low fresh": ("low", 100),
        "Archived": ("archived", 400),
    }
    for name, (level, days_ago) in cases.items():
        contact = await create_contact(client, user, full_name=name, priority_level=level)
        await add_interaction(db, user, contact["id"], NOW - timedelta(days=days_ago, hours=1))
    await create_contact(client, user, full_name="Never contacted", priority_level="high")

    response = await client.get(f"{CONTACTS}/overdue", headers=user.headers)
    assert response.status_code == 200
    rows = [(row["full_name"], row["days_overdue"]) for row in response.json()["data"]]
    assert rows == [("Low late", 20), ("High late", 15), ("Medium late", 10)]


async def test_overdue_uses_user_intervals(client, db, user):
    await set_user(db, user.id, priority_settings={"high": 5, "medium": "bad"})
    high = await create_contact(client, user, full_name="High", priority_level="high")
    medium = await create_contact(client, user, full_name="Medium", priority_level="medium")
    await add_interaction(db, user, high["id"], NOW - timedelta(days=8, hours=1))
    await add_interaction(db, user, medium["id"], NOW - timedelta(days=61, hours=1))

    response = await client.get(f"{CONTACTS}/overdue", headers=user.headers)
    rows = [(row["full_name"], row["days_overdue"]) for row in response.json()["data"]]
    assert rows == [("High", 3), ("Medium", 1)]


async def test_overdue_excludes_second_tier(client, db, user):
    contact = await create_contact(client, user, full_name="Group member", priority_level="high")
    await add_interaction(db, user, contact["id"], NOW - timedelta(days=100))
    # Inserting an interaction removes the tag, so set it afterwards. Other write paths may use this spelling.
    await set_columns(db, contact["id"], tags=["2nd Tier"])

    response = await client.get(f"{CONTACTS}/overdue", headers=user.headers)
    assert response.json()["data"] == []


async def test_overdue_limit(client, db, user):
    for index in range(4):
        contact = await create_contact(client, user, full_name=f"Late {index}", priority_level="high")
        await add_interaction(db, user, contact["id"], NOW - timedelta(days=40 + index))
    response = await client.get(f"{CONTACTS}/overdue", params={"limit": 2}, headers=user.headers)
    assert [row["full_name"] for row in response.json()["data"]] == ["Late 3", "Late 2"]


@pytest.mark.parametrize("limit", [0, 51])
async def test_overdue_limit_out_of_range_422(client, user, limit):
    response = await client.get(f"{CONTACTS}/overdue", params={"limit": limit}, headers=user.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]
