"""Calendar helpers of the contacts domain: the user's "today", day-bound filters, next birthdays."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, Integer, case, cast, func, literal, literal_column
from sqlalchemy.sql.elements import ColumnElement

from backend.core.errors import Unprocessable
from backend.models import Contact, User

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def user_zone(user: User) -> ZoneInfo:
    """Return the user's IANA time zone, or UTC when this system does not know the stored name."""
    try:
        return ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def user_today(user: User, *, now: datetime | None = None) -> date:
    """Return the calendar date in the user's time zone at `now` (default: the current time)."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(user_zone(user)).date()


def parse_day(name: str, value: str | None) -> date | None:
    """Parse a `YYYY-MM-DD` query value, and raise 422 naming the parameter when it is not a date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _DAY_RE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise Unprocessable(f"Invalid {name} {text!r}: use a calendar date in YYYY-MM-DD form")


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Return the first instant of `day` in `zone` as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=zone)


def day_end(day: date, zone: ZoneInfo) -> datetime:
    """Return the first instant after `day` in `zone`, which is the exclusive upper bound of that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def _birthday_in_year(year: int) -> ColumnElement[date]:
    # A day past the end of the month (Feb 29 in a non-leap year) falls on the month's last day.
    first = func.make_date(year, Contact.birthday_month, 1)
    days_in_month = cast(func.extract("day", first + literal_column("interval '1 month - 1 day'")), Integer)
    return func.make_date(year, Contact.birthday_month, func.least(Contact.birthday_day, days_in_month), type_=Date)


def days_until_birthday(today: date) -> ColumnElement[int]:
    """Build SQL for the days from `today` to the contact's next birthday: 0 on the day, NULL without a birthday.

    A Feb 29 birthday is celebrated on Feb 28 in non-leap years.
    """
    this_year = _birthday_in_year(today.year)
    next_year = _birthday_in_year(today.year + 1)
    today_value = literal(today, Date)
    return case(
        (this_year >= today_value, this_year - today_value),
        else_=next_year - today_value,
    )
