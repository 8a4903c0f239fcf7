"""Turn request fields of a contact into normalised column values, and validate them."""

from __future__ import annotations

from typing import Any

from backend.core.errors import Unprocessable
from backend.core.normalize import (
    clean_emails,
    clean_phones,
    clean_text,
    is_valid_email,
    linkedin_slug,
    normalize_handle,
    normalize_linkedin_url,
    normalize_phone,
    normalize_tags,
    parse_birthday,
)
from backend.models import PRIORITY_LEVELS

# Fields a user edit protects from being overwritten by later syncs.
PROTECTED_FIELDS = frozenset(
    {
        "full_name",
        "given_name",
        "family_name",
        "company",
        "title",
        "location",
        "tags",
        "notes",
        "birthday",
        "linkedin_headline",
        "twitter_handle",
    }
)

_TEXT_FIELDS = frozenset(
    {
        "full_name",
        "given_name",
        "family_name",
        "company",
        "title",
        "twitter_bio",
        "telegram_bio",
        "whatsapp_name",
        "whatsapp_about",
        "whatsapp_avatar_url",
        "location",
        "linkedin_headline",
        "linkedin_bio",
        "facebook_id",
        "facebook_name",
        "instagram_id",
        "avatar_url",
        "notes",
        "source",
    }
)
_HANDLE_FIELDS = frozenset({"twitter_handle", "telegram_username", "instagram_username"})
_ALLOWED_PRIORITIES = ", ".join(sorted(PRIORITY_LEVELS))


def check_priority(value: str | None) -> str:
    """Return the lowercased priority level, or raise 422 naming the field and the allowed values."""
    level = (value or "").strip().lower()
    if level not in PRIORITY_LEVELS:
        raise Unprocessable(f"Invalid priority_level {value!r}: use one of {_ALLOWED_PRIORITIES}")
    return level


def allowed_priorities() -> str:
    """Return the priority levels in alphabetical order, for error messages."""
    return _ALLOWED_PRIORITIES


def profile_id_from(value: str | None) -> str | None:
    """Extract the lowercased LinkedIn profile id from a slug or a profile URL, or return None for other URLs."""
    text = clean_text(value)
    if text is None:
        return None
    if "/" in text:
        return linkedin_slug(text)
    return text.lower()


def _clean_email_list(values: list[str] | None) -> list[str]:
    emails = clean_emails(values)
    invalid = [email for email in emails if not is_valid_email(email)]
    if invalid:
        raise Unprocessable(f"Invalid emails: {', '.join(repr(value) for value in invalid)}; use name@domain addresses")
    return emails


def normalize_fields(fields: dict[str, Any], *, phone_region: str) -> dict[str, Any]:
    """Map request fields to column values: trimmed text, casefolded handles, E.164 phones, split birthday.

    Only the keys present in `fields` appear in the result, so a partial update stays partial.
    An explicit null clears a field. Lists and `priority_level` cannot be NULL, so there a null
    means an empty list or an invalid level.
    """
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            values[name] = clean_text(value)
        elif name in _HANDLE_FIELDS:
            values[name] = normalize_handle(value)
        elif name == "emails":
            values[name] = _clean_email_list(value)
        elif name == "phones":
            values[name] = clean_phones(value, phone_region)[0]
        elif name == "whatsapp_phone":
            phone = normalize_phone(value, phone_region) if value is not None else None
            values[name] = phone.value if phone else None
        elif name == "linkedin_url":
            values[name] = normalize_linkedin_url(value)
        elif name == "linkedin_profile_id":
            values[name] = profile_id_from(value)
        elif name == "tags":
            values[name] = normalize_tags(value)
        elif name == "priority_level":
            values[name] = check_priority(value)
        elif name == "birthday":
            values.update(_birthday_columns(value))
        elif name == "organization_id":
            values[name] = value
    return values


def _birthday_columns(value: str | None) -> dict[str, int | None]:
    try:
        birthday = parse_birthday(value)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from exc
    if birthday is None:
        return {"birthday_month": None, "birthday_day": None, "birthday_year": None}
    return {"birthday_month": birthday.month, "birthday_day": birthday.day, "birthday_year": birthday.year}
