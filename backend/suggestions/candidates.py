"""Candidate selection of the follow-up engine: set-based SQL, usually one query per run.

Every contact of the user belongs to exactly one pool, decided by the user's dormancy threshold D:
pool A when the last interaction is at most D days old, pool B when it is older or missing. Each
trigger proposes (contact, trigger, base priority) rows and the best trigger per contact wins.

The post-filters (read receipts, ghosting) and the pool B long-history bonus need per-contact
interaction lookups, so the query runs them only on a shortlist: the candidates whose base
priority is within the largest possible uplift of the pool's `per_pool_limit`-th best. They can
only raise a priority by that uplift, or lower it, or drop the candidate, so when nothing on the
shortlist is dropped or lowered below the cut, the result equals a run over every candidate. The
query reports the best base priority it left out per pool, and `select_candidates` runs it again
without a shortlist when the cut is not safe.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.suggestions import rules

# Largest priority increase the shortlisted steps can add, per pool.
MAX_UPLIFT = {"A": rules.READ_NO_REPLY_BONUS, "B": rules.READ_NO_REPLY_BONUS + rules.LONG_HISTORY_BONUS}


@dataclass(frozen=True)
class Candidate:
    contact_id: uuid.UUID
    trigger_type: str
    event_id: uuid.UUID | None
    pool: str
    priority: float


@dataclass(frozen=True)
class CandidateQuery:
    """Inputs of one engine run. Intervals are days per priority level."""

    user_id: uuid.UUID
    now: datetime
    dormancy_days: int
    intervals: dict[str, int]
    include_dormant: bool
    birthday_keys: list[int]  # month * 100 + day of each date in the birthday window
    per_pool_limit: int


def _pool_a_priority(b: str) -> str:
    return (
        f"(CASE WHEN {b}.n >= {rules.RICH_HISTORY} AND {b}.days > {rules.COOLING_MAX_DAYS} THEN 1000 + {b}.n"
        f" WHEN {b}.n >= {rules.RICH_HISTORY} AND {b}.days >= {rules.COOLING_MIN_DAYS} THEN 500 + {b}.n"
        f" ELSE {b}.n END)"
    )


def _pool_b_priority(b: str) -> str:
    """Pool B base priority, without the long-history bonus."""
    return (
        f"(CASE WHEN {b}.n >= 8 OR {b}.score >= 5 THEN 1000 + {b}.n"
        f" WHEN {b}.n >= 4 OR {b}.score >= 3 THEN 500 + {b}.n ELSE {b}.n END)"
    )


def _span_bonus(span: str) -> str:
    return f"(CASE WHEN {span} >= {rules.LONG_HISTORY_SPAN_DAYS} THEN {rules.LONG_HISTORY_BONUS} ELSE 0 END)"


def _first_at(contact_id: str) -> str:
    """Lateral subquery: time of the contact's first interaction that counts as contact."""
    return f"""(
        SELECT i.occurred_at AS first_at
        FROM interactions i
        WHERE i.contact_id = {contact_id} AND i.user_id = :user_id AND i.direction <> 'event'
        ORDER BY i.occurred_at
        LIMIT 1
    )"""


_PA = _pool_a_priority("b")
_PB = _pool_b_priority("b")
_DORMANT = "CAST(:include_dormant AS boolean) AND NOT b.active AND b.score > 0"

