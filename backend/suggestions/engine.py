"""The follow-up engine: pick the contacts worth a message now, draft the messages, store them.

One run for one user: dismiss the user's open suggestions that no longer apply, select candidates
with one query, split the budget between the pools, draft a message per winner and insert all
suggestions with one statement.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Contact, DetectedEvent, FollowUpSuggestion, User
from backend.settings.defaults import priority_intervals, suggestion_prefs
from backend.suggestions import rules
from backend.suggestions.candidates import Candidate, CandidateQuery, select_candidates
from backend.suggestions.composer import Composer, default_composer, draft_with_fallback
from backend.suggestions.service import dismiss_stale

log = structlog.get_logger("pingcrm.suggestions")

# First key of the per-user advisory lock that keeps two runs for one user from overlapping.
_LOCK_NAMESPACE = 0x5347

_CONTEXT_SQL = text(
    """
    SELECT w.id AS contact_id,
           (SELECT array_agg(x.platform ORDER BY x.occurred_at DESC)
            FROM (SELECT i.platform, i.occurred_at FROM interactions i
                  WHERE i.contact_id = w.id AND i.user_id = :user_id AND i.direction <> 'event'
                    AND i.occurred_at <= CAST(:now AS timestamptz)
                  ORDER BY i.occurred_at DESC LIMIT :depth) x) AS platforms,
           (SELECT i.content_preview FROM interactions i
            WHERE i.contact_id = w.id AND i.user_id = :user_id AND i.direction <> 'event'
              AND i.occurred_at <= CAST(:now AS timestamptz)
              AND btrim(COALESCE(i.content_preview, '')) <> ''
            ORDER BY i.occurred_at DESC LIMIT 1) AS last_topic
    FROM unnest(CAST(:contact_ids AS uuid[])) AS w(id)
    """
)


def user_local_date(user: User, now: datetime) -> date:
    """Return the calendar date at `now` in the user's IANA timezone. An unknown zone reads as UTC."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("suggestions.unknown_timezone", user_id=str(user.id), timezone=user.timezone)
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()


def birthday_keys(today: date) -> list[int]:
    """Return month * 100 + day for every birthday celebrated from today to BIRTHDAY_WINDOW_DAYS ahead.

    In a year without Feb 29, a Feb 29 birthday is celebrated on Feb 28.
    """
    keys: list[int] = []
    for offset in range(rules.BIRTHDAY_WINDOW_DAYS + 1):
        day = today + timedelta(days=offset)
        keys.append(day.month * 100 + day.day)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            keys.append(229)
    return keys


def apply_budget(candidates: list[Candidate], *, max_total: int) -> list[Candidate]:
    """Pick the winners: each pool's share of the budget, then unused slots to pool A, then to pool B."""
    pool_a = [c for c in candidates if c.pool == "A"]
    pool_b = [c for c in candidates if c.pool == "B"]
    slots_a, slots_b = rules.split_budget(max_total)

    take_a = min(len(pool_a), slots_a)
    take_b = min(len(pool_b), slots_b)
    spare = (slots_a - take_a) + (slots_b - take_b)
    extra_a = min(spare, len(pool_a) - take_a)
    take_a += extra_a
    spare -= extra_a
    take_b += min(spare, len(pool_b) - take_b)
    return pool_a[:take_a] + pool_b[:take_b]


def choose_channel(contact: Contact, recent_platforms: list[str], preferred: str) -> str:
    """Return the user's preferred channel when the contact has it, else the latest used one it has."""
    available = {
        "email": bool(contact.emails),
        "telegram": bool(contact.telegram_username or contact.telegram_user_id),
        "twitter": bool(contact.twitter_handle),
    }
    if available.get(preferred):
        return preferred
    for platform in recent_platforms:
        if available.get(platform):
            return platform
    for channel in rules.ENGINE_CHANNELS:
        if available[channel]:
            return channel
    # NOTE: a contact reachable only on LinkedIn gets `email`, because the web app supports only the
    # email, telegram and twitter channels. The Chrome extension shows it on the LinkedIn profile.
    return rules.DEFAULT_CHANNEL


