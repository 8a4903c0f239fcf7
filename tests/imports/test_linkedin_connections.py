from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from backend.models import Contact
from tests.conftest import register_user
from tests.imports.helpers import LINKEDIN_URL, contact_named, contacts_of, sample, sync_events_of, upload_ok


async def test_connections_creates_13(client, user, db):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    assert data["created"] == 13
    assert data["errors"] == []
    assert data["skipped"] == 2
    assert len(await contacts_of(db, user.id)) == 13


async def test_connections_reports_nameless_row(client, user):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    nameless = [line for line in data["skipped_rows"] if line.startswith("Row 5:")]
    assert len(nameless) == 1
    assert "no first or last name" in nameless[0]


async def test_connections_folds_repeated_row(client, user, db):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    repeated = [line for line in data["skipped_rows"] if line.startswith("Row 12:")]
    assert len(repeated) == 1
    assert "Row 1" in repeated[0]
    amara = [row for row in await contacts_of(db, user.id) if row["full_name"] == "Amara Okafor"]
    assert len(amara) == 1


async def test_connections_field_values(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    tomas = await contact_named(db, user.id, "Tomás O'Brien")
    assert tomas["linkedin_profile_id"] == "tomas-obrien"
    assert tomas["linkedin_url"] == "https://www.linkedin.com/in/tomas-obrien"
    assert tomas["company"] == "Proseware, Inc."
    jonas = await contact_named(db, user.id, "Jonas Weber")
    assert jonas["company"] == "Müller, Schmidt & Co. KG"
    assert jonas["emails"] == ["jonas.weber@example.org"]
    assert jonas["linkedin_profile_id"] == "jonasweber"
    assert jonas["source"] == "linkedin"


async def test_connections_keeps_connected_on(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    amara = await contact_named(db, user.id, "Amara Okafor")
    assert amara["linkedin_connected_on"] == dt.date(2024, 1, 15)


async def test_connections_stores_formula_cells_as_text(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    eve = [row for row in await contacts_of(db, user.id) if row["given_name"] == "Eve"]
    assert len(eve) == 1
    assert eve[0]["family_name"] == '=HYPERLINK("http://evil.example","click")'
    assert eve[0]["company"] == "+Cmd"
    assert eve[0]["title"] == "-Lead"


async def test_connections_unicode_names(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    names = {row["full_name"] for row in await contacts_of(db, user.id)}
    assert "سارة الحربي" in names
    assert "Mia 🌻 Chen" in names
    assert "José García Márquez" in names


async def test_connections_reimport_changes_nothing(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    before = await contacts_of(db, user.id)
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    assert data["created"] == 0
    assert data["updated"] == 0
    assert data["unchanged"] == 13
    assert data["skipped"] == 15
    assert await contacts_of(db, user.id) == before


async def test_bom_crlf_matches_first_file(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    before = await contacts_of(db, user.id)
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_bom_crlf.csv"))
    assert data["created"] == 0
    assert await contacts_of(db, user.id) == before


async def test_bom_crlf_into_empty_account(client, user, db):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_bom_crlf.csv"))
    assert data["created"] == 13
    amara = await contact_named(db, user.id, "Amara Okafor")
    assert amara["given_name"] == "Amara"
    assert amara["linkedin_connected_on"] == dt.date(2024, 1, 15)


async def test_legacy_after_current_creates_none(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    before = await contacts_of(db, user.id)
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_legacy.csv"))
    assert data["created"] == 0
    assert data["errors"] == []
    assert await contacts_of(db, user.id) == before


async def test_legacy_into_empty_account(client, user, db):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_legacy.csv"))
    assert data["created"] == 5
    assert len(await contacts_of(db, user.id)) == 5
    again = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_legacy.csv"))
    assert again["created"] == 0


async def test_no_preamble_into_empty_account(client, user, db):
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_no_preamble.csv"))
    assert data["created"] == 4
    again = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections_no_preamble.csv"))
    assert again["created"] == 0


async def test_connections_sync_event(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    events = await sync_events_of(db, user.id)
    assert len(events) == 1
    event = events[0]
    assert event["platform"] == "linkedin"
    assert event["sync_type"] == "manual"
    assert event["status"] == "success"
    assert event["records_created"] == 13
    assert event["records_failed"] == 0
    assert event["duration_ms"] is not None
    assert event["details"]["file_name"] == "Connections.csv"


async def test_match_fills_empty_fields_only(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    await db.execute(
        update(Contact)
        .where(Contact.user_id == user.id, Contact.linkedin_profile_id == "li-na-88")
        .values(company=None, title="Chief Scientist")
    )
    await db.commit()
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    assert data["updated"] == 1
    li = await contact_named(db, user.id, "Li Na")
    assert li["company"] == "Contoso Ltd"
    assert li["title"] == "Chief Scientist"


async def test_match_respects_user_edited_fields(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    await db.execute(
        update(Contact)
        .where(Contact.user_id == user.id, Contact.linkedin_profile_id == "li-na-88")
        .values(company=None, user_edited_fields=["company"])
    )
    await db.commit()
    data = await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    assert data["updated"] == 0
    li = await contact_named(db, user.id, "Li Na")
    assert li["company"] is None


async def test_other_user_contacts_never_matched(client, user, db):
    await upload_ok(client, user, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    first_before = await contacts_of(db, user.id)
    other = await register_user(client, full_name="Dana Whitfield")
    data = await upload_ok(client, other, LINKEDIN_URL, sample("linkedin/Connections.csv"))
    assert data["created"] == 13
    assert len(await contacts_of(db, other.id)) == 13
    assert await contacts_of(db, user.id) == first_before
