"""Strong-identifier conflicts between contacts of one user, reported as 409 with the other contact."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy import String, literal, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict
from backend.core.normalize import email_key
from backend.models import Contact, ContactEmail, User

log = structlog.get_logger("pingcrm.contacts")

# Identifier columns with a partial unique index per user, and how messages name them.
IDENTIFIER_LABELS = {
    "telegram_username": "Telegram username",
    "twitter_handle": "Twitter handle",
    "linkedin_profile_id": "LinkedIn profile",
    "whatsapp_phone": "WhatsApp phone",
    "facebook_id": "Facebook id",
    "instagram_id": "Instagram id",
}
_EMAIL_LABEL = "Email"
_UNIQUE_VIOLATION = "23505"


async def find_conflict(
    session: AsyncSession, user: User, values: dict[str, Any], *, exclude_id: uuid.UUID | None
) -> tuple[str, str, uuid.UUID] | None:
    """Return (label, value, contact id) of the first identifier in `values` that another contact has."""
    selects = []
    for column, label in IDENTIFIER_LABELS.items():
        value = values.get(column)
        if value is None:
            continue
        attribute = getattr(Contact, column)
        query = select(
            literal(label, String).label("label"), attribute.label("value"), Contact.id.label("contact_id")
        ).where(Contact.user_id == user.id, attribute == value)
        if exclude_id is not None:
            query = query.where(Contact.id != exclude_id)
        selects.append(query)

    keys = sorted({email_key(email) for email in values.get("emails") or []})
    if keys:
        query = select(
            literal(_EMAIL_LABEL, String).label("label"),
            ContactEmail.email.label("value"),
            ContactEmail.contact_id.label("contact_id"),
        ).where(ContactEmail.user_id == user.id, ContactEmail.email.in_(keys))
        if exclude_id is not None:
            query = query.where(ContactEmail.contact_id != exclude_id)
        selects.append(query)

    if not selects:
        return None
    row = (await session.execute(union_all(*selects).limit(1))).first()
    return (row.label, row.value, row.contact_id) if row else None


async def conflict_error(session: AsyncSession, user: User, label: str, value: str, contact_id: uuid.UUID) -> Conflict:
    """Build the 409 whose detail names the identifier and summarises the contact that has it."""
    other = await session.scalar(select(Contact).where(Contact.id == contact_id, Contact.user_id == user.id))
    message = f"{label} '{value}' is already used by another contact"
    summary = None
    if other is not None:
        summary = {
            "id": str(other.id),
            "full_name": other.full_name,
            "given_name": other.given_name,
            "family_name": other.family_name,
            "emails": list(other.emails or []),
        }
    log.info("contacts.identifier_conflict", field=label, conflicting_contact_id=str(contact_id))
    return Conflict(message, detail={"message": message, "conflicting_contact": summary})


async def raise_if_conflict(
    session: AsyncSession, user: User, values: dict[str, Any], *, exclude_id: uuid.UUID | None = None
) -> None:
    """Raise 409 when an identifier in `values` belongs to another contact of the user."""
    found = await find_conflict(session, user, values, exclude_id=exclude_id)
    if found is not None:
        raise await conflict_error(session, user, *found)


def is_unique_violation(exc: IntegrityError) -> bool:
    """True for a unique-index violation, as opposed to a foreign-key or check failure."""
    code = getattr(exc.orig, "pgcode", None) or getattr(getattr(exc.orig, "__cause__", None), "sqlstate", None)
    return code == _UNIQUE_VIOLATION


async def conflict_from_integrity_error(
    session: AsyncSession, user: User, values: dict[str, Any], *, exclude_id: uuid.UUID | None
) -> Conflict:
    """Build the 409 for a unique-index violation raised by a concurrent write of the same identifier.

    The caller must have rolled back to a savepoint, so this session can still query. PostgreSQL
    reports the violation only after the other transaction commits, so the lookup finds that row.
    """
    found = await find_conflict(session, user, values, exclude_id=exclude_id)
    if found is not None:
        return await conflict_error(session, user, *found)
    message = "An identifier of this contact is already used by another contact"
    log.warning("contacts.unique_violation_unresolved", contact_id=str(exclude_id) if exclude_id else None)
    return Conflict(message, detail={"message": message, "conflicting_contact": None})
