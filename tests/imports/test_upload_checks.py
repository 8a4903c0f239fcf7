from __future__ import annotations

import pytest
from sqlalchemy import event

from backend.core.database import get_engine
from backend.core.normalize import Birthday
from backend.imports.drafts import ContactDraft
from backend.imports.writer import _insert_contacts, _new_row, write_chunks
from tests.imports.helpers import CSV_URL, LINKEDIN_URL, MESSAGES_URL, contacts_of, sample, sync_events_of, upload, upload_ok

ROUTES = [CSV_URL, LINKEDIN_URL, MESSAGES_URL]


@pytest.mark.parametrize("url", ROUTES)
async def test_import_requires_token(client, url):
    response = await client.post(url, files={"file": ("a.csv", b"name\nAnn\n", "text/csv")})
    assert response.status_code == 401


@pytest.mark.parametrize("url", ROUTES)
async def test_import_requires_file_field(client, user, url):
    response = await client.post(url, headers=user.headers)
    assert response.status_code == 422


@pytest.mark.parametrize("url", ROUTES)
async def test_too_large_by_actual_size(client, user, settings, monkeypatch, url):
    monkeypatch.setattr(settings, "max_upload_bytes", 1000)
    response = await upload(client, user, url, b"First Name,Last Name\n" + b"A" * 2000, "big.csv")
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]


async def test_too_large_by_content_length(client, user, settings, monkeypatch):
    monkeypatch.setattr(settings, "max_upload_bytes", 1000)
    response = await upload(client, user, CSV_URL, b"name\n" + b"A" * 200_000, "big.csv")
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert response.json()["data"] is None


async def test_too_large_streamed_without_length(client, user, settings, monkeypatch):
    monkeypatch.setattr(settings, "max_upload_bytes", 1000)
    boundary = "testboundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'

    async def body():
        yield head.encode()
        for _ in range(40):
            yield b"A" * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {**user.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = await client.post(CSV_URL, headers=headers, content=body())
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]


async def test_limit_default_is_10_mib(settings):
    assert settings.max_upload_bytes == 10 * 1024 * 1024


async def test_wrong_extension_415(client, user):
    response = await upload(client, user, CSV_URL, b"name\nAnn\n", "contacts.xlsx")
    assert response.status_code == 415
    assert ".csv" in response.json()["detail"]


async def test_workbook_content_415(client, user):
    response = await upload(client, user, CSV_URL, b"PK\x03\x04" + b"\x00" * 200, "contacts.csv")
    assert response.status_code == 415
    assert "Excel" in response.json()["detail"]


@pytest.mark.parametrize("url", ROUTES)
async def test_binary_content_415(client, user, url):
    response = await upload(client, user, url, bytes(range(256)) * 4, "data.csv")
    assert response.status_code == 415
    assert "expected" in response.json()["detail"]


@pytest.mark.parametrize("url", ROUTES)
async def test_empty_file_400(client, user, url):
    response = await upload(client, user, url, b"  \n\n", "empty.csv")
    assert response.status_code == 400
    assert "empty" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (CSV_URL, b"name,email\n"),
        (LINKEDIN_URL, b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\n\n"),
        (MESSAGES_URL, b"CONVERSATION ID,FROM,TO,DATE,CONTENT\n"),
    ],
)
async def test_header_only_400(client, user, url, body):
    response = await upload(client, user, url, body, "header.csv")
    assert response.status_code == 400
    assert "no data rows" in response.json()["detail"]


async def test_unknown_columns_400(client, user):
    response = await upload(client, user, CSV_URL, b"foo,bar\n1,2\n", "odd.csv")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "email" in detail
    assert "foo" in detail


async def test_vcf_without_cards_400(client, user):
    response = await upload(client, user, CSV_URL, b"name\nAnn\n", "cards.vcf")
    assert response.status_code == 400
    assert "BEGIN:VCARD" in response.json()["detail"]


async def test_messages_on_generic_route_400(client, user):
    response = await upload(client, user, CSV_URL, sample("linkedin/messages.csv"))
    assert response.status_code == 400
    assert "linkedin-messages" in response.json()["detail"]


async def test_google_csv_on_linkedin_route_400(client, user):
    response = await upload(client, user, LINKEDIN_URL, sample("google/contacts_google.csv"))
    assert response.status_code == 400
    assert "First Name" in response.json()["detail"]


async def test_rejection_records_failed_event(client, user, db):
    response = await upload(client, user, LINKEDIN_URL, sample("linkedin/messages.csv"))
    assert response.status_code == 400
    events = await sync_events_of(db, user.id)
    assert len(events) == 1
    assert events[0]["status"] == "failed"
    assert events[0]["platform"] == "linkedin"
    assert "First Name" in events[0]["error_message"]


def _bulk_file(rows: int) -> tuple[bytes, int, int]:
    """A CSV of `rows` people where the last 10 rows repeat the first 10 emails and some emails are invalid."""
    lines = ["name,email,phone,company"]
    invalid = duplicates = 0
    for index in range(rows):
        if index >= rows - 10:
            email = f"person{index - (rows - 10)}@bulk.example"
            duplicates += 1
        elif index % 400 == 399:
            email = f"broken-{index}"
            invalid += 1
        else:
            email = f"person{index}@bulk.example"
        lines.append(f"Person {index},{email},+1 415 555 {index % 10000:04d},Company {index % 50}")
    return ("\n".join(lines) + "\n").encode(), invalid, duplicates


async def test_bulk_2000_rows_one_request(client, user, db):
    content, invalid, duplicates = _bulk_file(2000)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = get_engine().sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        data = await upload_ok(client, user, CSV_URL, content, "bulk.csv")
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert len(data["created"]) == 2000 - invalid - duplicates
    assert len(data["errors"]) == invalid
    assert len(data["skipped_rows"]) == duplicates
    assert len(await contacts_of(db, user.id)) == 2000 - invalid - duplicates
    # Bulk writes: a handful of statements, not one per row.
    assert len(statements) < 30, statements


async def test_bulk_reimport_creates_none(client, user, db):
    content, invalid, duplicates = _bulk_file(2000)
    await upload_ok(client, user, CSV_URL, content, "bulk.csv")
    data = await upload_ok(client, user, CSV_URL, content, "bulk.csv")
    assert data["created"] == []
    assert data["unchanged"] == 2000 - invalid - duplicates


async def test_failing_row_isolated_in_chunk(user, db):
    drafts = [ContactDraft(label=f"Row {number}", source="csv", full_name=f"Chunk {number}") for number in (1, 2, 3)]
    drafts[1].birthday = Birthday(13, 40, None)  # violates the birthday check constraint
    rows = [_new_row(user.id, draft) for draft in drafts]
    written, failed = await write_chunks(db, rows, _insert_contacts)
    assert written == {rows[0]["id"], rows[2]["id"]}
    assert list(failed) == [rows[1]["id"]]
    assert "CheckViolation" in failed[rows[1]["id"]]
    await db.rollback()

