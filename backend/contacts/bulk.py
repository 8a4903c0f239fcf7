"""Bulk update of many contacts in one UPDATE statement: tags, priority level, company."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from backend.contacts.fields import allowed_priorities
from backend.contacts.service import dismiss_open_suggestions
from backend.core.errors import InvalidInput
from backend.core.normalize import clean_text, normalize_tags
from backend.models import PRIORITY_LEVELS, Contact, User

log = structlog.get_logger("pingcrm.contacts")

# Merge the added tags after the existing ones, keep the first spelling of each tag compared
# case-insensitively, then drop the removed ones (also case-insensitively).
_TAGS_SQL = """tags = COALESCE((
        SELECT array_agg(kept.tag ORDER BY kept.position)
        FROM (
            SELECT DISTINCT ON (lower(merged.tag)) merged.tag, merged.position
            FROM unnest(c.tags || CAST(:add_tags AS text[])) WITH ORDINALITY AS merged(tag, position)
            ORDER BY lower(merged.tag), merged.position
        ) AS kept
        WHERE lower(kept.tag) <> ALL (CAST(:remove_tags AS text[]))
    ), '{}')"""
_EDITED_SQL = """user_edited_fields = ARRAY(
        SELECT DISTINCT field FROM unnest(c.user_edited_fields || CAST(:edited AS text[])) AS field ORDER BY field)"""
# The organization link follows the company text, so a changed company unlinks it.
_COMPANY_SQL = """company = :company,
    organization_id = CASE WHEN c.company IS DISTINCT FROM :company THEN NULL ELSE c.organization_id END"""


async def bulk_update(
    session: AsyncSession,
    user: User,
    *,
    contact_ids: list[uuid.UUID],
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    priority_level: str | None = None,
    company: str | None = None,
) -> int:
    """Apply the changes to the listed contacts of the user and return how many were updated.

    Ids of unknown contacts or of other users' contacts are skipped. A None `company` leaves it
    unchanged and an empty one clears it. Archiving dismisses the contacts' open suggestions.
    """
    if priority_level is not None:
        priority_level = priority_level.strip().lower()
        if priority_level not in PRIORITY_LEVELS:
            raise InvalidInput(f"Invalid priority_level {priority_level!r}: use one of {allowed_priorities()}")
    added = normalize_tags(add_tags)
    removed = normalize_tags(remove_tags)
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return 0

    assignments = ["updated_at = now()"]
    params: dict[str, object] = {"user_id": user.id, "ids": ids}
    edited: list[str] = []
    if added or removed:
        assignments.append(_TAGS_SQL)
        params |= {"add_tags": added, "remove_tags": removed}
        edited.append("tags")
    if priority_level is not None:
        assignments.append("priority_level = :priority_level")
        params["priority_level"] = priority_level
    if company is not None:
        assignments.append(_COMPANY_SQL)
        params["company"] = clean_text(company)
        edited.append("company")
    if edited:
        assignments.append(_EDITED_SQL)
        params["edited"] = edited
    if len(assignments) == 1:
        return await _count_owned(session, user, ids)

    statement = text(
        f"UPDATE contacts AS c SET {', '.join(assignments)} "
        "WHERE c.user_id = :user_id AND c.id = ANY(:ids) RETURNING c.id"
    ).bindparams(
        bindparam("user_id", type_=UUID(as_uuid=True)),
        bindparam("ids", type_=ARRAY(UUID(as_uuid=True))),
        *(bindparam(name, type_=ARRAY(Text)) for name in ("add_tags", "remove_tags", "edited") if name in params),
        *([bindparam("company", type_=Text)] if "company" in params else []),
    )
    updated = list((await session.execute(statement, params)).scalars())

    if priority_level == "archived":
        await dismiss_open_suggestions(session, user, updated)
    log.info("contacts.bulk_updated", updated=len(updated), requested=len(ids))
    return len(updated)


async def _count_owned(session: AsyncSession, user: User, ids: list[uuid.UUID]) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Contact).where(Contact.user_id == user.id, Contact.id.in_(ids))
    )
    return count or 0
