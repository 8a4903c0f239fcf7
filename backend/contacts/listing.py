"""Contact list and select-all ids: the filters, the text search with relevance tiers, the sort orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Text, case, func, or_, select, true, type_coerce, union
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from backend.contacts.dates import day_end, day_start, days_until_birthday, parse_day, user_today, user_zone
from backend.core.errors import Unprocessable
from backend.models import PRIORITY_LEVELS, Contact, ContactSearch, Interaction, User

# Select-all returns at most this many ids, so one request cannot stream a whole database.
MAX_IDS = 10_000

SCORE_TIERS = {"strong": (8, 10), "active": (4, 7), "dormant": (0, 3)}
GHOSTED_WINDOW = 3  # most recent inbound or outbound messages that must all be outbound
_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class ContactFilters:
    """Filters of the contact list.

    Every filter that is set must match. Dates are `YYYY-MM-DD` days in the user's time zone.
    """

    search: str | None = None
    tag: str | None = None
    source: str | None = None
    score: str | None = None
    priority: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    interaction_from: str | None = None
    interaction_to: str | None = None
    has_interactions: bool | None = None
    interaction_days: int | None = None
    has_birthday: bool | None = None
    ghosted: bool | None = None
    archived_only: bool = False
    include_archived: bool = False


def search_term(raw: str | None) -> str | None:
    """Return the lowercased search term without one leading `@`, or None when it is empty.

    Handles are stored without the `@`, so a search for `@name` must look for `name`.
    """
    if raw is None:
        return None
    term = raw.strip()
    if term.startswith("@"):
        term = term[1:].strip()
    return term.lower() or None


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: ColumnElement, pattern: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern, escape=_LIKE_ESCAPE)


def _search_condition(user: User, term: str) -> ColumnElement[bool]:
    # A UNION of two trigram-indexed lookups (contact_search.search_text is lowercased by a
    # trigger), because an OR of the LIKE and the message subquery makes PostgreSQL scan every
    # contact of the user.
    pattern = f"%{_escape_like(term)}%"
    in_profile = select(ContactSearch.contact_id).where(
        ContactSearch.user_id == user.id, ContactSearch.search_text.like(pattern, escape=_LIKE_ESCAPE)
    )
    in_messages = select(Interaction.contact_id).where(
        Interaction.user_id == user.id,
        Interaction.content_preview.ilike(pattern, escape=_LIKE_ESCAPE),
    )
    return Contact.id.in_(union(in_profile, in_messages))


def _relevance_tier(term: str) -> ColumnElement[int]:
    """1: full name starts with the term, 2: a name contains it, 3: company or title, 4: a handle, 5: other text."""
    escaped = _escape_like(term)
    pattern = f"%{escaped}%"
    return case(
        (func.lower(Contact.full_name).like(f"{escaped}%", escape=_LIKE_ESCAPE), 1),
        (
            or_(
                _contains(Contact.full_name, pattern),
                _contains(Contact.given_name, pattern),
                _contains(Contact.family_name, pattern),
                _contains(func.concat_ws(" ", Contact.given_name, Contact.family_name), pattern),
            ),
            2,
        ),
        (or_(_contains(Contact.company, pattern), _contains(Contact.title, pattern)), 3),
        (or_(_contains(Contact.twitter_handle, pattern), _contains(Contact.telegram_username, pattern)), 4),
        else_=5,
    )


def _ghosted_ids(user: User) -> ColumnElement[bool]:
    """Contacts whose three most recent inbound or outbound interactions are all outbound."""
    candidate = aliased(Contact)
    recent = (
        select(Interaction.direction)
        .where(
            Interaction.contact_id == candidate.id,
            Interaction.user_id == user.id,
            Interaction.direction.in_(("inbound", "outbound")),
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(GHOSTED_WINDOW)
        .lateral("recent")
    )
    ghosted = (
        select(candidate.id)
        .join(recent, true())
        .where(candidate.user_id == user.id, candidate.interaction_count >= GHOSTED_WINDOW)
        .group_by(candidate.id)
        .having(func.count().filter(recent.c.direction == "outbound") == GHOSTED_WINDOW)
    )
    return Contact.id.in_(ghosted)


def _conditions(user: User, filters: ContactFilters) -> list[ColumnElement[bool]]:
    zone = user_zone(user)
    conditions: list[ColumnElement[bool]] = [Contact.user_id == user.id]

    if filters.priority and filters.priority not in PRIORITY_LEVELS:
        raise Unprocessable(f"Invalid priority {filters.priority!r}: use one of {', '.join(PRIORITY_LEVELS)}")
    if filters.archived_only or filters.priority == "archived":
        conditions.append(Contact.priority_level == "archived")
    elif not filters.include_archived:
        conditions.append(Contact.priority_level != "archived")
    if filters.priority and filters.priority != "archived":
        conditions.append(Contact.priority_level == filters.priority)

    term = search_term(filters.search)
    if term:
        conditions.append(_search_condition(user, term))
    if filters.tag and filters.tag.strip():
        # `@>` on the array column can use the GIN index on tags.
        tags = type_coerce(Contact.tags, postgresql.ARRAY(Text))
        conditions.append(tags.contains([filters.tag.strip().lower()]))
    if filters.source:
        conditions.append(Contact.source == filters.source)
    if filters.score:
        if filters.score not in SCORE_TIERS:
            raise Unprocessable(f"Invalid score {filters.score!r}: use one of {', '.join(SCORE_TIERS)}")
        low, high = SCORE_TIERS[filters.score]
        conditions.append(Contact.relationship_score.between(low, high))

    if created_from := parse_day("date_from", filters.date_from):
        conditions.append(Contact.created_at >= day_start(created_from, zone))
    if created_to := parse_day("date_to", filters.date_to):
        conditions.append(Contact.created_at < day_end(created_to, zone))
    if seen_from := parse_day("interaction_from", filters.interaction_from):
        conditions.append(Contact.last_interaction_at >= day_start(seen_from, zone))
    if seen_to := parse_day("interaction_to", filters.interaction_to):
        conditions.append(Contact.last_interaction_at < day_end(seen_to, zone))

    if filters.has_interactions is not None:
        column = Contact.last_interaction_at
        conditions.append(column.is_not(None) if filters.has_interactions else column.is_(None))
    if filters.interaction_days is not None:
        since = datetime.now(UTC) - timedelta(days=filters.interaction_days)
        conditions.append(Contact.last_interaction_at >= since)
    if filters.has_birthday is not None:
        column = Contact.birthday_month
        conditions.append(column.is_not(None) if filters.has_birthday else column.is_(None))
    if filters.ghosted:
        conditions.append(_ghosted_ids(user))
    return conditions


def _sort_order(user: User, sort: str) -> list[ColumnElement]:
    if sort == "created":
        return [Contact.created_at.desc()]
    if sort == "interaction":
        return [Contact.last_interaction_at.desc().nulls_last()]
    if sort == "activity":
        return [Contact.interaction_count.desc(), Contact.created_at.desc()]
    if sort == "company":
        return [Contact.company.asc().nulls_last(), Contact.created_at.desc()]
    if sort == "birthday":
        # Next birthday first, counted from today in the user's time zone, and contacts without one last.
        return [days_until_birthday(user_today(user)).asc().nulls_last()]
    if sort == "overdue":
        return [Contact.last_interaction_at.asc().nulls_first(), Contact.relationship_score.asc()]
    if sort == "priority":
        rank = case({"high": 0, "medium": 1, "low": 2}, value=Contact.priority_level, else_=3)
        return [rank, Contact.relationship_score.desc()]
    return [Contact.relationship_score.desc(), Contact.created_at.desc()]


async def list_contacts(
    session: AsyncSession, user: User, *, filters: ContactFilters, sort: str, page: int, page_size: int
) -> tuple[list[Contact], int]:
    """Return one page of the user's matching contacts and the total count.

    With a search term, rows are ranked by relevance tier first, then by `sort`, and `id` breaks ties.
    """
    conditions = _conditions(user, filters)
    order = _sort_order(user, sort)
    term = search_term(filters.search)
    offset = (page - 1) * page_size

    if term:
        # A search visits every match anyway to rank it, so the page query counts the matches
        # in the same pass (a window count) instead of running the search twice.
        order.insert(0, _relevance_tier(term))
        query = (
            select(Contact, func.count().over().label("total"))
            .where(*conditions)
            .order_by(*order, Contact.id)
            .limit(page_size)
            .offset(offset)
        )
        rows = (await session.execute(query)).all()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        if page == 1:
            return [], 0
        total = await session.scalar(select(func.count()).select_from(Contact).where(*conditions))
        return [], total or 0

    total = await session.scalar(select(func.count()).select_from(Contact).where(*conditions))
    query = select(Contact).where(*conditions).order_by(*order, Contact.id).limit(page_size).offset(offset)
    rows = await session.scalars(query)
    return list(rows), total or 0


async def list_contact_ids(
    session: AsyncSession, user: User, *, filters: ContactFilters, limit: int = MAX_IDS
) -> tuple[list[uuid.UUID], bool]:
    """Return the ids of up to `limit` matching contacts, in no order, and whether more matched."""
    rows = await session.scalars(select(Contact.id).where(*_conditions(user, filters)).limit(limit + 1))
    ids = list(rows)
    return ids[:limit], len(ids) > limit