_CANDIDATES_SQL = f"""
WITH blocked AS (
    SELECT s.contact_id
    FROM follow_up_suggestions s
    WHERE s.user_id = :user_id
      AND (s.status IN ('pending', 'snoozed')
           OR (s.status = 'dismissed' AND s.dismissed_by = 'user'
               AND s.updated_at >= CAST(:dismiss_cooldown_since AS timestamptz)))
),
base AS (
    SELECT c.id, c.priority_level AS level, c.relationship_score AS score, c.interaction_count AS n,
           c.last_interaction_at AS last_at, c.last_followup_at,
           c.birthday_month * 100 + c.birthday_day AS birthday_key,
           COALESCE(c.last_interaction_at >= CAST(:active_since AS timestamptz), false) AS active,
           floor(extract(epoch FROM CAST(:now AS timestamptz) - c.last_interaction_at) / 86400) AS days
    FROM contacts c
    WHERE c.user_id = :user_id
      AND c.priority_level <> 'archived'
      AND {rules.not_second_tier_sql("c")}
      AND {rules.has_channel_sql("c")}
      AND (c.last_followup_at IS NULL OR c.last_followup_at < CAST(:followup_cooldown_since AS timestamptz))
      -- NOT IN lets the planner hash the blocked set; contact_id is never NULL.
      AND c.id NOT IN (SELECT contact_id FROM blocked)
),
levels (level, due_before, min_n) AS (
    VALUES ('high', CAST(:high_due AS timestamptz), {rules.MIN_INTERACTIONS["high"]}),
           ('medium', CAST(:medium_due AS timestamptz), {rules.MIN_INTERACTIONS["medium"]}),
           ('low', CAST(:low_due AS timestamptz), {rules.MIN_INTERACTIONS["low"]})
),
active_events AS (
    SELECT DISTINCT ON (e.contact_id) e.contact_id, e.id
    FROM detected_events e
    WHERE e.user_id = :user_id
      AND e.confidence >= CAST(:min_confidence AS float8)
      AND e.detected_at >= CAST(:active_event_since AS timestamptz)
      AND e.detected_at <= CAST(:now AS timestamptz)
    ORDER BY e.contact_id, e.confidence DESC, e.detected_at DESC, e.id
),
dormant_events AS (
    SELECT DISTINCT ON (e.contact_id) e.contact_id, e.id
    FROM detected_events e
    WHERE e.user_id = :user_id
      AND e.confidence >= CAST(:min_confidence AS float8)
      AND e.detected_at >= CAST(:dormant_event_since AS timestamptz)
      AND e.detected_at <= CAST(:now AS timestamptz)
    ORDER BY e.contact_id, e.confidence DESC, e.detected_at DESC, e.id
),
known_span AS (
    -- Days between first and last interaction, computed up front for the few dormant contacts
    -- whose trigger choice depends on it: those with an event or a birthday in the window.
    SELECT b.id, COALESCE(extract(epoch FROM b.last_at - f.first_at) / 86400, 0) AS span_days
    FROM base b
    LEFT JOIN LATERAL {_first_at("b.id")} f ON true
    WHERE {_DORMANT}
      AND (b.birthday_key = ANY(CAST(:birthday_keys AS int[]))
           OR EXISTS (SELECT 1 FROM dormant_events de WHERE de.contact_id = b.id))
),
triggers (contact_id, trigger_type, rank, event_id, pool, last_at, priority, span_pending) AS (
    SELECT b.id, 'time_based', 1, NULL::uuid, 'A', b.last_at, {_PA}, false
    FROM base b JOIN levels l ON l.level = b.level
    WHERE b.active AND b.last_at < l.due_before AND b.n >= l.min_n
      AND b.score < {rules.TIME_BASED_SCORE_CEILING}
      AND NOT (b.score = {rules.STALE_SCORE} AND b.last_at < CAST(:stale_before AS timestamptz))
    UNION ALL
    SELECT b.id, 'event_based', 2, e.id, 'A', b.last_at, {_PA} + {rules.ACTIVE_EVENT_BONUS}, false
    FROM base b JOIN active_events e ON e.contact_id = b.id
    WHERE b.active AND b.last_at < CAST(:recent_contact_before AS timestamptz)
    UNION ALL
    SELECT b.id, 'scheduled', 3, NULL::uuid, 'A', b.last_at, {_PA}, false
    FROM base b JOIN levels l ON l.level = b.level
    WHERE b.active AND b.last_followup_at < l.due_before AND b.n >= l.min_n
      AND b.last_at < CAST(:recent_contact_before AS timestamptz)
      AND NOT (b.score = {rules.STALE_SCORE} AND b.last_at < CAST(:stale_before AS timestamptz))
    UNION ALL
    SELECT b.id, 'birthday', 4, NULL::uuid, CASE WHEN b.active THEN 'A' ELSE 'B' END, b.last_at,
           {rules.BIRTHDAY_PRIORITY}, false
    FROM base b
    WHERE b.birthday_key = ANY(CAST(:birthday_keys AS int[]))
      AND (b.active OR CAST(:include_dormant AS boolean))
    UNION ALL
    SELECT b.id, 'dormant_deep', 5, NULL::uuid, 'B', b.last_at,
           {_PB} + {_span_bonus("ks.span_days")}, ks.id IS NULL
    FROM base b LEFT JOIN known_span ks ON ks.id = b.id
    WHERE {_DORMANT}
      AND b.last_at >= CAST(:deep_since AS timestamptz)
      AND (b.n >= {rules.DEEP_MIN_INTERACTIONS} OR b.score >= {rules.DEEP_MIN_SCORE})
    UNION ALL
    SELECT b.id, 'dormant_mid', 6, NULL::uuid, 'B', b.last_at,
           {_PB} + {_span_bonus("ks.span_days")}, ks.id IS NULL
    FROM base b LEFT JOIN known_span ks ON ks.id = b.id
    WHERE {_DORMANT}
      AND b.last_at >= CAST(:mid_since AS timestamptz)
      AND b.n >= {rules.MID_MIN_INTERACTIONS}
    UNION ALL
    SELECT b.id, 'dormant_event', 7, e.id, 'B', b.last_at,
           {_PB} + {_span_bonus("ks.span_days")} + {rules.DORMANT_EVENT_BONUS}, false
    FROM base b
    JOIN dormant_events e ON e.contact_id = b.id
    JOIN known_span ks ON ks.id = b.id
    WHERE {_DORMANT}
      AND (b.n >= {rules.DORMANT_EVENT_MIN_INTERACTIONS}
           OR b.score >= {rules.DORMANT_EVENT_MIN_SCORE}
           OR ks.span_days >= {rules.DORMANT_EVENT_MIN_SPAN_DAYS})
),
best AS (
    -- The bonuses added later are the same for every trigger of a contact, so the winner is final.
    SELECT DISTINCT ON (contact_id) *
    FROM triggers
    ORDER BY contact_id, priority DESC, rank
),
by_base AS (
    SELECT best.*, row_number() OVER (PARTITION BY pool ORDER BY priority DESC) AS base_position
    FROM best
),
cut AS (
    -- Shortlist threshold per pool: the per_pool_limit-th best base priority minus the pool's
    -- largest uplift. Pools with fewer candidates keep all of them.
    SELECT pool,
           CASE WHEN CAST(:prune AS boolean)
                THEN max(priority) FILTER (WHERE base_position = :per_pool_limit)
                     - CASE WHEN pool = 'A' THEN CAST(:uplift_a AS int) ELSE CAST(:uplift_b AS int) END
           END AS threshold
    FROM by_base
    GROUP BY pool
),
shortlist AS (
    SELECT bb.*
    FROM by_base bb JOIN cut ON cut.pool = bb.pool
    WHERE cut.threshold IS NULL OR bb.priority >= cut.threshold
),
left_out AS (
    SELECT bb.pool, max(bb.priority) AS best_priority
    FROM by_base bb JOIN cut ON cut.pool = bb.pool
    WHERE cut.threshold IS NOT NULL AND bb.priority < cut.threshold
    GROUP BY bb.pool
),
checked AS (
    -- Read receipts: the latest outbound Telegram message with receipt data, if nothing inbound
    -- or mutual came after it. Ghosting: directions of the 3 latest inbound/outbound interactions.
    SELECT s.*, receipt.is_read,
           CASE WHEN s.span_pending
                THEN {_span_bonus("COALESCE(extract(epoch FROM s.last_at - f.first_at) / 86400, 0)")}
                ELSE 0 END AS span_bonus,
           CASE WHEN receipt.occurred_at IS NULL THEN false ELSE NOT EXISTS (
               SELECT 1 FROM interactions j
               WHERE j.contact_id = s.contact_id AND j.user_id = :user_id
                 AND j.direction IN ('inbound', 'mutual')
                 AND j.occurred_at > receipt.occurred_at
                 AND j.occurred_at <= CAST(:now AS timestamptz)
           ) END AS unanswered,
           CASE
               WHEN recent.latest IS NULL OR recent.latest < CAST(:ghost_since AS timestamptz) THEN 0
               WHEN recent.dirs[1] = 'outbound' AND recent.dirs[2] = 'outbound' AND recent.dirs[3] = 'outbound' THEN 3
               WHEN recent.dirs[1] = 'outbound' AND recent.dirs[2] = 'outbound' THEN 2
               ELSE 0
           END AS outbound_streak
    FROM shortlist s
    LEFT JOIN LATERAL (
        SELECT first_at FROM {_first_at("s.contact_id")} x WHERE s.span_pending
    ) f ON true
    LEFT JOIN LATERAL (
        SELECT i.is_read_by_recipient AS is_read, i.occurred_at
        FROM interactions i
        WHERE i.contact_id = s.contact_id AND i.user_id = :user_id
          AND i.platform = 'telegram' AND i.direction = 'outbound'
          AND i.is_read_by_recipient IS NOT NULL
          AND i.occurred_at <= CAST(:now AS timestamptz)
        ORDER BY i.occurred_at DESC
        LIMIT 1
    ) receipt ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(x.direction ORDER BY x.occurred_at DESC) AS dirs, max(x.occurred_at) AS latest
        FROM (
            SELECT i.direction, i.occurred_at
            FROM interactions i
            WHERE s.last_at >= CAST(:ghost_since AS timestamptz)
              AND i.contact_id = s.contact_id AND i.user_id = :user_id
              AND i.direction IN ('inbound', 'outbound')
              AND i.occurred_at <= CAST(:now AS timestamptz)
            ORDER BY i.occurred_at DESC
            LIMIT 3
        ) x
    ) recent ON true
),
weighted AS (
    SELECT contact_id, trigger_type, event_id, pool, last_at,
           (priority + span_bonus + CASE WHEN is_read AND unanswered THEN {rules.READ_NO_REPLY_BONUS} ELSE 0 END)
           * CASE WHEN outbound_streak = {rules.GHOST_HALVE_STREAK} THEN 0.5 ELSE 1 END AS priority
    FROM checked
    WHERE NOT (is_read = false AND unanswered)
      AND outbound_streak < {rules.GHOST_DROP_STREAK}
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY pool ORDER BY priority DESC, last_at ASC NULLS FIRST, contact_id
    ) AS position
    FROM weighted
)
SELECT 'candidate' AS kind, contact_id, trigger_type, event_id, pool, priority, position
FROM ranked
WHERE position <= :per_pool_limit
UNION ALL
SELECT 'left_out', NULL, NULL, NULL, pool, best_priority, NULL
FROM left_out
ORDER BY pool, kind, position
"""

