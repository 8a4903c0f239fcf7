"""The relationship score formula as SQL, shared by the batch recompute and the activity breakdown.

docs/scoring.md explains each dimension with worked examples. Both callers build their query
from `scored_interactions_cte`, so the stored score and the breakdown shown to the user cannot
drift apart.
"""

from __future__ import annotations

# Maximum points of each dimension; the total is capped at SCORE_MAX (the maxima add up to 12).
DIMENSION_MAX = {"reciprocity": 4, "recency": 3, "frequency": 2, "breadth": 1, "tenure": 2}
SCORE_MAX = 10

# Counted rows: interactions of the user that have happened (occurred_at <= :now) and are not
# profile-change markers (direction 'event'). 'mutual' rows (meetings) count as both inbound and
# outbound, because both people took part.
_AGGREGATE = """
    SELECT i.contact_id,
        count(*) FILTER (WHERE i.direction IN ('inbound', 'mutual') AND i.occurred_at >= :now - interval '365 days') AS in_0_1y,
        count(*) FILTER (WHERE i.direction IN ('inbound', 'mutual') AND i.occurred_at >= :now - interval '730 days'
                         AND i.occurred_at < :now - interval '365 days') AS in_1_2y,
        count(*) FILTER (WHERE i.direction IN ('inbound', 'mutual') AND i.occurred_at >= :now - interval '1825 days'
                         AND i.occurred_at < :now - interval '730 days') AS in_2_5y,
        count(*) FILTER (WHERE i.direction IN ('outbound', 'mutual') AND i.occurred_at >= :now - interval '365 days') AS out_0_1y,
        count(*) FILTER (WHERE i.direction IN ('outbound', 'mutual') AND i.occurred_at >= :now - interval '730 days'
                         AND i.occurred_at < :now - interval '365 days') AS out_1_2y,
        count(*) FILTER (WHERE i.direction IN ('outbound', 'mutual') AND i.occurred_at >= :now - interval '1825 days'
                         AND i.occurred_at < :now - interval '730 days') AS out_2_5y,
        count(*) FILTER (WHERE i.occurred_at >= :now - interval '30 days') AS c30,
        count(*) FILTER (WHERE i.occurred_at >= :now - interval '90 days' AND i.occurred_at < :now - interval '30 days') AS c90,
        count(*) FILTER (WHERE i.occurred_at >= :now - interval '365 days' AND i.occurred_at < :now - interval '90 days') AS c365,
        count(*) FILTER (WHERE i.occurred_at >= :now - interval '730 days' AND i.occurred_at < :now - interval '365 days') AS c1_2y,
        count(*) FILTER (WHERE i.occurred_at >= :now - interval '1825 days' AND i.occurred_at < :now - interval '730 days') AS c2_5y,
        max(i.occurred_at) FILTER (WHERE i.direction IN ('inbound', 'mutual')) AS last_two_way,
        max(i.occurred_at) AS last_any,
        -- Breadth only asks whether there are two platforms or more; min <> max answers that
        -- without the sort that count(DISTINCT ...) needs over every interaction.
        min(i.platform) <> max(i.platform) AS several_platforms,
        count(*) AS lifetime_count,
        min(i.occurred_at) AS first_at{extra_columns}
    FROM interactions i
    WHERE i.user_id = :user_id AND i.direction <> 'event' AND i.occurred_at <= :now{contact_filter}
    GROUP BY i.contact_id
"""

# Decay weights are exact decimals, so `round` receives exact halves (for example 4 * 5/8 = 2.5).
# PostgreSQL's round(numeric) rounds halves away from zero, which for these non-negative values
# is "half up".
_WEIGHTED = """
    SELECT a.*,
        a.in_0_1y + 0.05 * a.in_1_2y + 0.02 * a.in_2_5y AS eff_in,
        a.out_0_1y + 0.05 * a.out_1_2y + 0.02 * a.out_2_5y AS eff_out,
        a.c30 + 0.3 * a.c90 + 0.1 * a.c365 + 0.05 * a.c1_2y + 0.02 * a.c2_5y AS frequency_weight,
        floor(extract(epoch FROM :now - a.last_two_way) / 86400) AS days_since_two_way,
        floor(extract(epoch FROM :now - a.last_any) / 86400) AS days_since_any,
        extract(epoch FROM :now - a.first_at) / 86400 / 365.25 AS tenure_years
    FROM aggregated a
"""

_RECENCY_TIER = "CASE WHEN {days} <= 7 THEN 3 WHEN {days} <= 30 THEN 2 WHEN {days} <= 90 THEN 1 ELSE 0 END"

# Recency takes the better of: the tier of the last two-way contact (inbound or meeting), and
# the tier of the last contact of any kind minus one point (one-way contact earns less).
_PARTS = f"""
    SELECT w.*,
        CASE WHEN greatest(w.eff_in, w.eff_out) = 0 THEN 0
             ELSE round(4 * least(w.eff_in, w.eff_out) / greatest(w.eff_in, w.eff_out))::int
        END AS reciprocity,
        greatest(
            CASE WHEN w.last_two_way IS NULL THEN 0 ELSE {_RECENCY_TIER.format(days="w.days_since_two_way")} END,
            {_RECENCY_TIER.format(days="w.days_since_any")} - 1,
            0
        ) AS recency,
        CASE WHEN w.frequency_weight >= 8 THEN 2 WHEN w.frequency_weight >= 3 THEN 1 ELSE 0 END AS frequency,
        CASE WHEN w.several_platforms THEN 1 ELSE 0 END AS breadth,
        CASE WHEN w.lifetime_count >= 50 AND w.tenure_years >= 2 THEN 2
             WHEN w.lifetime_count >= 20 AND w.tenure_years >= 1 THEN 1
             ELSE 0
        END AS tenure
    FROM weighted w
"""

_SCORED = f"""
    SELECT p.*, least({SCORE_MAX}, p.reciprocity + p.recency + p.frequency + p.breadth + p.tenure) AS score
    FROM parts p
"""


# Statistics shown by the activity breakdown only: one-direction counts of the last 365 days.
_STATISTICS_COLUMNS = """,
        count(*) FILTER (WHERE i.direction = 'inbound' AND i.occurred_at >= :now - interval '365 days') AS inbound_365d,
        count(*) FILTER (WHERE i.direction = 'outbound' AND i.occurred_at >= :now - interval '365 days') AS outbound_365d,
        count(*) FILTER (WHERE i.direction = 'mutual' AND i.occurred_at >= :now - interval '365 days') AS mutual_365d,
        array_agg(DISTINCT i.platform ORDER BY i.platform) AS platforms"""


def scored_interactions_cte(*, contact_filter: str = "", statistics: bool = False) -> str:
    """Return the WITH clause that ends in `scored`: one row per contact that has counted interactions.

    Bind parameters: `:user_id` and `:now` (timestamptz), plus those of `contact_filter`, an SQL
    condition on `i.contact_id` such as `i.contact_id = :contact_id`. With `statistics`, rows
    also carry inbound_365d, outbound_365d, mutual_365d and `platforms` (sorted distinct names).
    """
    aggregate = _AGGREGATE.format(
        extra_columns=_STATISTICS_COLUMNS if statistics else "",
        contact_filter=f" AND {contact_filter}" if contact_filter else "",
    )
    return f"WITH aggregated AS ({aggregate}), weighted AS ({_WEIGHTED}), parts AS ({_PARTS}), scored AS ({_SCORED})"
