"""Bulk writes of imports: contacts matched and upserted in a few set-based statements, and interactions.

The flow for contacts: fold duplicate rows of the file together, look the remaining keys up in
the account with one query per identifier table, lock the matched contacts, then insert new
contacts with chunked INSERT ... SELECT FROM jsonb_to_recordset ... ON CONFLICT DO NOTHING and fill
empty fields of matched ones with chunked UPDATE ... FROM jsonb_to_recordset. No statement runs per row, except
to isolate the row that made a chunk fail.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import any_, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from backend.core.normalize import email_key
from backend.imports.drafts import ContactDraft, describe_key, merge_into
from backend.imports.matching import drop_foreign_identifiers, fold_duplicates, load_owners, lock_user_imports
from backend.models import Contact, Interaction
from backend.models.contact import new_bcc_hash

log = structlog.get_logger("pingcrm.imports")

CHUNK_ROWS = 1000


# Fields an import may fill on a matched contact when they are empty and not edited by the user.
_FILLABLE_TEXT = (
    "full_name",
    "given_name",
    "family_name",
    "company",
    "title",
    "notes",
    "location",
    "linkedin_url",
    "linkedin_profile_id",
    "twitter_handle",
    "telegram_username",
)
_LOADED_COLUMNS = (
    "id",
    *_FILLABLE_TEXT,
    "emails",
    "phones",
    "tags",
    "birthday_month",
    "birthday_day",
    "birthday_year",
    "linkedin_connected_on",
    "user_edited_fields",
)
_UPDATE_SQL = text(
    """
    UPDATE contacts AS c SET
        full_name = v.full_name, given_name = v.given_name, family_name = v.family_name,
        company = v.company, title = v.title, notes = v.notes, location = v.location,
        linkedin_url = v.linkedin_url, linkedin_profile_id = v.linkedin_profile_id,
        twitter_handle = v.twitter_handle, telegram_username = v.telegram_username,
        emails = v.emails, phones = v.phones, tags = v.tags,
        birthday_month = v.birthday_month, birthday_day = v.birthday_day, birthday_year = v.birthday_year,
        linkedin_connected_on = v.linkedin_connected_on,
        updated_at = now()
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(
        id uuid, full_name text, given_name text, family_name text, company text, title text,
        notes text, location text, linkedin_url text, linkedin_profile_id text, twitter_handle text,
        telegram_username text, emails text[], phones text[], tags text[], birthday_month smallint,
        birthday_day smallint, birthday_year smallint, linkedin_connected_on date)
    WHERE c.id = v.id AND c.user_id = :user_id
    RETURNING c.id
    """
)


# Rows travel as one JSON parameter: a multi-row VALUES list with a bind parameter per cell
# costs SQLAlchemy more time to compile than PostgreSQL needs to insert the rows.
_INSERT_CONTACTS_SQL = text(
    """
    INSERT INTO contacts (
        id, user_id, full_name, given_name, family_name, company, title, notes, location,
        emails, phones, tags, twitter_handle, telegram_username, linkedin_url, linkedin_profile_id,
        linkedin_connected_on, birthday_month, birthday_day, birthday_year, source, bcc_hash)
    SELECT v.id, v.user_id, v.full_name, v.given_name, v.family_name, v.company, v.title, v.notes,
        v.location, coalesce(v.emails, '{}'), coalesce(v.phones, '{}'), coalesce(v.tags, '{}'),
        v.twitter_handle, v.telegram_username, v.linkedin_url, v.linkedin_profile_id,
        v.linkedin_connected_on, v.birthday_month, v.birthday_day, v.birthday_year, v.source, v.bcc_hash
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(
        id uuid, user_id uuid, full_name text, given_name text, family_name text, company text,
        title text, notes text, location text, emails text[], phones text[], tags text[],
        twitter_handle text, telegram_username text, linkedin_url text, linkedin_profile_id text,
        linkedin_connected_on date, birthday_month smallint, birthday_day smallint,
        birthday_year smallint, source text, bcc_hash text)
    ON CONFLICT DO NOTHING
    RETURNING id
    """
)

_INSERT_INTERACTIONS_SQL = text(
    """
    INSERT INTO interactions (id, user_id, contact_id, platform, direction, content_preview, raw_reference_id, occurred_at)
    SELECT v.id, v.user_id, v.contact_id, v.platform, v.direction, v.content_preview, v.raw_reference_id, v.occurred_at
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(
        id uuid, user_id uuid, contact_id uuid, platform text, direction text, content_preview text,
        raw_reference_id text, occurred_at timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING id
    """
)


@dataclass(frozen=True)
class SavedContact:
    id: uuid.UUID
    full_name: str | None
    label: str


@dataclass
class UpsertResult:
    created: list[SavedContact] = field(default_factory=list)
    updated: list[SavedContact] = field(default_factory=list)
    unchanged: list[SavedContact] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _fill(existing: Mapping[str, Any], draft: ContactDraft) -> dict[str, Any]:
    """Return the changed columns: empty fields the draft can fill, unless the user edited them, and new list items."""
    edited = set(existing["user_edited_fields"] or [])
    changes: dict[str, Any] = {}
    for name in (*_FILLABLE_TEXT, "linkedin_connected_on"):
        value = getattr(draft, name)
        if value is not None and existing[name] in (None, "") and name not in edited:
            changes[name] = value
    if draft.birthday is not None and existing["birthday_month"] is None and "birthday" not in edited:
        changes["birthday_month"] = draft.birthday.month
        changes["birthday_day"] = draft.birthday.day
        changes["birthday_year"] = draft.birthday.year

    emails = list(existing["emails"] or [])
    known_emails = {email_key(email) for email in emails}
    new_emails = [email for email in draft.emails if email_key(email) not in known_emails]
    if new_emails and "emails" not in edited:
        changes["emails"] = emails + new_emails
    phones = list(existing["phones"] or [])
    new_phones = [phone for phone in draft.phones if phone not in phones]
    if new_phones and "phones" not in edited:
        changes["phones"] = phones + new_phones
    tags = list(existing["tags"] or [])
    known_tags = {tag.lower() for tag in tags}
    new_tags = [tag for tag in draft.tags if tag not in known_tags]
    if new_tags and "tags" not in edited:
        changes["tags"] = tags + new_tags
    return changes


def _new_row(user_id: uuid.UUID, draft: ContactDraft) -> dict[str, Any]:
    birthday = draft.birthday
    return {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "full_name": draft.full_name,
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "company": draft.company,
        "title": draft.title,
        "notes": draft.notes,
        "location": draft.location,
        "emails": draft.emails,
        "phones": draft.phones,
        "tags": draft.tags,
        "twitter_handle": draft.twitter_handle,
        "telegram_username": draft.telegram_username,
        "linkedin_url": draft.linkedin_url,
        "linkedin_profile_id": draft.linkedin_profile_id,
        "linkedin_connected_on": draft.linkedin_connected_on,
        "birthday_month": birthday.month if birthday else None,
        "birthday_day": birthday.day if birthday else None,
        "birthday_year": birthday.year if birthday else None,
        "source": draft.source,
        "bcc_hash": new_bcc_hash(),
    }


def _update_row(existing: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    row = {name: existing[name] for name in _LOADED_COLUMNS if name != "user_edited_fields"}
    row.update(changes)
    row["id"] = str(row["id"])
    if row["linkedin_connected_on"] is not None:
        row["linkedin_connected_on"] = row["linkedin_connected_on"].isoformat()
    return row


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> list[Sequence[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _database_reason(error: DBAPIError) -> str:
    cause = getattr(error.orig, "__cause__", None) or error.orig
    constraint = getattr(cause, "constraint_name", None)
    detail = f"{type(cause).__name__} on {constraint}" if constraint else type(cause).__name__
    return f"the database rejected it ({detail})"


async def write_chunks(
    session: AsyncSession, rows: Sequence[dict[str, Any]], build: Callable[[Sequence[dict[str, Any]]], Executable]
) -> tuple[set[Any], dict[Any, str]]:
    """Run `build(chunk)` for each chunk of rows inside a savepoint, and return (returned ids, failed row id -> reason).

    A statement returns the ids it wrote. When a chunk fails, its rows are retried one by one, so
    a single bad row fails alone and never poisons the transaction.
    """
    written: set[Any] = set()
    failed: dict[Any, str] = {}
    for chunk in _chunks(rows, CHUNK_ROWS):
        try:
            async with session.begin_nested():
                written.update((await session.execute(build(chunk))).scalars())
            continue
        except DBAPIError as error:
            log.warning("imports.chunk_failed", rows=len(chunk), error=_database_reason(error))
        for row in chunk:
            try:
                async with session.begin_nested():
                    written.update((await session.execute(build([row]))).scalars())
            except DBAPIError as error:
                failed[row["id"]] = _database_reason(error)
                log.warning("imports.row_failed", row_id=str(row["id"]), error=failed[row["id"]])
    return written, failed


def _as_json(chunk: Sequence[dict[str, Any]]) -> str:
    # uuid, date and datetime values become ISO strings, which jsonb_to_recordset casts back.
    return json.dumps(list(chunk), default=str)


def _insert_contacts(chunk: Sequence[dict[str, Any]]) -> Executable:
    return _INSERT_CONTACTS_SQL.bindparams(rows=_as_json(chunk)).columns(id=Contact.id.type)


def _update_contacts(user_id: uuid.UUID) -> Callable[[Sequence[dict[str, Any]]], Executable]:
    def build(chunk: Sequence[dict[str, Any]]) -> Executable:
        return _UPDATE_SQL.bindparams(rows=json.dumps(list(chunk)), user_id=user_id).columns(id=Contact.id.type)

    return build


async def upsert_contacts(session: AsyncSession, user_id: uuid.UUID, drafts: Sequence[ContactDraft]) -> UpsertResult:
    """Create contacts for drafts that match no contact, and fill empty fields of the contacts the others match.

    Matching uses, in order: LinkedIn profile id, LinkedIn URL, emails (through contact_emails),
    Twitter handle, Telegram username, and, only for a row with none of these, full name plus
    company, or the phones of a row without a name. Non-empty fields and fields in
    `user_edited_fields` are never overwritten.
    """
    result = UpsertResult()
    groups = fold_duplicates(drafts, result.skipped)
    await lock_user_imports(session, user_id)
    owners = await load_owners(session, user_id, groups)

    matched: dict[uuid.UUID, ContactDraft] = {}
    new: list[ContactDraft] = []
    for draft in groups:
        key = next((key for key in draft.keys() if key in owners), None)
        if key is None:
            new.append(draft)
            continue
        target = owners[key]
        drop_foreign_identifiers(draft, owners, target)
        if target in matched:
            first = matched[target]
            result.skipped.append(f"{draft.label}: same contact as {first.label} ({describe_key(key)}); merged into it")
            merge_into(first, draft)
        else:
            matched[target] = draft

    existing: dict[uuid.UUID, Mapping[str, Any]] = {}
    if matched:
        rows = await session.execute(
            select(*(getattr(Contact, name) for name in _LOADED_COLUMNS))
            .where(Contact.user_id == user_id, Contact.id == any_(bindparam("ids", value=list(matched), type_=ARRAY(Contact.id.type))))
            .with_for_update()
        )
        existing = {row["id"]: row for row in rows.mappings()}
    # A matched contact deleted since the lookup gets its row back as a new contact.
    new.extend(draft for contact_id, draft in matched.items() if contact_id not in existing)
    matched = {contact_id: draft for contact_id, draft in matched.items() if contact_id in existing}

    await _insert_new(session, user_id, new, result)
    await _update_matched(session, user_id, matched, existing, result)
    for draft in [*new, *matched.values()]:
        result.warnings.extend(draft.warnings)
    return result


async def _insert_new(session: AsyncSession, user_id: uuid.UUID, drafts: list[ContactDraft], result: UpsertResult) -> None:
    rows = [_new_row(user_id, draft) for draft in drafts]
    written, failed = await write_chunks(session, rows, _insert_contacts)
    for row, draft in zip(rows, drafts, strict=True):
        if row["id"] in written:
            result.created.append(SavedContact(row["id"], draft.full_name, draft.label))
        elif row["id"] in failed:
            result.errors.append(f"{draft.label}: could not be saved: {failed[row['id']]}")
        else:
            result.errors.append(
                f"{draft.label}: not saved because another contact with the same identifier was saved at the same time; import the file again"
            )


async def _update_matched(
    session: AsyncSession,
    user_id: uuid.UUID,
    matched: Mapping[uuid.UUID, ContactDraft],
    existing: Mapping[uuid.UUID, Mapping[str, Any]],
    result: UpsertResult,
) -> None:
    rows: list[dict[str, Any]] = []
    for contact_id, draft in matched.items():
        current = existing[contact_id]
        changes = _fill(current, draft)
        name = changes.get("full_name", current["full_name"])
        if not changes:
            result.unchanged.append(SavedContact(contact_id, name, draft.label))
            continue
        rows.append(_update_row(current, changes))

    written, failed = await write_chunks(session, rows, _update_contacts(user_id))
    for row in rows:
        contact_id = uuid.UUID(row["id"])
        draft = matched[contact_id]
        if contact_id in written:
            result.updated.append(SavedContact(contact_id, row["full_name"], draft.label))
        else:
            reason = failed.get(row["id"], "the contact was deleted during the import")
            result.errors.append(f"{draft.label}: could not update the matching contact: {reason}")


async def insert_interactions(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> tuple[set[uuid.UUID], dict[Any, str]]:
    """Insert interactions in chunks, skipping ones whose (user, platform, raw_reference_id) exists; return the inserted ids."""

    def build(chunk: Sequence[dict[str, Any]]) -> Executable:
        return _INSERT_INTERACTIONS_SQL.bindparams(rows=_as_json(chunk)).columns(id=Interaction.id.type)

    return await write_chunks(session, rows, build)
