"""Birthday reminders follow the calendar date in the user's timezone, not the UTC date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backend.suggestions.engine import birthday_keys
from tests.suggestions.conftest import candidates, make_contact, set_prefs


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# (case, timezone, now in UTC, {(month, day): reminded?})
ZONE_CASES = [
    # 13:00 UTC on June 15 is 01:00 on June 16 in Auckland (UTC+12): the window is June 16-19.
    ("auckland", "Pacific/Auckland", "2026-06-15T13:00:00", {(6, 15): False, (6, 16): True, (6, 19): True, (6, 20): False}),
    ("auckland as utc", "UTC", "2026-06-15T13:00:00", {(6, 15): True, (6, 16): True, (6, 19): False}),
    # 05:00 UTC on June 16 is 19:00 on June 15 in Honolulu (UTC-10): the window is June 15-18.
    ("honolulu", "Pacific/Honolulu", "2026-06-16T05:00:00", {(6, 15): True, (6, 18): True, (6, 19): False}),
    ("honolulu as utc", "UTC", "2026-06-16T05:00:00", {(6, 15): False, (6, 19): True}),
    # New York springs forward on March 8, 2026, and 03:30 UTC on March 9 is 23:30 EDT on March 8.
    ("new york spring", "America/New_York", "2026-03-09T03:30:00", {(3, 8): True, (3, 11): True, (3, 12): False}),
    # New York falls back on November 1, 2026, and 01:00 UTC on November 2 is 20:00 EST on November 1.
    ("new york fall", "America/New_York", "2026-11-02T01:00:00", {(11, 1): True, (11, 4): True, (11, 5): False}),
    ("unknown zone reads as utc", "Mars/Olympus_Mons", "2026-06-16T05:00:00", {(6, 15): False, (6, 16): True}),
    # Feb 29 birthdays are celebrated on Feb 28 in years without Feb 29.
    ("feb 29 in 2027", "UTC", "2027-02-26T12:00:00", {(2, 29): True, (2, 28): True, (3, 1): True}),
    ("feb 29 after feb 28", "UTC", "2027-03-01T12:00:00", {(2, 29): False, (3, 1): True}),
    ("feb 29 in 2028 early", "UTC", "2028-02-25T12:00:00", {(2, 29): False, (2, 28): True}),
    ("feb 29 in 2028 window", "UTC", "2028-02-27T12:00:00", {(2, 29): True, (3, 1): True}),
]


@pytest.mark.parametrize(("name", "zone", "now", "expected"), ZONE_CASES, ids=[case[0] for case in ZONE_CASES])
async def test_birthday_in_user_timezone(db, user, name, zone, now, expected):
    await set_prefs(db, user.id, timezone=zone)
    contacts = {
        (month, day): await make_contact(db, user.id, birthday_month=month, birthday_day=day, score=0)
        for month, day in expected
    }

    found = await candidates(db, user.id, now=_utc(now))

    for key, reminded in expected.items():
        assert (contacts[key] in found) is reminded, f"birthday {key[0]:02d}-{key[1]:02d}"
        if reminded:
            assert found[contacts[key]].trigger_type == "birthday"


@pytest.mark.parametrize(
    ("today", "keys"),
    [
        (date(2026, 6, 15), [615, 616, 617, 618]),
        (date(2026, 12, 30), [1230, 1231, 101, 102]),
        (date(2027, 2, 27), [227, 228, 229, 301, 302]),
        (date(2028, 2, 27), [227, 228, 229, 301]),
    ],
)
def test_birthday_keys(today, keys):
    assert birthday_keys(today) == keys
