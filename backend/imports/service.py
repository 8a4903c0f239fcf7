"""The three imports: read and check the upload, parse it, write in bulk, and record a sync event."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

import structlog
from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import session_factory
from backend.core.errors import DomainError, InvalidInput
from backend.imports import csv_contacts, linkedin_connections, linkedin_messages
from backend.imports.drafts import ParsedContacts
from backend.imports.reader import Upload, check_extension, decode_text, read_upload
from backend.imports.schemas import CsvImportResult, ImportedContact, LinkedInImportResult, LinkedInMessagesImportResult
from backend.imports.writer import UpsertResult, upsert_contacts
from backend.models import SyncEvent, User

log = structlog.get_logger("pingcrm.imports")

CONTACT_EXTENSIONS = (".csv", ".txt", ".vcf")
LINKEDIN_EXTENSIONS = (".csv", ".txt")
# Longer lists in a response end with a line that counts the rest.
MAX_LISTED = 1000
MAX_DETAILED = 20

T = TypeVar("T")


@dataclass
class _Report:
    """Counts and details of one import, for its sync event."""

    created: int = 0
    updated: int = 0
    failed: int = 0
    done: int = 0  # rows that were read without error: created, matched, merged or skipped
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.failed == 0:
            return "success"
        return "failed" if self.done == 0 else "partial"


def _row_order(message: str) -> tuple[int, str]:
    match = re.match(r"(?:Row|Card) (\d+):", message)
    return (int(match.group(1)) if match else 0, message)


def _listed(messages: list[str]) -> list[str]:
    """Sort `Row N: ...` messages by N and cap the list."""
    ordered = sorted(messages, key=_row_order)
    if len(ordered) <= MAX_LISTED:
        return ordered
    return [*ordered[:MAX_LISTED], f"... and {len(ordered) - MAX_LISTED} more"]


async def _run(
    session: AsyncSession,
    user: User,
    *,
    platform: str,
    upload: Upload,
    work: Callable[[], Awaitable[tuple[T, _Report]]],
) -> T:
    """Run one import and record its sync event; a rejected file is recorded as failed in its own transaction."""
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    file_name = (upload.filename or "")[:200]
    try:
        result, report = await work()
    except DomainError as error:
        await _record_rejection(user, platform=platform, started_at=started_at, clock=clock, file_name=file_name, error=error)
        log.info("imports.rejected", platform=platform, status=error.status_code, error=error.message)
        raise

    duration_ms = round((time.perf_counter() - clock) * 1000)
    session.add(
        SyncEvent(
            user_id=user.id,
            platform=platform,
            sync_type="manual",
            status=report.status,
            records_created=report.created,
            records_updated=report.updated,
            records_failed=report.failed,
            duration_ms=duration_ms,
            details={"file_name": file_name, **report.details},
            started_at=started_at,
            completed_at=datetime.now(UTC),
        )
    )
    await session.flush()
    log.info(
        "imports.finished",
        platform=platform,
        status=report.status,
        created=report.created,
        updated=report.updated,
        failed=report.failed,
        duration_ms=duration_ms,
    )
    return result


async def _record_rejection(
    user: User, *, platform: str, started_at: datetime, clock: float, file_name: str, error: DomainError
) -> None:
    # The request's transaction rolls back on the error, so the failed run is saved separately.
    async with session_factory()() as other:
        other.add(
            SyncEvent(
                user_id=user.id,
                platform=platform,
                sync_type="manual",
                status="failed",
                duration_ms=round((time.perf_counter() - clock) * 1000),
                error_message=error.message,
                details={"file_name": file_name},
                started_at=started_at,
                completed_at=datetime.now(UTC),
            )
        )
        await other.commit()


async def _read_text(upload: Upload, *, max_bytes: int, extensions: tuple[str, ...], expected: str) -> tuple[str, str]:
    """Check the name and size, then decode; return (text, lowercased extension)."""
    extension = check_extension(upload.filename, extensions, expected)
    data = await read_upload(upload, max_bytes=max_bytes)
    return decode_text(data, expected=expected).text, extension


async def _in_thread(parse: Callable[[], T]) -> T:
    # Parsing and phone validation take seconds for a large file: about 90 µs per row with a phone,
    # measured on 100,000 rows. A worker thread keeps the event loop serving other requests.
    return await to_thread.run_sync(parse)


def _require_rows(rows: int, expected: str) -> None:
    if rows == 0:
        raise InvalidInput(f"The file has no data rows; expected {expected} with at least one row below the header")


def _contact_report(parsed: ParsedContacts, written: UpsertResult) -> _Report:
    errors = len(parsed.errors) + len(written.errors)
    return _Report(
        created=len(written.created),
        updated=len(written.updated),
        failed=errors,
        done=parsed.rows - errors,
        details={
            "format": parsed.format,
            "rows": parsed.rows,
            "unchanged": len(written.unchanged),
            "skipped": len(parsed.skipped) + len(written.skipped),
            "errors": sorted(parsed.errors + written.errors, key=_row_order)[:MAX_DETAILED],
            "warnings": len(written.warnings),
        },
    )


async def import_contacts_file(session: AsyncSession, user: User, *, upload: Upload, max_bytes: int) -> CsvImportResult:
    """Import a contacts CSV, Google Contacts CSV, vCard or LinkedIn Connections file."""

    async def work() -> tuple[CsvImportResult, _Report]:
        text, extension = await _read_text(
            upload, max_bytes=max_bytes, extensions=CONTACT_EXTENSIONS, expected="a .csv, .txt or .vcf file"
        )
        parsed = await _in_thread(partial(csv_contacts.parse_contacts_file, text, region=user.phone_region, extension=extension))
        _require_rows(parsed.rows, csv_contacts.EXPECTED)
        written = await upsert_contacts(session, user.id, parsed.drafts)
        result = CsvImportResult(
            created=[ImportedContact(id=item.id, full_name=item.full_name) for item in written.created],
            updated=[ImportedContact(id=item.id, full_name=item.full_name) for item in written.updated],
            unchanged=len(written.unchanged),
            errors=_listed(parsed.errors + written.errors),
            skipped_rows=_listed(parsed.skipped + written.skipped),
            warnings=_listed(written.warnings),
            format=parsed.format,
        )
        return result, _contact_report(parsed, written)

    return await _run(session, user, platform="csv", upload=upload, work=work)


async def import_linkedin_connections(session: AsyncSession, user: User, *, upload: Upload, max_bytes: int) -> LinkedInImportResult:
    """Import LinkedIn's Connections.csv: new connections become contacts, known ones gain missing fields."""

    async def work() -> tuple[LinkedInImportResult, _Report]:
        text, _ = await _read_text(
            upload, max_bytes=max_bytes, extensions=LINKEDIN_EXTENSIONS, expected=linkedin_connections.EXPECTED
        )
        parsed = await _in_thread(partial(linkedin_connections.parse_connections, text, region=user.phone_region))
        _require_rows(parsed.rows, linkedin_connections.EXPECTED)
        written = await upsert_contacts(session, user.id, parsed.drafts)
        skipped_rows = parsed.skipped + written.skipped
        result = LinkedInImportResult(
            created=len(written.created),
            skipped=len(skipped_rows) + len(written.unchanged),
            errors=_listed(parsed.errors + written.errors),
            updated=len(written.updated),
            unchanged=len(written.unchanged),
            skipped_rows=_listed(skipped_rows),
            warnings=_listed(written.warnings),
        )
        return result, _contact_report(parsed, written)

    return await _run(session, user, platform="linkedin", upload=upload, work=work)


