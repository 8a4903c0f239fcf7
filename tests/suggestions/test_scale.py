"""The engine on 100,000 contacts with 500,000 interactions finishes within a few seconds.

Building the data set takes about half a minute, so the test runs only with PINGCRM_SCALE_TESTS=1.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import text

from tests.suggestions.conftest import NOW, add_event, run_engine, set_prefs

pytestmark = pytest.mark.skipif(os.environ.get("PINGCRM_SCALE_TESTS") != "1", reason="set PINGCRM_SCALE_TESTS=1 to run")

CONTACTS = 100_000
INTERACTIONS_PER_CONTACT = 5
MAX_SECONDS = 5.0

_CONTACTS_SQL = text(
    """
    INSERT INTO contacts (user_id, full_name, given_name, emails, telegram_username, priority_level,
                          birthday_month, birthday_day, bcc_hash)
    SELECT :user_id, 'Person ' || g, 'Person', ARRAY['person' || g || '@example.com'],
           CASE WHEN g % 3 = 0 THEN 'tg_' || g END,
           (ARRAY['high', 'medium', 'low'])[1 + g % 3],
           CASE WHEN g % 40 = 0 THEN 6 END, CASE WHEN g % 40 = 0 THEN 1 + g % 28 END,
           left(md5(random()::text || g), 12)
    FROM generate_series(1, :count) AS g
    """
)
# Ages spread over 0..2,500 days, so every trigger and both pools get candidates.
_INTERACTIONS_SQL = text(
    """
    INSERT INTO interactions (user_id, contact_id, platform, direction, occurred_at, content_preview,
                              is_read_by_recipient)
    SELECT c.user_id, c.id, (ARRAY['email', 'telegram', 'twitter'])[1 + k % 3],
           (ARRAY['inbound', 'outbound'])[1 + k % 2],
           CAST(:now AS timestamptz) - make_interval(days => abs(hashtext(c.id::text)) % 2500 + k * 9),
           'Message number ' || k || ' about the project',
           CASE WHEN k % 3 = 1 AND k % 2 = 1 THEN (hashtext(c.id::text) % 2 = 0) END
    FROM contacts c CROSS JOIN generate_series(0, :per_contact - 1) AS k
    WHERE c.user_id = :user_id
    """
)
_SCORES_SQL = text("UPDATE contacts SET relationship_score = abs(hashtext(id::text)) % 8 WHERE user_id = :user_id")


async def test_engine_at_scale(db, user):
    await set_prefs(db, user.id, max_suggestions=20)
    await db.execute(_CONTACTS_SQL, {"user_id": user.id, "count": CONTACTS})
    await db.execute(
        _INTERACTIONS_SQL, {"user_id": user.id, "now": NOW, "per_contact": INTERACTIONS_PER_CONTACT}
    )
    await db.execute(_SCORES_SQL, {"user_id": user.id})
    await db.commit()
    await db.execute(text("ANALYZE contacts"))
    await db.execute(text("ANALYZE interactions"))
    await db.commit()
    some_contact = await db.scalar(text("SELECT id FROM contacts WHERE user_id = :u LIMIT 1"), {"u": user.id})
    await add_event(db, user.id, some_contact, days=1)

    started = time.perf_counter()
    created = await run_engine(db, user.id)
    elapsed = time.perf_counter() - started

    print(f"engine run: {elapsed:.2f} s for {CONTACTS} contacts, {len(created)} suggestions")
    assert len(created) == 20
    assert elapsed < MAX_SECONDS
