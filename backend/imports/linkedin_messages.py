"""LinkedIn's messages.csv export: each message matched to a contact and stored as an interaction.

Header (2024 exports; 2025 exports append ATTACHMENTS, IS MESSAGE DRAFT and IS CONVERSATION
ARCHIVED): `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE
URLS,DATE,SUBJECT,CONTENT,FOLDER`. The export is written from the account owner's side, so every
message has the owner as sender or recipient.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import InvalidInput
from backend.core.normalize import linkedin_slug
from backend.imports.headers import MESSAGES_COLUMNS, find_connections_header, is_connections_header
from backend.imports.reader import cell, first_content_line, line_keys, parse_table
from backend.imports.writer import insert_interactions
from backend.suggestions.service import dismiss_outdated
from backend.models import Contact, User

EXPECTED = "LinkedIn messages.csv with CONVERSATION ID, FROM, TO, DATE and CONTENT columns"
PLATFORM = "linkedin"
PREVIEW_LENGTH = 500
MAX_REFERENCE_LENGTH = 512
MAX_LISTED_UNMATCHED = 20

# Credentials and generational suffixes people append to their LinkedIn names.
_SUFFIXES = frozenset(
    "mba phd md cpa cfa pmp jr sr ii iii iv esq pe rn bsc msc ma ms ba bs jd llm dds cissp".split()
)
_PREFIXES = frozenset("dr prof mr mrs ms mx".split())
# `2024-01-16 09:12:44 UTC`, or the same without the zone name.
_LINKEDIN_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*(?:UTC|GMT|Z))?$")
_URL_SEPARATOR = re.compile(r"[\s,;]+")


def normalize_person_name(name: str) -> str:
    """Return a name for loose matching: lowercased, without accents, emoji, punctuation and credentials such as MBA."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in ("So", "Sk", "Mn", "Cf"))
    tokens = re.sub(r"[^\w\s]", " ", kept).lower().split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    while len(tokens) > 1 and tokens[0] in _PREFIXES:
        tokens.pop(0)
    return " ".join(tokens)


def parse_message_date(value: str) -> datetime | None:
    """Parse `YYYY-MM-DD HH:MM:SS UTC`, the same without a zone (UTC), or ISO 8601; return an aware UTC time."""
    text = value.strip()
    match = _LINKEDIN_DATE.match(text)
    if match:
        return datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}").replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def reference_id(conversation_id: str, occurred_at: datetime) -> str:
    """Return the idempotency key of a message: `linkedin:<conversation id>:<UTC ISO time>`."""
    return f"linkedin:{conversation_id}:{occurred_at.astimezone(UTC).isoformat().replace('+00:00', 'Z')}"


@dataclass
class Message:
    label: str
    sender: str
    sender_slug: str | None
    recipients: str
    recipient_slugs: list[str]
    occurred_at: datetime
    content: str
    reference: str


@dataclass
class ParsedMessages:
    messages: list[Message] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0


def _reject_header(text: str, keys: list[str]) -> None:
    connections_line = find_connections_header(text)
    if connections_line is not None and is_connections_header(line_keys(text.split("\n")[connections_line])):
        raise InvalidInput(f"This is LinkedIn's Connections.csv; import it at /api/v1/contacts/import/linkedin. Expected {EXPECTED}")
    missing = ", ".join(name.upper() for name in MESSAGES_COLUMNS if name not in keys)
    raise InvalidInput(f"Expected {EXPECTED}; missing {missing}")


