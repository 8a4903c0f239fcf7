from __future__ import annotations

from sqlalchemy import update

from backend.models import User
from tests.conftest import register_user
from tests.imports.helpers import CSV_URL, contact_named, contacts_of, sample, sync_events_of, upload_ok

CONTACTS_CSV = sample("csv/contacts.csv")


async def test_contacts_csv_creates_five(client, user, db):
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    assert [item["full_name"] for item in data["created"]] == ["Jan Novak", "Alice Wong", "Mickey", "Bob", "Zoë Ångström"]
    assert data["format"] == "csv"
    assert len(await contacts_of(db, user.id)) == 5


async def test_contacts_csv_created_ids_exist(client, user, db):
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    stored = {str(row["id"]) for row in await contacts_of(db, user.id)}
    assert {item["id"] for item in data["created"]} == stored


async def test_contacts_csv_reports_empty_row(client, user):
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    assert len(data["errors"]) == 1
    assert data["errors"][0].startswith("Row 6:")


async def test_contacts_csv_case_duplicate_merged(client, user, db):
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    assert any(line.startswith("Row 3:") and "Row 2" in line for line in data["skipped_rows"])
    alice = await contact_named(db, user.id, "Alice Wong")
    assert alice["emails"] == ["alice@example.com", "ALICE.WONG@example.com"]


