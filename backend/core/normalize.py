"""Normalisation of identifiers and text, applied once at the edge of every write path."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINKEDIN_SLUG_RE = re.compile(r"/in/([^/?#]+)", re.IGNORECASE)
_BIRTHDAY_RE = re.compile(r"^(?:(\d{4})-)?(\d{2})-(\d{2})$|^--(\d{2})-?(\d{2})$")


def clean_text(value: str | None) -> str | None:
    """Trim and NFC-normalise; an empty result becomes None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).strip()
    return text or None


def email_key(value: str) -> str:
    """Return the matching form of an email: trimmed and lowercased, as SQL lower() does."""
    return unicodedata.normalize("NFC", value).strip().lower()


def is_valid_email(value: str) -> bool:
    return bool(_EMAIL_RE.match(value.strip()))


def clean_emails(values: list[str] | None) -> list[str]:
    """Trim each address, drop empties and duplicates (compared by email_key), keep the first spelling."""
    result: list[str] = []
    seen: set[str] = set()
    for value in values or []:
        text = clean_text(value)
        if text is None:
            continue
        key = email_key(text)
        if key not in seen:
            seen.add(key)
            result.append(text)
    return result


@dataclass(frozen=True)
class PhoneResult:
    value: str
    is_valid: bool


def normalize_phone(value: str, region: str = "US") -> PhoneResult | None:
    """Return the E.164 form of a phone number, or the trimmed raw text marked invalid when it cannot be parsed."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        parsed = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return PhoneResult(text, False)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneResult(text, False)
    return PhoneResult(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True)


def clean_phones(values: list[str] | None, region: str = "US") -> tuple[list[str], list[str]]:
    """Normalise phones to E.164 and de-duplicate; return (phones, raw values that are not valid numbers)."""
    result: list[str] = []
    invalid: list[str] = []
    for value in values or []:
        phone = normalize_phone(value, region)
        if phone is None:
            continue
        if not phone.is_valid:
            invalid.append(phone.value)
        if phone.value not in result:
            result.append(phone.value)
    return result, invalid


def normalize_handle(value: str | None) -> str | None:
    """Return a Twitter or Telegram handle without leading `@` signs, lowercased, or None when empty."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.lstrip("@").strip().lower()
    return text or None


def normalize_tags(values: list[str] | None) -> list[str]:
    """Trim and lowercase each tag, drop empties and duplicates, keep the first occurrence's order."""
    result: list[str] = []
    for value in values or []:
        tag = clean_text(value)
        if tag is None:
            continue
        tag = tag.lower()
        if tag not in result:
            result.append(tag)
    return result


def linkedin_slug(url: str | None) -> str | None:
    """Return the profile id of a LinkedIn URL: the path segment after `/in/`, lowercased."""
    text = clean_text(url)
    if text is None:
        return None
    match = _LINKEDIN_SLUG_RE.search(urlsplit(text).path if "://" in text else text)
    if match is None:
        return None
    slug = match.group(1).strip().lower()
    return slug or None


def normalize_linkedin_url(url: str | None) -> str | None:
    """Return the URL without query, fragment or trailing slash."""
    text = clean_text(url)
    if text is None:
        return None
    parts = urlsplit(text)
    if not parts.scheme:
        return text.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def to_wire(self) -> str:
        """`YYYY-MM-DD` when the year is known, `MM-DD` otherwise."""
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_birthday(value: str | None) -> Birthday | None:
    """Parse `YYYY-MM-DD`, `MM-DD`, `--MM-DD` or `--MMDD`; raise ValueError naming the accepted forms."""
    text = clean_text(value)
    if text is None:
        return None
    match = _BIRTHDAY_RE.match(text)
    if match is None:
        raise ValueError(f"birthday {text!r} is not a date; use YYYY-MM-DD, or MM-DD when the year is unknown")
    year_text, month_text, day_text, short_month, short_day = match.groups()
    month = int(month_text or short_month)
    day = int(day_text or short_day)
    year = int(year_text) if year_text else None
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        raise ValueError(f"birthday {text!r} is not a calendar date")
    if year is not None and month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        raise ValueError(f"birthday {text!r} is not a calendar date: {year} is not a leap year")
    if year is not None and not 1800 <= year <= 2200:
        # Apple Contacts writes year 1604 for "year unknown".
        year = None
    return Birthday(month, day, year)