def parse_messages(text: str) -> ParsedMessages:
    """Read the rows; empty messages and drafts are skipped, rows with an invalid date or id are errors."""
    table = parse_table(text, header_line=first_content_line(text), expected=EXPECTED)
    if not all(name in table.keys for name in MESSAGES_COLUMNS):
        _reject_header(text, table.keys)

    conversation = table.index("CONVERSATION ID")
    sender = table.index("FROM")
    sender_url = table.index("SENDER PROFILE URL")
    recipients = table.index("TO")
    recipient_urls = table.index("RECIPIENT PROFILE URLS", "RECIPIENT PROFILE URL")
    date = table.index("DATE")
    content = table.index("CONTENT")
    draft = table.index("IS MESSAGE DRAFT")

    parsed = ParsedMessages(rows=len(table.rows))
    seen: dict[str, str] = {}
    for row in table.rows:
        label = f"Row {row.number}"
        body = row.cells[content].strip() if content is not None and content < len(row.cells) else ""
        if cell(row, draft).lower() in ("yes", "true"):
            parsed.skipped.append(f"{label}: draft message; skipped")
            continue
        if not body:
            parsed.skipped.append(f"{label}: empty CONTENT; skipped")
            continue
        occurred_at = parse_message_date(cell(row, date))
        if occurred_at is None:
            parsed.errors.append(f"{label}: DATE {cell(row, date)!r} is not a date; expected YYYY-MM-DD HH:MM:SS UTC or ISO 8601")
            continue
        conversation_id = cell(row, conversation)
        if not conversation_id:
            parsed.errors.append(f"{label}: CONVERSATION ID is empty")
            continue
        reference = reference_id(conversation_id, occurred_at)
        if len(reference) > MAX_REFERENCE_LENGTH:
            parsed.errors.append(f"{label}: CONVERSATION ID is longer than {MAX_REFERENCE_LENGTH - 40} characters")
            continue
        if reference in seen:
            parsed.skipped.append(f"{label}: same message as {seen[reference]}; skipped")
            continue
        seen[reference] = label
        parsed.messages.append(
            Message(
                label=label,
                sender=cell(row, sender),
                sender_slug=linkedin_slug(cell(row, sender_url)),
                recipients=cell(row, recipients),
                recipient_slugs=[slug for url in _URL_SEPARATOR.split(cell(row, recipient_urls)) if (slug := linkedin_slug(url))],
                occurred_at=occurred_at,
                content=body,
                reference=reference,
            )
        )
    return parsed


class ContactIndex:
    """The user's contacts by LinkedIn profile id, lowercased full name and normalised name.

    On a shared name, the contact with a LinkedIn profile wins, then the oldest.
    """

    def __init__(self, rows: list[tuple[uuid.UUID, str | None, str | None]]):
        self.by_slug: dict[str, uuid.UUID] = {}
        self.by_name: dict[str, uuid.UUID] = {}
        self.by_normalized: dict[str, uuid.UUID] = {}
        for contact_id, full_name, slug in rows:
            if slug:
                self.by_slug.setdefault(slug, contact_id)
            if full_name:
                self.by_name.setdefault(full_name.strip().lower(), contact_id)
                if normalized := normalize_person_name(full_name):
                    self.by_normalized.setdefault(normalized, contact_id)

    def match(self, name: str, slugs: list[str]) -> uuid.UUID | None:
        """Return the contact of a profile slug or, failing that, of a name."""
        for slug in slugs:
            if slug in self.by_slug:
                return self.by_slug[slug]
        if not name:
            return None
        return self.by_name.get(name.strip().lower()) or self.by_normalized.get(normalize_person_name(name))


async def load_contact_index(session: AsyncSession, user_id: uuid.UUID) -> ContactIndex:
    """Load id, name and LinkedIn profile id of every contact of the user, in one query."""
    rows = await session.execute(
        select(Contact.id, Contact.full_name, Contact.linkedin_profile_id)
        .where(Contact.user_id == user_id)
        .order_by(Contact.linkedin_profile_id.is_(None), Contact.created_at, Contact.id)
    )
    return ContactIndex([tuple(row) for row in rows])


class Owner:
    """The account owner's names, to tell outbound messages from inbound ones."""

    def __init__(self, names: list[str]):
        self.keys = {key for name in names if name for key in (name.strip().lower(), normalize_person_name(name)) if key}

    def matches(self, name: str) -> bool:
        return bool(name) and (name.strip().lower() in self.keys or normalize_person_name(name) in self.keys)

    def among(self, names: str) -> bool:
        """True when the owner is the whole TO value or one of its comma-separated names."""
        return self.matches(names) or any(self.matches(part) for part in names.split(","))


