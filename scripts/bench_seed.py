"""Bulk SQL that seeds one benchmark account with contacts and interactions.

Everything is generated inside PostgreSQL with generate_series, so seeding 1,000,000
interactions takes one round trip per chunk. setseed() makes the data repeatable.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

FIRST_NAMES = [
    "Amara", "Jonas", "Li", "José", "Priya", "Søren", "Sara", "Mia", "Tomás", "Eve", "Hiroshi", "Anna",
    "Bob", "Chloé", "Dmitri", "Fatima", "Giulia", "Hannah", "Ivan", "Kofi", "Lena", "Mateo", "Nadia",
    "Olu", "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zara",
]
LAST_NAMES = [
    "Okafor", "Weber", "Na", "García", "Raman", "Holm", "Haddad", "Chen", "O'Brien", "Tanaka",
    "Kowalska", "Smith", "Dubois", "Ivanov", "Rahman", "Rossi", "Schmidt", "Petrov", "Kim", "Mensah",
    "Fischer", "López", "Novak", "Adeyemi", "Silva", "Murphy", "Costa", "Lindqvist", "Aziz", "Patel",
]
COMPANIES = [
    "Northwind Traders", "Contoso Ltd", "Fabrikam", "Tailspin Toys", "Litware", "Adventure Works",
    "Wide World Importers", "Proseware", "Coho Winery", "Blue Yonder Airlines", "Acme Corp", "Globex",
    "Initech", "Umbrella Health", "Hooli", "Pied Piper",
]
TITLES = ["Engineer", "CTO", "Founder", "VP Product", "Designer", "Data Scientist", "Recruiter", "Investor"]
PHRASES = [
    "Great to catch up, let's grab coffee next week",
    "Thanks for the intro to the team",
    "Following up on the proposal we discussed",
    "Congrats on the new role!",
    "Are you going to the conference in Berlin?",
    "Here are the slides from today's meeting",
    "Happy birthday! Hope you have a great year",
    "Can we move our call to Thursday?",
]


def _array(values: list[str]) -> str:
    escaped = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"ARRAY[{escaped}]"


async def seed_account(engine: AsyncEngine, user_id: uuid.UUID, *, contacts: int, interactions: int, chunk: int = 200_000) -> None:
    """Insert `contacts` contacts and `interactions` interactions for one user.

    Contacts start with score 0, as after an import, so the first recompute writes most rows.
    Interactions go in with one statement, so the counter triggers update each contact once.
    A VACUUM ANALYZE afterwards does the work autovacuum would do on a live server.
    """
    first, last = _array(FIRST_NAMES), _array(LAST_NAMES)
    companies, titles, phrases = _array(COMPANIES), _array(TITLES), _array(PHRASES)
    async with engine.begin() as connection:
        await connection.execute(text("SELECT setseed(0.42)"))
        for start in range(1, contacts + 1, chunk):
            stop = min(contacts, start + chunk - 1)
            await connection.execute(
                text(
                    f"""
                    INSERT INTO contacts (
                        user_id, full_name, given_name, family_name, emails, company, title, tags,
                        priority_level, source, relationship_score, birthday_month, birthday_day,
                        created_at, bcc_hash)
                    SELECT CAST(:user_id AS uuid), n.first || ' ' || n.last, n.first, n.last,
                           ARRAY['person' || g || '@example.com'],
                           ({companies})[1 + (g * 7) % {len(COMPANIES)}],
                           ({titles})[1 + (g * 11) % {len(TITLES)}],
                           CASE WHEN g % 5 = 0 THEN ARRAY['investor', 'friends']
                                WHEN g % 7 = 0 THEN ARRAY['2nd tier'] ELSE ARRAY['work'] END,
                           (ARRAY['high', 'medium', 'medium', 'low', 'medium'])[1 + g % 5],
                           (ARRAY['linkedin', 'csv', 'gmail', 'telegram'])[1 + g % 4],
                           0,
                           CASE WHEN g % 3 = 0 THEN 1 + g % 12 END,
                           CASE WHEN g % 3 = 0 THEN 1 + g % 28 END,
                           now() - (g % 1500) * interval '1 day',
                           substr(md5(CAST(:user_id AS text) || g::text), 1, 12)
                    FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) AS g
                    CROSS JOIN LATERAL (
                        SELECT ({first})[1 + (g * 31) % {len(FIRST_NAMES)}] AS first,
                               ({last})[1 + (g * 17 + g / 97) % {len(LAST_NAMES)}] AS last
                    ) AS n
                    """
                ),
                {"user_id": str(user_id), "start": start, "stop": stop},
            )
        await connection.execute(
            text(
                "CREATE TEMP TABLE bench_contact_ids ON COMMIT DROP AS "
                "SELECT id, row_number() OVER (ORDER BY created_at, id) AS rn FROM contacts WHERE user_id = :user_id"
            ),
            {"user_id": str(user_id)},
        )
        await connection.execute(text("CREATE UNIQUE INDEX ON bench_contact_ids (rn)"))
        for start in range(1, interactions + 1, max(interactions, 1)):
            stop = interactions
            # power(random(), 2) skews activity towards a minority of contacts, as in real networks.
            await connection.execute(
                text(
                    f"""
                    INSERT INTO interactions (user_id, contact_id, platform, direction, content_preview, occurred_at)
                    SELECT CAST(:user_id AS uuid), c.id,
                           (ARRAY['email', 'telegram', 'linkedin', 'manual', 'meeting', 'whatsapp'])[1 + s.g % 6],
                           (ARRAY['inbound', 'outbound', 'outbound', 'inbound', 'mutual'])[1 + (s.g / 3) % 5],
                           ({phrases})[1 + s.g % {len(PHRASES)}] || ' #' || s.g,
                           now() - (random() * 3 * 365) * interval '1 day'
                    FROM (
                        SELECT g, 1 + floor(power(random(), 2) * CAST(:contacts AS integer))::int AS rn
                        FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) AS g
                    ) AS s
                    JOIN bench_contact_ids c ON c.rn = s.rn
                    """
                ),
                {"user_id": str(user_id), "start": start, "stop": stop, "contacts": contacts},
            )
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        for table in ("contacts", "contact_search", "contact_emails", "interactions"):
            await connection.execute(text(f"VACUUM ANALYZE {table}"))
