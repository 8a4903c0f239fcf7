from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from backend.models import Contact
from tests.conftest import register_user
from tests.imports.helpers import (
    LINKEDIN_URL,
    MESSAGES_URL,
    contact_named,
    contacts_of,
    interactions_of,
    sample,
    sync_events_of,
    upload,
    upload_ok,
)

UTC = dt.UTC
HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"


async def _with_connections(client, user):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))


async def test_messages_counts(client, user):
    await _with_connections(client, user)
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert data["new_interactions"] == 4
    assert data["unmatched"] == 1
    assert data["unmatched_names"] == ["Unknown Person"]
    assert data["skipped"] == 2
    assert data["errors"] == []


async def test_messages_skip_reasons(client, user):
    await _with_connections(client, user)
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert any(line.startswith("Row 6:") and "empty CONTENT" in line for line in data["skipped_rows"])
    assert any(line.startswith("Row 7:") and "Row 1" in line for line in data["skipped_rows"])


async def test_messages_directions(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    amara = await contact_named(db, user.id, "Amara Okafor")
    rows = [row for row in await interactions_of(db, user.id) if row["contact_id"] == amara["id"]]
    assert [row["direction"] for row in rows] == ["inbound", "outbound"]
    assert rows[0]["content_preview"] == "Great to connect! Coffee next week?"
    assert rows[0]["platform"] == "linkedin"


async def test_messages_credential_suffix_matches(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    priya = await contact_named(db, user.id, "Priya Raman, MBA")
    rows = [row for row in await interactions_of(db, user.id) if row["contact_id"] == priya["id"]]
    assert len(rows) == 1
    assert rows[0]["direction"] == "inbound"
    assert rows[0]["content_preview"] == 'Thanks for the intro, multi-line\nmessage with "quotes", and commas.'


async def test_messages_date_without_zone_is_utc(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    jonas = await contact_named(db, user.id, "Jonas Weber")
    rows = [row for row in await interactions_of(db, user.id) if row["contact_id"] == jonas["id"]]
    assert len(rows) == 1
    assert rows[0]["direction"] == "outbound"
    assert rows[0]["occurred_at"] == dt.datetime(2023, 2, 4, 12, 0, tzinfo=UTC)
    assert rows[0]["raw_reference_id"] == "linkedin:2-YmFzZTY0Y29udjQ=:2023-02-04T12:00:00Z"


async def test_messages_update_contact_stats(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    amara = await contact_named(db, user.id, "Amara Okafor")
    assert amara["interaction_count"] == 2
    assert amara["last_interaction_at"] == dt.datetime(2024, 1, 16, 10, 1, 2, tzinfo=UTC)


async def test_messages_reimport_adds_none(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    contacts_before = await contacts_of(db, user.id)
    interactions_before = await interactions_of(db, user.id)
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert data["new_interactions"] == 0
    assert data["already_imported"] == 4
    assert await interactions_of(db, user.id) == interactions_before
    assert await contacts_of(db, user.id) == contacts_before


async def test_messages_2025_header_already_imported(client, user, db):
    await _with_connections(client, user)
    await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    interactions_before = await interactions_of(db, user.id)
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages_2025.csv"))
    assert data["new_interactions"] == 0
    assert data["already_imported"] == 3
    assert await interactions_of(db, user.id) == interactions_before


async def test_messages_match_by_profile_url(client, user, db):
    await _with_connections(client, user)
    await db.execute(
        update(Contact).where(Contact.user_id == user.id, Contact.linkedin_profile_id == "amara-okafor-1a2b3c").values(full_name="A. O.")
    )
    await db.commit()
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert data["new_interactions"] == 4
    amara = await contact_named(db, user.id, "A. O.")
    assert amara["interaction_count"] == 2


async def test_messages_infer_owner_name(client, db):
    user = await register_user(client, full_name="Dana W.")
    await _with_connections(client, user)
    data = await upload_ok(client, user, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert data["new_interactions"] == 4
    assert any("Dana Whitfield" in line for line in data["warnings"])


async def test_messages_owner_absent_is_error(client, db):
    user = await register_user(client, full_name="Someone Else")
    await _with_connections(client, user)
    body = HEADER + "c1,,Amara Okafor,,Li Na,,2024-01-01 10:00:00 UTC,,Hi,INBOX\nc2,,Jonas Weber,,Hiroshi Tanaka,,2024-01-02 10:00:00 UTC,,Hi,INBOX\n"
    data = await upload_ok(client, user, MESSAGES_URL, body.encode(), "messages.csv")
    assert data["new_interactions"] == 0
    assert len(data["errors"]) == 1
    assert "sender or recipient" in data["errors"][0]
    events = [event for event in await sync_events_of(db, user.id) if event["details"].get("format") == "linkedin_messages"]
    assert events[0]["status"] == "failed"


async def test_messages_iso_offset_converted(client, user, db):
    await _with_connections(client, user)
    body = HEADER + "c9,,Li Na,https://www.linkedin.com/in/li-na-88,Dana Whitfield,,2024-03-01T12:00:00+02:00,,Hallo,INBOX\n"
    data = await upload_ok(client, user, MESSAGES_URL, body.encode(), "messages.csv")
    assert data["new_interactions"] == 1
    rows = await interactions_of(db, user.id)
    assert rows[0]["occurred_at"] == dt.datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert rows[0]["raw_reference_id"] == "linkedin:c9:2024-03-01T10:00:00Z"


async def test_messages_bad_date_row_error(client, user, db):
    await _with_connections(client, user)
    body = (
        HEADER
        + "c1,,Li Na,,Dana Whitfield,,2024-03-01 09:00:00 UTC,,One,INBOX\n"
        + "c1,,Li Na,,Dana Whitfield,,yesterday,,Two,INBOX\n"
        + "c1,,Li Na,,Dana Whitfield,,2024-03-02 09:00:00 UTC,,Three,INBOX\n"
    )
    data = await upload_ok(client, user, MESSAGES_URL, body.encode(), "messages.csv")
    assert data["new_interactions"] == 2
    assert len(data["errors"]) == 1
    assert data["errors"][0].startswith("Row 2:")
    assert "yesterday" in data["errors"][0]
    events = [event for event in await sync_events_of(db, user.id) if event["details"].get("format") == "linkedin_messages"]
    assert events[0]["status"] == "partial"
    assert events[0]["records_created"] == 2
    assert events[0]["records_failed"] == 1


async def test_messages_never_match_other_user(client, user, db):
    await _with_connections(client, user)
    other = await register_user(client, full_name="Dana Whitfield")
    data = await upload_ok(client, other, MESSAGES_URL, sample("linkedin/messages.csv"))
    assert data["new_interactions"] == 0
    assert data["unmatched"] == 4
    assert await interactions_of(db, user.id) == []


async def test_messages_file_rejected_by_connections_route(client, user):
    response = await upload(client, user, LINKEDIN_URL, sample("linkedin/messages.csv"))
    assert response.status_code == 400
    assert "First Name" in response.json()["detail"]
    assert "messages" in response.json()["detail"]


async def test_connections_file_rejected_by_messages_route(client, user):
    response = await upload(client, user, MESSAGES_URL, sample("linkedin/Connections.csv"))
    assert response.status_code == 400
    assert "CONTENT" in response.json()["detail"]
