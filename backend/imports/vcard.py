"""vCard 2.1, 3.0 and 4.0 files (RFC 2426, RFC 6350 and the older versit 2.1 text) read into contact drafts."""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from backend.core.normalize import Birthday
from backend.imports.drafts import ContactDraft, build_draft, parse_birthday_text

_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}
_SOCIAL_TWITTER = re.compile(r"(?:twitter\.com|x\.com)/([A-Za-z0-9_]+)", re.IGNORECASE)


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    value: str

    def types(self) -> set[str]:
        return {value.lower() for value in self.params.get("TYPE", [])}


@dataclass
class Card:
    number: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def looks_like_vcard(text: str) -> bool:
    """True when the first non-blank line is `BEGIN:VCARD`."""
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def _logical_lines(text: str) -> list[str]:
    """Unfold continuation lines (leading space or tab) and quoted-printable soft line breaks (a trailing `=`)."""
    lines: list[str] = []
    pending_soft_break = False
    for raw in text.split("\n"):
        if pending_soft_break and lines:
            lines[-1] = lines[-1][:-1] + raw.lstrip(" \t")
        elif raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
        head = lines[-1].split(":", 1)[0].upper() if lines else ""
        pending_soft_break = "QUOTED-PRINTABLE" in head and lines[-1].endswith("=")
    return [line for line in lines if line.strip()]


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _parse_property(line: str) -> Property | None:
    head_and_value = _split_unquoted(line, ":")
    if len(head_and_value) < 2:
        return None
    head, value = head_and_value[0], ":".join(head_and_value[1:])
    name, *raw_params = _split_unquoted(head, ";")
    name = name.rsplit(".", 1)[-1].upper()  # drop a group prefix such as `item1.`
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, _, param_value = raw.partition("=")
        if not param_value:
            # vCard 2.1 writes bare types: `TEL;CELL` means `TEL;TYPE=CELL`.
            key, param_value = "TYPE", key
        values = [item.strip('"') for item in param_value.split(",")]
        params.setdefault(key.upper(), []).extend(values)
    return Property(name, params, _decode(value, params))


def _decode(value: str, params: dict[str, list[str]]) -> str:
    encoding = {item.upper() for item in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.encode("utf-8"))
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("utf-8", errors="replace")
    return value


def _components(value: str, separator: str = ";") -> list[str]:
    """Split a structured value (N, ORG, ADR) or a list (CATEGORIES) at unescaped separators and unescape each part."""
    parts, current, index = [], [], 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            current.append(_ESCAPES.get(value[index + 1], value[index + 1]))
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match.group(1), match.group(1)), value)


def parse_cards(text: str) -> list[Card]:
    """Split the text into cards; properties outside BEGIN/END are ignored."""
    cards: list[Card] = []
    current: Card | None = None
    for line in _logical_lines(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            current = Card(number=len(cards) + 1)
            continue
        if upper == "END:VCARD":
            if current is not None:
                cards.append(current)
            current = None
            continue
        if current is not None and (prop := _parse_property(line)) is not None:
            current.properties.append(prop)
    return cards


def _telephone(value: str) -> str:
    """Return a TEL value without the `tel:` URI scheme that vCard 4.0 allows."""
    text = _unescape(value).strip()
    return text[4:] if text.lower().startswith("tel:") else text


def _birthday(prop: Property | None) -> Birthday | None:
    if prop is None or not prop.value.strip():
        return None
    omit_year = "X-APPLE-OMIT-YEAR" in prop.params
    return parse_birthday_text(prop.value.strip(), omit_year=omit_year)


def _social(card: Card) -> tuple[str | None, str | None]:
    """Return (LinkedIn URL, Twitter handle) from URL and X-SOCIALPROFILE properties."""
    linkedin = twitter = None
    for prop in [*card.all("URL"), *card.all("X-SOCIALPROFILE")]:
        value = _unescape(prop.value.strip())
        if linkedin is None and "linkedin.com/in/" in value.lower():
            linkedin = value
        elif twitter is None and (match := _SOCIAL_TWITTER.search(value)):
            twitter = match.group(1)
        elif twitter is None and "twitter" in prop.types() and value and "/" not in value:
            twitter = value
    if twitter is None and (prop := card.first("X-TWITTER")) is not None:
        twitter = prop.value.strip() or None
    return linkedin, twitter


def card_to_draft(card: Card, *, region: str) -> ContactDraft:
    """Build a draft from one card; raise RowError with the reason when it cannot be imported."""
    label = f"Card {card.number}"
    names = _components(card.first("N").value) if card.first("N") else []
    family = names[0] if names else None
    given = names[1] if len(names) > 1 else None

    full_name = card.first("FN")
    org = card.first("ORG")
    title = card.first("TITLE")
    note = card.first("NOTE")
    categories = card.first("CATEGORIES")
    address = card.first("ADR")
    location = None
    if address is not None:
        parts = _components(address.value)
        # ADR components: post box, extended, street, locality, region, postal code, country.
        location = ", ".join(part.strip() for part in (parts[3:4] + parts[4:5] + parts[6:7]) if part.strip()) or None
    linkedin, twitter = _social(card)
    birthday = _birthday(card.first("BDAY"))

    return build_draft(
        label,
        source="vcard",
        region=region,
        full_name=_unescape(full_name.value) if full_name else None,
        given_name=given,
        family_name=family,
        company=_components(org.value)[0] if org else None,
        title=_unescape(title.value) if title else None,
        notes=_unescape(note.value) if note else None,
        location=location,
        emails=[_unescape(prop.value) for prop in card.all("EMAIL")],
        phones=[_telephone(prop.value) for prop in card.all("TEL")],
        tags=_components(categories.value, ",") if categories else [],
        twitter=twitter,
        linkedin=linkedin,
        birthday=birthday,
    )