async def test_contacts_csv_alice_one_phone(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    alice = await contact_named(db, user.id, "Alice Wong")
    assert alice["phones"] == ["+14155550100"]
    assert alice["tags"] == ["friends", "work"]
    assert alice["telegram_username"] == "alicew"
    assert alice["company"] == "ACME Corp"


async def test_contacts_csv_name_company_split(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    jan = await contact_named(db, user.id, "Jan Novak")
    assert jan["company"] == "Safe Foundation"
    assert jan["twitter_handle"] == "jannovak"
    assert jan["phones"] == ["+420601123456"]
    assert jan["tags"] == ["investor", "prague"]
    mickey = await contact_named(db, user.id, "Mickey")
    assert mickey["company"] == "Arcadia"


async def test_contacts_csv_invalid_phone_kept(client, user, db):
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    bob = await contact_named(db, user.id, "Bob")
    assert bob["phones"] == ["0788382382"]
    warnings = [line for line in data["warnings"] if line.startswith("Row 5:")]
    assert len(warnings) == 1
    assert "0788382382" in warnings[0]


async def test_contacts_csv_source(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    sources = {row["source"] for row in await contacts_of(db, user.id)}
    assert sources == {"csv"}


async def test_contacts_csv_reimport_changes_nothing(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    before = await contacts_of(db, user.id)
    data = await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    assert data["created"] == []
    assert data["updated"] == []
    assert data["unchanged"] == 5
    assert await contacts_of(db, user.id) == before


async def test_contacts_csv_sync_event(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    events = await sync_events_of(db, user.id)
    assert len(events) == 1
    assert events[0]["platform"] == "csv"
    assert events[0]["status"] == "partial"
    assert events[0]["records_created"] == 5
    assert events[0]["records_failed"] == 1
    assert events[0]["details"]["format"] == "csv"


async def test_semicolon_cp1252(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("csv/contacts_semicolon_cp1252.csv"))
    assert [item["full_name"] for item in data["created"]] == ["Renée Dubois"]
    renee = await contact_named(db, user.id, "Renée Dubois")
    assert renee["company"] == "Société Générale"
    assert renee["emails"] == ["renee@example.fr"]
    again = await upload_ok(client, user, CSV_URL, sample("csv/contacts_semicolon_cp1252.csv"))
    assert again["created"] == []


async def test_google_csv_current_layout(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("google/contacts_google.csv"))
    assert data["format"] == "google_csv"
    assert [item["full_name"] for item in data["created"]] == ["Grace Hopper", "Ada Lovelace"]
    grace = await contact_named(db, user.id, "Grace Hopper")
    assert grace["emails"] == ["grace@navy.example", "grace.h@example.org"]
    assert (grace["birthday_month"], grace["birthday_day"], grace["birthday_year"]) == (12, 9, None)
    assert grace["tags"] == ["friends"]
    assert grace["company"] == "Navy Labs"
    assert grace["title"] == "Rear Admiral"
    ada = await contact_named(db, user.id, "Ada Lovelace")
    assert ada["emails"] == ["ada@example.co.uk", "ada.l@example.co.uk"]


async def test_google_csv_legacy_layout(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("google/contacts_legacy.csv"))
    assert [item["full_name"] for item in data["created"]] == ["Linus Example"]
    linus = await contact_named(db, user.id, "Linus Example")
    assert linus["emails"] == ["linus@example.fi"]
    assert linus["phones"] == ["+358401234567"]
    assert linus["tags"] == []
    assert (linus["birthday_month"], linus["birthday_day"], linus["birthday_year"]) == (12, 28, 1969)


async def test_google_csv_reimport_changes_nothing(client, user, db):
    await upload_ok(client, user, CSV_URL, sample("google/contacts_google.csv"))
    await upload_ok(client, user, CSV_URL, sample("google/contacts_legacy.csv"))
    before = await contacts_of(db, user.id)
    first = await upload_ok(client, user, CSV_URL, sample("google/contacts_google.csv"))
    second = await upload_ok(client, user, CSV_URL, sample("google/contacts_legacy.csv"))
    assert first["created"] == []
    assert second["created"] == []
    assert await contacts_of(db, user.id) == before


async def test_vcard_android_quoted_printable(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("vcard/android_2_1_qp.vcf"))
    assert data["format"] == "vcard"
    assert [item["full_name"] for item in data["created"]] == ["Jiřina Žižková", "Folded Photo"]
    jirina = await contact_named(db, user.id, "Jiřina Žižková")
    assert jirina["given_name"] == "Jiřina"
    assert jirina["family_name"] == "Žižková"
    assert jirina["phones"] == ["+420601000111"]
    assert (jirina["birthday_month"], jirina["birthday_day"], jirina["birthday_year"]) == (2, 14, None)
    folded = await contact_named(db, user.id, "Folded Photo")
    assert folded["emails"] == ["folded@example.com"]


async def test_vcard_apple_omit_year(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("vcard/apple_3_0.vcf"))
    assert [item["full_name"] for item in data["created"]] == ["Jane Doe"]
    jane = await contact_named(db, user.id, "Jane Doe")
    assert (jane["birthday_month"], jane["birthday_day"], jane["birthday_year"]) == (11, 30, None)
    assert jane["company"] == "Example Org"
    assert jane["title"] == "Researcher"
    assert jane["emails"] == ["jane@example.com"]
    assert jane["notes"] == "Line one\nLine two, with comma"
    assert jane["source"] == "vcard"


async def test_vcard_reimport_changes_nothing(client, user, db):
    await upload_ok(client, user, CSV_URL, sample("vcard/android_2_1_qp.vcf"))
    await upload_ok(client, user, CSV_URL, sample("vcard/apple_3_0.vcf"))
    before = await contacts_of(db, user.id)
    first = await upload_ok(client, user, CSV_URL, sample("vcard/android_2_1_qp.vcf"))
    second = await upload_ok(client, user, CSV_URL, sample("vcard/apple_3_0.vcf"))
    assert first["created"] == []
    assert second["created"] == []
    assert await contacts_of(db, user.id) == before


async def test_linkedin_file_on_generic_route(client, user, db):
    data = await upload_ok(client, user, CSV_URL, sample("linkedin/Connections.csv"))
    assert data["format"] == "linkedin_connections"
    assert len(data["created"]) == 13
    assert {row["source"] for row in await contacts_of(db, user.id)} == {"linkedin"}


async def test_bad_rows_in_the_middle(client, user, db):
    long_name = "N" * 600
    body = (
        "name,email,birthday\n"
        "First Person,first@example.com,\n"
        "Bad Email,not-an-email,\n"
        "Second Person,second@example.com,1990-02-14\n"
        f"{long_name},long@example.com,\n"
        "Bad Birthday,bday@example.com,03/04/1985\n"
        "Third Person,third@example.com,\n"
    )
    data = await upload_ok(client, user, CSV_URL, body.encode(), "people.csv")
    assert [item["full_name"] for item in data["created"]] == ["First Person", "Second Person", "Third Person"]
    assert [line.split(":")[0] for line in data["errors"]] == ["Row 2", "Row 4", "Row 5"]
    assert "not-an-email" in data["errors"][0]
    assert "longer than 512" in data["errors"][1]
    assert "YYYY-MM-DD" in data["errors"][2]
    names = {row["full_name"] for row in await contacts_of(db, user.id)}
    assert "Bad Email" not in names
    assert "Bad Birthday" not in names


async def test_every_row_bad_is_failed_event(client, user, db):
    body = "name,email\nOne,bad-one\nTwo,bad-two\n"
    data = await upload_ok(client, user, CSV_URL, body.encode(), "people.csv")
    assert data["created"] == []
    assert len(data["errors"]) == 2
    events = await sync_events_of(db, user.id)
    assert events[0]["status"] == "failed"


async def test_fill_matched_contact(client, user, db):
    await upload_ok(client, user, CSV_URL, b"name,email,title\nKim Lee,kim@example.com,Engineer\n", "a.csv")
    data = await upload_ok(
        client, user, CSV_URL, b"name,email,company,title,tags\nKimberly Lee,KIM@example.com,Initech,Manager,golf\n", "b.csv"
    )
    assert data["created"] == []
    assert [item["full_name"] for item in data["updated"]] == ["Kim Lee"]
    kim = await contact_named(db, user.id, "Kim Lee")
    assert kim["company"] == "Initech"
    assert kim["title"] == "Engineer"
    assert kim["tags"] == ["golf"]
    assert kim["emails"] == ["kim@example.com"]


async def test_in_file_duplicate_by_handle(client, user, db):
    body = "name,twitter_handle,email\nPat One,@PatX,\nPat Uno,patx,pat@example.com\n"
    data = await upload_ok(client, user, CSV_URL, body.encode(), "pat.csv")
    assert len(data["created"]) == 1
    pat = await contact_named(db, user.id, "Pat One")
    assert pat["twitter_handle"] == "patx"
    assert pat["emails"] == ["pat@example.com"]


async def test_identifier_of_other_contact_not_copied(client, user, db):
    await upload_ok(client, user, CSV_URL, b"name,email,twitter_handle\nAnn,ann@example.com,\nBen,,benny\n", "a.csv")
    data = await upload_ok(client, user, CSV_URL, b"name,email,twitter_handle\nAnn,ann@example.com,benny\n", "b.csv")
    assert data["created"] == []
    assert any("@benny" in line for line in data["warnings"])
    ann = await contact_named(db, user.id, "Ann")
    assert ann["twitter_handle"] is None


async def test_csv_other_user_never_matched(client, user, db):
    await upload_ok(client, user, CSV_URL, CONTACTS_CSV)
    before = await contacts_of(db, user.id)
    other = await register_user(client)
    data = await upload_ok(client, other, CSV_URL, CONTACTS_CSV)
    assert len(data["created"]) == 5
    assert await contacts_of(db, user.id) == before
    ids = {row["id"] for row in await contacts_of(db, other.id)}
    assert ids.isdisjoint({row["id"] for row in before})



async def test_phones_use_user_region(client, user, db):
    await db.execute(update(User).where(User.id == user.id).values(phone_region="GB"))
    await db.commit()
    data = await upload_ok(client, user, CSV_URL, sample("google/contacts_google.csv"))
    ada = await contact_named(db, user.id, "Ada Lovelace")
    assert ada["phones"] == ["+442079460958"]
    assert not any(line.startswith("Row 2:") for line in data["warnings"])


async def test_phone_only_rows_match_by_phone(client, user, db):
    body = b"phone,notes\n+1 415 555 0199,first\n(415) 555-0199,same number\n+1 415 555 0188,other\n"
    data = await upload_ok(client, user, CSV_URL, body, "phones.csv")
    assert len(data["created"]) == 2
    assert any(line.startswith("Row 2:") and "Row 1" in line for line in data["skipped_rows"])
    again = await upload_ok(client, user, CSV_URL, body, "phones.csv")
    assert again["created"] == []
    assert again["unchanged"] == 2
    assert len(await contacts_of(db, user.id)) == 2
