"""Matching import rows to each other and to the account's contacts, by their identifying keys."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import any_, bindparam, func, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from backend.core.normalize import email_key
from backend.imports.drafts import ContactDraft, Key, describe_key, merge_into
from backend.models import Contact, ContactEmail


async def lock_user_imports(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Serialise contact imports of one user until the transaction ends, so two uploads cannot create the same contact twice."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"pingcrm.import:{user_id}"})


def _text_array(name: str, values: set[str]) -> Any:
    return bindparam(name, value=sorted(values), type_=ARRAY(Text))


@dataclass
class _Group:
    draft: ContactDraft
    keys: set[Key]
    alive: bool = True


def fold_duplicates(drafts: Sequence[ContactDraft], skipped: list[str]) -> list[ContactDraft]:
    """Merge rows of the file that share a key into the first of them, and report each folded row in `skipped`."""
    groups: list[_Group] = []
    owner: dict[Key, int] = {}
    for draft in drafts:
        keys = draft.keys()
        hits = sorted({owner[key] for key in keys if key in owner})
        if not hits:
            index = len(groups)
            groups.append(_Group(draft, set(keys)))
        else:
            index = hits[0]
            group = groups[index]
            shared = next(key for key in keys if owner.get(key) == index)
            skipped.append(f"{draft.label}: same person as {group.draft.label} ({describe_key(shared)}); merged into it")
            merge_into(group.draft, draft)
            group.keys.update(keys)
            for other_index in hits[1:]:
                other = groups[other_index]
                skipped.append(f"{other.draft.label}: same person as {group.draft.label} (linked by {draft.label}); merged into it")
                merge_into(group.draft, other.draft)
                group.keys.update(other.keys)
                other.alive = False
                for key in other.keys:
                    owner[key] = index
        for key in keys:
            owner[key] = index
    return [group.draft for group in groups if group.alive]


async def load_owners(session: AsyncSession, user_id: uuid.UUID, drafts: Sequence[ContactDraft]) -> dict[Key, uuid.UUID]:
    """Map every key of the drafts that the account already has to the contact holding it (the oldest on ties)."""
    values: dict[str, set[str]] = {kind: set() for kind in ("email", "linkedin", "linkedin_url", "twitter", "telegram", "name", "phone")}
    for draft in drafts:
        for kind, value, *_ in draft.keys():
            values[kind].add(value)

    owners: dict[Key, uuid.UUID] = {}
    if values["email"]:
        rows = await session.execute(
            select(ContactEmail.email, ContactEmail.contact_id).where(
                ContactEmail.user_id == user_id, ContactEmail.email == any_(_text_array("emails", values["email"]))
            )
        )
        owners.update({("email", email): contact_id for email, contact_id in rows})

    conditions = []
    if values["linkedin"]:
        conditions.append(Contact.linkedin_profile_id == any_(_text_array("slugs", values["linkedin"])))
    if values["linkedin_url"]:
        conditions.append(func.lower(func.rtrim(Contact.linkedin_url, "/")) == any_(_text_array("urls", values["linkedin_url"])))
    if values["twitter"]:
        conditions.append(Contact.twitter_handle == any_(_text_array("twitter", values["twitter"])))
    if values["telegram"]:
        conditions.append(Contact.telegram_username == any_(_text_array("telegram", values["telegram"])))
    if values["name"]:
        conditions.append(func.lower(Contact.full_name) == any_(_text_array("names", values["name"])))
    if values["phone"]:
        conditions.append(Contact.phones.op("&&")(_text_array("phones", values["phone"])))
    if not conditions:
        return owners

    rows = await session.execute(
        select(
            Contact.id,
            Contact.linkedin_profile_id,
            Contact.linkedin_url,
            Contact.twitter_handle,
            Contact.telegram_username,
            Contact.full_name,
            Contact.company,
            Contact.phones,
        )
        .where(Contact.user_id == user_id, or_(*conditions))
        .order_by(Contact.created_at, Contact.id)
    )
    for contact_id, slug, url, twitter, telegram, full_name, company, phones in rows:
        if slug:
            owners.setdefault(("linkedin", slug), contact_id)
        if url:
            owners.setdefault(("linkedin_url", url.rstrip("/").lower()), contact_id)
        if twitter:
            owners.setdefault(("twitter", twitter), contact_id)
        if telegram:
            owners.setdefault(("telegram", telegram), contact_id)
        if full_name:
            owners.setdefault(("name", full_name.lower(), (company or "").lower()), contact_id)
        for phone in phones or []:
            if phone in values["phone"]:
                owners.setdefault(("phone", phone), contact_id)
    return owners


def drop_foreign_identifiers(draft: ContactDraft, owners: Mapping[Key, uuid.UUID], target: uuid.UUID) -> None:
    """Remove identifiers that another contact of the account already holds, with a warning for each."""
    kept = []
    for email in draft.emails:
        holder = owners.get(("email", email_key(email)))
        if holder is None or holder == target:
            kept.append(email)
        else:
            draft.warnings.append(f"{draft.label}: email {email} belongs to another of your contacts; not added")
    draft.emails = kept
    for attribute, kind in (
        ("linkedin_profile_id", "linkedin"),
        ("twitter_handle", "twitter"),
        ("telegram_username", "telegram"),
    ):
        value = getattr(draft, attribute)
        holder = owners.get((kind, value)) if value else None
        if holder is not None and holder != target:
            draft.warnings.append(f"{draft.label}: {describe_key((kind, value))} belongs to another of your contacts; not added")
            setattr(draft, attribute, None)
    if draft.linkedin_url:
        holder = owners.get(("linkedin_url", draft.linkedin_url.lower()))
        if holder is not None and holder != target:
            draft.linkedin_url = None
