"""Contact files for the generic import: plain CSV, Google Contacts CSV, vCard, and LinkedIn Connections.

The format is recognised by content: `BEGIN:VCARD` starts a vCard file, LinkedIn and Google
exports are known by their header names, and anything else is a CSV whose columns are found
by name (for example `name`, `email`, `phone`, `company`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.core.errors import InvalidInput
from backend.imports import linkedin_connections
from backend.imports.drafts import ParsedContacts, RowError, build_draft, parse_birthday_text
from backend.imports.headers import find_connections_header, is_connections_header, is_messages_header
from backend.imports.reader import Row, Table, cell, first_content_line, line_keys, parse_table
from backend.imports.vcard import card_to_draft, looks_like_vcard, parse_cards

EXPECTED = "a contacts CSV with a header row (name, email, phone, ...), a Google Contacts CSV or a vCard (.vcf) file"
SOURCE = "csv"

# Header keys (see reader.header_key) of each field, in priority order.
_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("full name", "name", "display name", "contact name", "contact"),
    "given_name": ("given name", "first name", "firstname", "forename"),
    "middle_name": ("middle name", "additional name"),
    "family_name": ("family name", "last name", "lastname", "surname"),
    "emails": ("emails", "email", "e mail", "email address", "e mail address", "email addresses", "mail"),
    "phones": ("phones", "phone", "phone number", "phone numbers", "mobile", "mobile phone", "cell", "telephone", "tel"),
    "company": ("company", "organization", "organisation", "organization name", "company name", "employer"),
    "title": ("title", "job title", "position", "role", "organization title"),
    "tags": ("tags", "tag", "categories"),
    "labels": ("labels", "group membership"),
    "twitter": ("twitter handle", "twitter", "twitter username", "x handle", "x"),
    "telegram": ("telegram username", "telegram", "telegram handle"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "linkedin profile url", "linkedin profile id"),
    "websites": ("website", "web page", "url", "profile url", "homepage"),
    "notes": ("notes", "note", "comments", "comment"),
    "location": ("location", "city"),
    "birthday": ("birthday", "date of birth", "dob", "birth date", "birthdate"),
}
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Google Contacts numbered pairs such as `E-mail 1 - Value`, and Outlook's `E-mail 2 Address`.
    (re.compile(r"^e ?mail \d+ (value|address)$"), "emails"),
    (re.compile(r"^phone \d+ value$"), "phones"),
    (re.compile(r"^(home|work|business|mobile|other|primary|main)( \d+)? (phone|fax)$"), "phones"),
    (re.compile(r"^website \d+ value$"), "websites"),
    (re.compile(r"^organization \d+ name$"), "company"),
    (re.compile(r"^organization \d+ title$"), "title"),
    (re.compile(r"^address \d+ (city|region|country)$"), "location_parts"),
)
_GOOGLE_HINTS = re.compile(r"^(e ?mail|phone|website|organization|address|relation|event|im|custom field) \d+ (label|type|value)")
_IDENTITY_FIELDS = ("full_name", "given_name", "family_name", "emails", "phones", "twitter", "telegram", "linkedin")
_LIST_SEPARATOR = re.compile(r"\s*(?::::|;|,)\s*")
_GOOGLE_SEPARATOR = re.compile(r"\s*:::\s*")
_GOOGLE_SYSTEM_LABELS = {"mycontacts", "my contacts", "starred", "imported on"}
# "Jan Novak | Safe Foundation", "Mickey @ Arcadia", "Alice / ACME Corp", "Bob - Foo": the shortest
# name part wins. `@`, `/` and `-` need spaces around them, so emails, URLs and double names stay whole.
_NAME_AND_COMPANY = re.compile(r"^(.+?)(?:\s*[|—–]\s*|\s+[@/-]\s+)(.+)$")


@dataclass
class _Columns:
    fields: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, index: int) -> None:
        self.fields.setdefault(name, []).append(index)

    def first(self, row: Row, name: str) -> str:
        """Return the first non-empty cell among the columns of a field."""
        for index in self.fields.get(name, []):
            if value := cell(row, index):
                return value
        return ""

    def values(self, row: Row, name: str, separator: re.Pattern[str]) -> list[str]:
        """Return every item of every column of a list field, split at the separator."""
        items: list[str] = []
        for index in self.fields.get(name, []):
            items.extend(item for item in separator.split(cell(row, index)) if item.strip())
        return items


def _classify(key: str) -> str | None:
    for name, aliases in _ALIASES.items():
        if key in aliases:
            return name
    for pattern, name in _PATTERNS:
        if pattern.match(key):
            return name
    return None


def _map_columns(table: Table) -> _Columns:
    columns = _Columns()
    for index, key in enumerate(table.keys):
        if (name := _classify(key)) is not None:
            columns.add(name, index)
    return columns


def split_name_and_company(raw: str) -> tuple[str, str | None]:
    """Split `Name | Company`-style cells; an email-looking value is left whole."""
    text = raw.strip()
    if re.fullmatch(r"[^@\s]+@[^@\s]+", text):
        return text, None
    match = _NAME_AND_COMPANY.match(text)
    if match is None:
        return text, None
    name, company = match.group(1).strip(), match.group(2).strip()
    if not name or not company:
        return text, None
    return name, company


def _google_labels(columns: _Columns, row: Row) -> list[str]:
    labels = []
    for value in columns.values(row, "labels", _GOOGLE_SEPARATOR):
        label = value.lstrip("*").strip()
        if label and label.lower() not in _GOOGLE_SYSTEM_LABELS and not label.lower().startswith("imported on"):
            labels.append(label)
    return labels


def _row_draft(columns: _Columns, row: Row, *, google: bool, region: str):
    label = f"Row {row.number}"
    separator = _GOOGLE_SEPARATOR if google else _LIST_SEPARATOR
    full_name = columns.first(row, "full_name")
    company = columns.first(row, "company")
    if full_name and not google:
        full_name, split_company = split_name_and_company(full_name)
        company = company or split_company or ""
    given = columns.first(row, "given_name")
    middle = columns.first(row, "middle_name")
    family = columns.first(row, "family_name")
    if not full_name and middle:
        full_name = " ".join(part for part in (given, middle, family) if part)

    websites = columns.values(row, "websites", separator)
    linkedin = columns.first(row, "linkedin") or next((site for site in websites if "linkedin.com/in/" in site.lower()), "")
    location = columns.first(row, "location") or ", ".join(
        dict.fromkeys(item for item in columns.values(row, "location_parts", separator))
    )
    return build_draft(
        label,
        source=SOURCE,
        region=region,
        full_name=full_name,
        given_name=given,
        family_name=family,
        company=company,
        title=columns.first(row, "title"),
        notes=columns.first(row, "notes"),
        location=location,
        emails=columns.values(row, "emails", separator),
        phones=columns.values(row, "phones", separator),
        tags=columns.values(row, "tags", separator) + _google_labels(columns, row),
        twitter=columns.first(row, "twitter"),
        telegram=columns.first(row, "telegram"),
        linkedin=linkedin,
        birthday=parse_birthday_text(columns.first(row, "birthday")),
    )


def _parse_csv(text: str, *, region: str) -> ParsedContacts:
    table = parse_table(text, header_line=first_content_line(text), expected=EXPECTED)
    columns = _map_columns(table)
    if not any(name in columns.fields for name in _IDENTITY_FIELDS):
        found = ", ".join(name for name in table.header[:12] if name) or "none"
        raise InvalidInput(
            "No known column in the header row. Expected at least one of: full_name (or name), first_name, "
            f"last_name, email, phone, twitter_handle, telegram_username, linkedin_url. Found: {found}"
        )
    google = any(_GOOGLE_HINTS.match(key) for key in table.keys) or "labels" in columns.fields
    parsed = ParsedContacts(format="google_csv" if google else "csv", rows=len(table.rows))
    for row in table.rows:
        try:
            parsed.drafts.append(_row_draft(columns, row, google=google, region=region))
        except RowError as error:
            parsed.errors.append(f"Row {row.number}: {error}")
    return parsed


def _parse_vcards(text: str, *, region: str) -> ParsedContacts:
    cards = parse_cards(text)
    parsed = ParsedContacts(format="vcard", rows=len(cards))
    for card in cards:
        try:
            parsed.drafts.append(card_to_draft(card, region=region))
        except RowError as error:
            parsed.errors.append(f"Card {card.number}: {error}")
    return parsed


def parse_contacts_file(text: str, *, region: str, extension: str) -> ParsedContacts:
    """Recognise the format and read every row or card into a draft; raise InvalidInput for a file of another kind."""
    if looks_like_vcard(text):
        return _parse_vcards(text, region=region)
    if extension == ".vcf":
        raise InvalidInput("The .vcf file does not start with BEGIN:VCARD; expected a vCard export")

    header_line = find_connections_header(text)
    if header_line is not None and is_connections_header(line_keys(text.split("\n")[header_line])):
        return linkedin_connections.parse_connections(text, region=region)
    if is_messages_header(line_keys(text.split("\n")[first_content_line(text)])):
        raise InvalidInput(
            "This is LinkedIn's messages.csv; import it at /api/v1/contacts/import/linkedin-messages. "
            f"Expected {EXPECTED}"
        )
    return _parse_csv(text, region=region)
