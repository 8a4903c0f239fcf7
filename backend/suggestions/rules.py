"""Constants of the follow-up rules and the SQL predicates shared by the engine and the listing.

User-adjustable values (intervals, dormancy threshold, budget, channel, birthday switch) live in
backend.settings.defaults; the values here are fixed parts of the rules.
"""

from __future__ import annotations

OPEN_STATUSES = ("pending", "snoozed")
STATUSES = ("dismissed", "pending", "sent", "snoozed")

# Allowed status changes. `sent` and `dismissed` are final, so a dismissal always keeps its
# `dismissed_by` and a closed suggestion never collides with a newer open one for the contact.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"pending", "snoozed", "sent", "dismissed"}),
    "snoozed": frozenset({"pending", "snoozed", "sent", "dismissed"}),
    "sent": frozenset(),
    "dismissed": frozenset(),
}

# Channels the engine proposes, in the order used when the history names none.
ENGINE_CHANNELS = ("email", "telegram", "twitter")
# Channels a user may choose when editing or redrafting a suggestion.
USER_CHANNELS = ("email", "telegram", "twitter", "linkedin", "whatsapp")
DEFAULT_CHANNEL = "email"
CHANNEL_HISTORY_DEPTH = 5  # latest interactions searched for the last channel used

MIN_INTERACTIONS = {"high": 1, "medium": 1, "low": 3}
TIME_BASED_SCORE_CEILING = 4  # time-based reminders only for scores below this
STALE_SCORE = 0
STALE_DAYS = 365  # a contact with score 0 and no contact for longer is not suggested in pool A
RECENT_CONTACT_DAYS = 14  # event and scheduled reminders skip contacts seen this recently

EVENT_MIN_CONFIDENCE = 0.7  # inclusive, the same bound at which events are stored
ACTIVE_EVENT_WINDOW_DAYS = 7
DORMANT_EVENT_WINDOW_DAYS = 14

USER_DISMISS_COOLDOWN_DAYS = 30
FOLLOWUP_COOLDOWN_DAYS = 14

# Pool A priority: a contact with at least RICH_HISTORY interactions gets +1000 when last seen
# more than COOLING_MAX_DAYS ago. It gets +500 when last seen COOLING_MIN_DAYS to
# COOLING_MAX_DAYS ago.
RICH_HISTORY = 10
COOLING_MIN_DAYS = 14
COOLING_MAX_DAYS = 90
ACTIVE_EVENT_BONUS = 200

# Dormant revival windows start at the dormancy threshold D and extend this many days past it:
# with D = 365 they are 1 to 5 years (deep) and 1 to 3 years (mid).
DEEP_REVIVAL_SPAN_DAYS = 4 * 365
MID_REVIVAL_SPAN_DAYS = 2 * 365
DEEP_MIN_INTERACTIONS = 5
DEEP_MIN_SCORE = 5
MID_MIN_INTERACTIONS = 2
DORMANT_EVENT_MIN_INTERACTIONS = 2
DORMANT_EVENT_MIN_SCORE = 3
DORMANT_EVENT_MIN_SPAN_DAYS = 30
LONG_HISTORY_SPAN_DAYS = 180
LONG_HISTORY_BONUS = 150
DORMANT_EVENT_BONUS = 300

BIRTHDAY_WINDOW_DAYS = 3  # today and the next 3 days, in the user's timezone
BIRTHDAY_PRIORITY = 1500

READ_NO_REPLY_BONUS = 100
GHOST_WINDOW_DAYS = 30
GHOST_DROP_STREAK = 3
GHOST_HALVE_STREAK = 2

POOL_A_SHARE = 0.6

# A contact can be reached when it has an email, a Telegram or Twitter handle, or a LinkedIn
# profile. `{c}` is the alias or table name of `contacts` in the query.
HAS_CHANNEL_SQL = (
    "(cardinality({c}.emails) > 0 OR {c}.twitter_handle IS NOT NULL OR {c}.telegram_username IS NOT NULL"
    " OR {c}.linkedin_url IS NOT NULL OR {c}.linkedin_profile_id IS NOT NULL)"
)
# Tags are stored lowercased, so one spelling covers every source.
NOT_SECOND_TIER_SQL = "NOT ({c}.tags @> ARRAY['2nd tier']::text[])"


def has_channel_sql(alias: str) -> str:
    return HAS_CHANNEL_SQL.format(c=alias)


def not_second_tier_sql(alias: str) -> str:
    return NOT_SECOND_TIER_SQL.format(c=alias)


def split_budget(max_total: int) -> tuple[int, int]:
    """Split the per-run budget into (pool A slots, pool B slots), which add up to max_total."""
    if max_total <= 1:
        return max(max_total, 0), 0
    pool_a = max(1, round(POOL_A_SHARE * max_total))
    return pool_a, max_total - pool_a