def candidate_query(user: User, *, now: datetime) -> CandidateQuery:
    """Build the candidate query inputs from the user's settings."""
    prefs = suggestion_prefs(user)
    return CandidateQuery(
        user_id=user.id,
        now=now,
        dormancy_days=prefs["dormancy_threshold_days"],
        intervals=priority_intervals(user),
        include_dormant=prefs["include_dormant"],
        birthday_keys=birthday_keys(user_local_date(user, now)) if prefs["birthday_reminders"] else [],
        # A pool can receive the whole budget through the rollover of unused slots.
        per_pool_limit=prefs["max_suggestions"],
    )


async def _try_lock(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """Take the user's run lock until the transaction ends. Return False when another run has it."""
    statement = text("SELECT pg_try_advisory_xact_lock(:namespace, hashtext(CAST(:user_id AS text)))")
    return bool(await session.scalar(statement, {"namespace": _LOCK_NAMESPACE, "user_id": str(user_id)}))


async def _draft_rows(
    session: AsyncSession,
    user: User,
    winners: list[Candidate],
    *,
    now: datetime,
    preferred_channel: str,
    composer: Composer,
) -> list[dict[str, Any]]:
    """Load what the drafts need in three queries and draft one message per winner."""
    contact_ids = [w.contact_id for w in winners]
    contacts = {
        c.id: c
        for c in await session.scalars(select(Contact).where(Contact.user_id == user.id, Contact.id.in_(contact_ids)))
    }
    event_ids = [w.event_id for w in winners if w.event_id is not None]
    events: dict[uuid.UUID, DetectedEvent] = {}
    if event_ids:
        rows = await session.scalars(
            select(DetectedEvent).where(DetectedEvent.user_id == user.id, DetectedEvent.id.in_(event_ids))
        )
        events = {e.id: e for e in rows}
    context = {
        row.contact_id: row
        for row in await session.execute(
            _CONTEXT_SQL,
            {"user_id": user.id, "now": now, "depth": rules.CHANNEL_HISTORY_DEPTH, "contact_ids": contact_ids},
        )
    }

    rows: list[dict[str, Any]] = []
    for winner in winners:
        contact = contacts[winner.contact_id]
        history = context[winner.contact_id]
        channel = choose_channel(contact, list(history.platforms or []), preferred_channel)
        draft = await draft_with_fallback(
            composer,
            contact,
            trigger_type=winner.trigger_type,
            channel=channel,
            last_topic=history.last_topic,
            event=events.get(winner.event_id) if winner.event_id else None,
        )
        rows.append(
            {
                "id": uuid.uuid4(),
                "user_id": user.id,
                "contact_id": winner.contact_id,
                "trigger_type": winner.trigger_type,
                "trigger_event_id": winner.event_id,
                "suggested_message": draft.message,
                "suggested_channel": channel,
                "draft_source": draft.source,
                "status": "pending",
                "pool": winner.pool,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


async def generate_suggestions(
    session: AsyncSession, user: User, *, now: datetime, composer: Composer | None = None
) -> list[FollowUpSuggestion]:
    """Create this run's follow-up suggestions for the user and return them, best first.

    Returns an empty list when another run for the same user is in progress. The caller commits.
    """
    if not await _try_lock(session, user.id):
        log.info("suggestions.run_skipped", user_id=str(user.id), reason="another run in progress")
        return []

    prefs = suggestion_prefs(user)
    max_total = prefs["max_suggestions"]
    await dismiss_stale(session, user_id=user.id, now=now)

    candidates = await select_candidates(session, candidate_query(user, now=now))
    winners = apply_budget(candidates, max_total=max_total)
    if not winners:
        log.info("suggestions.generated", user_id=str(user.id), created=0, candidates=len(candidates))
        return []

    rows = await _draft_rows(
        session,
        user,
        winners,
        now=now,
        preferred_channel=prefs["preferred_channel"],
        composer=composer or default_composer(),
    )
    statement = (
        insert(FollowUpSuggestion)
        .values(rows)
        .on_conflict_do_nothing(
            index_elements=[FollowUpSuggestion.contact_id],
            index_where=text("status IN ('pending', 'snoozed')"),
        )
        .returning(FollowUpSuggestion)
    )
    created = {s.id: s for s in await session.scalars(statement, execution_options={"populate_existing": True})}
    ordered = [created[row["id"]] for row in rows if row["id"] in created]
    log.info(
        "suggestions.generated",
        user_id=str(user.id),
        created=len(ordered),
        candidates=len(candidates),
        pool_a=sum(1 for s in ordered if s.pool == "A"),
        pool_b=sum(1 for s in ordered if s.pool == "B"),
    )
    return ordered