async def import_linkedin_messages(
    session: AsyncSession, user: User, *, upload: Upload, max_bytes: int
) -> LinkedInMessagesImportResult:
    """Import LinkedIn's messages.csv as interactions with the matching contacts."""

    async def work() -> tuple[LinkedInMessagesImportResult, _Report]:
        text, _ = await _read_text(upload, max_bytes=max_bytes, extensions=LINKEDIN_EXTENSIONS, expected=linkedin_messages.EXPECTED)
        parsed = await _in_thread(partial(linkedin_messages.parse_messages, text))
        _require_rows(parsed.rows, linkedin_messages.EXPECTED)
        outcome = await linkedin_messages.import_messages(session, user, parsed)
        result = LinkedInMessagesImportResult(
            new_interactions=outcome.new_interactions,
            skipped=len(outcome.skipped) + outcome.already_imported,
            unmatched=len(outcome.unmatched_names),
            unmatched_names=outcome.unmatched_names[: linkedin_messages.MAX_LISTED_UNMATCHED],
            already_imported=outcome.already_imported,
            errors=_listed(outcome.errors),
            skipped_rows=_listed(outcome.skipped),
            warnings=_listed(outcome.warnings),
        )
        report = _Report(
            created=outcome.new_interactions,
            failed=len(outcome.errors),
            done=outcome.new_interactions + outcome.already_imported + len(outcome.skipped) + outcome.unmatched_messages,
            details={
                "format": "linkedin_messages",
                "rows": parsed.rows,
                "already_imported": outcome.already_imported,
                "skipped": len(outcome.skipped),
                "unmatched": len(outcome.unmatched_names),
                "errors": sorted(outcome.errors, key=_row_order)[:MAX_DETAILED],
            },
        )
        return result, report

    return await _run(session, user, platform="linkedin", upload=upload, work=work)
