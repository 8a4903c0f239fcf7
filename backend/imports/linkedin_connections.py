"""LinkedIn's Connections.csv export (current and older headers) read into contact drafts.

Current exports start with a `Notes:` preamble; the header is the first line that starts with
`First Name`: `First Name,Last Name,URL,Email Address,Company,Position,Connected On`. Older
exports have no `URL` column, and people often delete the preamble.
"""

from __future__ import annotations

from backend.core.errors import InvalidInput
from backend.imports.drafts import ParsedContacts, RowError, build_draft, parse_connected_on
from backend.imports.headers import find_connections_header, is_connections_header, is_messages_header
from backend.imports.reader import cell, first_content_line, line_keys, parse_table

EXPECTED = "LinkedIn Connections.csv with a `First Name` column"
SOURCE = "linkedin"


def _reject_wrong_file(text: str) -> None:
    keys = line_keys(text.split("\n")[first_content_line(text)])
    if is_messages_header(keys):
        raise InvalidInput(
            f"This is LinkedIn's messages.csv; import it at /api/v1/contacts/import/linkedin-messages. Expected {EXPECTED}"
        )
    shown = ", ".join(key for key in keys[:8] if key) or "no columns"
    raise InvalidInput(f"Expected {EXPECTED}; the file starts with {shown}")


def parse_connections(text: str, *, region: str) -> ParsedContacts:
    """Read every data row into a draft; a row without a name is skipped and a row with invalid data is an error."""
    header_line = find_connections_header(text)
    if header_line is None:
        _reject_wrong_file(text)
    table = parse_table(text, header_line=header_line, expected=EXPECTED)
    if not is_connections_header(table.keys):
        raise InvalidInput(
            f"Expected {EXPECTED} and a `Last Name` plus a `Connected On` or `Position` column; "
            "for other contact lists use /api/v1/contacts/import/csv"
        )

    first = table.index("First Name")
    last = table.index("Last Name")
    url = table.index("URL", "Profile URL")
    email = table.index("Email Address", "E-mail Address", "Email")
    company = table.index("Company")
    position = table.index("Position")
    connected = table.index("Connected On")

    parsed = ParsedContacts(format="linkedin_connections", rows=len(table.rows))
    for row in table.rows:
        label = f"Row {row.number}"
        given, family = cell(row, first), cell(row, last)
        if not given and not family:
            parsed.skipped.append(f"{label}: no first or last name (LinkedIn hides them for some members); skipped")
            continue
        connected_raw = cell(row, connected)
        connected_on = parse_connected_on(connected_raw)
        try:
            draft = build_draft(
                label,
                source=SOURCE,
                region=region,
                given_name=given,
                family_name=family,
                emails=[cell(row, email)],
                company=cell(row, company),
                title=cell(row, position),
                linkedin=cell(row, url),
                connected_on=connected_on,
            )
        except RowError as error:
            parsed.errors.append(f"{label}: {error}")
            continue
        if connected_raw and connected_on is None:
            draft.warnings.append(f"{label}: Connected On {connected_raw!r} is not a date such as 15 Jan 2024; left empty")
        parsed.drafts.append(draft)
    return parsed