_CANDIDATES = text(_CANDIDATES_SQL)


def _days_before(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def query_parameters(query: CandidateQuery, *, prune: bool = True) -> dict[str, object]:
    """Turn the run inputs into bind parameters of the candidate query. Every window ends at `now`."""
    now = query.now
    dormancy = query.dormancy_days
    return {
        "user_id": query.user_id,
        "now": now,
        "active_since": _days_before(now, dormancy),
        "deep_since": _days_before(now, dormancy + rules.DEEP_REVIVAL_SPAN_DAYS),
        "mid_since": _days_before(now, dormancy + rules.MID_REVIVAL_SPAN_DAYS),
        "high_due": _days_before(now, query.intervals["high"]),
        "medium_due": _days_before(now, query.intervals["medium"]),
        "low_due": _days_before(now, query.intervals["low"]),
        "stale_before": _days_before(now, rules.STALE_DAYS),
        "recent_contact_before": _days_before(now, rules.RECENT_CONTACT_DAYS),
        "followup_cooldown_since": _days_before(now, rules.FOLLOWUP_COOLDOWN_DAYS),
        "dismiss_cooldown_since": _days_before(now, rules.USER_DISMISS_COOLDOWN_DAYS),
        "active_event_since": _days_before(now, rules.ACTIVE_EVENT_WINDOW_DAYS),
        "dormant_event_since": _days_before(now, rules.DORMANT_EVENT_WINDOW_DAYS),
        "ghost_since": _days_before(now, rules.GHOST_WINDOW_DAYS),
        "min_confidence": rules.EVENT_MIN_CONFIDENCE,
        "include_dormant": query.include_dormant,
        "birthday_keys": query.birthday_keys,
        "per_pool_limit": query.per_pool_limit,
        "prune": prune,
        "uplift_a": MAX_UPLIFT["A"],
        "uplift_b": MAX_UPLIFT["B"],
    }


def _cut_is_safe(found: list[Candidate], left_out: dict[str, float], limit: int) -> bool:
    """Return whether no left-out candidate could have reached a pool's top `limit`.

    A left-out candidate ends at most MAX_UPLIFT above its base priority, so the cut is safe when
    the pool's `limit`-th final priority is strictly above that bound.
    """
    for pool, best_left_out in left_out.items():
        finals = [c.priority for c in found if c.pool == pool]
        if len(finals) < limit or finals[limit - 1] <= best_left_out + MAX_UPLIFT[pool]:
            return False
    return True


async def _run(session: AsyncSession, query: CandidateQuery, *, prune: bool) -> tuple[list[Candidate], dict[str, float]]:
    rows = (await session.execute(_CANDIDATES, query_parameters(query, prune=prune))).all()
    found = [
        Candidate(
            contact_id=row.contact_id,
            trigger_type=row.trigger_type,
            event_id=row.event_id,
            pool=row.pool,
            priority=float(row.priority),
        )
        for row in rows
        if row.kind == "candidate"
    ]
    left_out = {row.pool: float(row.priority) for row in rows if row.kind == "left_out"}
    return found, left_out


async def select_candidates(session: AsyncSession, query: CandidateQuery) -> list[Candidate]:
    """Return the best `per_pool_limit` candidates of each pool, pool A first, each pool in rank order."""
    found, left_out = await _run(session, query, prune=True)
    if left_out and not _cut_is_safe(found, left_out, query.per_pool_limit):
        found, _ = await _run(session, query, prune=False)
    return found
