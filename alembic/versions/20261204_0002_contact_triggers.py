"""Add the triggers that keep derived contact columns true on every write path.

- `search_text` is rebuilt from the searchable fields on insert and update.
- `contact_emails` mirrors `contacts.emails` (lowercased), which makes emails unique per user.
- `interaction_count` and `last_interaction_at` follow every insert, update and delete of
  interactions, set-based per statement; rows with direction `event` do not count. A new
  interaction also removes the `2nd tier` tag, because the person is now in direct contact.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import re

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEARCH_TEXT = """
CREATE FUNCTION contacts_set_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := lower(concat_ws(' ',
        NEW.full_name, NEW.given_name, NEW.family_name, NEW.company, NEW.title,
        NEW.twitter_handle, NEW.telegram_username, NEW.twitter_bio, NEW.telegram_bio,
        NEW.linkedin_headline, NEW.notes, NEW.source,
        array_to_string(NEW.emails, ' '), array_to_string(NEW.phones, ' ')));
    RETURN NEW;
END $$;

CREATE TRIGGER trg_contacts_search_text
BEFORE INSERT OR UPDATE OF full_name, given_name, family_name, company, title, twitter_handle,
    telegram_username, twitter_bio, telegram_bio, linkedin_headline, notes, source, emails, phones
ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_set_search_text();
"""

CONTACT_EMAILS = """
CREATE FUNCTION contact_emails_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_emails (user_id, email, contact_id)
    SELECT DISTINCT n.user_id, lower(btrim(e)), n.id
    FROM new_rows n CROSS JOIN LATERAL unnest(n.emails) AS e
    WHERE btrim(e) <> '';
    RETURN NULL;
END $$;

CREATE FUNCTION contact_emails_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM contact_emails ce
    USING new_rows n JOIN old_rows o ON o.id = n.id
    WHERE ce.contact_id = n.id AND n.emails IS DISTINCT FROM o.emails;

    INSERT INTO contact_emails (user_id, email, contact_id)
    SELECT DISTINCT n.user_id, lower(btrim(e)), n.id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL unnest(n.emails) AS e
    WHERE n.emails IS DISTINCT FROM o.emails AND btrim(e) <> '';
    RETURN NULL;
END $$;

CREATE TRIGGER trg_contact_emails_insert AFTER INSERT ON contacts
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_emails_after_insert();

CREATE TRIGGER trg_contact_emails_update AFTER UPDATE ON contacts
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION contact_emails_after_update();
"""

INTERACTION_STATS = """
CREATE FUNCTION interactions_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts c
    SET interaction_count = c.interaction_count + s.n,
        last_interaction_at = GREATEST(c.last_interaction_at, s.latest),
        tags = array_remove(c.tags, '2nd tier')
    FROM (
        SELECT contact_id, count(*) AS n, max(occurred_at) AS latest
        FROM new_rows WHERE direction <> 'event' GROUP BY contact_id
    ) s
    WHERE c.id = s.contact_id;
    RETURN NULL;
END $$;

CREATE FUNCTION interactions_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts c
    SET interaction_count = s.n, last_interaction_at = s.latest
    FROM (
        SELECT a.contact_id,
               (SELECT count(*) FROM interactions i
                WHERE i.contact_id = a.contact_id AND i.direction <> 'event') AS n,
               (SELECT max(i.occurred_at) FROM interactions i
                WHERE i.contact_id = a.contact_id AND i.direction <> 'event') AS latest
        FROM (
            SELECT contact_id FROM old_rows
            UNION
            SELECT contact_id FROM new_rows
        ) a
    ) s
    WHERE c.id = s.contact_id
      AND (c.interaction_count IS DISTINCT FROM s.n OR c.last_interaction_at IS DISTINCT FROM s.latest);
    RETURN NULL;
END $$;

CREATE FUNCTION interactions_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts c
    SET interaction_count = s.n, last_interaction_at = s.latest
    FROM (
        SELECT a.contact_id,
               (SELECT count(*) FROM interactions i
                WHERE i.contact_id = a.contact_id AND i.direction <> 'event') AS n,
               (SELECT max(i.occurred_at) FROM interactions i
                WHERE i.contact_id = a.contact_id AND i.direction <> 'event') AS latest
        FROM (SELECT DISTINCT contact_id FROM old_rows) a
    ) s
    WHERE c.id = s.contact_id
      AND (c.interaction_count IS DISTINCT FROM s.n OR c.last_interaction_at IS DISTINCT FROM s.latest);
    RETURN NULL;
END $$;

CREATE TRIGGER trg_interactions_insert AFTER INSERT ON interactions
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_after_insert();

CREATE TRIGGER trg_interactions_update AFTER UPDATE ON interactions
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION interactions_recount();

CREATE TRIGGER trg_interactions_delete AFTER DELETE ON interactions
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_after_delete();
"""


def _statements(script: str) -> list[str]:
    """Split a script at each top-level CREATE, because asyncpg runs one statement per call."""
    parts = re.split(r"^(?=CREATE )", script, flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


def upgrade() -> None:
    for script in (SEARCH_TEXT, CONTACT_EMAILS, INTERACTION_STATS):
        for statement in _statements(script):
            op.execute(statement)


def downgrade() -> None:
    for trigger, table in (
        ("trg_interactions_delete", "interactions"),
        ("trg_interactions_update", "interactions"),
        ("trg_interactions_insert", "interactions"),
        ("trg_contact_emails_update", "contacts"),
        ("trg_contact_emails_insert", "contacts"),
        ("trg_contacts_search_text", "contacts"),
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in (
        "interactions_after_delete",
        "interactions_recount",
        "interactions_after_insert",
        "contact_emails_after_update",
        "contact_emails_after_insert",
        "contacts_set_search_text",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
