"""GET /contacts and GET /contacts/ids: every filter, every sort, search ranking and paging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.contacts.listing import ContactFilters, list_contact_ids
from backend.models import User
from tests.contacts.conftest import CONTACTS, add_interaction, create_contact, list_ids, set_columns, set_user

NOW = datetime.now(UTC)


async def _named(client, user, *names: str, **fields) -> list[str]:
    return [(await create_contact(client, user, full_name=name, **fields))["id"] for name in names]


# Paging and response shape


async def test_list_empty_has_one_page(client, user):
    response = await client.get(CONTACTS, headers=user.headers)
    assert response.status_code == 200
    assert response.json() == {
        "data": [],
        "error": None,
        "meta": {"total": 0, "page": 1, "page_size": 20, "total_pages": 1},
    }


async def test_list_pages(client, user):
    await _named(client, user, "A", "B", "C", "D", "E")
    first = await client.get(CONTACTS, params={"page_size": 2}, headers=user.headers)
    assert first.json()["meta"] == {"total": 5, "page": 1, "page_size": 2, "total_pages": 3}
    assert len(first.json()["data"]) == 2

    last = await client.get(CONTACTS, params={"page_size": 2, "page": 3}, headers=user.headers)
    assert len(last.json()["data"]) == 1
    beyond = await client.get(CONTACTS, params={"page_size": 2, "page": 9}, headers=user.headers)
    assert beyond.json()["data"] == []
    assert beyond.json()["meta"]["total"] == 5


async def test_pages_do_not_overlap(client, user):
    await _named(client, user, *[f"Person {i}" for i in range(7)])
    seen: list[str] = []
    for page in (1, 2, 3):
        seen += await list_ids(client, user, page=page, page_size=3)
    assert len(seen) == 7
    assert len(set(seen)) == 7


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page_size": 0},
        {"page_size": 101},
        {"interaction_days": 0},
        {"interaction_days": 366},
        {"sort": "name"},
        {"score": "excellent"},
        {"priority": "urgent"},
        {"has_birthday": "maybe"},
    ],
)
async def test_list_invalid_query_422(client, user, params):
    response = await client.get(CONTACTS, params=params, headers=user.headers)
    assert response.status_code == 422
    name = next(iter(params))
    assert response.json()["detail"][0]["loc"] == ["query", name]


@pytest.mark.parametrize("name", ["date_from", "date_to", "interaction_from", "interaction_to"])
@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-02-30", "20250101"])
async def test_list_invalid_date_422(client, user, name, value):
    response = await client.get(CONTACTS, params={name: value}, headers=user.headers)
    assert response.status_code == 422
    assert name in response.json()["detail"]


async def test_ids_invalid_date_422(client, user):
    response = await client.get(f"{CONTACTS}/ids", params={"date_from": "soon"}, headers=user.headers)
    assert response.status_code == 422
    assert "date_from" in response.json()["detail"]


# Archive rule


async def test_archived_hidden_by_default(client, user):
    active, archived = await _named(client, user, "Active"), await _named(client, user, "Gone", priority_level="archived")
    assert await list_ids(client, user) == active
    assert await list_ids(client, user, archived_only=True) == archived
    assert set(await list_ids(client, user, include_archived=True)) == {*active, *archived}
    assert await list_ids(client, user, archived_only=True, include_archived=True) == archived


# Search


async def test_search_matches_fields(client, user):
    by_email = await create_contact(client, user, full_name="Email Person", emails=["zed.quill@example.com"])
    by_phone = await create_contact(client, user, full_name="Phone Person", phones=["+14155550199"])
    by_notes = await create_contact(client, user, full_name="Notes Person", notes="Loves sailing boats")
    by_bio = await create_contact(client, user, full_name="Bio Person", twitter_bio="Builder of RoboticArms")
    await create_contact(client, user, full_name="Nobody")

    assert await list_ids(client, user, search="ZED.QUILL") == [by_email["id"]]
    assert await list_ids(client, user, search="4155550199") == [by_phone["id"]]
    assert await list_ids(client, user, search="sailing") == [by_notes["id"]]
    assert await list_ids(client, user, search="roboticarms") == [by_bio["id"]]


async def test_search_strips_one_at_sign(client, user):
    handle = await create_contact(client, user, full_name="Handle Person", twitter_handle="quillmaster")
    assert await list_ids(client, user, search="@quillmaster") == [handle["id"]]
    assert await list_ids(client, user, search="@@quillmaster") == []


async def test_search_escapes_wildcards(client, user):
    percent = await create_contact(client, user, full_name="Sale 50% off")
    await create_contact(client, user, full_name="Sale 500 off")
    underscore = await create_contact(client, user, full_name="snake_case")
    await create_contact(client, user, full_name="snakeXcase")

    assert await list_ids(client, user, search="50%") == [percent["id"]]
    assert await list_ids(client, user, search="e_c") == [underscore["id"]]
    assert await list_ids(client, user, search="%") == [percent["id"]]


async def test_search_matches_message_previews(client, db, user, other_user):
    contact = await create_contact(client, user, full_name="Quiet Person")
    await add_interaction(db, user, contact["id"], NOW, content_preview="Let's talk about the Zephyr project")
    foreign = await create_contact(client, other_user, full_name="Foreign")
    await add_interaction(db, other_user, foreign["id"], NOW, content_preview="zephyr too")

    assert await list_ids(client, user, search="zephyr") == [contact["id"]]


async def test_search_relevance_tiers(client, db, user):
    other_text = await create_contact(client, user, full_name="Zz Five", notes="works with nova")
    handle = await create_contact(client, user, full_name="Zz Four", telegram_username="novafan")
    company = await create_contact(client, user, full_name="Zz Three", company="Nova Labs")
    contains = await create_contact(client, user, full_name="Ana Novak")
    prefix = await create_contact(client, user, full_name="Nova Smith")
    for row in (other_text, handle, company, contains, prefix):
        await set_columns(db, row["id"], relationship_score=0)
    # A high score must not lift a weaker match above a stronger one.
    await set_columns(db, other_text["id"], relationship_score=10)

    expected = [prefix["id"], contains["id"], company["id"], handle["id"], other_text["id"]]
    assert await list_ids(client, user, search="nova") == expected
    assert await list_ids(client, user, search="@nova") == expected


async def test_search_tier_then_sort(client, db, user):
    low, high = await _named(client, user, "Nova Low", "Nova High")
    await set_columns(db, low, relationship_score=2)
    await set_columns(db, high, relationship_score=9)
    assert await list_ids(client, user, search="nova") == [high, low]
    assert await list_ids(client, user, search="nova", sort="created") == [high, low]


async def test_search_given_and_family_name(client, user):
    contact = await create_contact(client, user, full_name="Dr. A", given_name="Ingrid", family_name="Bergman")
    assert await list_ids(client, user, search="bergman") == [contact["id"]]


# Filters


async def test_filter_tag(client, user):
    tagged = await create_contact(client, user, tags=["Investor", "friend"])
    await create_contact(client, user, tags=["investors"])
    assert await list_ids(client, user, tag="INVESTOR") == [tagged["id"]]
    assert await list_ids(client, user, tag=" friend ") == [tagged["id"]]


async def test_filter_source(client, user):
    csv = await create_contact(client, user, source="csv")
    await create_contact(client, user)
    assert await list_ids(client, user, source="csv") == [csv["id"]]
    assert await list_ids(client, user, source="manual") != [csv["id"]]


@pytest.mark.parametrize(
    ("tier", "expected"), [("strong", {8, 10}), ("active", {4, 7}), ("dormant", {0, 3})]
)
async def test_filter_score(client, db, user, tier, expected):
    by_score = {}
    for score in (0, 3, 4, 7, 8, 10):
        row = await create_contact(client, user, full_name=f"Score {score}")
        await set_columns(db, row["id"], relationship_score=score)
        by_score[row["id"]] = score
    found = await list_ids(client, user, score=tier)
    assert {by_score[contact_id] for contact_id in found} == expected


async def test_filter_priority(client, user):
    high = await create_contact(client, user, priority_level="high")
    await create_contact(client, user, priority_level="low")
    archived = await create_contact(client, user, priority_level="archived")
    assert await list_ids(client, user, priority="high") == [high["id"]]
    assert await list_ids(client, user, priority="archived") == [archived["id"]]


async def test_filter_created_dates(client, db, user):
    before, inside, after = await _named(client, user, "Before", "Inside", "After")
    await set_columns(db, before, created_at=datetime(2025, 3, 9, 23, 59, tzinfo=UTC))
    await set_columns(db, inside, created_at=datetime(2025, 3, 10, 12, 0, tzinfo=UTC))
    await set_columns(db, after, created_at=datetime(2025, 3, 11, 0, 0, tzinfo=UTC))

    assert await list_ids(client, user, date_from="2025-03-10", date_to="2025-03-10") == [inside]
    assert set(await list_ids(client, user, date_from="2025-03-10")) == {inside, after}
    assert set(await list_ids(client, user, date_to="2025-03-10")) == {before, inside}


async def test_filter_created_dates_use_user_time_zone(client, db, user):
    await set_user(db, user.id, timezone="America/New_York")
    late_evening = await create_contact(client, user, full_name="Evening")
    # 02:00 UTC on Mar 11 is still Mar 10 in New York.
    await set_columns(db, late_evening["id"], created_at=datetime(2025, 3, 11, 2, 0, tzinfo=UTC))
    assert await list_ids(client, user, date_from="2025-03-10", date_to="2025-03-10") == [late_evening["id"]]
    assert await list_ids(client, user, date_from="2025-03-11") == []


async def test_filter_interaction_dates(client, db, user):
    early, late, never = await _named(client, user, "Early", "Late", "Never")
    await add_interaction(db, user, early, datetime(2025, 1, 5, 10, tzinfo=UTC))
    await add_interaction(db, user, late, datetime(2025, 2, 5, 10, tzinfo=UTC))

    assert await list_ids(client, user, interaction_from="2025-02-01") == [late]
    assert await list_ids(client, user, interaction_to="2025-01-31") == [early]
    assert await list_ids(client, user, interaction_from="2025-01-05", interaction_to="2025-01-05") == [early]
    assert never not in await list_ids(client, user, interaction_to="2030-01-01")


async def test_filter_has_interactions(client, db, user):
    talked, silent = await _named(client, user, "Talked", "Silent")
    await add_interaction(db, user, talked, NOW - timedelta(days=2))
    assert await list_ids(client, user, has_interactions=True) == [talked]
    assert await list_ids(client, user, has_interactions=False) == [silent]


async def test_filter_has_interactions_ignores_events(client, db, user):
    (contact,) = await _named(client, user, "Bio Changed")
    await add_interaction(db, user, contact, NOW, direction="event")
    assert await list_ids(client, user, has_interactions=True) == []


async def test_filter_interaction_days(client, db, user):
    recent, old = await _named(client, user, "Recent", "Old")
    await add_interaction(db, user, recent, NOW - timedelta(days=3))
    await add_interaction(db, user, old, NOW - timedelta(days=40))
    assert await list_ids(client, user, interaction_days=7) == [recent]
    assert set(await list_ids(client, user, interaction_days=60)) == {recent, old}


async def test_filter_has_birthday(client, user):
    with_day = await create_contact(client, user, birthday="07-04")
    without = await create_contact(client, user)
    assert await list_ids(client, user, has_birthday=True) == [with_day["id"]]
    assert await list_ids(client, user, has_birthday=False) == [without["id"]]


async def test_filter_ghosted(client, db, user):
    ghosted, replied, too_few, mutual_last = await _named(client, user, "Ghosted", "Replied", "TooFew", "MutualLast")
    day = timedelta(days=1)
    await add_interaction(db, user, ghosted, NOW - 10 * day, direction="inbound")
    for offset in (3, 2, 1):
        await add_interaction(db, user, ghosted, NOW - offset * day, direction="outbound")
    for offset, direction in ((3, "outbound"), (2, "inbound"), (1, "outbound")):
        await add_interaction(db, user, replied, NOW - offset * day, direction=direction)
    for offset in (2, 1):
        await add_interaction(db, user, too_few, NOW - offset * day, direction="outbound")
    for offset in (4, 3, 2):
        await add_interaction(db, user, mutual_last, NOW - offset * day, direction="outbound")
    await add_interaction(db, user, mutual_last, NOW - day, direction="mutual")
    await add_interaction(db, user, mutual_last, NOW - day, direction="event")

    assert set(await list_ids(client, user, ghosted=True)) == {ghosted, mutual_last}
    assert len(await list_ids(client, user, ghosted=False)) == 4


async def test_filters_combine(client, db, user):
    match = await create_contact(client, user, full_name="Nova Match", tags=["vc"], priority_level="high")
    await create_contact(client, user, full_name="Nova Other", tags=["vc"], priority_level="low")
    await create_contact(client, user, full_name="Else", tags=["vc"], priority_level="high")
    assert await list_ids(client, user, search="nova", tag="vc", priority="high") == [match["id"]]


# Sorts


async def test_sort_score_default(client, db, user):
    low, high, mid = await _named(client, user, "Low", "High", "Mid")
    for contact_id, score in ((low, 1), (high, 9), (mid, 5)):
        await set_columns(db, contact_id, relationship_score=score)
    assert await list_ids(client, user) == [high, mid, low]
    assert await list_ids(client, user, sort="score") == [high, mid, low]


async def test_sort_score_ties_newest_first(client, db, user):
    older, newer = await _named(client, user, "Older", "Newer")
    await set_columns(db, older, created_at=NOW - timedelta(days=5))
    assert await list_ids(client, user) == [newer, older]


async def test_sort_created(client, db, user):
    first, second, third = await _named(client, user, "First", "Second", "Third")
    for offset, contact_id in enumerate((first, second, third)):
        await set_columns(db, contact_id, created_at=NOW - timedelta(days=10 - offset))
    assert await list_ids(client, user, sort="created") == [third, second, first]


async def test_sort_interaction(client, db, user):
    never, old, recent = await _named(client, user, "Never", "Old", "Recent")
    await add_interaction(db, user, old, NOW - timedelta(days=30))
    await add_interaction(db, user, recent, NOW - timedelta(days=1))
    assert await list_ids(client, user, sort="interaction") == [recent, old, never]


async def test_sort_activity(client, db, user):
    none, many, few = await _named(client, user, "None", "Many", "Few")
    for offset in range(3):
        await add_interaction(db, user, many, NOW - timedelta(days=offset + 1))
    await add_interaction(db, user, few, NOW - timedelta(days=1))
    assert await list_ids(client, user, sort="activity") == [many, few, none]


async def test_sort_company(client, db, user):
    no_company = await create_contact(client, user, full_name="Solo")
    beta = await create_contact(client, user, company="Beta")
    alpha = await create_contact(client, user, company="Alpha")
    assert await list_ids(client, user, sort="company") == [alpha["id"], beta["id"], no_company["id"]]


async def test_sort_birthday_next_first(client, user):
    today = datetime.now(UTC).date()

    def month_day(day: date) -> str:
        return day.strftime("%m-%d")

    tomorrow = await create_contact(client, user, birthday=month_day(today + timedelta(days=1)))
    later = await create_contact(client, user, birthday="1980-" + month_day(today + timedelta(days=40)))
    passed = await create_contact(client, user, birthday=month_day(today - timedelta(days=1)))
    today_contact = await create_contact(client, user, birthday=month_day(today))
    none = await create_contact(client, user)

    expected = [today_contact["id"], tomorrow["id"], later["id"], passed["id"], none["id"]]
    assert await list_ids(client, user, sort="birthday") == expected


async def test_sort_overdue(client, db, user):
    never, old, recent = await _named(client, user, "Never", "Old", "Recent")
    await add_interaction(db, user, old, NOW - timedelta(days=90))
    await add_interaction(db, user, recent, NOW - timedelta(days=2))
    assert await list_ids(client, user, sort="overdue") == [never, old, recent]


async def test_sort_priority(client, db, user):
    low = await create_contact(client, user, priority_level="low")
    high_weak = await create_contact(client, user, priority_level="high")
    medium = await create_contact(client, user, priority_level="medium")
    high_strong = await create_contact(client, user, priority_level="high")
    await set_columns(db, high_strong["id"], relationship_score=9)
    expected = [high_strong["id"], high_weak["id"], medium["id"], low["id"]]
    assert await list_ids(client, user, sort="priority") == expected


# Select-all ids


async def test_ids_apply_filters(client, user):
    tagged = await create_contact(client, user, tags=["vc"])
    await create_contact(client, user)
    await create_contact(client, user, tags=["vc"], priority_level="archived")
    response = await client.get(f"{CONTACTS}/ids", params={"tag": "vc"}, headers=user.headers)
    assert response.status_code == 200
    assert response.json()["data"] == [tagged["id"]]
    assert response.json()["meta"] == {"limit": 10000, "truncated": False}


async def test_ids_reject_paging_values(client, user):
    response = await client.get(f"{CONTACTS}/ids", params={"interaction_days": 500}, headers=user.headers)
    assert response.status_code == 422


async def test_ids_report_truncation(client, db, user):
    await _named(client, user, "A", "B", "C")
    owner = await db.scalar(select(User).where(User.id == user.id))
    ids, truncated = await list_contact_ids(db, owner, filters=ContactFilters(), limit=2)
    await db.rollback()
    assert len(ids) == 2
    assert truncated is True
