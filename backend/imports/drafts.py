"""A contact read from one row of an import file: validated and normalised, before matching and writing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from backend.core.normalize import (
    Birthday,
    clean_phones,
    clean_text,
    email_key,
    is_valid_email,
    linkedin_slug,
    normalize_handle,
    normalize_linkedin_url,
    normalize_tags,
    parse_birthday,
)

# Column sizes of the contacts table.
MAX_NAME_LENGTH = 512
MAX_NAME_PART_LENGTH = 255
MAX_TEXT_LENGTH = 512
MAX_HANDLE_LENGTH = 64
MAX_SLUG_LENGTH = 255
# The same list limits as the contacts API.
MAX_EMAILS = 50
MAX_PHONES = 50
MAX_TAGS = 100

_ANGLE_EMAIL = re.compile(r"<([^<>]+@[^<>]+)>")
_HANDLE = re.compile(r"^[a-z0-9_.]{1,64}$")
_TWITTER_HOSTS = ("twitter.com", "x.com", "mobile.twitter.com", "www.twitter.com", "www.x.com")
_TELEGRAM_HOSTS = ("t.me", "telegram.me", "www.t.me")
_TEXT_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")

Key = tuple[str, ...]


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason shown to the user."""


@dataclass
class ContactDraft:
    label: str  # "Row 3" or "Card 2": where the data came from, for messages
    source: str
    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    title: str | None = None
    notes: str | None = None
    location: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    twitter_handle: str | None = None
    telegram_username: str | None = None
    linkedin_url: str | None = None
    linkedin_profile_id: str | None = None
    birthday: Birthday | None = None
    linkedin_connected_on: date | None = None
    warnings: list[str] = field(default_factory=list)

    def strong_keys(self) -> list[Key]:
        """Identifiers that name one person: LinkedIn profile and URL, emails, handles."""
        keys: list[Key] = []
        if self.linkedin_profile_id:
            keys.append(("linkedin", self.linkedin_profile_id))
        if self.linkedin_url:
            keys.append(("linkedin_url", self.linkedin_url.lower()))
        keys.extend(("email", email_key(email)) for email in self.emails)
        if self.twitter_handle:
            keys.append(("twitter", self.twitter_handle))
        if self.telegram_username:
            keys.append(("telegram", self.telegram_username))
        return keys

    def weak_keys(self) -> list[Key]:
        """Fallback keys for a row without strong identifiers: full name plus company, or else its phones."""
        if self.full_name:
            return [("name", self.full_name.lower(), (self.company or "").lower())]
        return [("phone", phone) for phone in self.phones]

    def keys(self) -> list[Key]:
        """Return the strong keys, or the weak ones when there are none."""
        return self.strong_keys() or self.weak_keys()


def describe_key(key: Key) -> str:
    """Describe a key in words for messages, for example `email ann@example.com`."""
    kind = key[0]
    if kind == "linkedin":
        return f"LinkedIn profile {key[1]}"
    if kind == "linkedin_url":
        return f"LinkedIn URL {key[1]}"
    if kind == "email":
        return f"email {key[1]}"
    if kind == "twitter":
        return f"Twitter handle @{key[1]}"
    if kind == "telegram":
        return f"Telegram username @{key[1]}"
    if kind == "phone":
        return f"phone {key[1]}"
    return "name and company"


def clean_name(value: str | None) -> str | None:
    """Trim, NFC-normalise and collapse inner whitespace of a name."""
    text = clean_text(value)
    return " ".join(text.split()) if text else None


def parse_birthday_text(value: str | None, *, omit_year: bool = False) -> Birthday | None:
    """Parse the birthday forms exports use; raise RowError naming the accepted forms.

    Accepted: `YYYY-MM-DD`, `YYYYMMDD`, `MM-DD`, `--MM-DD`, `--MMDD`, an ISO date-time, and English
    text dates such as `14 Feb 1985` or `February 14, 1985`. Slash dates are rejected because
    `03/04/1985` means different days in different countries.
    """
    text = clean_text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", text):
        text = text[:10]
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        birthday = parse_birthday(text)
    except ValueError:
        birthday = _parse_text_date(text)
    if birthday is not None and omit_year:
        birthday = Birthday(birthday.month, birthday.day, None)
    return birthday


def _parse_text_date(text: str) -> Birthday:
    for pattern in _TEXT_DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        year = parsed.year if 1800 <= parsed.year <= 2200 else None
        return Birthday(parsed.month, parsed.day, year)
    raise RowError(f"birthday {text!r} is not a date; use YYYY-MM-DD, or MM-DD when the year is unknown")


def parse_connected_on(value: str | None) -> date | None:
    """Parse LinkedIn's `Connected On` (`15 Jan 2024`, older exports `01/15/24`); None when unreadable."""
    text = clean_text(value)
    if text is None:
        return None
    for pattern in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _handle(value: str | None, hosts: tuple[str, ...], what: str) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if "/" in text:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        if parts.netloc.lower() in hosts:
            text = parts.path.strip("/").split("/")[0]
    handle = normalize_handle(text)
    if handle is None:
        return None
    if len(handle) > MAX_HANDLE_LENGTH or not _HANDLE.match(handle):
        raise RowError(f"{what} {value!r} is not a username; use letters, digits and _")
    return handle


