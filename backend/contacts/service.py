"""Contact records: create, read, partial update, delete."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import structlog
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.contacts import conflicts
from backend.contacts.fields import PROTECTED_FIELDS, normalize_fields
from backend.core.errors import NotFound
from backend.core.normalize import linkedin_slug
from backend.models import Contact, FollowUpSuggestion, Organization, User

log = structlog.get_logger("pingcrm.contacts")

DEFAULT_SOURCE = "manual"
OPEN_SUGGESTION_STATUSES = ("pending", "snoozed")


async def get_contact(session: AsyncSession, user: User, contact_id: uuid.UUID) -> Contact:
    """Load one of the user's contacts, or raise 404 when it does not exist or belongs to someone else."""
    contact = await session.scalar(select(Contact).where(Contact.id == contact_id, Contact.user_id == user.id))
    if contact is None:
        raise NotFound("Contact not found")
    return contact


async def create_contact(session: AsyncSession, user: User, *, fields: dict[str, Any]) -> Contact:
    """Create a contact from request fields.

    Raise 409 when another contact has one of its identifiers, and 422 on invalid values.
    """
    values = normalize_fields(fields, phone_region=user.phone_region)
    values.pop("organization_id", None)
    if values.get("full_name") is None:
        values["full_name"] = _joined_name(values.get("given_name"), values.get("family_name"))
    if values.get("linkedin_profile_id") is None and values.get("linkedin_url"):
        values["linkedin_profile_id"] = linkedin_slug(values["linkedin_url"])
    if values.get("source") is None:
        values["source"] = DEFAULT_SOURCE

    await conflicts.raise_if_conflict(session, user, values)
    contact = Contact(user_id=user.id, **values)
    await _write_or_conflict(session, user, values, exclude_id=None, apply=lambda: session.add(contact))
    await session.refresh(contact)

    log.info("contacts.created", contact_id=str(contact.id))
    return contact


async def update_contact(
    session: AsyncSession, user: User, contact_id: uuid.UUID, *, changes: dict[str, Any]
) -> Contact:
    """Apply the fields present in `changes`, where an explicit null clears a field.

    Edited profile fields join `user_edited_fields`, so syncs stop overwriting them. A new
    Telegram username or Twitter handle drops the platform user id learned for the old one.
    """
    contact = await get_contact(session, user, contact_id)
    values = normalize_fields(changes, phone_region=user.phone_region)

    if values.get("organization_id") is not None:
        await _check_organization(session, user, values["organization_id"])
    if "linkedin_url" in values and "linkedin_profile_id" not in values:
        if values["linkedin_url"] is None:
            values["linkedin_profile_id"] = None
        elif slug := linkedin_slug(values["linkedin_url"]):
            values["linkedin_profile_id"] = slug

    claimed = _claimed_identifiers(contact, values)
    await conflicts.raise_if_conflict(session, user, claimed, exclude_id=contact.id)

    values.update(_stale_platform_fields(contact, values))
    if "company" in values and values["company"] != contact.company and "organization_id" not in values:
        # NOTE: the old organization no longer matches the company text, and nothing links a new one yet.
        values["organization_id"] = None
    edited = PROTECTED_FIELDS.intersection(changes)
    if edited - set(contact.user_edited_fields or []):
        values["user_edited_fields"] = sorted(edited.union(contact.user_edited_fields or []))

    def apply() -> None:
        for name, value in values.items():
            setattr(contact, name, value)

    await _write_or_conflict(session, user, claimed, exclude_id=contact.id, apply=apply)
    if "priority_level" in values and contact.priority_level == "archived":
        await dismiss_open_suggestions(session, user, [contact.id])
    await session.refresh(contact)

    log.info("contacts.updated", contact_id=str(contact.id), fields=sorted(changes))
    return contact


async def delete_contact(session: AsyncSession, user: User, contact_id: uuid.UUID) -> uuid.UUID:
    """Delete a contact with its interactions, suggestions and other child rows."""
    deleted = await session.scalar(
        delete(Contact).where(Contact.id == contact_id, Contact.user_id == user.id).returning(Contact.id)
    )
    if deleted is None:
        raise NotFound("Contact not found")
    log.info("contacts.deleted", contact_id=str(deleted))
    return deleted


async def dismiss_open_suggestions(session: AsyncSession, user: User, contact_ids: Iterable[uuid.UUID]) -> int:
    """Dismiss, as the system, the pending and snoozed suggestions of the given contacts, and return how many."""
    ids = list(contact_ids)
    if not ids:
        return 0
    result = await session.execute(
        update(FollowUpSuggestion)
        .where(
            FollowUpSuggestion.user_id == user.id,
            FollowUpSuggestion.contact_id.in_(ids),
            FollowUpSuggestion.status.in_(OPEN_SUGGESTION_STATUSES),
        )
        .values(status="dismissed", dismissed_by="system")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _joined_name(given_name: str | None, family_name: str | None) -> str | None:
    return " ".join(part for part in (given_name, family_name) if part) or None


async def _check_organization(session: AsyncSession, user: User, organization_id: uuid.UUID) -> None:
    found = await session.scalar(
        select(Organization.id).where(Organization.id == organization_id, Organization.user_id == user.id)
    )
    if found is None:
        raise NotFound("Organization not found")


def _claimed_identifiers(contact: Contact, values: dict[str, Any]) -> dict[str, Any]:
    """The identifiers this update adds to the contact, which must not belong to another contact."""
    claimed = {
        name: values[name]
        for name in conflicts.IDENTIFIER_LABELS
        if values.get(name) is not None and values[name] != getattr(contact, name)
    }
    if values.get("emails"):
        claimed["emails"] = values["emails"]
    return claimed


def _stale_platform_fields(contact: Contact, values: dict[str, Any]) -> dict[str, Any]:
    """Platform data learned for an old username or handle, to clear when it changes."""
    stale: dict[str, Any] = {}
    if "telegram_username" in values and values["telegram_username"] != contact.telegram_username:
        stale["telegram_user_id"] = None
    if "twitter_handle" in values and values["twitter_handle"] != contact.twitter_handle:
        stale["twitter_user_id"] = None
        if "twitter_bio" not in values:
            stale["twitter_bio"] = None
    return stale


async def _write_or_conflict(
    session: AsyncSession,
    user: User,
    claimed: dict[str, Any],
    *,
    exclude_id: uuid.UUID | None,
    apply: Callable[[], None],
) -> None:
    """Apply the change and flush it inside a savepoint.

    A unique-index violation, from a concurrent write of the same identifier, rolls back only the
    savepoint and becomes the same 409 as the lookup before the write.
    """
    try:
        async with session.begin_nested():
            apply()
            await session.flush()
    except IntegrityError as exc:
        if not conflicts.is_unique_violation(exc):
            raise
        with session.no_autoflush:
            error = await conflicts.conflict_from_integrity_error(session, user, claimed, exclude_id=exclude_id)
        raise error from exc
