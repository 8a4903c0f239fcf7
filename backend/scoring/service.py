"""Relationship scores and interaction statistics of contacts, computed set-based in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from sqlalchemy import DateTime, Integer, String, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import NotFound
from backend.models import Contact, User
from backend.scoring.formula import DIMENSION_MAX, scored_interactions_cte

log = structlog.get_logger("pingcrm.scoring")

TREND_MONTHS = 6

_PARAMS = (
    bindparam("user_id", type_=UUID(as_uuid=True)),
    bindparam("now", type_=DateTime(timezone=True)),
)


def _recompute_statement(*, some_contacts: bool):
    """Build the UPDATE that gives contacts the score of their interactions, or 0 when they have none.

    Only rows whose score changes are written. With `some_contacts`, only the contacts in
    `:contact_ids` are read and updated.
    """
    contact_filter = "i.contact_id = ANY(:contact_ids)" if some_contacts else ""
    target_filter = " AND c.id = ANY(:contact_ids)" if some_contacts else ""
    statement = text(
        scored_interactions_cte(contact_filter=contact_filter)
        + f""",
        target AS (
            SELECT c.id, coalesce(s.score, 0) AS score
            FROM contacts c LEFT JOIN scored s ON s.contact_id = c.id
            WHERE c.user_id = :user_id{target_filter}
        )
        UPDATE contacts c SET relationship_score = t.score
        FROM target t
        WHERE c.id = t.id AND c.user_id = :user_id AND c.relationship_score <> t.score
        """
    ).bindparams(*_PARAMS)
    if some_contacts:
        statement = statement.bindparams(bindparam("contact_ids", type_=ARRAY(UUID(as_uuid=True))))
    return statement


_RECOMPUTE_ALL = _recompute_statement(some_contacts=False)
_RECOMPUTE_SOME = _recompute_statement(some_contacts=True)

_ACTIVITY = text(scored_interactions_cte(contact_filter="i.contact_id = :contact_id", statistics=True) + " SELECT * FROM scored").bindparams(
    *_PARAMS, bindparam("contact_id", type_=UUID(as_uuid=True))
)

# Calendar months in the user's time zone, the current one and the TREND_MONTHS - 1 before it,
# with zero for months without interactions.
_MONTHLY_TREND = text(
    """
    WITH months AS (
        SELECT generate_series(
            date_trunc('month', :now AT TIME ZONE :tz) - make_interval(months => :months - 1),
            date_trunc('month', :now AT TIME ZONE :tz),
            interval '1 month'
        ) AS month_start
    ),
    counted AS (
        SELECT date_trunc('month', i.occurred_at AT TIME ZONE :tz) AS month_start, count(*) AS n
        FROM interactions i
        WHERE i.user_id = :user_id AND i.contact_id = :contact_id AND i.direction <> 'event'
          AND i.occurred_at <= :now
          AND i.occurred_at >= (date_trunc('month', :now AT TIME ZONE :tz) - make_interval(months => :months - 1)) AT TIME ZONE :tz
        GROUP BY 1
    )
    SELECT to_char(m.month_start, 'YYYY-MM') AS month, coalesce(c.n, 0) AS count
    FROM months m LEFT JOIN counted c ON c.month_start = m.month_start
    ORDER BY m.month_start
    """
).bindparams(*_PARAMS, bindparam("contact_id", type_=UUID(as_uuid=True)), bindparam("tz", type_=String), bindparam("months", type_=Integer))

# last_interaction_at and interaction_count follow the same definition as the interaction
# triggers: every non-event interaction, future ones included. Contacts without any get NULL and 0.
_RECONCILE = text(
    """
    WITH totals AS (
        SELECT i.contact_id, max(i.occurred_at) AS latest, count(*) AS n
        FROM interactions i
        WHERE i.user_id = :user_id AND i.direction <> 'event'
        GROUP BY i.contact_id
    ),
    target AS (
        SELECT c.id, t.latest, coalesce(t.n, 0) AS n
        FROM contacts c LEFT JOIN totals t ON t.contact_id = c.id
        WHERE c.user_id = :user_id
    )
    UPDATE contacts c SET last_interaction_at = t.latest, interaction_count = t.n
    FROM target t
    WHERE c.id = t.id AND c.user_id = :user_id
      AND (c.last_interaction_at IS DISTINCT FROM t.latest OR c.interaction_count <> t.n)
    """
).bindparams(bindparam("user_id", type_=UUID(as_uuid=True)))


async def recompute_scores(
    session: AsyncSession, *, user_id: uuid.UUID, now: datetime | None = None, contact_ids: Sequence[uuid.UUID] | None = None
) -> int:
    """Recompute relationship scores of a user's contacts in one statement; return the rows changed.

    Without `contact_ids` every contact of the user is recomputed. Sync jobs pass the contacts
    that received new interactions, which reads only those contacts' interactions.
    """
    now = now or datetime.now(UTC)
    if contact_ids is None:
        result = await session.execute(_RECOMPUTE_ALL, {"user_id": user_id, "now": now})
    elif not contact_ids:
        return 0
    else:
        result = await session.execute(_RECOMPUTE_SOME, {"user_id": user_id, "now": now, "contact_ids": list(contact_ids)})
    changed = result.rowcount or 0
    log.info("scoring.recomputed", user_id=str(user_id), contacts_changed=changed, contacts_requested=None if contact_ids is None else len(contact_ids))
    return changed


async def ensure_scored(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    """Recompute scores when the user has interactions but no contact has a score yet; return the rows changed.

    Suggestions rank contacts by score, so generating them right after a first import would
    otherwise see every contact at 0.
    """
    needs_scores = await session.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM contacts WHERE user_id = :user_id AND interaction_count > 0)"
            " AND NOT EXISTS (SELECT 1 FROM contacts WHERE user_id = :user_id AND relationship_score > 0)"
        ).bindparams(bindparam("user_id", type_=UUID(as_uuid=True))),
        {"user_id": user_id},
    )
    if not needs_scores:
        return 0
    return await recompute_scores(session, user_id=user_id)


async def reconcile_last_interaction(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    """Reset last_interaction_at and interaction_count of a user's contacts from their interactions; return the rows changed.

    Values are lowered as well as raised, so a contact whose newest interaction was deleted gets
    the previous one's time.
    """
    result = await session.execute(_RECONCILE, {"user_id": user_id})
    changed = result.rowcount or 0
    log.info("scoring.last_interaction_reconciled", user_id=str(user_id), contacts_changed=changed)
    return changed


def _user_zone(user: User) -> str:
    try:
        ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return "UTC"
    return user.timezone


async def contact_activity(session: AsyncSession, user: User, contact_id: uuid.UUID, *, now: datetime | None = None) -> dict[str, Any]:
    """Return the live score breakdown, interaction statistics and monthly trend of one contact.

    Raises NotFound when the contact does not exist or belongs to another user.
    """
    now = now or datetime.now(UTC)
    owned = await session.scalar(select(Contact.id).where(Contact.id == contact_id, Contact.user_id == user.id))
    if owned is None:
        raise NotFound("Contact not found")

    params = {"user_id": user.id, "contact_id": contact_id, "now": now}
    row = (await session.execute(_ACTIVITY, params)).mappings().first()
    trend = (await session.execute(_MONTHLY_TREND, {**params, "tz": _user_zone(user), "months": TREND_MONTHS})).mappings().all()

    values = {name: (row[name] if row else 0) for name in DIMENSION_MAX}
    return {
        "score": row["score"] if row else 0,
        "dimensions": {name: {"value": values[name], "max": maximum} for name, maximum in DIMENSION_MAX.items()},
        "stats": {
            "inbound_365d": row["inbound_365d"] if row else 0,
            "outbound_365d": row["outbound_365d"] if row else 0,
            "mutual_365d": row["mutual_365d"] if row else 0,
            "count_30d": row["c30"] if row else 0,
            "count_90d": row["c90"] if row else 0,
            "platforms": list(row["platforms"]) if row else [],
            "interaction_count": row["lifetime_count"] if row else 0,
            "first_interaction_at": row["first_at"] if row else None,
        },
        "monthly_trend": [{"month": item["month"], "count": item["count"]} for item in trend],
    }