def _linkedin(value: str | None) -> tuple[str | None, str | None]:
    """Return (profile URL, profile slug) from a LinkedIn URL or a bare slug."""
    text = clean_text(value)
    if text is None:
        return None, None
    if "/" not in text and "." not in text:
        slug = text.lower()
        return f"https://www.linkedin.com/in/{slug}", slug
    host = urlsplit(text if "://" in text else f"https://{text}").netloc.lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        raise RowError(f"{text!r} is not a LinkedIn profile URL")
    url = normalize_linkedin_url(text if "://" in text else f"https://{text}")
    slug = linkedin_slug(url)
    if slug is not None and len(slug) > MAX_SLUG_LENGTH:
        raise RowError(f"LinkedIn profile {slug[:40]!r}... is longer than {MAX_SLUG_LENGTH} characters")
    return url, slug


def _check_length(name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise RowError(f"{name} is longer than {limit} characters")


def _clean_email(raw: str) -> str | None:
    text = clean_text(raw)
    if text is None:
        return None
    bracketed = _ANGLE_EMAIL.search(text)
    if bracketed:
        text = bracketed.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not is_valid_email(text):
        raise RowError(f"invalid email {text!r}; use name@domain addresses")
    return text


def build_draft(
    label: str,
    *,
    source: str,
    region: str,
    full_name: str | None = None,
    given_name: str | None = None,
    family_name: str | None = None,
    company: str | None = None,
    title: str | None = None,
    notes: str | None = None,
    location: str | None = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    tags: list[str] | None = None,
    twitter: str | None = None,
    telegram: str | None = None,
    linkedin: str | None = None,
    birthday: Birthday | None = None,
    connected_on: date | None = None,
) -> ContactDraft:
    """Validate and normalise one row; raise RowError with the reason when it cannot be imported.

    Invalid phone numbers do not fail the row: they are kept as written, with a warning.
    """
    given = clean_name(given_name)
    family = clean_name(family_name)
    name = clean_name(full_name) or clean_name(" ".join(part for part in (given, family) if part))
    draft = ContactDraft(
        label=label,
        source=source,
        full_name=name,
        given_name=given,
        family_name=family,
        company=clean_text(company),
        title=clean_text(title),
        notes=clean_text(notes),
        location=clean_text(location),
        birthday=birthday,
        linkedin_connected_on=connected_on,
    )
    _check_length("name", draft.full_name, MAX_NAME_LENGTH)
    _check_length("first name", draft.given_name, MAX_NAME_PART_LENGTH)
    _check_length("last name", draft.family_name, MAX_NAME_PART_LENGTH)
    _check_length("company", draft.company, MAX_TEXT_LENGTH)
    _check_length("title", draft.title, MAX_TEXT_LENGTH)
    _check_length("location", draft.location, MAX_TEXT_LENGTH)

    seen: set[str] = set()
    for raw in emails or []:
        email = _clean_email(raw)
        if email is not None and email_key(email) not in seen:
            seen.add(email_key(email))
            draft.emails.append(email)
    if len(draft.emails) > MAX_EMAILS:
        raise RowError(f"more than {MAX_EMAILS} emails")

    draft.phones, invalid = clean_phones(list(phones or []), region)
    for raw in invalid:
        draft.warnings.append(f"{label}: phone {raw!r} is not a valid number for region {region}; kept as written")
    if len(draft.phones) > MAX_PHONES:
        raise RowError(f"more than {MAX_PHONES} phone numbers")

    draft.tags = normalize_tags(list(tags or []))
    if len(draft.tags) > MAX_TAGS:
        raise RowError(f"more than {MAX_TAGS} tags")

    draft.twitter_handle = _handle(twitter, _TWITTER_HOSTS, "Twitter handle")
    draft.telegram_username = _handle(telegram, _TELEGRAM_HOSTS, "Telegram username")
    draft.linkedin_url, draft.linkedin_profile_id = _linkedin(linkedin)

    if not (draft.full_name or draft.emails or draft.phones or draft.strong_keys()):
        raise RowError("no name, email, phone, handle or LinkedIn profile; nothing to import")
    return draft


_IDENTIFIERS = (
    ("linkedin_profile_id", "LinkedIn profile"),
    ("linkedin_url", "LinkedIn URL"),
    ("twitter_handle", "Twitter handle"),
    ("telegram_username", "Telegram username"),
)
_FILLED = (
    "full_name",
    "given_name",
    "family_name",
    "company",
    "title",
    "notes",
    "location",
    "birthday",
    "linkedin_connected_on",
)


def merge_into(target: ContactDraft, other: ContactDraft) -> None:
    """Fold a duplicate row into `target`: empty fields are filled and lists joined; `target` wins conflicts."""
    for name, words in _IDENTIFIERS:
        mine, theirs = getattr(target, name), getattr(other, name)
        if mine is None:
            setattr(target, name, theirs)
        elif theirs is not None and theirs != mine:
            target.warnings.append(f"{other.label}: {words} {theirs} differs from {mine} in {target.label}; kept {mine}")
    for name in _FILLED:
        if getattr(target, name) is None:
            setattr(target, name, getattr(other, name))

    known = {email_key(email) for email in target.emails}
    target.emails.extend(email for email in other.emails if email_key(email) not in known)
    target.phones.extend(phone for phone in other.phones if phone not in target.phones)
    target.tags.extend(tag for tag in other.tags if tag not in target.tags)
    target.warnings.extend(other.warnings)


@dataclass
class ParsedContacts:
    """The drafts read from a file, with the rows that could not become drafts."""

    format: str
    drafts: list[ContactDraft] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0  # data rows with any content