def _infer_owner(messages: list[Message]) -> str | None:
    """Return the one name that takes part in every message, which is the owner as LinkedIn spells it."""
    counts: Counter[str] = Counter()
    for message in messages:
        counts.update({message.sender.strip(), *(part.strip() for part in message.recipients.split(","))} - {""})
    everywhere = [name for name, count in counts.items() if count == len(messages)]
    return everywhere[0] if len(everywhere) == 1 else None


@dataclass
class MessagesOutcome:
    new_interactions: int = 0
    already_imported: int = 0
    unmatched_messages: int = 0
    unmatched_names: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _other_party(message: Message, owner: Owner) -> tuple[str, str, list[str]] | None:
    """Return (direction, other party's name, their profile slugs), or None when the owner is not in the message."""
    if owner.matches(message.sender):
        if owner.matches(message.recipients):
            return None
        return "outbound", message.recipients, message.recipient_slugs
    if owner.among(message.recipients):
        return "inbound", message.sender, [message.sender_slug] if message.sender_slug else []
    return None


def _match_outbound(index: ContactIndex, recipients: str, slugs: list[str]) -> uuid.UUID | None:
    """Match a whole TO value, else one of its comma-separated names (group conversations)."""
    found = index.match(recipients, slugs)
    if found is not None:
        return found
    for part in recipients.split(","):
        if (found := index.match(part, [])) is not None:
            return found
    return None


async def import_messages(session: AsyncSession, user: User, parsed: ParsedMessages) -> MessagesOutcome:
    """Match the parsed messages to the user's contacts and insert the new ones as interactions."""
    outcome = MessagesOutcome(skipped=list(parsed.skipped), errors=list(parsed.errors))
    owner = Owner([user.full_name or "", user.email])
    if parsed.messages and not any(owner.matches(m.sender) or owner.among(m.recipients) for m in parsed.messages):
        inferred = _infer_owner(parsed.messages)
        if inferred is None:
            outcome.errors.append(
                f"None of the {len(parsed.messages)} messages has you ({user.full_name or user.email}) as sender or recipient; "
                "set your name in your profile to the name on your LinkedIn account and import again"
            )
            return outcome
        outcome.warnings.append(
            f"Your name in the file is {inferred!r}, not {user.full_name or user.email!r}; messages were matched with {inferred!r}"
        )
        owner = Owner([inferred])

    index = await load_contact_index(session, user.id)
    unmatched: set[str] = set()
    rows: list[dict] = []
    labels: dict[uuid.UUID, str] = {}
    for message in parsed.messages:
        party = _other_party(message, owner)
        if party is None:
            outcome.skipped.append(f"{message.label}: neither FROM nor TO is you, or both are; skipped")
            continue
        direction, name, slugs = party
        if direction == "outbound":
            contact_id = _match_outbound(index, name, slugs)
        else:
            contact_id = index.match(name, slugs)
        if contact_id is None:
            unmatched.add(name or "(no name)")
            outcome.unmatched_messages += 1
            continue
        rows.append(
            {
                "id": uuid.uuid4(),
                "user_id": user.id,
                "contact_id": contact_id,
                "platform": PLATFORM,
                "direction": direction,
                "content_preview": message.content[:PREVIEW_LENGTH],
                "raw_reference_id": message.reference,
                "occurred_at": message.occurred_at,
            }
        )
        labels[rows[-1]["id"]] = message.label

    inserted, failed = await insert_interactions(session, rows)
    outcome.new_interactions = len(inserted)
    touched = sorted({row["contact_id"] for row in rows if row["id"] in inserted})
    await dismiss_outdated(session, user_id=user.id, contact_ids=touched)
    outcome.already_imported = len(rows) - len(inserted) - len(failed)
    for row_id, reason in failed.items():
        outcome.errors.append(f"{labels.get(row_id, 'A message')}: could not be saved: {reason}")
    outcome.unmatched_names = sorted(unmatched)
    return outcome
